"""The frame: routing by URL, navigation by role, language, and the filter bar's options."""

from __future__ import annotations

from datetime import timedelta

import dash
from dash import Input, Output, State

from dashboards import ids, pages, payloads
from dashboards.auth import current_user
from dashboards.components import FILTER_LABELS, filter_label_id, nav
from dashboards.config import current_config
from dashboards.i18n import t
from dashboards.queries import filter_options, open_snapshot

DIMENSION_IDS = {"channel": ids.FILTERS_CHANNEL, "queue": ids.FILTERS_QUEUE, "team": ids.FILTERS_TEAM,
                 "language": ids.FILTERS_LANGUAGE, "direction": ids.FILTERS_DIRECTION}


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.SHELL_CONTENT, "children"), Output(ids.SHELL_NAV, "children"), Output(ids.FILTERS_BAR, "style"),
        Output(ids.SHELL_USER, "children"), *[Output(filter_label_id(label), "children") for label in FILTER_LABELS],
        Input(ids.SHELL_URL, "pathname"), Input(ids.SHELL_LANG, "value"),
    )
    def route(path: object, lang: object) -> tuple:
        user, path, lang = current_user(), payloads.url_path(path), payloads.language(lang)
        page = pages.render(path, user.role, lang)
        shows_filters = pages.auth.page_for_path(path) in pages.FILTERED_PAGES
        labels = [t(label, lang) for label in FILTER_LABELS]
        return page, nav(user.role, lang, path), {} if shows_filters else {"display": "none"}, \
            f"{user.username} ({user.role})", *labels

    @app.callback(
        *[Output(component, "options") for component in DIMENSION_IDS.values()],
        Output(ids.FILTERS_DATES, "start_date"), Output(ids.FILTERS_DATES, "end_date"),
        Input(ids.SHELL_URL, "pathname"),
        State(ids.FILTERS_DATES, "start_date"), State(ids.FILTERS_DATES, "end_date"),
    )
    def load_filter_options(_path: object, start: object, end: object) -> tuple:
        payloads.period(start, end)  # echoed back as they are: refused unless they are the dates they claim to be
        with open_snapshot(current_config().snapshot_path) as conn:
            options = filter_options(conn)
        last = options["last_day"]
        if start and end or last is None:
            return *[options[d] for d in DIMENSION_IDS], start, end
        return *[options[d] for d in DIMENSION_IDS], (last - timedelta(days=27)).isoformat(), last.isoformat()
