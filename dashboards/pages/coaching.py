"""The coaching part of the agents page: each coaching item's status and whether the criterion's pass rate moved
since it was assigned; an agent sees their own ("my coaching") and acknowledges them."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, data_table
from dashboards.i18n import t


def layout(lang: str, role: str) -> html.Section:
    acknowledge = [html.Div([
        dcc.Dropdown(id=ids.AGENTS_ACK_ITEM, placeholder=t("qa_my_coaching", lang), className="grow"),
        html.Button(t("qa_acknowledge", lang), id=ids.AGENTS_ACK, n_clicks=0),
        html.P(id=ids.AGENTS_ACK_STATUS, role="status"),
    ], className="qa-form")] if role == "agent" else []
    title = t("qa_my_coaching" if role == "agent" else "qa_coaching_status", lang)
    return card(title, data_table(ids.AGENTS_COACHING, lang, page_size=10), *acknowledge, id="agents-coaching-card")
