"""Coaching on the agents page: status and pass-rate change per item (in the role's scope); an agent acknowledges
their own items."""

from __future__ import annotations

import dash
from dash import Input, Output, State

from dashboards import display, ids, payloads, qa_view
from dashboards.auth import current_user
from dashboards.callbacks.common import FILTER_INPUTS, filters_from
from dashboards.callbacks.qa import coaching_table
from dashboards.config import current_config
from dashboards.i18n import t
from dashboards.queries import open_snapshot
from dashboards.queries.qa import rubrics
from warehouse import review_store

_SHOWN = ["agent_name", "criterion", "status", "due", "assigned_by", "before_pct", "after_pct", "change_pt"]


def _table(lang: str, filter_values: tuple[object, ...]) -> tuple[list[dict], list[dict], list[dict]]:
    filters = filters_from(*filter_values)
    with open_snapshot(current_config().snapshot_path) as conn:
        names = qa_view.names_from_rubrics(rubrics(conn), lang)
        frame = coaching_table(conn, filters, names, lang)
    waiting = frame.filter(frame["status"] == t("qa_not_acknowledged", lang)).unique("coaching_id", keep="first")
    options = [{"label": f"{row['criterion']} ({row['assigned_by']})", "value": row["coaching_id"]}
               for row in waiting.iter_rows(named=True)] if filters.agent_id is not None else []
    return display.rows(frame, lang, _SHOWN), display.columns(_SHOWN, lang), options


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.AGENTS_COACHING, "rowData"), Output(ids.AGENTS_COACHING, "columnDefs"),
        Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def update(lang: object, *filter_values: object) -> tuple:
        rows, columns, _ = _table(payloads.language(lang), filter_values)
        return rows, columns

    @app.callback(Output(ids.AGENTS_ACK_ITEM, "options"), Input(ids.AGENTS_COACHING, "rowData"),
                  State(ids.SHELL_LANG, "value"), *[State(i.component_id, i.component_property) for i in FILTER_INPUTS])
    def waiting(_rows: object, lang: object, *filter_values: object) -> list[dict]:
        return _table(payloads.language(lang), filter_values)[2]

    @app.callback(
        Output(ids.AGENTS_ACK_STATUS, "children"), Output(ids.AGENTS_COACHING, "rowData", allow_duplicate=True),
        Input(ids.AGENTS_ACK, "n_clicks"), State(ids.AGENTS_ACK_ITEM, "value"), State(ids.SHELL_LANG, "value"),
        *[State(i.component_id, i.component_property) for i in FILTER_INPUTS], prevent_initial_call=True,
    )
    def acknowledge(_click: object, item: object, lang: object, *filter_values: object) -> tuple:
        user, lang = current_user(), payloads.language(lang)
        if user.role != "agent" or item is None:
            return t("forbidden" if user.role != "agent" else "qa_my_coaching", lang), dash.no_update
        try:
            review_store.acknowledge_coaching(current_config().app_db, payloads.item_id(item, "coaching item"),
                                              user.agent_id or "")
        except review_store.ReviewError as refused:
            return t(refused.key, lang), dash.no_update
        return t("saved", lang), _table(lang, filter_values)[0]
