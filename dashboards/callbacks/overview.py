"""Overview callbacks: tiles and charts from the filters; drill-down from either chart."""

from __future__ import annotations

import dash
from dash import Input, Output, ctx

from dashboards import figures, ids, payloads
from dashboards.callbacks.common import (
    FILTER_INPUTS,
    clicked_point,
    drill_outputs,
    drill_rows,
    filters_from,
    heatmap_point,
)
from dashboards.components import kpi_tiles
from dashboards.config import current_config
from dashboards.empty_states import charts_say_why
from dashboards.queries import arrival_heatmap, data_coverage, kpi_summary, open_snapshot, volume_by_channel


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.OVERVIEW_KPIS, "children"), Output(ids.OVERVIEW_VOLUME, "figure"),
        Output(ids.OVERVIEW_HEATMAP, "figure"), Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def update(lang: str, *filter_values: object) -> tuple:
        filters, lang = filters_from(*filter_values), payloads.language(lang)
        with open_snapshot(current_config().snapshot_path) as conn:
            summary = kpi_summary(conn, filters)
            volume = volume_by_channel(conn, filters)
            heatmap = arrival_heatmap(conn, filters)
            charts = charts_say_why(conn, filters, lang, figures.mark_partial_days(figures.volume_by_channel(volume, lang), data_coverage(conn), lang),
                                    figures.arrival_heatmap(heatmap, lang))
        return kpi_tiles(summary, lang), *charts

    @app.callback(
        *drill_outputs("overview"),
        Input(ids.OVERVIEW_VOLUME, "clickData"), Input(ids.OVERVIEW_HEATMAP, "clickData"),
        Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS, prevent_initial_call=True,
    )
    def drill(volume_click: dict | None, heatmap_click: dict | None, lang: str, *filter_values: object) -> tuple:
        if ctx.triggered_id == ids.OVERVIEW_HEATMAP:
            point = heatmap_point(heatmap_click)
        else:
            point = clicked_point(volume_click, ("day", "channel"))
        if point is None:
            raise dash.exceptions.PreventUpdate
        return drill_rows(filters_from(*filter_values), point, lang)
