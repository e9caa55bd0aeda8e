"""What an empty table or chart says: why it is empty (queries.empty.why_empty), in the UI language, naming the
period, the filters that exclude everything (by their names, never codes) or the role's limit."""

from __future__ import annotations

from datetime import date

import duckdb
import plotly.graph_objects as go
import polars as pl

from dashboards import display, ids
from dashboards.figures import has_points, say_why
from dashboards.i18n import keys, t
from dashboards.queries.base import DIMENSIONS, Filters
from dashboards.queries.contact_types import health_computed
from dashboards.queries.empty import EmptyReason, data_span, has_contacts, stage_of, why_empty

NOT_RUN = {"qa": "empty_qa", "themes": "empty_themes", "outbound": "empty_not_run_outbound",
           "selfservice": "empty_not_run_selfservice", "customers": "customers_empty"}  # stage: what it says


def _filters_in_words(filters: Filters, lang: str) -> str:
    """チャネル: 電話・チャット / キュー: 請求 — the dimensions the filter bar limits, by name."""
    parts = []
    for dimension in DIMENSIONS:
        values = getattr(filters, dimension)
        if values:
            shown = t("list_separator", lang).join(str(display.code_label(dimension, v, lang)) for v in values)
            parts.append(f"{t('filter_' + dimension, lang)}: {shown}")
    return " / ".join(parts)


def kind_key(table: str) -> str:
    """The i18n key of what ``table`` lists, said when contacts are there but none is of that kind."""
    specific = "empty_kind_" + table.replace("-", "_")
    return specific if specific in keys() else "empty_kind"


def empty_text(reason: EmptyReason, filters: Filters, lang: str, table: str = "",
               span: tuple[date | None, date | None] = (None, None)) -> str:
    """The sentence an empty ``table`` (or chart) shows for ``reason``."""
    if reason == "not_loaded":
        return t("data_none", lang)
    if reason == "not_run":
        return t(NOT_RUN[stage_of(table) or ""], lang)
    if reason == "period":
        first, last = span
        text = t("empty_period", lang).format(start=filters.date_from, end=filters.date_to)
        return text + (t("empty_period_span", lang).format(first=first, last=last) if first and last else "")
    if reason == "filters":
        return t("empty_filters", lang).format(filters=_filters_in_words(filters, lang))
    if reason == "scope":
        return t("empty_scope_agent" if filters.agent_id is not None else "empty_scope_teams", lang)
    return t(kind_key(table), lang)


def explain(conn: duckdb.DuckDBPyConnection, filters: Filters, lang: str, table: str = "", filtered: bool = True) -> str:
    """Why a list of contacts for ``filters`` is empty, as ``table`` (a grid's or chart's id) says it."""
    reason = why_empty(conn, filters, filtered=filtered, stage=stage_of(table))
    return empty_text(reason, filters, lang, table, data_span(conn))


def charts_say_why(conn: duckdb.DuckDBPyConnection, filters: Filters, lang: str, *charts: go.Figure,
                   page: str = "") -> tuple[go.Figure, ...]:
    """``charts``, each one without a point saying why (asked once for all of them, and only when one is empty), in
    the words of ``page`` (a page, 'qa', or a table's id whose own words fit the chart)."""
    empty = [chart for chart in charts if not has_points(chart)]
    if empty:
        why = explain(conn, filters, lang, page)
        for chart in empty:
            say_why(chart, why)
    return charts


def why_no_examples(conn: duckdb.DuckDBPyConnection, filters: Filters, lang: str, elsewhere: pl.DataFrame) -> str:
    """Why a theme shows no example for ``filters``: its examples (``elsewhere``: their days) are from other days or
    channels, said with their days; else why any themes list would be empty (no contact in the period, the
    filters, or no example picked yet)."""
    days = sorted(elsewhere["day"].drop_nulls())
    if days:
        return t("themes_examples_elsewhere", lang).format(days=display.day_range(days[0], days[-1], lang))
    return explain(conn, filters, lang, ids.THEMES_EXAMPLES)


def why_nobody_at_risk(conn: duckdb.DuckDBPyConnection, at_risk_below: float, lang: str) -> str:
    """Why the customer-health list is empty: no data, health not computed yet, or nobody below the line."""
    if not has_contacts(conn):
        return t("data_none", lang)
    if not health_computed(conn):
        return t("customers_empty", lang)
    return t("customers_none_at_risk", lang).format(below=f"{at_risk_below:g}")
