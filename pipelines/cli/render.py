"""Polars frames as rich tables for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from rich.table import Table


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def frame_table(frame: pl.DataFrame, columns: Sequence[str] | None = None, title: str | None = None) -> Table:
    shown = [c for c in (columns or frame.columns) if c in frame.columns]
    table = Table(title=title)
    for column in shown:
        table.add_column(column, justify="right" if frame.schema[column].is_numeric() else "left")
    for row in frame.select(shown).iter_rows():
        table.add_row(*(_cell(v) for v in row))
    return table
