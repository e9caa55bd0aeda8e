"""Themes callbacks: the themes table (filter bar's period and channels), one theme's detail, and the product team's
controls (rename, merge, track), which write through warehouse.theme_controls with the role checked there."""

from __future__ import annotations

from datetime import date

import dash
import duckdb
import polars as pl
from dash import Input, Output, State, dcc, html

from dashboards import display, figures, ids, payloads
from dashboards.auth import current_user, may_see
from dashboards.callbacks.common import FILTER_INPUTS, filters_from
from dashboards.components import card, data_table, empty
from dashboards.config import current_config
from dashboards.empty_states import charts_say_why, why_no_examples
from dashboards.i18n import t
from dashboards.queries import Filters, open_snapshot, theme_detail, themes_table
from dashboards.queries.themes import emerging_window
from transforms.themes.trends import BASELINE_DAYS, RECENT_DAYS
from warehouse import theme_controls

TABLE_COLUMNS = ("label", "contacts", "agent_hours", "aht_seconds", "transfer_rate", "escalation_rate", "repeat_contacts",
                 "csat_pct", "nps", "question_share", "negative_share", "sentiment_start", "sentiment_end", "growth_pct",
                 "emerging", "tracked")
INTERACTION_COLUMNS = ["interaction_id", "channel", "product", "subject"]


_LINK = pl.format("[{}](/interactions/{})", "interaction_id", "interaction_id")  # its (masked) interaction page


def _examples(conn: duckdb.DuckDBPyConnection, parts: dict[str, pl.DataFrame], filters: Filters, lang: str,
              may_open: bool) -> html.Div | html.P:
    """The theme's examples in the period and channels, each a link to its interaction for a role that may open it;
    none there: why (where its examples are)."""
    examples = parts["examples"]
    if examples.is_empty():
        return empty(why_no_examples(conn, filters, lang, parts["examples_elsewhere"]))
    links = ("interaction_id",) if may_open else ()
    return data_table(ids.THEMES_EXAMPLES, lang, examples.with_columns(interaction_id=_LINK) if may_open else examples,
                      links=links)


def _detail(theme_id: str, lang: str, controls: pl.DataFrame, filters: Filters, backlog_url: str | None) -> list:
    may_open = may_see(current_user().role, "interaction")  # the drill-down only for roles that may open interactions
    with open_snapshot(current_config().snapshot_path) as conn:
        parts = theme_detail(conn, theme_id, controls, filters, interactions=may_open)
        if "products" in parts:  # contacts without a product are counted under 'unknown' (transforms/themes/trends.py)
            products = parts["products"].with_columns(pl.col("product").replace("unknown", t("unknown", lang)))
            by_product = figures.products(products, lang)  # none in the period: why, as the theme's interactions say
            charts_say_why(conn, filters, lang, by_product, page=ids.THEMES_INTERACTIONS)
        if "examples" in parts:
            examples = _examples(conn, parts, filters, lang, may_open)
    if not parts:
        return [empty(t("empty_themes", lang))]
    blocks = [card("", dcc.Graph(figure=figures.theme_trend(parts["trend"], lang), id="themes-trend"))]
    if "products" in parts:
        blocks.append(card("", dcc.Graph(figure=by_product, id="themes-products")))
    if "examples" in parts:
        blocks.append(card(t("examples", lang), examples))
    if "interactions" in parts:
        linked = parts["interactions"].select(INTERACTION_COLUMNS).with_columns(interaction_id=_LINK)
        blocks.append(card(t("theme_interactions", lang),
                           data_table(ids.THEMES_INTERACTIONS, lang, linked, page_size=10, links=("interaction_id",))))
    backlog = [html.P(html.A(t("theme_backlog", lang).format(url=backlog_url), href=backlog_url, target="_blank",
                             rel="noopener", id="themes-backlog-link"))] if backlog_url else []
    return [*backlog, html.Div(blocks, className="grid-2")]


