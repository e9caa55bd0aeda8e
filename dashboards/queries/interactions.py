"""Drill-down lists and the single interaction view (transcript, recording)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from dashboards.queries.base import Filters, local_time, read, where

LIST_LIMIT = 500  # rows shown and exported per drill-down; the count shows how many matched
_LIST_COLUMNS = (
    "interaction_id, created_local, channel, direction, queue, team, agent_id, language, product, status,"
    " subject, wait_seconds, handle_seconds, abandoned, transfers, escalated"
)
# Drill-down point keys → SQL over the local-time view; values are bound parameters.
_POINT_CLAUSES = {
    "day": "cast(created_local as date) = $day",
    "weekday": "isodow(created_local) = $weekday",
    "hour": "hour(created_local) = $hour",
    "interval_time": "strftime(time_bucket(interval 30 minute, created_local), '%H:%M') = $interval_time",
    "channel": "channel = $channel",
    "agent_id": "agent_id = $agent_id",
    "queue": "queue = $queue",
    "team": "team = $team",
}


@dataclass(frozen=True)
class InteractionDetail:
    header: dict[str, object]
    messages: pl.DataFrame
    recording_path: str | None


def interactions_list(conn: duckdb.DuckDBPyConnection, filters: Filters, limit: int = LIST_LIMIT) -> pl.DataFrame:
    """Interactions behind a chart point (``filters.extra``), newest first, times in the display zone."""
    clause, params = where(filters, day_column=None, created_column="created_at", agent_column="agent_id")
    point = [_POINT_CLAUSES[key] for key in filters.extra if key in _POINT_CLAUSES]
    params.update({key: value for key, value in filters.extra.items() if key in _POINT_CLAUSES})
    ids = filters.extra.get("interaction_ids")
    if ids is not None:
        point.append("list_contains($interaction_ids, interaction_id)")
        params["interaction_ids"] = list(ids)
    local, local_params = local_time(filters)  # arithmetic, not a time zone conversion per row of the period
    params.update(local_params, limit=limit)
    return read(
        conn,
        f"with scoped as (select *, {local} as created_local"
        f" from core.interactions where {clause})"
        f" select {_LIST_COLUMNS} from scoped where {' and '.join(['true', *point])}"
        " order by created_local desc limit $limit",
        params,
    )


def interaction_detail(conn: duckdb.DuckDBPyConnection, interaction_id: str, timezone: str,
                       agent_id: str | None = None) -> InteractionDetail | None:
    """One interaction; None when it does not exist or (for an agent) is not theirs."""
    params = {"id": interaction_id, "timezone": timezone}
    header = read(
        conn,
        "select *, timezone($timezone, created_at at time zone 'UTC') as created_local"
        " from core.interactions where interaction_id = $id",
        params,
    )
    if header.is_empty() or (agent_id is not None and header["agent_id"][0] != agent_id):
        return None
    messages = read(
        conn,
        "select seq, role, offset_seconds, end_offset_seconds, timezone($timezone, sent_at at time zone 'UTC') as sent_local,"
        " text from core.messages where interaction_id = $id order by seq",
        params,
    )
    recording = conn.execute(
        "select path from core.recordings where interaction_id = $id limit 1", {"id": interaction_id}
    ).fetchall()
    return InteractionDetail(header.row(0, named=True), messages, recording[0][0] if recording else None)
