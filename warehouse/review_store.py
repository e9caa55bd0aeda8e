"""QA work done in the dashboard, in its sqlite store: disputes and their decisions, coaching, calibration sessions,
and the teams each supervisor leads (their scope). Overrides and users stay in app_store.py, which also creates and
upgrades this module's tables (review_store.sql) with the rest of the store, once.

Rules live here, not in the callbacks: a dispute needs a reason, a criterion has at most one open dispute, only an
open dispute can be decided, an agent acknowledges only their own coaching.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Sequence

import duckdb

from warehouse import app_store
from warehouse import qa as qa_store
from warehouse.sql import statement

DECISIONS = ("accepted", "partly_accepted", "rejected")
Path = str | os.PathLike[str]


class ReviewError(ValueError):
    """A dispute, decision or coaching action the rules refuse (shown to the user, in their language, by key)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key  # an i18n key: dispute_reason_required, dispute_already_open, dispute_not_open, ...


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> list[dict]:
    return [dict(row) for row in conn.execute(sql, params).fetchall()]


# --- supervisors --------------------------------------------------------------------------------------------------

def set_supervisor_teams(path: Path, username: str, teams: Sequence[str]) -> None:
    with app_store.open_store(path) as conn:
        conn.execute("delete from supervisor_teams where username = ?", (username,))
        conn.executemany("insert into supervisor_teams values (?, ?)", [(username, team) for team in sorted(set(teams))])


def supervisor_teams(path: Path, username: str) -> tuple[str, ...]:
    """The teams a supervisor leads (their whole scope; empty = sees no agent)."""
    with app_store.open_store(path) as conn:
        rows = conn.execute("select team from supervisor_teams where username = ? order by team", (username,))
        return tuple(row[0] for row in rows)


def reviewers(path: Path, roles: Sequence[str] = ("qa",)) -> list[str]:
    """Users of these roles (by default those who review the queue: role qa), by name."""
    with app_store.open_store(path) as conn:
        return [row[0] for row in conn.execute(
            f"select username from users where role in ({', '.join('?' * len(roles))}) order by username", tuple(roles))]


# --- disputes ------------------------------------------------------------------------------------------------------

def open_dispute(path: Path, interaction_id: str, rubric_id: str, criterion_id: str, reason: str,
                 agent_username: str) -> int:
    """An agent disputes one criterion: a reason is required and a criterion has at most one open dispute."""
    if not reason.strip():
        raise ReviewError("dispute_reason_required")
    with app_store.open_store(path) as conn:
        if conn.execute("select 1 from qa_disputes where interaction_id = ? and rubric_id = ? and criterion_id = ?"
                        " and decision is null", (interaction_id, rubric_id, criterion_id)).fetchone():
            raise ReviewError("dispute_already_open")
        return app_store.inserted_id(conn.execute(
            "insert into qa_disputes (interaction_id, rubric_id, criterion_id, reason, agent_username)"
            " values (?, ?, ?, ?, ?)", (interaction_id, rubric_id, criterion_id, reason.strip(), agent_username),
        ))


