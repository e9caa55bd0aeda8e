"""Search and alerts: search every conversation, the rules' categories, the role's alert inbox and, for managers,
the customers who came back (issue 20; callbacks in dashboards/callbacks/follow.py)."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, data_table
from dashboards.i18n import t

SENTIMENTS = ("negative", "neutral", "positive")


def layout(lang: str, role: str) -> html.Div:
    search = card(
        t("search_title", lang),
        html.Div([
            dcc.Input(id=ids.SEARCH_QUERY, type="search", debounce=True, maxLength=200,
                      placeholder=t("search_placeholder", lang), className="search-input"),
            html.Label([t("search_category", lang), dcc.Dropdown(id=ids.SEARCH_CATEGORY, multi=True,
                                                                 placeholder=t("all", lang))], className="filter"),
            html.Label([t("search_sentiment", lang), dcc.Dropdown(
                id=ids.SEARCH_SENTIMENT, multi=True, placeholder=t("all", lang),
                options=[{"label": t(f"sentiment_{s}", lang), "value": s} for s in SENTIMENTS])], className="filter"),
            html.Button(t("search_button", lang), id=ids.SEARCH_GO, n_clicks=0),
        ], className="filter-bar"),
        html.P(t("search_hint", lang), className="hint"),
        html.P(id=ids.SEARCH_COUNT, className="hint"),
        data_table(ids.SEARCH_RESULTS, lang, page_size=20),
    )
    blocks = [html.H2(t("page_search", lang)), search,
              html.Div([card(t("categories_title", lang), dcc.Graph(id=ids.SEARCH_CATEGORIES)),
                        card(t("inbox_title", lang), data_table(ids.SEARCH_INBOX, lang, page_size=10))],
                       className="grid-2")]
    if role == "manager":
        blocks.append(card(t("repeat_title", lang), data_table(ids.SEARCH_REPEATS, lang, page_size=10)))
    return html.Div(blocks)
