"""Reads and writes of the `qa` schema (migration 0010_qa.sql). Append-only: every write is a new row."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import duckdb
import polars as pl

from transforms.sentiment import model_version
from warehouse.connection import read, registered, transaction
from warehouse.sql import statement

_TABLE_EXISTS = (
    "select count(*) from information_schema.tables where table_schema = 'core' and table_name = 'conversation_metrics'"
)


def _run(conn: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> None:
    """Execute a statement and drain its result (DuckDB 2 refuses new work while a result is unfinished)."""
    conn.execute(sql, params).fetchall()


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def record_rubrics(conn: duckdb.DuckDBPyConnection, rubrics: Sequence[Any], hashes: Sequence[str]) -> list[str]:
    """Store each rubric version seen; return ids whose content changed without a version bump."""
    for rubric, content_hash in zip(rubrics, hashes, strict=True):
        _run(
            conn,
            "insert or ignore into qa.rubric_versions (rubric_id, version, content_hash, kind, definition) "
            "values ($id, $v, $h, $k, $d)",
            {"id": rubric.id, "v": rubric.version, "h": content_hash, "k": rubric.kind,
             "d": rubric.model_dump_json(by_alias=True)},
        )
    rows = conn.execute(
        "select rubric_id from qa.rubric_versions group by rubric_id, version having count(*) > 1 order by 1"
    ).fetchall()
    return [r[0] for r in rows]


def pending_inputs(
    conn: duckdb.DuckDBPyConnection, versions: dict[str, int], since: datetime | None = None, rescore: bool = False,
    day: str | None = None, timezone: str = "Asia/Tokyo",
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame | None]:
    """(interactions with `input_hash`, their messages, conversation metrics or None) still to be scored.

    An interaction is pending when it has no current score under `versions`' rubrics with the same input hash, or,
    with `rescore`, when a current score was made with an older rubric version. With `day` (YYYY-MM-DD) only
    interactions created on that local date in `timezone` are considered (one daily partition).
    """
    wanted = pl.DataFrame({"rubric_id": list(versions), "version": list(versions.values())},
                          schema={"rubric_id": pl.String, "version": pl.Int32})
    with registered(conn, "qa_wanted_versions", wanted):
        interactions = read(conn, statement("qa/pending"), {"since": since, "rescore": rescore, "day": day, "tz": timezone})
    with registered(conn, "qa_pending", interactions.select("interaction_id")):
        messages = read(conn, statement("qa/pending_messages"), {"model": model_version()})
        metrics = None
        if conn.execute(_TABLE_EXISTS).fetchall()[0][0]:
            metrics = read(conn, "select c.* from core.conversation_metrics c semi join qa_pending using (interaction_id)")
    return interactions, messages, metrics


def write_run(
    conn: duckdb.DuckDBPyConnection, scores: pl.DataFrame, answers: pl.DataFrame, evidence: pl.DataFrame,
    input_hashes: pl.DataFrame, trigger: str,
) -> str:
    """Append one scoring run (scores, answers, evidence) in a single transaction; return its run id."""
    run_id, now = new_id(), datetime.utcnow()
    scores = scores.join(input_hashes.select("interaction_id", "input_hash"), on="interaction_id", how="left")
    tag = {"run_id": pl.lit(run_id)}
    with transaction(conn):
        _run(
            conn,
            "insert into qa.runs values ($r, $t, $trigger, $n, $ids)",
            {"r": run_id, "t": now, "trigger": trigger, "n": scores["interaction_id"].n_unique(),
             "ids": sorted(scores["rubric_id"].unique().to_list()) if not scores.is_empty() else []},
        )
        for table, frame in (("scores", scores.with_columns(scored_at=pl.lit(now))), ("answers", answers),
                             ("evidence", evidence)):
            with registered(conn, "qa_frame", frame.with_columns(**tag)):
                _run(conn, f"insert into qa.{table} by name select * from qa_frame")  # table name is a constant
    return run_id


def explain(conn: duckdb.DuckDBPyConnection, interaction_id: str) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(current scores, answers, evidence) of one interaction, for `koe qa explain` and the evidence view."""
    params = {"id": interaction_id}
    return (
        read(conn, "select * from qa.current_scores where interaction_id = $id order by rubric_id", params),
        read(conn, "select * from qa.current_answers where interaction_id = $id order by rubric_id", params),
        read(conn, "select * from qa.current_evidence where interaction_id = $id order by rubric_id, seq", params),
    )


def add_review(conn: duckdb.DuckDBPyConnection, **fields: Any) -> str:
    """Append a human review (criterion override or whole score); returns the review id."""
    row = {"review_id": new_id(), "created_at": datetime.utcnow(), "criterion_id": None, "answer": None,
           "points": None, "score": None, "comment": None, "calibration_id": None, **fields}
    with registered(conn, "qa_review", pl.DataFrame([row])):
        _run(conn, "insert into qa.reviews by name select * from qa_review")
    return row["review_id"]


