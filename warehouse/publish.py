"""Dashboard marts and the read-only snapshot the dashboard reads (see docs/dashboard.md).

DuckDB lets no other process open a file while the pipeline holds it read-write, so the pipeline (the only
writer) builds ``published/dashboard.duckdb.tmp`` through ATTACH, checkpoints it and renames it atomically onto
``published/dashboard.duckdb``. The app opens that file read-only, one short connection per query.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from warehouse.settings import published_dir

SNAPSHOT_NAME = "dashboard.duckdb"  # not "marts.duckdb": its catalog name would clash with the marts schema
DASHBOARD_MARTS = ("arrivals_interval", "agent_daily")
COPIED_SCHEMAS = ("marts", "qa", "themes")  # copied whole when present; qa/themes appear when those helpers land
# Text that may identify a person is masked before it leaves the warehouse: e-mail addresses, phone numbers,
# postal codes and long digit runs (card, account and member numbers).
REDACTIONS = (
    (r"[\w.+-]+@[\w-]+(\.[\w-]+)+", "[email]"),
    (r"\+?\d{2,4}[-(（ )）]{1,2}\d{2,4}[-)） ]{1,2}\d{3,4}", "[phone]"),
    (r"〒?\d{3}-\d{4}", "[postcode]"),
    (r"\d{8,}", "[number]"),
)


@dataclass(frozen=True)
class Snapshot:
    path: Path
    tables: dict[str, int]  # "schema.table" -> rows


def _mart_sql(name: str) -> str:
    return (resources.files("transforms") / "sql" / "marts" / f"{name}.sql").read_text(encoding="utf-8")


def rebuild_mart(conn: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any]) -> int:
    """Replace ``marts.<name>`` with the result of ``transforms/sql/marts/<name>.sql``, in one transaction."""
    conn.execute("begin transaction")
    try:
        conn.execute(f"delete from marts.{name}")  # name is one of DASHBOARD_MARTS, never user input
        conn.execute(f"insert into marts.{name} by name {_mart_sql(name)}", dict(params))
        rows = conn.execute(f"select count(*) from marts.{name}").fetchone()[0]
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return int(rows)


def rebuild_dashboard_marts(
    conn: duckdb.DuckDBPyConnection, timezone: str = "Asia/Tokyo", service_level_seconds: int = 20
) -> dict[str, int]:
    """Rebuild the dashboard's own marts; returns rows per mart."""
    params = {"timezone": timezone, "service_level_seconds": service_level_seconds}
    needed = {"arrivals_interval": params, "agent_daily": {"timezone": timezone}}
    return {name: rebuild_mart(conn, name, needed[name]) for name in DASHBOARD_MARTS}


def _redacted(column: str) -> str:
    expression = column
    for pattern, mask in REDACTIONS:
        expression = f"regexp_replace({expression}, '{pattern}', '{mask}', 'g')"
    return expression


def _slim_core_sql(src: str) -> dict[str, str]:
    """The core columns the drill-downs need, with free text redacted (no customer ids, names or contacts)."""
    return {
        "core.interactions": (
            "select interaction_id, channel, direction, agent_id, coalesce(team, 'unknown') as team,"
            " coalesce(queue, 'unknown') as queue, product, contact_reason, coalesce(language, 'unknown') as language,"
            f" status, priority, {_redacted('subject')} as subject, created_at, answered_at, first_response_at,"
            " resolved_at, abandoned, coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0)"
            " as handle_seconds, date_diff('second', coalesce(queued_at, created_at), answered_at) as wait_seconds,"
            f" transfers, escalated from {src}.core.interactions order by created_at"
        ),
        "core.messages": (
            "select interaction_id, seq, role, sent_at, offset_seconds, end_offset_seconds,"
            f" {_redacted('text')} as text, source from {src}.core.messages order by interaction_id, seq"
        ),
        "core.recordings": f"select interaction_id, path, duration_seconds from {src}.core.recordings",
        "core.agents": f"select agent_id, name, team from {src}.core.agents",
    }


def _tables_in(conn: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    return conn.execute(
        "select table_schema, table_name from information_schema.tables"
        " where table_catalog = current_database() and table_schema in (select unnest($schemas))"
        " and table_type = 'BASE TABLE' order by 1, 2",
        {"schemas": list(schemas)},
    ).fetchall()


def _copy_into_snapshot(conn: duckdb.DuckDBPyConnection, src: str) -> dict[str, int]:
    statements = {f"{s}.{t}": f"select * from {src}.{s}.{t}" for s, t in _tables_in(conn, COPIED_SCHEMAS)}
    statements.update(_slim_core_sql(src))
    counts = {}
    for schema in {name.split(".")[0] for name in statements}:
        conn.execute(f"create schema if not exists snap.{schema}")
    for name, select in statements.items():
        conn.execute(f"create table snap.{name} as {select}")
        counts[name] = conn.execute(f"select count(*) from snap.{name}").fetchone()[0]
    return counts


def publish_snapshot(conn: duckdb.DuckDBPyConnection, warehouse_file: str | os.PathLike[str] | None = None) -> Snapshot:
    """Write the dashboard snapshot next to the warehouse and swap it in atomically."""
    folder = published_dir(warehouse_file)
    folder.mkdir(parents=True, exist_ok=True)
    target, tmp = folder / SNAPSHOT_NAME, folder / f"{SNAPSHOT_NAME}.tmp"
    for leftover in (tmp, Path(f"{tmp}.wal")):
        leftover.unlink(missing_ok=True)
    database = conn.execute("select current_database()").fetchone()[0]
    src = '"' + database.replace('"', '""') + '"'
    conn.execute("attach $path as snap", {"path": str(tmp)})
    try:
        counts = _copy_into_snapshot(conn, src)
        conn.execute("checkpoint snap")
    finally:
        conn.execute("detach snap")
    os.replace(tmp, target)
    return Snapshot(path=target, tables=counts)
