"""The dashboard's own store (sqlite3): users, sessions, QA overrides and disputes submitted in the UI.

Kept out of the DuckDB warehouse on purpose: the pipeline may hold the warehouse's only write lock at any time,
and the app must never wait for it or block it. sqlite handles the app's few small concurrent writes.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from warehouse import qa as qa_store
from warehouse.settings import load_settings

ROLES = ("manager", "qa", "supervisor", "agent", "product")  # a supervisor's teams: review_store.py


@dataclass(frozen=True)
class User:
    username: str
    role: str
    agent_id: str | None
    password_hash: str = ""


def app_store_path(warehouse_file: str | os.PathLike[str] | None = None) -> Path:
    """``app.sqlite`` next to the warehouse (``KOE_APP_DB`` overrides)."""
    return load_settings(warehouse=warehouse_file).resolved_app_db


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id an ``insert`` just gave its row (sqlite's ``lastrowid`` is None only when nothing was inserted)."""
    if cursor.lastrowid is None:
        raise LookupError("the insert added no row")
    return cursor.lastrowid


SCHEMA_VERSION = 1  # the store's `pragma user_version` once _upgrade_schema has run; raise it with each new step
_SCHEMA_FILES = ("app_store.sql", "review_store.sql")  # tables of this store, created if missing
_ADDED_COLUMNS = {  # columns added to those tables since (sqlite has no "add column if not exists")
    "qa_overrides": {"calibration_id": "text"},
    "calibration_sessions": {"reviewers": "text not null default '[]'", "rubric_id": "text"},
    "qa_disputes": {"decision": "text", "decided_by": "text", "decision_comment": "text", "granted_answer": "text",
                    "decided_at": "text", "decision_imported_at": "text"},
}


@contextmanager
def open_store(path: str | os.PathLike[str]) -> Iterator[sqlite3.Connection]:
    """A short-lived connection to a store whose schema is current; commits on success."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    _ensure_schema(path)
    conn = sqlite3.connect(path, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("pragma foreign_keys = on")
        yield conn
        conn.commit()
    finally:
        conn.close()


def _ensure_schema(path: str | os.PathLike[str]) -> None:
    """Create or upgrade the store's schema, once. The upgrader holds sqlite's write lock (``begin immediate``) from
    before it looks at the schema until it has stamped the version, so concurrent first requests (Dash runs
    callbacks at the same time, in threads or processes) wait for it and then find the work done, instead of both
    seeing a column missing and both adding it."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)  # transactions below are explicit
    try:
        if _schema_version(conn) >= SCHEMA_VERSION:
            return
        conn.execute("pragma foreign_keys = off")  # table changes move rows: deleting old ones must not cascade
        conn.execute("begin immediate")
        try:
            if _schema_version(conn) < SCHEMA_VERSION:  # another upgrader may have finished while this one waited
                _upgrade_schema(conn)
                conn.execute(f"pragma user_version = {SCHEMA_VERSION}")
            conn.execute("commit")
        except BaseException:
            conn.execute("rollback")
            raise
    finally:
        conn.close()


def _schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("pragma user_version").fetchone()[0])


def _upgrade_schema(conn: sqlite3.Connection) -> None:
    """Every step from an empty file, or a store of any earlier version, to the current schema; each step skips
    itself when already done, so the steps run in one transaction in this order whatever the store's age."""
    for name in _SCHEMA_FILES:
        for statement in _statements((resources.files("warehouse") / name).read_text(encoding="utf-8")):
            conn.execute(statement)
    _allow_supervisor_role(conn)
    _allow_partial_answers(conn)
    for table, columns in _ADDED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"pragma table_info({table})")}  # table: a constant
        for name, kind in columns.items():
            if name not in have:
                conn.execute(f"alter table {table} add column {name} {kind}")


