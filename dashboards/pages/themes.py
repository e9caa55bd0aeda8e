"""Themes (product teams): volume, cost, growth and emerging flags in the filter bar's period and channels; the
clicked theme's trend, products, examples and (for roles that may open them) its interactions; rename, merge and
track controls for the roles that may change themes (checked again on the server)."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, data_table
from dashboards.i18n import t


def _controls(lang: str) -> html.Section:
    return card(
        t("theme_controls", lang),
        html.P(id=ids.THEMES_SELECTED + "-label", className="hint", children=t("themes_pick", lang)),
        html.Div([dcc.Input(id=ids.THEMES_NAME, type="text", maxLength=120, placeholder=t("theme_new_name", lang)),
                  html.Button(t("theme_rename", lang), id=ids.THEMES_RENAME)], className="row"),
        html.Div([dcc.Dropdown(id=ids.THEMES_MERGE_INTO, placeholder=t("theme_merge_into", lang), style={"minWidth": "18em"}),
                  html.Button(t("theme_merge", lang), id=ids.THEMES_MERGE)], className="row"),
        html.Div([dcc.Input(id=ids.THEMES_BACKLOG, type="url", maxLength=500, placeholder=t("theme_backlog_url", lang)),
                  html.Button(t("theme_track", lang), id=ids.THEMES_TRACK)], className="row"),
        html.P(id=ids.THEMES_CONTROL_STATUS, role="status"),
        id=ids.THEMES_CONTROLS,
    )


def layout(lang: str) -> html.Div:
    return html.Div([
        html.H2(t("page_themes", lang)),
        dcc.Store(id=ids.THEMES_SELECTED), dcc.Store(id=ids.THEMES_CONTROLS_SAVED, data=0),
        card(t("themes_table", lang), data_table(ids.THEMES_TABLE, lang, page_size=15, row_id="theme_id"),
             html.P(t("growth_note", lang), className="hint", id=ids.THEMES_NOTE)),
        _controls(lang),
        html.Div(id=ids.THEMES_DETAIL),
        html.P([html.A(t("feedback_report", lang), href=f"/reports/product-feedback?lang={lang}", id="themes-report-link",
                       target="_blank"), " · ",
                html.A("PDF", href=f"/reports/product-feedback?lang={lang}&format=pdf", target="_blank",
                       id="themes-report-pdf")]),
    ])
