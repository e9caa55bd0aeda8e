"""Overview (managers): KPI tiles, volume by channel, intraday heatmap, drill-down."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, drill_block
from dashboards.i18n import t


def layout(lang: str) -> html.Div:
    return html.Div([
        html.H2(t("page_overview", lang)),
        html.Div(id=ids.OVERVIEW_KPIS, className="kpi-grid"),
        html.P(t("kpi_note", lang), className="hint"),
        html.Div([card("", dcc.Graph(id=ids.OVERVIEW_VOLUME, config={"displaylogo": False})),
                  card("", dcc.Graph(id=ids.OVERVIEW_HEATMAP, config={"displaylogo": False}))], className="grid-2"),
        drill_block("overview", lang),
    ])
