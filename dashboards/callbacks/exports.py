"""CSV export of every table, written on the server so each cell is escaped against formula injection.

Dash's built-in export (``export_format="csv"``) writes cells in the browser as they are; here the table's
current rows (sorted and filtered as shown) come back to the server, are checked, and are written by
transforms.spreadsheet. The rows are the client's own view: exporting them reveals nothing it does not have.
"""

from __future__ import annotations

from collections.abc import Callable

import dash
from dash import Input, Output, State, dcc

from dashboards import ids, payloads
from transforms.spreadsheet import csv_text


def _exporter(table: str) -> Callable[..., dict]:
    def export(_clicks: object, rows: object, columns: object) -> dict:
        shown = payloads.table_export(rows, columns)
        header = [str(column.get("name", column.get("id", ""))) for column in shown.columns]
        keys = [str(column.get("id", "")) for column in shown.columns]
        return dcc.send_string(csv_text(header, [[row.get(key) for key in keys] for row in shown.rows]), f"{table}.csv")

    return export


def register(app: dash.Dash) -> None:
    for table in ids.EXPORTED_TABLES:
        parts = ids.export_parts(table)
        app.callback(
            Output(parts["download"], "data"), Input(parts["button"], "n_clicks"),
            State(table, "derived_virtual_data"), State(table, "columns"), prevent_initial_call=True,
        )(_exporter(table))
