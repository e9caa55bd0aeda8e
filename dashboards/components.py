"""Reusable layout pieces: KPI tiles, the filter bar, drill-down blocks, tables with CSV export, empty states."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component

from dashboards import display, ids
from dashboards.auth import PAGE_ROLES
from dashboards.i18n import t

# (label key, KPI column of transforms.kpis); each is shown in its unit (transforms.kpis.unit via display.unit)
KPI_TILES = (
    ("kpi_volume", "contacts"), ("kpi_service_level", "service_level"), ("kpi_answer_rate", "answer_rate"),
    ("kpi_abandon_rate", "abandon_rate"), ("kpi_asa", "asa_seconds"), ("kpi_aht", "aht_seconds"),
    ("kpi_fcr", "fcr_rate"), ("kpi_transfer", "transfer_rate"), ("kpi_csat", "csat_pct"), ("kpi_nps", "nps"),
    ("kpi_ces", "ces_avg"), ("kpi_sla_breach", "sla_breach_rate"), ("kpi_backlog", "backlog_end_of_day"),
)
NAV_PAGES = ("overview", "agents", "staffing", "qa", "themes", "search", "outbound", "selfservice", "customers")
PAGE_PATHS = {"overview": "/", "agents": "/agents", "staffing": "/staffing", "qa": "/qa", "themes": "/themes", "search": "/search",
              "outbound": "/outbound", "selfservice": "/selfservice", "customers": "/customers"}


def format_value(value: float | None, column: str, lang: str) -> str:
    return display.format_number(value, display.unit(column), lang)


def format_change(current: float | None, previous: float | None, column: str) -> str:
    """Percentages change in percentage points, NPS and CES in points, everything else relative to before."""
    kind = display.unit(column)
    if current is None or previous is None:
        return "—"
    if kind == "percent":
        return f"{current - previous:+.1f} pt"
    if kind in ("index", "score_1_7"):
        return f"{current - previous:+.1f}"
    return f"{(current / previous - 1):+.1%}" if previous else "—"


def period_change(now: dict, before: dict, column: str, lang: str) -> str:
    """The change against the previous period, like for like: only when both periods have contacts on as many
    days; otherwise "—" and why (a previous period with 2 days of data would make any volume look like +1,000 %)."""
    if not_compared(now, before, lang):
        return t("change_not_compared", lang)
    return f"{format_change(now[column], before[column], column)} {t('vs_previous', lang)}"


def not_compared(now: dict, before: dict, lang: str) -> str | None:
    """Why the periods are not compared (said once under the tiles), or None when they are like for like."""
    current_days, previous_days = int(now["days_with_data"] or 0), int(before["days_with_data"] or 0)
    if previous_days == 0:
        return t("change_none", lang)
    if previous_days != current_days:
        return t("change_short", lang).format(previous=previous_days, current=current_days)
    return None


def kpi_tiles(summary: pl.DataFrame, lang: str) -> list[Component]:
    now = summary.filter(pl.col("period") == "current").row(0, named=True)
    before = summary.filter(pl.col("period") == "previous").row(0, named=True)
    tiles: list[Component] = [
        html.Div([html.Div(t(label, lang), className="kpi-label"),
                  html.Div(format_value(now[column], column, lang), className="kpi-value", id=f"overview-kpi-{column}"),
                  html.Div(period_change(now, before, column, lang), className="kpi-change",
                           id=f"overview-change-{column}")], className="kpi-tile")
        for label, column in KPI_TILES
    ]
    reason = not_compared(now, before, lang)
    return tiles + ([html.P(reason, className="hint kpi-reason", id="overview-change-reason")] if reason else [])


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
        html.Label([html.Span(t("filter_dates", lang), id=filter_label_id("filter_dates")), dcc.DatePickerRange(
            id=ids.FILTERS_DATES, display_format="YYYY-MM-DD", month_format="YYYY-MM", first_day_of_week=1,
            start_date_placeholder_text=t("date_start", lang), end_date_placeholder_text=t("date_end", lang),
            persistence=True, persistence_type="session")],
                   className="filter"),
        _dropdown(ids.FILTERS_CHANNEL, "filter_channel", lang), _dropdown(ids.FILTERS_QUEUE, "filter_queue", lang),
        _dropdown(ids.FILTERS_TEAM, "filter_team", lang), _dropdown(ids.FILTERS_LANGUAGE, "filter_language", lang),
        _dropdown(ids.FILTERS_DIRECTION, "filter_direction", lang),
    ], id=ids.FILTERS_BAR, className="filter-bar")


def table_data(frame: pl.DataFrame) -> list[dict[str, object]]:
    return [{k: display.cell(v) for k, v in row.items()} for row in frame.to_dicts()]


def empty_state_id(table: str) -> str:
    return f"{table}-empty"


# AG Grid's Quartz theme in the page's font and colours (dash-ag-grid evaluates the function on the client)
GRID_THEME = {"function": "themeQuartz.withParams({fontFamily: 'inherit', fontSize: 13, headerFontWeight: 600,"
                          " headerBackgroundColor: '#f6f8fa', foregroundColor: '#1f2328', accentColor: '#1f6feb',"
                          " spacing: 6, wrapperBorderRadius: 6, cellHorizontalPaddingScale: 0.75})"}  # 9 px a side
GRID_SHOWN, GRID_HIDDEN = {"width": "100%"}, {"display": "none"}
GRID_TEXT = ("page", "of", "to", "more", "firstPage", "previousPage", "nextPage", "lastPage", "loadingOoo")


def grid_options(lang: str, page_size: int) -> dict[str, object]:
    """Pages of ``page_size`` rows, the grid as tall as its rows, its own words (pager, loading) in ``lang``; no
    "No Rows To Show" overlay: the sentence above the grid says why it is empty, in the UI language. Every row and
    column of the page is in the DOM in reading order (screen readers, text selection, the browser tests)."""
    return {"pagination": True, "paginationPageSize": page_size, "paginationPageSizeSelector": False,
            "domLayout": "autoHeight", "suppressNoRowsOverlay": True, "enableCellTextSelection": True,
            "ensureDomOrder": True, "suppressColumnVirtualisation": True,  # rows in reading order, every column drawn
            "localeText": {key: t(f"grid_{key}", lang) for key in GRID_TEXT}, "theme": GRID_THEME}


def data_table(component_id: str, lang: str, frame: pl.DataFrame | None = None, page_size: int = 15,
               links: tuple[str, ...] = (), row_id: str | None = None) -> html.Div:
    """A sortable grid (dash-ag-grid), the sentence shown instead when it has no rows (callbacks/exports.py toggles
    it; a callback may say why), and its Export CSV button (written on the server, cells escaped, named after the
    page, filters and date). Without a ``frame`` the grid has no rows yet (a callback or a click fills it): the
    sentence waits for that answer. ``links`` are markdown link columns; ``row_id`` names the column whose value a
    click reports (``cellClicked.rowId``)."""
    parts = ids.export_parts(component_id)
    identity = {"getRowId": f"params.data.{row_id}"} if row_id else {}
    has_rows = frame is not None and not frame.is_empty()
    return html.Div([
        html.P(t("empty_table", lang), id=empty_state_id(component_id), className="empty",
               style={} if frame is not None and frame.is_empty() else GRID_HIDDEN),
        dag.AgGrid(
            id=component_id, rowData=None if frame is None else display.rows(frame, lang),
            columnDefs=display.columns(frame.columns if frame is not None else [], lang, links),
            defaultColDef={"sortable": True, "resizable": True, "wrapText": True, "autoHeight": True,
                           "wrapHeaderText": True, "autoHeaderHeight": True, "flex": 1, "minWidth": 96},
            dashGridOptions=grid_options(lang, page_size), className="koe-grid",
            style=GRID_SHOWN if has_rows else GRID_HIDDEN, **identity,  # no rows: only the sentence (exports.py)
        ),
        html.Button(t("export_csv", lang), id=parts["button"], n_clicks=0, className="secondary export"),
        dcc.Download(id=parts["download"]),
    ])


def drill_block(prefix: str, lang: str) -> html.Section:
    parts = ids.drill_parts(prefix)
    return html.Section([html.H3(t("drilldown", lang)),
                         html.P(t("drill_hint", lang), id=parts["title"], className="hint"),
                         data_table(parts["table"], lang)], className="card")


def card(title: str, *children: Component | str | None, **kwargs: Any) -> html.Section:
    return html.Section([html.H3(title), *children], className="card", **kwargs)


def data_attributes(**values: str) -> dict[str, Any]:
    """HTML ``data-*`` attributes to pass to a Dash component as ``**`` keywords (``seek=...`` → ``data-seek``):
    their names are not Python identifiers, so they go in as a dict."""
    return {f"data-{name.replace('_', '-')}": value for name, value in values.items()}


def empty(message: str) -> html.P:
    return html.P(message, className="empty")
