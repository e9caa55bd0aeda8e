"""Cells that a spreadsheet would run as formulas (CSV / formula injection), made inert — OWASP's rule.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a single quote,
so Excel, LibreOffice and Google Sheets show it as text instead of evaluating it (``=HYPERLINK(...)`` would
otherwise send the sheet to another site on a click). Only text cells are escaped: numbers stay numbers, so
``-3.5`` in a numeric column is written as ``-3.5``. A *text* cell that merely looks like a negative number
(``"-3.5"``) is escaped as ``'-3.5``: the quote is the price of never guessing which text is safe (OWASP lists
negative numbers as an edge case). Used by every CSV export and every report table.
"""

from __future__ import annotations

import csv
import io

import polars as pl

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """``value`` with a leading quote when it is text a spreadsheet would take for a formula; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def escape_text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``frame`` through ``escape_cell`` (other columns untouched; nulls stay null)."""
    return frame.with_columns(
        pl.col(name).map_elements(escape_cell, return_dtype=pl.String) for name in frame.select(pl.col(pl.String)).columns
    )


def csv_text(header: list[str], rows: list[list[object]]) -> str:
    """A CSV document (UTF-8 with BOM, so Excel opens Japanese text correctly) with every cell escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(name) for name in header])
    writer.writerows([escape_cell(value) for value in row] for row in rows)
    return "\ufeff" + buffer.getvalue()
