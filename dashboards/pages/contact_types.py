"""Outbound campaigns, self-service (bot / IVR) and customer-health pages (issue 21; callbacks in
dashboards/callbacks/contact_types.py, formulas in docs/kpis.md)."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, data_table
from dashboards.i18n import t


def outbound(lang: str) -> html.Div:
    return html.Div([
        html.H2(t("page_outbound", lang)),
        html.P(t("outbound_note", lang), className="hint", id=ids.OUTBOUND_STATUS),
        card(t("outbound_by_direction", lang), data_table(ids.OUTBOUND_DIRECTION, lang, page_size=5)),
        card(t("outbound_campaigns", lang), data_table(ids.OUTBOUND_CAMPAIGNS, lang, page_size=10)),
        html.Div([card(t("outbound_hours", lang), dcc.Graph(id=ids.OUTBOUND_HOURS)),
                  card(t("outbound_agents", lang), data_table(ids.OUTBOUND_AGENTS, lang, page_size=10))],
                 className="grid-2"),
        card(t("outbound_followups", lang), data_table(ids.OUTBOUND_FOLLOWUPS, lang, page_size=15)),
    ])


def self_service(lang: str) -> html.Div:
    return html.Div([
        html.H2(t("page_selfservice", lang)),
        html.P(t("selfservice_note", lang), className="hint", id=ids.SELFSERVICE_STATUS),
        html.Div(id=ids.SELFSERVICE_TILES, className="kpi-grid"),
        card(t("selfservice_reasons", lang), data_table(ids.SELFSERVICE_REASONS, lang, page_size=10)),
        card(t("selfservice_queues", lang), data_table(ids.SELFSERVICE_QUEUES, lang, page_size=10)),
    ])


def customers(lang: str) -> html.Div:
    return html.Div([
        html.H2(t("page_customers", lang)),
        html.P(id=ids.CUSTOMERS_STATUS, className="hint"),
        card(t("customers_list", lang), data_table(ids.CUSTOMERS_LIST, lang, page_size=15)),
        html.Div([card(t("customers_movement", lang), dcc.Graph(id=ids.CUSTOMERS_MOVEMENT)),
                  card(t("customers_weights", lang), data_table(ids.CUSTOMERS_WEIGHTS, lang, page_size=10))],
                 className="grid-2"),
    ])