def decide_dispute(path: Path, dispute_id: int, decision: str, decided_by: str, comment: str,
                   granted_answer: str | None) -> None:
    """QA or a supervisor decides an open dispute with a comment; accepting grants an answer (the new verdict)."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    if not comment.strip():
        raise ReviewError("decision_comment_required")
    if decision != "rejected" and granted_answer is None:
        raise ReviewError("decision_answer_required")
    with app_store.open_store(path) as conn:
        changed = conn.execute(
            "update qa_disputes set decision = ?, decided_by = ?, decision_comment = ?, granted_answer = ?,"
            " status = ?, decided_at = strftime('%Y-%m-%d %H:%M:%f', 'now') where dispute_id = ? and decision is null",
            (decision, decided_by, comment.strip(), None if decision == "rejected" else granted_answer, decision,
             dispute_id),
        ).rowcount
    if not changed:
        raise ReviewError("dispute_not_open")


def disputes(path: Path, interaction_ids: Sequence[str] | None = None, agent_username: str | None = None,
             open_only: bool = False) -> list[dict]:
    """Disputes, newest first: of some interactions, of one agent, or all; `open_only` leaves decided ones out."""
    with app_store.open_store(path) as conn:
        rows = _rows(conn, "select * from qa_disputes where (? is null or agent_username = ?)"
                           " and (? = 0 or decision is null) order by created_at desc",
                     (agent_username, agent_username, int(open_only)))
    wanted = set(interaction_ids) if interaction_ids is not None else None
    return [row for row in rows if wanted is None or row["interaction_id"] in wanted]


# --- what the dashboard shows before the pipeline has imported it ------------------------------------------------

def pending_human_answers(path: Path) -> list[dict]:
    """Criterion answers given in the UI and not yet in the warehouse: live overrides and granted disputes
    (interaction_id, rubric_id, criterion_id, answer, created_at, source, by). The dashboard applies them at once."""
    with app_store.open_store(path) as conn:
        return _rows(conn, statement("review_store/pending_human_answers"))


def import_decisions(conn: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Copy dispute decisions made in the UI into qa.dispute_events, after their opening event (same dispute id)."""
    with app_store.open_store(path) as store:
        rows = _rows(store, "select * from qa_disputes where decision is not null and decision_imported_at is null"
                            " and imported_at is not null")
        for row in rows:
            qa_store.add_dispute_event(conn, dispute_id=f"ui-{row['dispute_id']}", interaction_id=row["interaction_id"],
                                       rubric_id=row["rubric_id"], criterion_id=row["criterion_id"],
                                       action=row["decision"], actor=row["decided_by"],
                                       comment=row["decision_comment"], answer=row["granted_answer"])
            store.execute("update qa_disputes set decision_imported_at = datetime('now') where dispute_id = ?",
                          (row["dispute_id"],))
    return len(rows)


# --- coaching ------------------------------------------------------------------------------------------------------

def assign_coaching(path: Path, agent_id: str, criteria: Sequence[str], interaction_ids: Sequence[str],
                    due_date: str | None, note: str, assigned_by: str, assigned_at: str | None = None) -> int:
    """A coaching item for one agent: the criteria to work on ("rubric:criterion") and example interactions.
    `assigned_at` (UTC, "YYYY-MM-DD HH:MM:SS") is for the demo, which plants coaching inside its past month."""
    if not criteria:
        raise ReviewError("coaching_criteria_required")
    with app_store.open_store(path) as conn:
        return app_store.inserted_id(conn.execute(
            "insert into coaching_items (agent_id, criteria, interaction_ids, due_date, note, assigned_by, created_at)"
            " values (?, ?, ?, ?, ?, ?, coalesce(?, strftime('%Y-%m-%d %H:%M:%f', 'now')))",
            (agent_id, json.dumps(list(criteria)), json.dumps(list(interaction_ids)), due_date, note, assigned_by,
             assigned_at),
        ))


def acknowledge_coaching(path: Path, coaching_id: int, agent_id: str) -> None:
    """The agent confirms they have read their coaching item (only their own, once)."""
    with app_store.open_store(path) as conn:
        changed = conn.execute(
            "update coaching_items set acknowledged_at = strftime('%Y-%m-%d %H:%M:%f', 'now')"
            " where coaching_id = ? and agent_id = ? and acknowledged_at is null", (coaching_id, agent_id)).rowcount
    if not changed:
        raise ReviewError("coaching_not_yours")


def coaching_items(path: Path, agent_ids: Sequence[str] | None = None) -> list[dict]:
    """Coaching items (criteria and examples decoded), newest first; `agent_ids` limits them to those agents."""
    with app_store.open_store(path) as conn:
        rows = _rows(conn, "select * from coaching_items order by created_at desc")
    wanted = set(agent_ids) if agent_ids is not None else None
    return [{**row, "criteria": json.loads(row["criteria"]), "interaction_ids": json.loads(row["interaction_ids"])}
            for row in rows if wanted is None or row["agent_id"] in wanted]


# --- criteria that need tuning -------------------------------------------------------------------------------------

TUNING_ACTIONS = ("marked", "cleared")


