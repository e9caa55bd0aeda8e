"""Agents callbacks: table, trend and QA distribution; drill-down from an agent row or a trend day."""

from __future__ import annotations

import dash
from dash import Input, Output, State, ctx

from dashboards import figures, ids, payloads
from dashboards.callbacks.common import FILTER_INPUTS, clicked_point, drill_outputs, drill_rows, filters_from
from dashboards.components import table_data
from dashboards.config import current_config
from dashboards.queries import agent_table, agent_trend, open_snapshot, qa_score_distribution


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.AGENTS_TABLE, "data"), Output(ids.AGENTS_TABLE, "columns"), Output(ids.AGENTS_TREND, "figure"),
        Output(ids.AGENTS_QA_DIST, "figure"), Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def update(lang: str, *filter_values: object) -> tuple:
        filters, lang = filters_from(*filter_values), payloads.language(lang)
        with open_snapshot(current_config().snapshot_path) as conn:
            table = agent_table(conn, filters)
            trend = agent_trend(conn, filters)
            distribution = qa_score_distribution(conn, filters)
        columns = [{"name": c, "id": c} for c in table.columns]
        return table_data(table), columns, figures.agent_trend(trend, lang), figures.qa_distribution(distribution, lang)

    @app.callback(
        *drill_outputs("agents"),
        Input(ids.AGENTS_TABLE, "active_cell"), Input(ids.AGENTS_TREND, "clickData"),
        State(ids.AGENTS_TABLE, "derived_viewport_data"), Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
        prevent_initial_call=True,
    )
    def drill(cell: dict | None, trend_click: dict | None, rows: list[dict] | None, lang: str,
              *filter_values: object) -> tuple:
        if ctx.triggered_id == ids.AGENTS_TABLE:
            agent_id = payloads.clicked_row_value(cell, rows, "agent_id")
            point = {"agent_id": agent_id} if agent_id else None
        else:
            point = clicked_point(trend_click, ("day",))
        if point is None:
            raise dash.exceptions.PreventUpdate
        return drill_rows(filters_from(*filter_values), point, lang)
