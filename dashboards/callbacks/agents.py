"""Agents callbacks: table, totals, trend and QA distribution; drill-down from an agent row, a trend day or a
QA score band."""

from __future__ import annotations

import dash
from dash import Input, Output, ctx, html

from dashboards import display, figures, ids, payloads
from dashboards.callbacks.common import FILTER_INPUTS, clicked_point, drill_outputs, drill_rows, filters_from
from dashboards.components import format_value
from dashboards.config import current_config
from dashboards.empty_states import charts_say_why
from dashboards.i18n import t
from dashboards.queries import (
    agent_table,
    agent_totals,
    agent_trend,
    data_coverage,
    open_snapshot,
    qa_score_distribution,
)

TABLE_COLUMNS = ("agent_name", "team", "handled", "aht_seconds", "transfer_rate", "escalation_rate", "csat_pct",
                 "qa_score", "qa_scored", "harassment_contacts")
SUMMARY = ("handled", "aht_seconds", "transfer_rate", "escalation_rate", "csat_pct")


def summary_line(totals: dict[str, float | None], lang: str) -> list:
    """The selected agents together, each KPI as in transforms.kpis (ids agents-total-<kpi> for the tests)."""
    parts: list = [html.Strong(f"{t('agents_summary', lang)}: ")]
    for column in SUMMARY:
        parts += [f"{display.column_label(column, lang)} ",
                  html.Span(format_value(totals[column], column, lang), id=f"agents-total-{column}"), " · "]
    return parts[:-1]


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.AGENTS_TABLE, "rowData"), Output(ids.AGENTS_TABLE, "columnDefs"), Output(ids.AGENTS_SUMMARY, "children"),
        Output(ids.AGENTS_TREND, "figure"), Output(ids.AGENTS_QA_DIST, "figure"),
        Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def update(lang: str, *filter_values: object) -> tuple:
        filters, lang = filters_from(*filter_values), payloads.language(lang)
        with open_snapshot(current_config().snapshot_path) as conn:
            table = agent_table(conn, filters)
            totals = agent_totals(conn, filters)
            trend = agent_trend(conn, filters)
            distribution = qa_score_distribution(conn, filters)
            by_day = figures.mark_partial_days(figures.agent_trend(trend, lang), data_coverage(conn), lang)
            charts = charts_say_why(conn, filters, lang, by_day, figures.qa_distribution(distribution, lang))
        rows = display.rows(table, lang, [*TABLE_COLUMNS, "agent_id"])  # agent_id: the drill-down key, not shown
        return rows, display.columns(list(TABLE_COLUMNS), lang), summary_line(totals, lang), *charts

    @app.callback(
        *drill_outputs("agents"),
        Input(ids.AGENTS_TABLE, "cellClicked"), Input(ids.AGENTS_TREND, "clickData"),
        Input(ids.AGENTS_QA_DIST, "clickData"), Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
        prevent_initial_call=True,
    )
    def drill(cell: dict | None, trend_click: dict | None, band_click: dict | None, lang: str,
              *filter_values: object) -> tuple:
        if ctx.triggered_id == ids.AGENTS_TABLE:
            agent_id = payloads.clicked_row_id(cell)  # the row's agent_id (the grid's getRowId)
            point: dict[str, object] | None = {"agent_id": agent_id} if agent_id else None
        elif ctx.triggered_id == ids.AGENTS_QA_DIST:
            point = clicked_point(band_click, ("qa_band",))
        else:
            point = clicked_point(trend_click, ("day",))
        if point is None:
            raise dash.exceptions.PreventUpdate
        return drill_rows(filters_from(*filter_values), point, lang)
