"""Themes callbacks: the themes table and one theme's detail."""

from __future__ import annotations

import dash
from dash import Input, Output, State, dcc, html

from dashboards import display, figures, ids, payloads
from dashboards.components import card, data_table, empty
from dashboards.config import current_config
from dashboards.i18n import t
from dashboards.queries import open_snapshot, theme_detail, themes_table

TABLE_COLUMNS = ("label", "contacts", "growth_pct", "emerging")


def _detail(theme_id: str, lang: str) -> list:
    with open_snapshot(current_config().snapshot_path) as conn:
        parts = theme_detail(conn, theme_id)
    if not parts:
        return [empty(t("empty_themes", lang))]
    blocks = [card("", dcc.Graph(figure=figures.theme_trend(parts["trend"], lang), id="themes-trend"))]
    if "products" in parts:
        blocks.append(card("", dcc.Graph(figure=figures.products(parts["products"], lang), id="themes-products")))
    if "examples" in parts:
        blocks.append(card(t("examples", lang), data_table(ids.THEMES_EXAMPLES, lang, parts["examples"])))
    return [html.Div(blocks, className="grid-2")]


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.THEMES_TABLE, "data"), Output(ids.THEMES_TABLE, "columns"), Output(ids.THEMES_DETAIL, "children"),
        Input(ids.SHELL_LANG, "value"), Input(ids.THEMES_TABLE, "active_cell"),
        State(ids.THEMES_TABLE, "derived_viewport_data"),
    )
    def update(lang: object, cell: object, shown: object) -> tuple:
        """The table, and under it the clicked theme's detail (or what to do, or that there are no themes)."""
        lang = payloads.language(lang)
        with open_snapshot(current_config().snapshot_path) as conn:
            table = themes_table(conn)
        rows = display.rows(table, lang, [*TABLE_COLUMNS, "theme_id"])  # theme_id: the click key, not shown
        theme_id = payloads.clicked_row_value(cell, shown, "theme_id") if cell and shown else None
        if theme_id is not None:
            detail = _detail(theme_id, lang)
        else:
            detail = [empty(t("themes_pick" if table.height else "empty_themes", lang))]
        return rows, display.columns(list(TABLE_COLUMNS), lang), detail
