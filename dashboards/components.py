"""Reusable layout pieces: KPI tiles, the filter bar, drill-down blocks, tables with CSV export, empty states."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
from dash import dash_table, dcc, html

from dashboards import ids
from dashboards.auth import PAGE_ROLES
from dashboards.i18n import t

# (label key, column, format): rate = percent (0–100, from transforms.kpis), seconds, count, score
KPI_TILES = (
    ("kpi_volume", "contacts", "count"), ("kpi_service_level", "service_level", "rate"),
    ("kpi_answer_rate", "answer_rate", "rate"), ("kpi_abandon_rate", "abandon_rate", "rate"),
    ("kpi_asa", "asa_seconds", "seconds"), ("kpi_aht", "aht_seconds", "seconds"), ("kpi_fcr", "fcr_rate", "rate"),
    ("kpi_csat", "csat_pct", "rate"), ("kpi_nps", "nps", "score"), ("kpi_ces", "ces_avg", "score"),
    ("kpi_sla_breach", "sla_breach_rate", "rate"), ("kpi_backlog", "backlog_end_of_day", "count"),
)
NAV_PAGES = ("overview", "agents", "staffing", "qa", "themes")
PAGE_PATHS = {"overview": "/", "agents": "/agents", "staffing": "/staffing", "qa": "/qa", "themes": "/themes"}


def format_value(value: float | None, kind: str) -> str:
    if value is None:
        return "–"
    return {"rate": f"{value:.1f}%", "seconds": f"{value:,.0f} s", "count": f"{value:,.0f}", "score": f"{value:,.1f}"}[kind]


def format_change(current: float | None, previous: float | None, kind: str) -> str:
    """Rates change in percentage points, everything else relative to the previous period."""
    if current is None or previous is None:
        return "–"
    if kind == "rate":
        return f"{current - previous:+.1f} pt"
    if kind == "score":
        return f"{current - previous:+.1f}"
    return f"{(current / previous - 1):+.1%}" if previous else "–"


def kpi_tiles(summary: pl.DataFrame, lang: str) -> list[html.Div]:
    now = summary.filter(pl.col("period") == "current").row(0, named=True)
    before = summary.filter(pl.col("period") == "previous").row(0, named=True)
    return [
        html.Div([html.Div(t(label, lang), className="kpi-label"),
                  html.Div(format_value(now[column], kind), className="kpi-value", id=f"overview-kpi-{column}"),
                  html.Div(f"{format_change(now[column], before[column], kind)} {t('vs_previous', lang)}",
                           className="kpi-change")], className="kpi-tile")
        for label, column, kind in KPI_TILES
    ]


def nav(role: str, lang: str, path: str) -> list[html.A]:
    visible = [page for page in NAV_PAGES if role in PAGE_ROLES[page]]
    return [html.A(t(f"page_{page}", lang), href=PAGE_PATHS[page], id=f"shell-nav-{page}",
                   className="nav-link active" if PAGE_PATHS[page] == path else "nav-link") for page in visible] + [
        html.A(t("sign_out", lang), href="/logout", className="nav-link sign-out", id="shell-sign-out")]



FILTER_LABELS = ("filter_dates", "filter_channel", "filter_queue", "filter_team", "filter_language", "filter_direction")


def filter_label_id(label: str) -> str:
    return f"filters-label-{label}"


def _dropdown(component_id: str, label: str, lang: str) -> html.Label:
    return html.Label([html.Span(t(label, lang), id=filter_label_id(label)),
                       dcc.Dropdown(id=component_id, multi=True, placeholder=t("all", lang))], className="filter")


def filter_bar(lang: str) -> html.Div:
    """Filters that apply to every operational page (their values are read by each page's callbacks)."""
    return html.Div([
        html.Label([html.Span(t("filter_dates", lang), id=filter_label_id("filter_dates")), dcc.DatePickerRange(id=ids.FILTERS_DATES, display_format="YYYY-MM-DD",
                                                                 persistence=True, persistence_type="session")],
                   className="filter"),
        _dropdown(ids.FILTERS_CHANNEL, "filter_channel", lang), _dropdown(ids.FILTERS_QUEUE, "filter_queue", lang),
        _dropdown(ids.FILTERS_TEAM, "filter_team", lang), _dropdown(ids.FILTERS_LANGUAGE, "filter_language", lang),
        _dropdown(ids.FILTERS_DIRECTION, "filter_direction", lang),
    ], id=ids.FILTERS_BAR, className="filter-bar")


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 3)
    return value


def table_data(frame: pl.DataFrame) -> list[dict[str, object]]:
    return [{k: _cell(v) for k, v in row.items()} for row in frame.to_dicts()]


def data_table(component_id: str, lang: str, frame: pl.DataFrame | None = None, page_size: int = 15,
               **kwargs: object) -> html.Div:
    """A sortable table and its Export CSV button (written on the server, cells escaped: callbacks/exports.py)."""
    frame = frame if frame is not None else pl.DataFrame()
    parts = ids.export_parts(component_id)
    return html.Div([
        dash_table.DataTable(
            id=component_id, data=table_data(frame), columns=[{"name": c, "id": c} for c in frame.columns],
            page_size=page_size, sort_action="native",
            style_table={"overflowX": "auto"}, style_cell={"fontFamily": "inherit", "fontSize": 13, "textAlign": "left",
                                                          "maxWidth": 360, "whiteSpace": "normal"},
            style_header={"fontWeight": 600, "backgroundColor": "#f6f8fa"}, **kwargs,
        ),
        html.Button(t("export_csv", lang), id=parts["button"], n_clicks=0, className="secondary export"),
        dcc.Download(id=parts["download"]),
    ])


def drill_block(prefix: str, lang: str) -> html.Section:
    parts = ids.drill_parts(prefix)
    return html.Section([html.H3(t("drilldown", lang)),
                         html.P(t("drill_hint", lang), id=parts["title"], className="hint"),
                         data_table(parts["table"], lang)], className="card")


def card(title: str, *children: object, **kwargs: object) -> html.Section:
    return html.Section([html.H3(title), *children], className="card", **kwargs)


def empty(message: str) -> html.P:
    return html.P(message, className="empty")
