"""Which days of ``marts.kpi_daily`` can have changed since its last build, so a daily run rebuilds days, not years.

A day's KPI rows change when (1) a load adds or replaces contacts or surveys on it, (2) a contact in the
following ``fcr_days`` arrives (first-contact resolution looks ahead), or (3) the data's "now" (``as_of``)
moves past something: contacts becoming old enough to judge FCR, open tickets passing their SLA due time.
Each load records the event times it touched (``load_log.first_event_at``); everything from the earliest
affected time through the last day is rebuilt. Any change of parameters, or no earlier build, rebuilds all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from warehouse.build import data_as_of, data_day_range, rebuild_table
from warehouse.connection import one_value, transaction

MODEL = "marts/kpi_daily"


@dataclass(frozen=True)
class DayPlan:
    days: tuple[date, date] | None  # inclusive local days to rebuild; None when nothing can have changed
    full: bool
    new_loads: tuple[str, ...]
    as_of: datetime | None


def plan_kpi_daily(conn: duckdb.DuckDBPyConnection, params: Mapping[str, Any]) -> DayPlan:
    """The days to rebuild for ``params`` (the model's parameters: ``tz``, ``fcr_days``, ``sl_seconds``)."""
    span = data_day_range(conn, params["tz"])
    as_of = data_as_of(conn)
    loads = tuple(row[0] for row in conn.execute(
        "select load_id from load_log where status = 'loaded' and load_id not in"
        " (select load_id from marts.built_loads where model = $m) order by finished_at", {"m": MODEL}).fetchall())
    if span is None:
        return DayPlan(None, True, loads, as_of)
    state = conn.execute("select params, as_of from marts.build_state where model = $m", {"m": MODEL}).fetchone()
    if state is None or state[0] != _fingerprint(params) or state[1] is None:
        return DayPlan(span, True, loads, as_of)
    since = _earliest_change(conn, loads, state[1], as_of, int(params["fcr_days"]))
    if since is None:
        return DayPlan(None, False, loads, as_of)
    first = _local_day(conn, since, params["tz"])
    return DayPlan((max(first, span[0]), span[1]), False, loads, as_of)


def update_kpi_daily(conn: duckdb.DuckDBPyConnection, params: Mapping[str, Any]) -> tuple[DayPlan, int]:
    """Rebuild the days of ``marts.kpi_daily`` that can have changed; (the plan, rows written)."""
    plan = plan_kpi_daily(conn, params)
    written = 0
    if plan.days is not None:
        written = rebuild_table(conn, "marts.kpi_daily", MODEL, {**params, "as_of": plan.as_of}, days=plan.days,
                                full=plan.full)
    record_build(conn, params, plan)
    return plan, written


def record_build(conn: duckdb.DuckDBPyConnection, params: Mapping[str, Any], plan: DayPlan) -> None:
    """Remember what the build included; a crash before this only means the next build redoes the same days."""
    with transaction(conn):
        conn.execute("delete from marts.build_state where model = $m", {"m": MODEL})
        conn.execute("insert into marts.build_state (model, params, as_of) values ($m, $p, $a)",
                     {"m": MODEL, "p": _fingerprint(params), "a": plan.as_of})
        conn.execute("insert into marts.built_loads select $m, unnest($loads::varchar[])",
                     {"m": MODEL, "loads": list(plan.new_loads)})


def _earliest_change(
    conn: duckdb.DuckDBPyConnection, loads: tuple[str, ...], last_as_of: datetime, as_of: datetime | None,
    fcr_days: int,
) -> datetime | None:
    window = timedelta(days=fcr_days)
    touched = one_value(conn, "select min(first_event_at) from load_log where list_contains($loads::varchar[], load_id)",
                        {"loads": list(loads)})
    candidates = [touched - window] if touched is not None else []
    if as_of is not None and as_of != last_as_of:
        candidates.append(min(as_of, last_as_of) - window)  # contacts whose FCR window closed in between
        due = one_value(
            conn,
            "select min(created_at) from core.interactions where resolved_at is null and closed_at is null"
            " and sla_due_at > $old and sla_due_at <= $new",
            {"old": min(as_of, last_as_of), "new": max(as_of, last_as_of)},
        )
        candidates += [due] if due is not None else []
    return min(candidates) if candidates else None


def _local_day(conn: duckdb.DuckDBPyConnection, moment: datetime, tz: str) -> date:
    day: date = one_value(conn, "select cast(timezone($tz, $t::timestamptz) as date)", {"tz": tz, "t": moment})
    return day


def _fingerprint(params: Mapping[str, Any]) -> str:
    return json.dumps(dict(params), sort_keys=True, default=str)
