"""CSV export of every table, written on the server so each cell is escaped against formula injection; and each
table's empty-state sentence, shown in place of a grid with no rows (the grid is hidden until it has rows), saying
why it is empty (dashboards/empty_states.py; the interaction page's tables and the customer-health list say it in
their own callbacks).

The grid's built-in export (``exportDataAsCsv``) writes cells in the browser as they are; here the grid's
current rows (``virtualRowData``: sorted and filtered as shown) come back to the server, are checked, and are written by
transforms.spreadsheet. The rows are the client's own view: exporting them reveals nothing it does not have.
The file is named after the page, the table, the filters and the day it was exported; cells are plain values
(an interaction link is exported as its id).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import dash
from dash import Input, Output, State, dcc

from dashboards import ids, payloads
from dashboards.callbacks.common import FILTER_INPUTS, filters_from
from dashboards.components import empty_state_id
from dashboards.config import current_config
from dashboards.empty_states import explain
from dashboards.queries import open_snapshot
from transforms.spreadsheet import csv_text

_LINK = re.compile(r"^\[([^\]]*)\]\([^)]*\)$")  # a markdown link cell: [I0000003](/interactions/I0000003)
_FILTER_STATES = [State(i.component_id, i.component_property) for i in FILTER_INPUTS]
_UNSAFE = re.compile(r"[^\w.-]+")
SAYS_WHY_ITSELF = {ids.INTERACTION_REVIEWS, ids.INTERACTION_TIMELINE, ids.CUSTOMERS_LIST}  # their callbacks know why
UNFILTERED = {ids.CUSTOMERS_WEIGHTS}  # tables that do not follow the filter bar


def _plain(value: object) -> object:
    match = _LINK.match(value) if isinstance(value, str) else None
    return match.group(1) if match else value


def file_name(table: str, filter_values: tuple[object, ...], today: date) -> str:
    """koe_agents-table_2026-10-01_2026-10-28_channel-phone_exported-2026-11-30.csv (filters that are set only)."""
    filters = filters_from(*filter_values)
    parts = ["koe", table, filters.date_from.isoformat(), filters.date_to.isoformat()]
    for dimension in ("channel", "queue", "team", "language", "direction"):
        values = getattr(filters, dimension)
        if values:
            parts.append(f"{dimension}-{'+'.join(values)}")
    parts.append(f"exported-{today.isoformat()}")
    return _UNSAFE.sub("-", "_".join(parts))[:200] + ".csv"


def _exporter(table: str) -> Callable[..., dict]:
    def export(_clicks: object, rows: object, columns: object, *filter_values: object) -> dict:
        shown = payloads.table_export(rows, columns)
        header = [str(column.get("headerName", column.get("field", ""))) for column in shown.columns]
        keys = [str(column.get("field", "")) for column in shown.columns]
        cells = [[_plain(row.get(key)) for key in keys] for row in shown.rows]
        return dcc.send_string(csv_text(header, cells), file_name(table, filter_values, date.today()))

    return export


def _explainer(table: str) -> Callable[..., object]:
    def say_why(rows: object, lang: object, *filter_values: object) -> object:
        """Why the grid is empty, once it is known to be (nothing is asked while it has rows)."""
        if not isinstance(rows, list) or rows:
            return dash.no_update
        filters, lang = filters_from(*filter_values), payloads.language(lang)
        with open_snapshot(current_config().snapshot_path) as conn:
            return explain(conn, filters, lang, table, filtered=table not in UNFILTERED)

    return say_why


def register(app: dash.Dash) -> None:
    for table in ids.EXPORTED_TABLES:
        parts = ids.export_parts(table)
        app.callback(
            Output(parts["download"], "data"), Input(parts["button"], "n_clicks"),
            State(table, "virtualRowData"), State(table, "columnDefs"), *_FILTER_STATES, prevent_initial_call=True,
        )(_exporter(table))
        app.clientside_callback(  # the sentence once the grid is known empty; the grid only while it has rows
            "function (rows) { var known = Array.isArray(rows), any = known && rows.length > 0;"
            " return [known && !any ? {} : {display: 'none'}, any ? {width: '100%'} : {display: 'none'}]; }",
            Output(empty_state_id(table), "style"), Output(table, "style"), Input(table, "rowData"),
        )
        if table not in SAYS_WHY_ITSELF:
            app.callback(Output(empty_state_id(table), "children"), Input(table, "rowData"),
                         State(ids.SHELL_LANG, "value"), *_FILTER_STATES)(_explainer(table))
