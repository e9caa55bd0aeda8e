"""Drill-down lists and the single interaction view (transcript, recording)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import duckdb
import polars as pl

from dashboards.queries.base import Filters, local_time, read, scope, where, with_scope
from dashboards.queries.names import with_agent_names

LIST_LIMIT = 500  # rows shown and exported per drill-down; the count shows how many matched
_LIST_COLUMNS = (
    "interaction_id, created_local, channel, direction, queue, team, agent_id,"
    " language, product, status, subject, wait_seconds, handle_seconds, abandoned, transfers, escalated"
)
# Drill-down point keys → SQL over the local-time view. Values are bound as ``$point_<key>``, so a point can
# never name (and so never replace) another parameter, least of all the role's ``$scope_*``.
_POINT_CLAUSES = {
    "day": "cast(created_local as date) = $point_day",
    "weekday": "isodow(created_local) = $point_weekday",
    "hour": "hour(created_local) = $point_hour",
    "interval_time": "strftime(time_bucket(interval 30 minute, created_local), '%H:%M') = $point_interval_time",
    "channel": "channel = $point_channel",
    "agent_id": "agent_id = $point_agent_id",
    "queue": "queue = $point_queue",
    "team": "team = $point_team",
    "interaction_ids": "list_contains($point_interaction_ids, interaction_id)",
    # a QA score band of the agents page's histogram (90 = 90–100), as qa_score_distribution counts it
    "qa_band": "interaction_id in (select interaction_id from qa.scores"
               " where least(floor(score / 10) * 10, 90) = $point_qa_band)",
}


@dataclass(frozen=True)
class InteractionDetail:
    header: dict[str, object]
    messages: pl.DataFrame
    recording_path: str | None


def _point(extra: dict[str, object]) -> tuple[list[str], dict[str, object]]:
    """Clauses and ``$point_*`` values for the known keys of a drill-down point (other keys are ignored)."""
    keys = [key for key in _POINT_CLAUSES if key in extra]
    values = {f"point_{key}": list(cast(Sequence[str], extra[key])) if key == "interaction_ids" else extra[key]
              for key in keys}
    return [_POINT_CLAUSES[key] for key in keys], values


def interactions_list(conn: duckdb.DuckDBPyConnection, filters: Filters, limit: int = LIST_LIMIT) -> pl.DataFrame:
    """Interactions behind a chart point (``filters.extra``), newest first, times in the display zone.

    The role's scope is in ``scoped``'s WHERE and its values are bound last: nothing in the point can undo it.
    """
    point, point_params = _point(filters.extra)
    local, local_params = local_time(filters)  # arithmetic, not a time zone conversion per row of the period
    clause, params = where(filters, day_column=None, created_column="created_at", agent_column="agent_id")
    return with_agent_names(conn, read(
        conn,
        f"with scoped as (select *, {local} as created_local"
        f" from core.interactions where {clause})"
        f" select {_LIST_COLUMNS} from (select * from scoped where {' and '.join(['true', *point])}"
        " order by created_local desc limit $limit)",
        {**point_params, **local_params, "limit": limit, **params},
    ))


def interaction_detail(conn: duckdb.DuckDBPyConnection, interaction_id: str, timezone: str,
                       agent_id: str | None = None, teams: tuple[str, ...] | None = None) -> InteractionDetail | None:
    """One interaction; None when it does not exist or is outside the role's scope (an agent's own, a supervisor's
    teams')."""
    params = {"id": interaction_id, "timezone": timezone}
    scope_clause, scope_params = scope(agent_id, "agent_id", teams, "coalesce(team, 'unknown')")
    header = read(
        conn,
        "select *, timezone($timezone, created_at at time zone 'UTC') as created_local"
        f" from core.interactions where interaction_id = $id and {scope_clause}",
        with_scope(params, scope_params),
    )
    if header.is_empty():
        return None
    header = with_agent_names(conn, header)
    messages = read(
        conn,
        "select seq, role, offset_seconds, end_offset_seconds, timezone($timezone, sent_at at time zone 'UTC') as sent_local,"
        " text, sentiment_label, sentiment from core.messages where interaction_id = $id order by seq",
        params,
    )
    recording = conn.execute(
        "select path from core.recordings where interaction_id = $id and status = 'transcribed'"
        " and masked_file is not null limit 1", {"id": interaction_id},  # only audio the server will serve
    ).fetchall()
    return InteractionDetail(header.row(0, named=True), messages, recording[0][0] if recording else None)