def set_tuning(path: Path, rubric_id: str, criterion_id: str, action: str, actor: str, reason: str = "") -> None:
    """A QA lead marks a criterion "needs tuning" (its machine answers become provisional from the next run) or
    clears the mark. Marking one already marked (or clearing one not marked) is refused."""
    if action not in TUNING_ACTIONS:
        raise ValueError(f"action must be one of {', '.join(TUNING_ACTIONS)}")
    marked = (rubric_id, criterion_id) in tuning_marks(path)
    if marked == (action == "marked"):
        raise ReviewError("tuning_already_marked" if marked else "tuning_not_marked")
    with app_store.open_store(path) as conn:
        conn.execute("insert into criterion_tuning (rubric_id, criterion_id, action, actor, reason) values (?, ?, ?, ?, ?)",
                     (rubric_id, criterion_id, action, actor, reason.strip()))


def tuning_marks(path: Path) -> dict[tuple[str, str], dict]:
    """The criteria marked now (latest event a mark), with who marked them, when and why; imported or not."""
    with app_store.open_store(path) as conn:
        rows = _rows(conn, statement("review_store/latest_tuning"))
    return {(row["rubric_id"], row["criterion_id"]): row for row in rows if row["action"] == "marked"}


def import_tuning(conn: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Copy marks and clearances made in the UI into qa.criterion_tuning (once each)."""
    with app_store.open_store(path) as store:
        rows = _rows(store, "select * from criterion_tuning where imported_at is null order by tuning_id")
        for row in rows:
            conn.execute("insert or ignore into qa.criterion_tuning values (?, ?, ?, ?, ?, ?, ?)",
                         (f"ui-{row['tuning_id']}", row["rubric_id"], row["criterion_id"], row["action"],
                          row["actor"], row["reason"], row["created_at"]))
            store.execute("update criterion_tuning set imported_at = datetime('now') where tuning_id = ?",
                          (row["tuning_id"],))
    return len(rows)


# --- calibration ---------------------------------------------------------------------------------------------------

CALIBRATION_MIN_RATERS = 2  # agreement needs at least two reviewers on at least two interactions
CALIBRATION_MIN_INTERACTIONS = 2


def create_calibration(path: Path, name: str, interaction_ids: Sequence[str], created_by: str,
                       reviewers: Sequence[str] | None = None, rubric_id: str | None = None) -> str:
    """A session every named reviewer scores blind, on one rubric's criteria (``reviewers`` None: anyone who
    reviews). A name is required; reviewers named: at least two, on at least two interactions."""
    if not name.strip():
        raise ReviewError("calibration_name_required")
    if reviewers is not None and (len(set(reviewers)) < CALIBRATION_MIN_RATERS
                      or len(set(interaction_ids)) < CALIBRATION_MIN_INTERACTIONS):
        raise ReviewError("calibration_too_few")
    session_id = f"cal-{uuid.uuid4().hex[:8]}"
    with app_store.open_store(path) as conn:
        conn.execute("insert into calibration_sessions (session_id, name, interaction_ids, created_by, reviewers,"
                     " rubric_id) values (?, ?, ?, ?, ?, ?)",
                     (session_id, name.strip(), json.dumps(list(dict.fromkeys(interaction_ids))), created_by,
                      json.dumps(sorted(set(reviewers or ()))), rubric_id))
    return session_id


def may_calibrate(path: Path, session_id: str, username: str, rubric_id: str) -> bool:
    """Whether this reviewer scores this rubric in this session (its named reviewers, its rubric, when it has them)."""
    with app_store.open_store(path) as conn:
        row = conn.execute("select reviewers, rubric_id from calibration_sessions where session_id = ?",
                           (session_id,)).fetchone()
    if row is None:
        return False
    named = json.loads(row["reviewers"] or "[]")
    return (not named or username in named) and row["rubric_id"] in (None, rubric_id)


def calibration_sessions(path: Path) -> list[dict]:
    with app_store.open_store(path) as conn:
        rows = _rows(conn, "select * from calibration_sessions order by created_at desc")
    return [{**row, "interaction_ids": json.loads(row["interaction_ids"]), "reviewers": json.loads(row["reviewers"] or "[]")}
            for row in rows]


def calibration_answers(path: Path, session_id: str) -> list[dict]:
    """Every reviewer's latest answer per criterion in one session (interaction_id, rubric_id, criterion_id,
    answer, reviewer)."""
    with app_store.open_store(path) as conn:
        return _rows(conn, statement("review_store/calibration_answers"), (session_id,))
