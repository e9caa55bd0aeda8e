"""Staffing: Erlang C what-if per 30-minute interval for one real-time channel and weekday, against the staffing
actually seen."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, data_table, drill_block
from dashboards.display import code_label
from dashboards.i18n import t
from dashboards.payloads import STAFFING_RANGES
from dashboards.queries import REALTIME_CHANNELS


def _number(component_id: str, label: str, value: float | None, lang: str) -> html.Label:
    low, high = STAFFING_RANGES[label]  # the server refuses the same out-of-range values (payloads.py)
    return html.Label([t(label, lang), dcc.Input(id=component_id, type="number", value=value, debounce=True, min=low,
                                                 max=high)], className="filter")


def layout(lang: str) -> html.Div:
    weekdays = t("weekday_names", lang).split(",")
    return html.Div([
        html.H2(t("page_staffing", lang)),
        card(t("staffing_inputs", lang), html.Div([
            html.Label([t("staffing_channel", lang), dcc.RadioItems(
                id=ids.STAFFING_CHANNEL, value=REALTIME_CHANNELS[0], inline=True,
                options=[{"label": code_label("channel", c, lang), "value": c} for c in REALTIME_CHANNELS])],
                className="filter"),
            html.Label([t("staffing_weekday", lang), dcc.Dropdown(
                id=ids.STAFFING_WEEKDAY, value=1, clearable=False,
                options=[{"label": name, "value": day} for day, name in enumerate(weekdays, start=1)])],
                className="filter"),
            _number(ids.STAFFING_SL, "target_sl", 80, lang),
            _number(ids.STAFFING_WITHIN, "answer_within", 20, lang),
            _number(ids.STAFFING_SHRINKAGE, "shrinkage", 30, lang),
            _number(ids.STAFFING_AHT, "aht_override", None, lang),
        ], className="filter-bar"), html.P(id=ids.STAFFING_NOTE, className="hint")),
        card("", dcc.Graph(id=ids.STAFFING_CHART, config={"displaylogo": False})),
        card(t("staffing_table", lang), data_table(ids.STAFFING_TABLE, lang, page_size=12)),
        drill_block("staffing", lang),
    ])
