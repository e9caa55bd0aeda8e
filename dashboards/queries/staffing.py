"""Staffing page: the arrival profile of one real-time channel on one weekday, and the staffing actually seen.

Erlang C assumes contacts that wait in a queue for an agent: only inbound phone and chat are sized (each on its
own, since their agents and handle times differ), and a Monday is sized from Mondays, not from an average of
weekdays and weekends. E-mail, web forms, SNS, fax and post are worked from a backlog and are not sized here.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import polars as pl

from dashboards.queries.base import Filters, local_time, query, read, where
from transforms.kpis import kpi_ratios

REALTIME_CHANNELS = ("phone", "chat")  # the channels Erlang C sizes, one at a time


def _for_channel(filters: Filters, channel: str) -> Filters:
    """The filters narrowed to one real-time channel (a channel filter that excludes it leaves no rows)."""
    keep = (channel,) if not filters.channel or channel in filters.channel else ("",)
    return replace(filters, channel=keep)


def channel_aht(conn: duckdb.DuckDBPyConnection, filters: Filters, channel: str) -> float | None:
    """The channel's AHT over the period (transforms.kpis: the same figure the overview shows for the channel)."""
    clause, params = where(_for_channel(filters, channel), dimensions=("channel", "queue", "team"))
    sums = read(conn, "select coalesce(sum(handle_seconds_sum), 0)::double as handle_seconds_sum,"
                      f" coalesce(sum(handle_timed), 0)::bigint as handle_timed from marts.kpi_daily where {clause}", params)
    return kpi_ratios(sums)["aht_seconds"][0]


def arrival_profile(conn: duckdb.DuckDBPyConnection, filters: Filters, channel: str, weekday: int) -> pl.DataFrame:
    """Per local half hour of ``weekday`` (1 = Monday): mean inbound contacts of ``channel`` and mean distinct
    agents seen handling that channel, over the days of that weekday in the period that have any contact and whose
    data covers that half hour (``days``: the data's partial first and last days count only for their hours)."""
    scoped = replace(_for_channel(filters, channel), direction=("inbound",))
    clause, params = where(scoped)
    agents_clause, agent_params = where(scoped, day_column=None, created_column="created_at")
    local, local_params = local_time(filters)
    params.update(agent_params, **local_params, weekday=weekday)
    sql = query("staffing/arrival_profile").format(where=clause, agents_where=agents_clause, local_time=local,
                                                   covered=query("arrivals/covered_slots"))
    return read(conn, sql, params)
