"""Staffing callbacks: Erlang C what-if against the arrival history; drill-down from an interval."""

from __future__ import annotations

import dash
import polars as pl
from dash import Input, Output

from dashboards import figures, ids, payloads
from dashboards.callbacks.common import FILTER_INPUTS, clicked_point, drill_outputs, drill_rows, filters_from
from dashboards.components import table_data
from dashboards.config import current_config
from dashboards.queries import arrival_profile, open_snapshot
from transforms.staffing import StaffingTarget, required_agents

_TABLE_COLUMNS = ("interval_time", "offered", "aht_seconds", "traffic_erlangs", "agents_required", "agents_scheduled",
                  "agents_seen", "service_level", "asa_seconds", "occupancy")


def _target(sl: float | None, within: float | None, shrinkage: float | None) -> StaffingTarget:
    return StaffingTarget(service_level=(sl or 80) / 100, answer_within_seconds=within or 20,
                          shrinkage=min(shrinkage or 0, 90) / 100)


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.STAFFING_CHART, "figure"), Output(ids.STAFFING_TABLE, "data"), Output(ids.STAFFING_TABLE, "columns"),
        Input(ids.STAFFING_SL, "value"), Input(ids.STAFFING_WITHIN, "value"), Input(ids.STAFFING_SHRINKAGE, "value"),
        Input(ids.STAFFING_AHT, "value"), Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def update(sl: float | None, within: float | None, shrinkage: float | None, aht: float | None, lang: str,
               *filter_values: object) -> tuple:
        filters, lang = filters_from(*filter_values), payloads.language(lang)
        sl, within = payloads.staffing_input(sl, "target_sl"), payloads.staffing_input(within, "answer_within")
        shrinkage, aht = payloads.staffing_input(shrinkage, "shrinkage"), payloads.staffing_input(aht, "aht_override")
        with open_snapshot(current_config().snapshot_path) as conn:
            profile = arrival_profile(conn, filters)
        if aht:
            profile = profile.with_columns(pl.lit(float(aht)).alias("aht_seconds"))
        plan = required_agents(profile, _target(sl, within, shrinkage)).select(_TABLE_COLUMNS)
        return figures.staffing(plan, lang), table_data(plan), [{"name": c, "id": c} for c in plan.columns]

    @app.callback(
        *drill_outputs("staffing"), Input(ids.STAFFING_CHART, "clickData"), Input(ids.SHELL_LANG, "value"),
        *FILTER_INPUTS, prevent_initial_call=True,
    )
    def drill(click: dict | None, lang: str, *filter_values: object) -> tuple:
        point = clicked_point(click, ("interval_time",))
        if point is None:
            raise dash.exceptions.PreventUpdate
        return drill_rows(filters_from(*filter_values), point, lang)
