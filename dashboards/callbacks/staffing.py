"""Staffing callbacks: Erlang C what-if for one real-time channel on one weekday; drill-down from an interval."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

import dash
from dash import Input, Output

from dashboards import display, figures, ids, payloads
from dashboards.callbacks.common import FILTER_INPUTS, clicked_point, drill_outputs, drill_rows, filters_from
from dashboards.components import format_value
from dashboards.config import current_config
from dashboards.empty_states import charts_say_why
from dashboards.i18n import t
from dashboards.queries import REALTIME_CHANNELS, arrival_profile, channel_aht, open_snapshot
from transforms.staffing import WhatIf, staffing_plan

TABLE_COLUMNS = ("interval_time", "offered", "traffic_erlangs", "agents_required", "agents_scheduled", "agents_seen",
                 "service_level", "asa_seconds", "occupancy")


Option = TypeVar("Option")


def _choice(value: object, allowed: tuple[Option, ...], what: str) -> Option:
    for option in allowed:
        if value == option:
            return option
    raise payloads.BadPayload(f"{what}: expected one of {list(allowed)}")


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.STAFFING_CHART, "figure"), Output(ids.STAFFING_TABLE, "rowData"), Output(ids.STAFFING_TABLE, "columnDefs"),
        Output(ids.STAFFING_NOTE, "children"),
        Input(ids.STAFFING_CHANNEL, "value"), Input(ids.STAFFING_WEEKDAY, "value"),
        Input(ids.STAFFING_SL, "value"), Input(ids.STAFFING_WITHIN, "value"), Input(ids.STAFFING_SHRINKAGE, "value"),
        Input(ids.STAFFING_AHT, "value"), Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def update(channel: object, weekday: object, sl: float | None, within: float | None, shrinkage: float | None,
               aht: float | None, lang: str, *filter_values: object) -> tuple:
        filters, lang = filters_from(*filter_values), payloads.language(lang)
        chosen_channel = _choice(channel, REALTIME_CHANNELS, "channel")
        day = _choice(weekday, tuple(range(1, 8)), "weekday")
        what_if = WhatIf(payloads.staffing_input(sl, "target_sl"), payloads.staffing_input(within, "answer_within"),
                         payloads.staffing_input(shrinkage, "shrinkage"), payloads.staffing_input(aht, "aht_override"))
        with open_snapshot(current_config().snapshot_path) as conn:
            profile = arrival_profile(conn, filters, chosen_channel, day)
            history_aht = channel_aht(conn, filters, chosen_channel)
            plan = staffing_plan(profile, history_aht, what_if)
            chart, = charts_say_why(conn, filters, lang, figures.staffing(plan, lang, day, chosen_channel),
                                    page=ids.STAFFING_TABLE)
        days = max(profile["days"].to_list(), default=0)  # full days (a partial one counts only for its hours)
        note = t("staffing_note", lang).format(days=days, aht=format_value(history_aht, "aht_seconds", lang))
        return (chart, display.rows(plan, lang, list(TABLE_COLUMNS)),
                display.columns(list(TABLE_COLUMNS), lang), note)

    @app.callback(
        *drill_outputs("staffing"), Input(ids.STAFFING_CHART, "clickData"), Input(ids.SHELL_LANG, "value"),
        *FILTER_INPUTS, prevent_initial_call=True,
    )
    def drill(click: dict | None, lang: str, *filter_values: object) -> tuple:
        point = clicked_point(click, ("interval_time", "weekday", "channel"))
        if point is None:
            raise dash.exceptions.PreventUpdate
        return drill_rows(replace(filters_from(*filter_values), direction=("inbound",)), point, lang)  # as sized
