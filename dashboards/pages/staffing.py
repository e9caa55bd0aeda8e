"""Staffing: Erlang C what-if per 30-minute interval against the staffing actually seen."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, data_table, drill_block
from dashboards.i18n import t


def _number(component_id: str, label: str, value: float | None, lang: str, **kwargs: float) -> html.Label:
    return html.Label([t(label, lang), dcc.Input(id=component_id, type="number", value=value, debounce=True, **kwargs)],
                      className="filter")


def layout(lang: str) -> html.Div:
    return html.Div([
        html.H2(t("page_staffing", lang)),
        card(t("staffing_inputs", lang), html.Div([
            _number(ids.STAFFING_SL, "target_sl", 80, lang, min=1, max=99),
            _number(ids.STAFFING_WITHIN, "answer_within", 20, lang, min=1, max=3600),
            _number(ids.STAFFING_SHRINKAGE, "shrinkage", 30, lang, min=0, max=90),
            _number(ids.STAFFING_AHT, "aht_override", None, lang, min=1, max=36000),
        ], className="filter-bar")),
        card("", dcc.Graph(id=ids.STAFFING_CHART, config={"displaylogo": False})),
        card(t("staffing_table", lang), data_table(ids.STAFFING_TABLE, page_size=12)),
        drill_block("staffing", lang),
    ])