def add_dispute_event(conn: duckdb.DuckDBPyConnection, **fields: Any) -> str:
    """Append a dispute event (opened / accepted / partly_accepted / rejected); returns the dispute id."""
    row = {"event_id": new_id(), "dispute_id": fields.pop("dispute_id", None) or new_id(),
           "created_at": datetime.utcnow(), "comment": None, "answer": None, **fields}
    with registered(conn, "qa_dispute", pl.DataFrame([row])):
        _run(conn, "insert into qa.dispute_events by name select * from qa_dispute")
    return row["dispute_id"]


def dispute(conn: duckdb.DuckDBPyConnection, dispute_id: str) -> pl.DataFrame:
    return read(conn, "select * from qa.dispute_events where dispute_id = $d order by created_at", {"d": dispute_id})


def reviews(conn: duckdb.DuckDBPyConnection, calibration_id: str | None = None) -> pl.DataFrame:
    """Human reviews; with `calibration_id` only that session's, otherwise only live (non-calibration) reviews."""
    if calibration_id:
        return read(conn, "select * from qa.reviews where calibration_id = $c order by created_at", {"c": calibration_id})
    return read(conn, "select * from qa.reviews where calibration_id is null order by created_at")


def current_answers(conn: duckdb.DuckDBPyConnection, rubric_id: str | None = None) -> pl.DataFrame:
    sql = "select * from qa.current_answers where $r is null or rubric_id = $r"
    return read(conn, sql, {"r": rubric_id})


def decided_disputes(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The latest decision of every dispute that was decided."""
    return read(conn, """
        select * from qa.dispute_events where action <> 'opened'
        qualify row_number() over (partition by dispute_id order by created_at desc) = 1""")


def scores_for_sampling(conn: duckdb.DuckDBPyConnection, since: datetime | None = None) -> pl.DataFrame:
    """Current agent scores with the agent and whether the customer-conduct rubric flagged the interaction."""
    return read(conn, statement("qa/scores_for_sampling"), {"since": since})


def harassment_flags(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Interactions where a customer-conduct criterion failed, with the failed criteria and their evidence count."""
    return read(conn, statement("qa/harassment_flags"))


def sampling_candidates(conn: duckdb.DuckDBPyConnection, days: int) -> pl.DataFrame:
    """Scored contacts of the last `days` days of data, not reviewed nor queued yet, with what sampling looks at."""
    return read(conn, statement("qa/sampling_candidates"), {"days": days})


def queued_this_week(conn: duckdb.DuckDBPyConnection, week: date) -> dict[str, int]:
    """Items assigned to each reviewer for the week starting `week` (their progress towards the weekly goal)."""
    rows = conn.execute("select reviewer, count(*) from qa.review_queue where week = $w and reviewer is not null"
                        " group by reviewer", {"w": week}).fetchall()
    return dict(rows)


def add_to_queue(conn: duckdb.DuckDBPyConnection, picked: pl.DataFrame, week: date) -> int:
    """Append picked interactions (interaction_id, rubric_id, reasons, priority, reviewer) to the review queue."""
    if picked.is_empty():
        return 0
    frame = picked.select("interaction_id", "rubric_id", "reasons", "priority", "reviewer").with_columns(
        week=pl.lit(week), sampled_at=pl.lit(datetime.utcnow()))
    with registered(conn, "qa_picked", frame):
        _run(conn, "insert or ignore into qa.review_queue by name select * from qa_picked")
    return frame.height


def needs_tuning(conn: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(rubric_id, criterion_id) a QA lead has marked "needs tuning" and not cleared (migration 0170)."""
    return {(r, c) for r, c in conn.execute("select rubric_id, criterion_id from qa.criteria_needing_tuning").fetchall()}


def answering(conn: duckdb.DuckDBPyConnection, criteria: set[tuple[str, str]]) -> set[str]:
    """Interactions with a current answer on any of these criteria (their effective score depends on a mark)."""
    if not criteria:
        return set()
    wanted = pl.DataFrame([{"rubric_id": r, "criterion_id": c} for r, c in sorted(criteria)])
    with registered(conn, "qa_tuned", wanted):
        rows = conn.execute("select distinct interaction_id from qa.current_answers a"
                            " semi join qa_tuned using (rubric_id, criterion_id)").fetchall()
    return {row[0] for row in rows}


def answers_of(conn: duckdb.DuckDBPyConnection, interaction_ids: list[str]) -> pl.DataFrame:
    """Current automatic answers of some interactions (those a human has answered, for their effective score)."""
    frame = pl.DataFrame({"interaction_id": interaction_ids}, schema={"interaction_id": pl.String})
    with registered(conn, "qa_wanted", frame):
        return read(conn, "select a.* from qa.current_answers a semi join qa_wanted using (interaction_id)")
