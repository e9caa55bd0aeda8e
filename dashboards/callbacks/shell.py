"""The frame: routing by URL, navigation by role, language (with ``<html lang>``), the filter bar's options and
the "data as of" line."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

import dash
from dash import ClientsideFunction, Input, Output, State

from dashboards import display, ids, pages, payloads
from dashboards.auth import current_user
from dashboards.components import FILTER_LABELS, filter_label_id, nav
from dashboards.config import current_config
from dashboards.i18n import t
from dashboards.queries import data_as_of, filter_options, open_snapshot

DIMENSION_IDS = {"channel": ids.FILTERS_CHANNEL, "queue": ids.FILTERS_QUEUE, "team": ids.FILTERS_TEAM,
                 "language": ids.FILTERS_LANGUAGE, "direction": ids.FILTERS_DIRECTION}


def as_of_text(as_of: dict[str, object], zone: str, lang: str) -> str:
    """データ: 2026-11-22まで · 更新 2026-11-30 09:20 (日本時間): the last day with data and the publish time, in the
    zone as people read it (display.zone_label)."""
    if as_of["last_day"] is None:
        return t("data_none", lang)
    published = as_of["published_at"]
    shown = published.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(zone)) if isinstance(published, datetime) else None
    return t("data_as_of", lang).format(last_day=as_of["last_day"], zone=display.zone_label(zone, lang, shown),
                                        published=f"{shown:%Y-%m-%d %H:%M}" if shown else "—")


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.SHELL_CONTENT, "children"), Output(ids.SHELL_NAV, "children"), Output(ids.FILTERS_BAR, "style"),
        Output(ids.SHELL_USER, "children"), *[Output(filter_label_id(label), "children") for label in FILTER_LABELS],
        *[Output(component, "placeholder") for component in DIMENSION_IDS.values()],
        Output(ids.FILTERS_DATES, "start_date_placeholder_text"), Output(ids.FILTERS_DATES, "end_date_placeholder_text"),
        Input(ids.SHELL_URL, "pathname"), Input(ids.SHELL_LANG, "value"),
    )
    def route(path: object, lang: object) -> tuple:
        user, path, lang = current_user(), payloads.url_path(path), payloads.language(lang)
        page = pages.render(path, user.role, lang)
        shows_filters = pages.auth.page_for_path(path) in pages.FILTERED_PAGES
        labels = [t(label, lang) for label in FILTER_LABELS]
        placeholders = [t("all", lang)] * len(DIMENSION_IDS)
        return page, nav(user.role, lang, path), {} if shows_filters else {"display": "none"}, \
            f"{user.username} ({t(f'role_{user.role}', lang)})", *labels, *placeholders, t("date_start", lang), t("date_end", lang)

    app.clientside_callback(  # <html lang> and the date picker's weekday and month names (assets/language.js)
        ClientsideFunction("koe", "setLanguage"), Output(ids.SHELL_LANG, "className"), Input(ids.SHELL_LANG, "value"),
    )

    @app.callback(
        *[Output(component, "options") for component in DIMENSION_IDS.values()],
        Output(ids.FILTERS_DATES, "start_date"), Output(ids.FILTERS_DATES, "end_date"), Output(ids.SHELL_AS_OF, "children"),
        Input(ids.SHELL_URL, "pathname"), Input(ids.SHELL_LANG, "value"),
        State(ids.FILTERS_DATES, "start_date"), State(ids.FILTERS_DATES, "end_date"),
    )
    def load_filter_options(_path: object, lang: object, start: object, end: object) -> tuple:
        payloads.period(start, end)  # echoed back as they are: refused unless they are the dates they claim to be
        lang = payloads.language(lang)
        with open_snapshot(current_config().snapshot_path) as conn:
            options = filter_options(conn)
            as_of = data_as_of(conn)
        labelled = [display.options(cast(list[str], options[d]), d, lang) for d in DIMENSION_IDS]
        note = as_of_text(as_of, current_config().timezone, lang)
        last = cast(date | None, options["last_day"])
        if start and end or last is None:
            return *labelled, start, end, note
        return *labelled, (last - timedelta(days=27)).isoformat(), last.isoformat(), note
