"""Agents and teams: per-agent KPIs and QA scores, trend, QA score distribution, harassment exposure."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, data_table, drill_block
from dashboards.i18n import t


def layout(lang: str) -> html.Div:
    return html.Div([
        html.H2(t("page_agents", lang)),
        card(t("agents_table", lang), html.P(id=ids.AGENTS_SUMMARY, className="hint"),
             data_table(ids.AGENTS_TABLE, lang, page_size=10, row_id="agent_id")),
        html.Div([card("", dcc.Graph(id=ids.AGENTS_TREND, config={"displaylogo": False})),
                  card("", dcc.Graph(id=ids.AGENTS_QA_DIST, config={"displaylogo": False}))], className="grid-2"),
        drill_block("agents", lang),
    ])
