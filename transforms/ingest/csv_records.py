"""Read a CSV whose parse failed, record by record, so one malformed row is quarantined and the others load.

Used only after polars refused the whole text (an unbalanced quote, a row with more or fewer fields than the
header). Each record is parsed strictly with the standard ``csv`` module; a line that opens a quote is joined with
the following lines up to the next line that closes one (a value spanning lines, as exports write notes), and
when that join does not parse strictly into the header's fields, only the opening line is rejected and reading
resumes at the next line — so an unbalanced quote costs its own row, not the rest of the file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import polars as pl

MALFORMED = "_koe_malformed"  # reason column of rows that could not be parsed (null for good rows)
MALFORMED_TEXT = "_koe_malformed_text"  # the malformed row's text as read
MAX_LINES_PER_VALUE = 200
_LINE_BREAK = re.compile(r"\r?\n")  # a quoted value spanning more lines than this is taken as an unbalanced quote


@dataclass(frozen=True)
class _Record:
    fields: list[str] | None
    text: str
    reason: str | None


def read_records(text: str, separator: str) -> pl.DataFrame:
    """The data rows of ``text`` as strings under the header's names, plus ``MALFORMED``/``MALFORMED_TEXT``.

    Raises ``ValueError`` when the header itself cannot be parsed.
    """
    lines = _LINE_BREAK.split(text)
    header = _strict_fields(lines[0], separator) if lines else None
    if not header:
        raise ValueError("the header row cannot be parsed as CSV")
    records = list(_records(lines[1:], separator, len(header)))
    values = {name: [r.fields[i] if r.fields else None for r in records] for i, name in enumerate(header)}
    values[MALFORMED] = [r.reason for r in records]
    values[MALFORMED_TEXT] = [r.text if r.reason else None for r in records]
    return pl.DataFrame(values, schema=dict.fromkeys(values, pl.String))


def _records(lines: list[str], separator: str, width: int):
    line_no = 0
    while line_no < len(lines):
        line = lines[line_no]
        if not line.strip():
            line_no += 1
            continue
        end = _closing_line(lines, line_no) if line.count('"') % 2 else line_no
        text = "\n".join(lines[line_no:end + 1]) if end is not None else line
        fields = _strict_fields(text, separator)
        if end is None or fields is None:
            yield _Record(None, line, "malformed CSV row: a quote is not closed or is out of place")
            line_no += 1
            continue
        if len(fields) != width:
            yield _Record(None, text, f"malformed CSV row: {len(fields)} fields, the header has {width}")
        else:
            yield _Record(fields, text, None)
        line_no = end + 1


def _closing_line(lines: list[str], start: int) -> int | None:
    """The next line after ``start`` with an odd number of quotes (it closes the value ``start`` opened)."""
    for line_no in range(start + 1, min(len(lines), start + MAX_LINES_PER_VALUE)):
        if lines[line_no].count('"') % 2:
            return line_no
    return None


def _strict_fields(text: str, separator: str) -> list[str] | None:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None
