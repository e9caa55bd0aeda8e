"""Reads and writes of the `qa` schema (migration 0010_qa.sql). Append-only: every write is a new row."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb
import polars as pl

from warehouse.connection import read, registered

_PENDING = """
with scope as (
    select * from core.interactions i
    where ($since is null or i.created_at >= $since)
      and ($day is null or cast(timezone($tz, i.created_at::timestamptz) as date) = $day::date)
), msg as (
    select m.interaction_id,
           md5(string_agg(concat_ws(':', m.message_id, m.role, m.offset_seconds, m.sent_at, m.text), chr(10)
                          order by m.seq)) as h
    from core.messages m semi join scope s on s.interaction_id = m.interaction_id group by m.interaction_id
), hashed as (
    select i.*, md5(concat_ws('|', i.channel, i.language, i.hold_seconds, i.talk_seconds, i.transfers,
                              i.created_at, i.first_response_at, coalesce(msg.h, ''))) as input_hash
    from scope i left join msg using (interaction_id)
), done as (
    select s.interaction_id, s.input_hash, s.rubric_version = v.version as current_version
    from qa.current_scores s join qa_wanted_versions v on v.rubric_id = s.rubric_id
)
select h.* from hashed h
where not exists (select 1 from done d where d.interaction_id = h.interaction_id and d.input_hash = h.input_hash)
   or ($rescore and exists (select 1 from done d where d.interaction_id = h.interaction_id and not d.current_version))
order by h.interaction_id
"""
_MESSAGES = """
select m.interaction_id, m.message_id, m.seq, m.role, m.sent_at, m.offset_seconds, m.end_offset_seconds, m.text,
       m.language
from core.messages m semi join qa_pending p on p.interaction_id = m.interaction_id
order by m.interaction_id, m.seq
"""
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
        interactions = read(conn, _PENDING, {"since": since, "rescore": rescore, "day": day, "tz": timezone})
    with registered(conn, "qa_pending", interactions.select("interaction_id")):
        messages = read(conn, _MESSAGES)
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
    _run(conn, "begin transaction")
    try:
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
        _run(conn, "commit")
    except Exception:
        _run(conn, "rollback")
        raise
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
    return read(conn, """
        select s.interaction_id, s.rubric_id, s.score, i.agent_id, i.created_at,
               coalesce(h.flagged, false) as harassment_flagged
        from qa.current_scores s
        join core.interactions i using (interaction_id)
        join (select distinct rubric_id, version, kind from qa.rubric_versions) v on v.rubric_id = s.rubric_id and v.version = s.rubric_version
                                  and v.kind = 'agent_scorecard'
        left join (select c.interaction_id, bool_or(c.answer = 'fail') as flagged
                   from qa.current_answers c join (select distinct rubric_id, version, kind from qa.rubric_versions) k
                     on k.rubric_id = c.rubric_id and k.version = c.rubric_version and k.kind = 'customer_conduct'
                   group by c.interaction_id) h using (interaction_id)
        where $since is null or i.created_at >= $since
        qualify row_number() over (partition by s.interaction_id order by s.rubric_id) = 1""", {"since": since})


def harassment_flags(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Interactions where a customer-conduct criterion failed, with the failed criteria and their evidence count."""
    return read(conn, """
        select a.interaction_id, a.rubric_id, list(a.criterion_id order by a.criterion_id) as criteria,
               sum(a.weight) as severity, max(i.agent_id) as agent_id, max(i.created_at) as created_at
        from qa.current_answers a
        join (select distinct rubric_id, version, kind from qa.rubric_versions) v on v.rubric_id = a.rubric_id and v.version = a.rubric_version
                                  and v.kind = 'customer_conduct'
        left join core.interactions i using (interaction_id)
        where a.answer = 'fail'
        group by a.interaction_id, a.rubric_id order by severity desc, a.interaction_id""")