def _statements(script: str) -> Iterator[str]:
    """A .sql file's statements, one at a time (``executescript`` would commit the upgrade's open transaction)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""


def _allow_supervisor_role(conn: sqlite3.Connection) -> None:
    """A store made before the supervisor role existed: widen the users table's role check. sqlite cannot alter a
    check, so the rows move to a table of the new definition (sqlite's documented 12-step table change)."""
    definition = conn.execute("select sql from sqlite_master where name = 'users'").fetchone()[0]
    if "'supervisor'" in definition:
        return
    conn.execute(definition.replace("'qa', 'agent'", "'qa', 'supervisor', 'agent'").replace(
        "users", "users_with_supervisor", 1))
    conn.execute("insert into users_with_supervisor select * from users")
    conn.execute("drop table users")  # sessions keep pointing at "users" by name (foreign keys are off)
    conn.execute("alter table users_with_supervisor rename to users")


def _allow_partial_answers(conn: sqlite3.Connection) -> None:
    """A store made before reviewers could give partial credit: widen qa_overrides' answer check (the same table
    change as above; the rows and their ids move over unchanged)."""
    definition = conn.execute("select sql from sqlite_master where name = 'qa_overrides'").fetchone()[0]
    if "'partial'" in definition:
        return
    conn.execute(definition.replace("('pass', 'fail', 'na')", "('pass', 'partial', 'fail', 'na')").replace(
        "qa_overrides", "qa_overrides_with_partial", 1))
    conn.execute("insert into qa_overrides_with_partial select * from qa_overrides")
    conn.execute("drop table qa_overrides")
    conn.execute("alter table qa_overrides_with_partial rename to qa_overrides")


def save_user(path: str | os.PathLike[str], user: User) -> None:
    """Create or replace a user (the hash comes from dashboards.auth.hash_password)."""
    if user.role not in ROLES:
        raise ValueError(f"unknown role {user.role!r}; expected one of {', '.join(ROLES)}")
    if user.role == "agent" and not user.agent_id:
        raise ValueError("an agent user needs an agent id")
    with open_store(path) as conn:
        conn.execute(
            "insert or replace into users (username, password_hash, role, agent_id) values (?, ?, ?, ?)",
            (user.username, user.password_hash, user.role, user.agent_id),
        )


def remove_user(path: str | os.PathLike[str], username: str) -> bool:
    """Delete a user and their sessions; False when there was no such user."""
    with open_store(path) as conn:
        return conn.execute("delete from users where username = ?", (username,)).rowcount > 0


def find_user(path: str | os.PathLike[str], username: str) -> User | None:
    with open_store(path) as conn:
        row = conn.execute("select * from users where username = ?", (username,)).fetchone()
    return User(row["username"], row["role"], row["agent_id"], row["password_hash"]) if row else None


def save_session(path: str | os.PathLike[str], token_sha256: str, username: str, csrf: str, ttl: float) -> None:
    with open_store(path) as conn:
        conn.execute("delete from sessions where expires_at < ?", (time.time(),))
        conn.execute("insert into sessions values (?, ?, ?, ?)", (token_sha256, username, csrf, time.time() + ttl))


def find_session(path: str | os.PathLike[str], token_sha256: str) -> tuple[User, str] | None:
    """The user and CSRF token of an unexpired session."""
    with open_store(path) as conn:
        row = conn.execute(
            "select u.username, u.role, u.agent_id, s.csrf_token from sessions s join users u using (username)"
            " where s.token_sha256 = ? and s.expires_at > ?",
            (token_sha256, time.time()),
        ).fetchone()
    return (User(row["username"], row["role"], row["agent_id"]), row["csrf_token"]) if row else None


def drop_session(path: str | os.PathLike[str], token_sha256: str) -> None:
    with open_store(path) as conn:
        conn.execute("delete from sessions where token_sha256 = ?", (token_sha256,))


SUBJECT_CHARS = 200  # a user name typed longer than this is counted by its first 200 characters


def sign_in_locked_until(path: str | os.PathLike[str], subjects: list[tuple[str, str]], now: float) -> float | None:
    """When the latest lock on any of ``subjects`` ((kind, subject) pairs) ends; None when none is locked."""
    with open_store(path) as conn:
        ends = [conn.execute("select locked_until from sign_in_failures where kind = ? and subject = ?"
                             " and locked_until > ?", (kind, subject[:SUBJECT_CHARS], now)).fetchone()
                for kind, subject in subjects]
    return max((row[0] for row in ends if row), default=None)


def record_sign_in_failure(path: str | os.PathLike[str], kind: str, subject: str, now: float, *,
                           window_seconds: float, max_failures: int, lock_seconds: float) -> tuple[int, float | None]:
    """Count one failed sign-in of ``subject``; lock it when the count within the window reaches ``max_failures``.

    Returns the count and, when this failure locked the subject, when the lock ends. Rows whose window and lock are
    over are deleted first, so the table only ever holds current counts and locks (bounded by the limits).
    """
    subject = subject[:SUBJECT_CHARS]
    with open_store(path) as conn:
        conn.execute("delete from sign_in_failures where window_start < ? and coalesce(locked_until, 0) < ?",
                     (now - window_seconds, now))
        failures = conn.execute(
            "insert into sign_in_failures (kind, subject, failures, window_start) values (?, ?, 1, ?)"
            " on conflict (kind, subject) do update set failures = failures + 1 returning failures",
            (kind, subject, now),
        ).fetchone()[0]
        if failures < max_failures:
            return failures, None
        locked_until = now + lock_seconds  # the count starts again once the lock is over
        conn.execute("update sign_in_failures set failures = 0, window_start = ?, locked_until = ?"
                     " where kind = ? and subject = ?", (now, locked_until, kind, subject))
        return failures, locked_until


def clear_sign_in_failures(path: str | os.PathLike[str], kind: str, subject: str) -> None:
    """Forget a subject's failures (after a successful sign-in of that user)."""
    with open_store(path) as conn:
        conn.execute("delete from sign_in_failures where kind = ? and subject = ?", (kind, subject[:SUBJECT_CHARS]))


def add_override(path: str | os.PathLike[str], interaction_id: str, rubric_id: str | None, criterion_id: str,
                 answer: str, comment: str, reviewer: str, calibration_id: str | None = None) -> int:
    """Record a reviewer's answer for one criterion (in a calibration session: kept apart); returns its id."""
    with open_store(path) as conn:
        return inserted_id(conn.execute(
            "insert into qa_overrides (interaction_id, rubric_id, criterion_id, answer, comment, reviewer,"
            " calibration_id) values (?, ?, ?, ?, ?, ?, ?)",
            (interaction_id, rubric_id, criterion_id, answer, comment, reviewer, calibration_id),
        ))


def add_dispute(path: str | os.PathLike[str], interaction_id: str, rubric_id: str | None, criterion_id: str | None,
                reason: str, agent_username: str) -> int:
    with open_store(path) as conn:
        return inserted_id(conn.execute(
            "insert into qa_disputes (interaction_id, rubric_id, criterion_id, reason, agent_username)"
            " values (?, ?, ?, ?, ?)",
            (interaction_id, rubric_id, criterion_id, reason, agent_username),
        ))


def list_rows(path: str | os.PathLike[str], table: str, interaction_id: str | None = None,
              pending_only: bool = False) -> list[dict]:
    """Overrides or disputes (``table`` is 'qa_overrides' or 'qa_disputes'), newest first."""
    if table not in ("qa_overrides", "qa_disputes"):
        raise ValueError(table)
    where = ["(? is null or interaction_id = ?)"] + (["imported_at is null"] if pending_only else [])
    with open_store(path) as conn:
        rows = conn.execute(
            f"select * from {table} where {' and '.join(where)} order by created_at desc",
            (interaction_id, interaction_id),
        ).fetchall()
    return [dict(row) for row in rows]


def mark_imported(path: str | os.PathLike[str], table: str, ids: list[int]) -> None:
    """Stamp rows the pipeline has copied into the warehouse."""
    key = {"qa_overrides": "override_id", "qa_disputes": "dispute_id"}[table]
    with open_store(path) as conn:
        conn.executemany(f"update {table} set imported_at = datetime('now') where {key} = ?", [(i,) for i in ids])


def _rubric_version(conn: duckdb.DuckDBPyConnection, interaction_id: str, rubric_id: str | None) -> int | None:
    rows = conn.execute(
        "select rubric_version from qa.current_scores where interaction_id = $i and rubric_id = $r",
        {"i": interaction_id, "r": rubric_id},
    ).fetchall()
    return rows[0][0] if rows else None


def import_pending(conn: duckdb.DuckDBPyConnection, path: str | os.PathLike[str]) -> dict[str, int]:
    """Copy UI overrides and disputes not yet imported into qa.reviews / qa.dispute_events (the QA stage's tables).

    Rows whose interaction has no current score for their rubric stay pending (and are counted as skipped).
    """
    done: dict[str, list[int]] = {"qa_overrides": [], "qa_disputes": []}
    skipped = 0
    for row in list_rows(path, "qa_overrides", pending_only=True):
        version = _rubric_version(conn, row["interaction_id"], row["rubric_id"])
        if version is None:
            skipped += 1
            continue
        qa_store.add_review(conn, interaction_id=row["interaction_id"], rubric_id=row["rubric_id"],
                            rubric_version=version, criterion_id=row["criterion_id"], answer=row["answer"],
                            reviewer=row["reviewer"], comment=row["comment"],
                            calibration_id=row.get("calibration_id"))
        done["qa_overrides"].append(row["override_id"])
    for row in list_rows(path, "qa_disputes", pending_only=True):
        if not row["rubric_id"] or not row["criterion_id"]:
            skipped += 1
            continue
        qa_store.add_dispute_event(conn, dispute_id=f"ui-{row['dispute_id']}", interaction_id=row["interaction_id"],
                                   rubric_id=row["rubric_id"],
                                   criterion_id=row["criterion_id"], action="opened", actor=row["agent_username"],
                                   comment=row["reason"])
        done["qa_disputes"].append(row["dispute_id"])
    for table, ids in done.items():
        mark_imported(path, table, ids)
    return {"reviews": len(done["qa_overrides"]), "disputes": len(done["qa_disputes"]), "skipped": skipped}
