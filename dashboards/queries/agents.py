"""Agents and teams page: per-agent KPIs with QA scores, trend, QA score distribution, harassment exposure."""

from __future__ import annotations

import duckdb
import polars as pl

from dashboards.queries.base import Filters, present_tables, query, read, where
from dashboards.queries.names import with_agent_names
from transforms.kpis import kpi_ratios

# qa.scores carries its interaction's created_at and is ordered by it (warehouse/publish.py), so a period reads
# only its own row groups; no join with core.interactions.
# The score is the effective one (a reviewer's answers applied); one reviewed in the UI since the snapshot is
# taken from filters.live_scores (bound as two lists).
_QA_SCOPED = ("select agent_id, coalesce(list_extract($live_scores, list_position($live_ids, interaction_id)), score)"
              " as score, harassment_flag from qa.scores where {clause}")


def _qa_scoped(conn: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[str, dict[str, object]] | None:
    """A subquery of QA scores in the filtered period, or None before QA has run."""
    if "qa.scores" not in present_tables(conn):
        return None
    clause, params = where(filters, day_column=None, created_column="created_at", agent_column="agent_id",
                           dimensions=(), team_column="team")
    live = dict(filters.live_scores)
    return _QA_SCOPED.format(clause=clause), {"live_ids": list(live), "live_scores": list(live.values()), **params}


_COMPONENTS = ("handled", "handle_seconds_sum", "handle_timed", "transferred", "escalated", "csat_good", "csat_n")
_SUMS = ", ".join(f"sum({c})::bigint as {c}" if c != "handle_seconds_sum" else f"sum({c})::double as {c}" for c in _COMPONENTS)


def agent_table(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per agent (name from core.agents): handled, AHT, transfer and escalation rates, CSAT (all as in
    transforms.kpis, from the same components as marts.kpi_daily), QA score, harassment exposure."""
    clause, params = where(filters, agent_column="agent_id")
    qa = _qa_scoped(conn, filters)
    qa_cte = qa[0] if qa else "select null::varchar as agent_id, null::double as score, false as harassment_flag"
    params.update(qa[1] if qa else {})
    frame = read(conn, query("agents/agent_table").format(sums=_SUMS, where=clause, qa_scores=qa_cte), params)
    return kpi_ratios(with_agent_names(conn, frame))


def agent_totals(conn: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, float | None]:
    """The selected agents together: the same KPIs as one row of ``agent_table`` (ratios of the summed components)."""
    clause, params = where(filters, agent_column="agent_id")
    totals = read(conn, f"select {_SUMS}, count(distinct agent_id) as agents from marts.agent_daily where {clause}", params)
    return kpi_ratios(totals).row(0, named=True)


def agent_trend(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Handled contacts and AHT per day (all selected agents together)."""
    clause, params = where(filters, agent_column="agent_id")
    return kpi_ratios(read(
        conn,
        "select day, sum(handled)::bigint as handled, sum(handle_seconds_sum)::double as handle_seconds_sum,"
        f" sum(handle_timed)::bigint as handle_timed from marts.agent_daily where {clause} group by day order by day",
        params,
    ))


def qa_score_distribution(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Scored interactions per 10-point QA score band (empty before QA has run)."""
    qa = _qa_scoped(conn, filters)
    if qa is None:
        return pl.DataFrame(schema={"band": pl.Int64, "scored": pl.Int64})
    sql, params = qa
    return read(
        conn,
        f"select cast(least(floor(score / 10) * 10, 90) as bigint) as band, count(*) as scored from ({sql}) group by 1 order by 1",
        params,
    )
