"""Overview page: KPI tiles with period-over-period change, volume by channel, intraday heatmap."""

from __future__ import annotations

from datetime import datetime

import duckdb
import polars as pl

from dashboards.queries.base import DIMENSIONS, Filters, present_tables, query, read, where
from transforms.kpis import COMPONENTS, kpi_ratios

KPI_DIMENSIONS = ("channel", "queue", "team", "direction")  # marts.kpi_daily's grain has no language


def _period_sums(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    clause, params = where(filters, dimensions=KPI_DIMENSIONS)
    flows = [c for c in COMPONENTS if c != "backlog_end_of_day"]
    sums = ", ".join(f"coalesce(sum({column}), 0)::double as {column}" for column in flows)
    # backlog is a stock: summed over queues on the period's last day, never over days (as transforms.kpis.roll_up)
    backlog = "coalesce(sum(backlog_end_of_day) filter (where day = (select max(day) from scoped)), 0)::double" \
        " as backlog_end_of_day"
    days = "count(distinct day) filter (where contacts > 0) as days_with_data"
    return read(conn, f"with scoped as (select * from marts.kpi_daily where {clause})"
                      f" select {sums}, {backlog}, {days} from scoped", params)


def kpi_summary(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per period ('current', 'previous') with the sums, every ratio and the days that have contacts
    (a change is shown only when both periods have as many days with data: components.period_change)."""
    current = _period_sums(conn, filters).with_columns(pl.lit("current").alias("period"))
    previous = _period_sums(conn, filters.previous_period()).with_columns(pl.lit("previous").alias("period"))
    return kpi_ratios(pl.concat([current, previous]))


def data_as_of(conn: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """When the snapshot was published and the last day with data (None before the first publish)."""
    published = None
    if "main.snapshot_info" in present_tables(conn):
        published = conn.execute("select max(published_at) from main.snapshot_info").fetchall()[0][0]
    last_day = conn.execute("select max(day) from marts.kpi_daily where contacts > 0").fetchall()[0][0]
    return {"published_at": published, "last_day": last_day}


def data_coverage(conn: duckdb.DuckDBPyConnection) -> tuple[datetime, datetime] | None:
    """The first and the last local half hour with a contact (None before any): the data starts and ends mid-day,
    so its first and last days are covered only from and up to these."""
    first, last = conn.execute("select min(interval_start), max(interval_start) from marts.arrivals_interval").fetchall()[0]
    return (first, last) if first else None


def volume_by_channel(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Contacts per local day and channel."""
    clause, params = where(filters)
    return read(
        conn,
        f"select day, channel, sum(offered)::double as offered from marts.arrivals_interval where {clause} group by all order by all",
        params,
    )


def arrival_heatmap(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Mean contacts per day for each weekday (1 = Monday) × local hour: the cell's contacts ÷ the days of that
    weekday in the period that have any contact and whose data covers that hour (``days``; as the staffing page
    counts them), so a Monday hour with no contact on some Mondays is averaged over every Monday, a 5-Monday month
    does not outweigh a 4-Monday one, and the data's partial last day (it ends mid-morning) lowers no afternoon.
    """
    clause, params = where(filters)
    sql = query("overview/arrival_heatmap").format(where=clause, covered=query("arrivals/covered_slots"))
    return read(conn, sql, params)


def filter_options(conn: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Values for each filter and the first/last day with data."""
    selects = " union all ".join(
        f"select '{d}' as dimension, {d} as value from (select distinct {d} from marts.arrivals_interval)" for d in DIMENSIONS
    )
    values = read(conn, f"{selects} order by 1, 2", {})
    span = conn.execute("select min(day), max(day) from marts.arrivals_interval").fetchall()[0]
    options: dict[str, object] = {d: values.filter(pl.col("dimension") == d)["value"].to_list() for d in DIMENSIONS}
    options.update(first_day=span[0], last_day=span[1])
    return options