def _note(window: tuple[date, date] | None, lang: str) -> list:
    """How growth and the customers' sentiment are computed (the headers are short) and which days "emerging" is
    about (not the period above: the themes stage's)."""
    explained = [t("growth_note", lang), html.Br(), t("sentiment_note", lang)]
    if window is None:
        return explained
    emerging = t("emerging_note", lang).format(recent=RECENT_DAYS, baseline=BASELINE_DAYS,
                                               days=display.day_range(*window, lang))
    return [*explained, html.Br(), html.Span(emerging, id="themes-emerging-note")]


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.THEMES_TABLE, "rowData"), Output(ids.THEMES_TABLE, "columnDefs"), Output(ids.THEMES_DETAIL, "children"),
        Output(ids.THEMES_SELECTED, "data"), Output(ids.THEMES_SELECTED + "-label", "children"),
        Output(ids.THEMES_MERGE_INTO, "options"), Output(ids.THEMES_NOTE, "children"),
        Input(ids.SHELL_LANG, "value"), Input(ids.THEMES_TABLE, "cellClicked"), Input(ids.THEMES_CONTROLS_SAVED, "data"),
        *FILTER_INPUTS,
    )
    def update(lang: object, cell: object, _saved: object, *filter_values: object) -> tuple:
        """The table for the filter bar's period and channels as the team arranged the themes, and under it the
        clicked theme's detail (or what to do, or that there are no themes)."""
        lang, filters = payloads.language(lang), filters_from(*filter_values)
        controls = theme_controls.read_controls(current_config().app_db)
        with open_snapshot(current_config().snapshot_path) as conn:
            table, window = themes_table(conn, filters, controls), emerging_window(conn)
        rows = display.rows(table, lang, [*TABLE_COLUMNS, "theme_id"])  # theme_id: the click key, not shown
        theme_id = payloads.clicked_row_id(cell)  # the row's theme_id (the grid's getRowId)
        picked = table.filter(pl.col("theme_id") == theme_id) if theme_id else table.clear()
        if theme_id is not None and picked.height:
            label, url = picked["label"][0], picked["backlog_url"][0]
            detail, selected = _detail(theme_id, lang, controls, filters, url), t("theme_selected", lang).format(label=label)
        else:
            theme_id, selected = None, t("themes_pick", lang)
            detail = [empty(t("themes_pick" if table.height else "empty_themes", lang))]
        targets = [{"label": row["label"], "value": row["theme_id"]} for row in table.iter_rows(named=True)
                   if row["theme_id"] != theme_id]
        return rows, display.columns(list(TABLE_COLUMNS), lang, whole_words=True), detail, theme_id, selected, targets, _note(window, lang)

    @app.callback(
        Output(ids.THEMES_CONTROL_STATUS, "children"), Output(ids.THEMES_CONTROLS_SAVED, "data"),
        Input(ids.THEMES_RENAME, "n_clicks"), Input(ids.THEMES_MERGE, "n_clicks"), Input(ids.THEMES_TRACK, "n_clicks"),
        State(ids.THEMES_SELECTED, "data"), State(ids.THEMES_NAME, "value"), State(ids.THEMES_MERGE_INTO, "value"),
        State(ids.THEMES_BACKLOG, "value"), State(ids.SHELL_LANG, "value"), State(ids.THEMES_CONTROLS_SAVED, "data"),
        prevent_initial_call=True,
    )
    def change(_rename: object, _merge: object, _track: object, theme_id: object, name: object, into: object,
               backlog_url: object, lang: object, saved: object) -> tuple:
        """Rename, merge or track the selected theme; every value is checked here and the role in
        warehouse.theme_controls, whatever the page showed."""
        lang, user = payloads.language(lang), current_user()
        if not theme_id:
            return t("theme_pick_first", lang), dash.no_update
        action = {ids.THEMES_RENAME: "rename", ids.THEMES_MERGE: "merge", ids.THEMES_TRACK: "track"}.get(
            str(dash.ctx.triggered_id), "")  # anything else is refused by theme_control below
        form = payloads.theme_control(action=action, theme_id=theme_id, name=name or "", into=into or None,
                                      backlog_url=backlog_url or "")
        path = current_config().app_db
        try:
            if form.action == "rename":
                theme_controls.rename_theme(path, form.theme_id, form.name, user.role, user.username)
            elif form.action == "merge" and form.into:
                theme_controls.merge_theme(path, form.theme_id, form.into, user.role, user.username)
            elif form.action == "track":
                theme_controls.track_theme(path, form.theme_id, form.backlog_url, user.role, user.username)
            else:
                return t("theme_merge_into", lang), dash.no_update
        except PermissionError:
            return t("forbidden", lang), dash.no_update
        return t("theme_saved", lang), (saved if isinstance(saved, int) else 0) + 1
