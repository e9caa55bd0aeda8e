"""Agents and teams page: per-agent KPIs with QA scores, trend, QA score distribution, harassment exposure."""

from __future__ import annotations

import duckdb
import polars as pl

from dashboards.queries.base import Filters, present_tables, read, where

# qa.scores carries its interaction's created_at and is ordered by it (warehouse/publish.py), so a period reads
# only its own row groups; no join with core.interactions.
_QA_SCOPED = "select agent_id, score, harassment_flag from qa.scores where {clause}"


def _qa_scoped(conn: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[str, dict[str, object]] | None:
    """A subquery of QA scores in the filtered period, or None before QA has run."""
    if "qa.scores" not in present_tables(conn):
        return None
    clause, params = where(filters, day_column=None, created_column="created_at", agent_column="agent_id",
                           dimensions=())
    return _QA_SCOPED.format(clause=clause), params


def agent_table(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per agent: handled, AHT, transfer and escalation rates, CSAT, QA score, harassment exposure."""
    clause, params = where(filters, agent_column="agent_id")
    qa = _qa_scoped(conn, filters)
    qa_cte = qa[0] if qa else "select null::varchar as agent_id, null::double as score, false as harassment_flag"
    params.update(qa[1] if qa else {})
    return read(
        conn,
        f"with ops as (select agent_id, any_value(team) as team, sum(handled)::bigint as handled,"
        " sum(handle_seconds_sum) / nullif(sum(handle_timed), 0) as aht_seconds,"
        " sum(transferred) / nullif(sum(handled), 0) as transfer_rate, sum(escalated) / nullif(sum(handled), 0) as escalation_rate,"
        " sum(csat_good) / nullif(sum(csat_n), 0) as csat"
        f" from marts.agent_daily where {clause} group by agent_id),"
        f" qa as (select agent_id, avg(score) as qa_score, count(score) as qa_scored,"
        f" count(*) filter (where harassment_flag) as harassment_contacts from ({qa_cte}) group by agent_id)"
        " select ops.*, qa.qa_score, coalesce(qa.qa_scored, 0) as qa_scored,"
        " coalesce(qa.harassment_contacts, 0) as harassment_contacts"
        " from ops left join qa using (agent_id) order by handled desc",
        params,
    )


def agent_trend(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Handled contacts and AHT per day (all selected agents together)."""
    clause, params = where(filters, agent_column="agent_id")
    return read(
        conn,
        "select day, sum(handled)::bigint as handled, sum(handle_seconds_sum) / nullif(sum(handle_timed), 0) as aht_seconds"
        f" from marts.agent_daily where {clause} group by day order by day",
        params,
    )


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
