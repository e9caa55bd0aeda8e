"""Dashboard marts and the read-only snapshot the dashboard reads (see docs/dashboard.md).

DuckDB lets no other process open a file while the pipeline holds it read-write, so the pipeline (the only
writer) builds ``published/dashboard.duckdb.tmp`` through ATTACH, checkpoints it and renames it atomically onto
``published/dashboard.duckdb``. The app opens that file read-only, one short connection per query.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from transforms.qa.effective import effective_answers
from transforms.qa.scoring import rollup_scores
from warehouse import qa as qa_store
from warehouse.build import rebuild_table
from warehouse.connection import registered
from warehouse.settings import published_dir
from warehouse.sql import statement

SNAPSHOT_NAME = "dashboard.duckdb"  # not "marts.duckdb": its catalog name would clash with the marts schema
COPIED_TABLES = ("marts.kpi_daily", "marts.arrivals_interval", "marts.agent_daily", "themes.themes", "themes.theme_assignments",
                 "themes.theme_weekly", "themes.theme_daily", "themes.theme_examples",
                 "rules.contact_categories", "rules.alerts", "marts.customer_contacts", "marts.outbound_hourly",
                 "marts.outbound_agent_daily", "marts.outbound_followups", "marts.self_service_daily",
                 "marts.customer_health", "core.conversation_metrics", "core.names")  # copied whole when present


@dataclass(frozen=True)
class Snapshot:
    path: Path
    tables: dict[str, int]  # "schema.table" -> rows


def rebuild_dashboard_marts(
    conn: duckdb.DuckDBPyConnection, timezone: str = "Asia/Tokyo", service_level_seconds: int = 20
) -> dict[str, int]:
    """Rebuild the dashboard's own marts in full; returns rows per mart."""
    params = {"timezone": timezone, "service_level_seconds": service_level_seconds}
    return {
        "arrivals_interval": rebuild_table(conn, "marts.arrivals_interval", "marts/arrivals_interval", params),
        "agent_daily": rebuild_table(conn, "marts.agent_daily", "marts/agent_daily", {"timezone": timezone}),
    }


def _slim_core_sql() -> dict[str, str]:
    """The core columns the drill-downs need (no customer ids or contacts). Free text is copied as stored: it was
    masked before it entered the warehouse (transforms.redaction, on load and on transcription)."""
    return {
        "core.interactions": statement("publish/core_interactions"),
        "core.messages": statement("publish/core_messages"),  # with the customer turns' stored sentiment
        # status: only a recording transcription accepted is served; masked_file: its copy in published/recordings.
        "core.recordings": ("select r.interaction_id, r.path, r.duration_seconds, r.status, m.file_name as masked_file"
                            " from core.recordings r left join core.masked_recordings m using (recording_id)"),
        "core.agents": "select agent_id, name, team from core.agents",
    }


def _present(conn: duckdb.DuckDBPyConnection) -> set[str]:
    rows = conn.execute(
        "select table_schema || '.' || table_name from information_schema.tables where table_catalog = current_database()"
    ).fetchall()
    return {row[0] for row in rows}


def _create(conn: duckdb.DuckDBPyConnection, name: str, select: str) -> int:
    conn.execute(f"create schema if not exists snap.{name.split('.')[0]}")
    conn.execute(f"create table snap.{name} as {select}")
    return conn.execute(f"select count(*) from snap.{name}").fetchall()[0][0]


def _effective_for_reviewed(conn: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(effective answers, effective scores) of the interactions a human answered (live reviews, granted disputes)
    or with an answer on a criterion marked "needs tuning" (its machine answer is then only a suggestion); every
    other interaction's effective verdict is the machine's. One rule: transforms/qa/effective.py."""
    reviews, disputes = qa_store.reviews(conn), qa_store.decided_disputes(conn)
    tuning = qa_store.needs_tuning(conn)
    touched = sorted(set(reviews["interaction_id"].to_list()) | set(disputes["interaction_id"].to_list())
                     | qa_store.answering(conn, tuning))
    auto = qa_store.answers_of(conn, touched)
    effective = effective_answers(auto, reviews, disputes, tuning)
    answers = effective.select("interaction_id", "rubric_id", "criterion_id", "answer", "points", "source")
    return answers, rollup_scores(effective).select("interaction_id", "rubric_id", "score", "critical_failed")


def _copy_qa(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    answers, scores = _effective_for_reviewed(conn)
    frames = {"koe_qa_scores": qa_store.scores_for_sampling(conn), "koe_effective_answers": answers,
              "koe_effective_scores": scores}
    with ExitStack() as stack:
        for name, frame in frames.items():
            stack.enter_context(registered(conn, name, frame))
        counts = {"qa.scores": _create(conn, "qa.scores", statement("qa/snapshot_scores")),
                  "qa.criteria": _create(conn, "qa.criteria", statement("qa/snapshot_criteria"))}
    counts["qa.rubrics"] = _create(conn, "qa.rubrics", "select rubric_id, version, any_value(kind) as kind,"
                                   " arg_max(definition, first_seen_at)::varchar as definition"
                                   " from qa.rubric_versions group by all")
    counts["qa.reviews"] = _create(conn, "qa.reviews", "select * from qa.reviews")
    counts["qa.needs_tuning"] = _create(conn, "qa.needs_tuning", "select * from qa.criteria_needing_tuning")
    counts["qa.dispute_events"] = _create(conn, "qa.dispute_events", "select * from qa.dispute_events")
    counts["qa.review_queue"] = _create(conn, "qa.review_queue", statement("qa/snapshot_review_queue"))
    return counts


def _copy_into_snapshot(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    present = _present(conn)
    statements = {name: f"select * from {name}" for name in COPIED_TABLES if name in present}
    statements.update(_slim_core_sql())
    counts = {name: _create(conn, name, select) for name, select in statements.items()}
    if {"qa.current_scores", "qa.rubric_versions"} <= present:
        counts.update(_copy_qa(conn))
    conn.execute("create table snap.main.snapshot_info as select now()::timestamp as published_at")
    return counts


def publish_snapshot(conn: duckdb.DuckDBPyConnection, warehouse_file: str | os.PathLike[str] | None = None) -> Snapshot:
    """Write the dashboard snapshot next to the warehouse and swap it in atomically.

    ``conn`` is the pipeline's read-write connection to the warehouse; the snapshot is written through ATTACH
    in the same process, so no second process ever needs the warehouse's lock.
    """
    folder = published_dir(warehouse_file)
    folder.mkdir(parents=True, exist_ok=True)
    target, tmp = folder / SNAPSHOT_NAME, folder / f"{SNAPSHOT_NAME}.tmp"
    for leftover in (tmp, Path(f"{tmp}.wal")):
        leftover.unlink(missing_ok=True)
    conn.execute("attach $path as snap", {"path": str(tmp)})
    try:
        counts = _copy_into_snapshot(conn)
        conn.execute("checkpoint snap")
    finally:
        conn.execute("detach snap")
    os.replace(tmp, target)
    return Snapshot(path=target, tables=counts)
