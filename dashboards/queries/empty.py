"""Why a table or chart of contacts has nothing to show, so its empty state can say so instead of a catch-all
"nothing matches these filters".

The question is asked of ``marts.arrivals_interval`` (every contact by local day, channel, queue, team, language and
direction: the filter bar's own source) in the order a reader would check: is there any data at all, any in the
period, any the filter bar lets through, any the signed-in role may see. When all of that holds, the contacts are
there but none is of the kind the table lists (no calibration session yet, no campaign call…): ``kind``. A table
fed by a later stage of the pipeline (QA, themes, outbound, self-service, customer health) is first asked whether
that stage has written anything yet: ``not_run``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Literal

import duckdb

from dashboards.queries.base import DIMENSIONS, Filters, present_tables, where

EmptyReason = Literal["not_loaded", "not_run", "period", "filters", "scope", "kind"]
_SOURCE = "marts.arrivals_interval"
STAGE_OUTPUTS = {"qa": "qa.scores", "themes": "themes.theme_daily", "outbound": "marts.outbound_hourly",
                 "selfservice": "marts.self_service_daily", "customers": "marts.customer_health"}  # page: what it reads


def stage_of(table: str) -> str | None:
    """The pipeline stage a table's page reads (its id's page prefix: ``qa-calibration`` → ``qa``), if any."""
    page = table.split("-")[0]
    return page if page in STAGE_OUTPUTS else None


def stage_has_run(conn: duckdb.DuckDBPyConnection, stage: str) -> bool:
    """Whether ``stage`` has written any row to the snapshot."""
    table = STAGE_OUTPUTS[stage]
    return table in present_tables(conn) and bool(conn.execute(f"select count(*) from {table}").fetchall()[0][0])


def _contacts(conn: duckdb.DuckDBPyConnection, filters: Filters, *, dimensions: tuple[str, ...] = DIMENSIONS,
              team_scope: bool = False) -> int:
    clause, params = where(filters if team_scope else replace(filters, agent_id=None, scope_teams=None),
                           dimensions=dimensions)
    return int(conn.execute(f"select coalesce(sum(offered), 0) from {_SOURCE} where {clause}", params).fetchall()[0][0])


def _agent_contacts(conn: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """The signed-in agent's own handled contacts in the period (``marts.agent_daily``: the agent's grain)."""
    if "marts.agent_daily" not in present_tables(conn):
        return 0
    return int(conn.execute("select count(*) from marts.agent_daily where agent_id = $agent and day between $d0 and $d1",
                            {"agent": filters.agent_id, "d0": filters.date_from, "d1": filters.date_to}).fetchall()[0][0])


def has_contacts(conn: duckdb.DuckDBPyConnection) -> bool:
    """Whether the snapshot holds any contact at all (false before the pipeline's first run)."""
    return _SOURCE in present_tables(conn) and bool(conn.execute(f"select count(*) from {_SOURCE}").fetchall()[0][0])


def why_empty(conn: duckdb.DuckDBPyConnection, filters: Filters, *, filtered: bool = True,
              stage: str | None = None) -> EmptyReason:
    """The first reason a list of contacts for ``filters`` is empty (see the module's docstring). ``filtered``: the
    table follows the filter bar's period and dimensions (the customer-health list, for one, does not); ``stage``:
    the pipeline stage whose output it lists (``STAGE_OUTPUTS``)."""
    if not has_contacts(conn):
        return "not_loaded"
    if stage is not None and not stage_has_run(conn, stage):
        return "not_run"
    if not filtered:
        return "kind"
    if not _contacts(conn, filters, dimensions=()):
        return "period"
    if not _contacts(conn, filters):
        return "filters"
    if filters.agent_id is not None and not _agent_contacts(conn, filters):
        return "scope"
    if filters.scope_teams is not None and not _contacts(conn, filters, team_scope=True):
        return "scope"
    return "kind"


def data_span(conn: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """The first and last local day with contacts (what an empty period is told to pick from)."""
    if _SOURCE not in present_tables(conn):
        return None, None
    first, last = conn.execute(f"select min(day), max(day) from {_SOURCE} where offered > 0").fetchall()[0]
    return first, last
