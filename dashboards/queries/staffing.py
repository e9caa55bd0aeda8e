"""Staffing page: the average arrival pattern per 30-minute interval and the staffing actually seen."""

from __future__ import annotations

import duckdb
import polars as pl

from dashboards.queries.base import Filters, local_time, read, where


def arrival_profile(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Per local time of day: mean contacts per interval, AHT, and mean distinct agents seen handling.

    Contacts are averaged over every day in the period; agents over the days that interval had contacts.
    """
    clause, params = where(filters)
    agents_clause, agent_params = where(filters, day_column=None, created_column="created_at")
    local, local_params = local_time(filters)
    params.update(agent_params, **local_params)
    # Agents seen: distinct (local half hour, agent) pairs first, so the text formatting runs per pair, not per row.
    return read(
        conn,
        "with days as (select count(distinct day) as n from marts.arrivals_interval where day between $date_from and $date_to),"
        f" arrivals as (select strftime(interval_start, '%H:%M') as interval_time, sum(offered) as offered,"
        " sum(handle_seconds_sum) / nullif(sum(handle_timed), 0) as aht_seconds"
        f" from marts.arrivals_interval where {clause} group by 1),"
        " seen as (select interval_time, avg(agents) as agents_seen from ("
        "  select strftime(slot, '%H:%M') as interval_time, cast(slot as date) as day, count(distinct agent_id) as agents"
        f"  from (select distinct time_bucket(interval 30 minute, {local}) as slot, agent_id from core.interactions"
        f"  where {agents_clause} and agent_id is not null) group by all) group by 1)"
        " select arrivals.interval_time, arrivals.offered / greatest((select n from days), 1) as offered,"
        " arrivals.aht_seconds, coalesce(seen.agents_seen, 0) as agents_seen"
        " from arrivals left join seen using (interval_time) order by 1",
        params,
    )
