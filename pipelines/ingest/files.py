"""Read input files (CSV/TSV, JSON Lines, Parquet) into frames of strings, one column per field."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from transforms.ingest.csv_records import read_records
from transforms.ingest.encoding import decode
from warehouse.settings import KoeSettings

SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
            ".parquet": "parquet"}


class InputFileError(ValueError):
    """A file that cannot be read at all; it is quarantined whole."""


@dataclass(frozen=True)
class InputLimits:
    """What one file may hold before it is refused (the settings ``max_columns`` and ``max_field_bytes``).

    Checked before the expensive part: a 10 MB header of a million columns took 7 minutes and 5 GB to load one row.
    """

    max_columns: int = 1_000
    max_field_bytes: int = 1 << 20

    @classmethod
    def from_settings(cls, settings: KoeSettings) -> InputLimits:
        return cls(max_columns=settings.max_columns, max_field_bytes=settings.max_field_bytes)


def refuse_wide_header(first_line: str, separator: str, limits: InputLimits) -> None:
    """Raise ``ValueError`` when a CSV/TSV header names more columns than ``limits`` allow (counted without
    parsing the rest of the file; quoted separators are counted exactly only when the quick count is over)."""
    if first_line.count(separator) < limits.max_columns:
        return
    columns = len(next(csv.reader([first_line], delimiter=separator), []))
    if columns > limits.max_columns:
        raise ValueError(f"the header has {columns:,} columns, more than the {limits.max_columns:,} allowed"
                         " (KOE_MAX_COLUMNS)")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def archive_copy(path: Path, sha256: str, archive: Path) -> Path:
    """The file's copy in the archive folder, ``<archive>/<sha256[:2]>/<sha256>/<file name>``, made once.

    The landing file is the raw layer; an archive keeps it when the landing folder is cleaned. The copy is
    written under a temporary name and renamed, so a half-written copy never carries the final name.
    """
    target = archive / sha256[:2] / sha256 / path.name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
        shutil.copyfile(path, partial)
        partial.replace(target)
    return target


def read_whole_file(path: Path, limits: InputLimits = InputLimits()) -> tuple[pl.DataFrame, str]:
    """(frame with ``source_row`` (1-based data row) and every field (see ``as_input_columns``), encoding name).

    A CSV that polars cannot parse is read record by record instead: its malformed rows carry their reason in
    ``MALFORMED`` (``transforms.ingest.csv_records``) and the others load.
    """
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputFileError(f"{path}: unsupported file type {path.suffix!r} (expected {sorted(SUFFIXES)})")
    try:
        if fmt == "parquet":
            _refuse_wide(len(pl.read_parquet_schema(path)), limits)
            frame, encoding = pl.read_parquet(path), "binary"
        else:
            data = path.read_bytes()
            text, encoding = decode(data)
            frame = _read_text(text, fmt, data if encoding == "utf-8" else None, limits)
        _refuse_wide(frame.width, limits)
        frame = as_input_columns(frame)
    except Exception as err:  # polars and the decoder raise many types; all mean "this file is unreadable"
        raise InputFileError(f"{path}: cannot read as {fmt}: {_first_line(err)}") from None
    return frame.with_row_index("source_row", offset=1).with_columns(pl.col("source_row").cast(pl.Int64)), encoding


def as_input_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Fields as text, except typed scalars (numbers, booleans, dates, timestamps from Parquet or JSON), which keep
    their type so they need no parsing; nested values (objects, lists) become their JSON text, so they fail
    validation with a readable value instead of crashing a cast."""
    def as_json(column: str) -> pl.Expr:
        # to_list turns lists of structs into Python lists of dicts (map_elements would hand over a Series)
        return pl.col(column).map_batches(
            lambda values: pl.Series(values.name, [None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                                                   for v in values.to_list()], pl.String),
            return_dtype=pl.String)

    def column(name: str, dtype: pl.DataType) -> pl.Expr:
        if dtype.is_nested():
            return as_json(name)
        typed = dtype.is_numeric() or dtype in (pl.Boolean, pl.Date) or isinstance(dtype, pl.Datetime)
        return pl.col(name) if typed and not isinstance(dtype, pl.Decimal) else pl.col(name).cast(pl.String)

    if not frame.columns:
        raise ValueError("the file has no columns")
    return frame.select(column(n, t) for n, t in frame.schema.items())


def _refuse_wide(columns: int, limits: InputLimits) -> None:
    if columns > limits.max_columns:
        raise ValueError(f"the file has {columns:,} columns, more than the {limits.max_columns:,} allowed"
                         " (KOE_MAX_COLUMNS)")


def _read_text(text: str, fmt: str, utf8: bytes | None, limits: InputLimits) -> pl.DataFrame:
    """Parse decoded text; ``utf8`` is the original bytes when they are already plain UTF-8 (saves a copy)."""
    if not text.strip():
        raise ValueError("the file is empty")
    first_line = text[: text.find("\n") if "\n" in text else len(text)]
    if fmt == "jsonl":
        if first_line.count('":') > limits.max_columns:  # a cheap upper bound first; exact only when it is over
            _refuse_wide(len(json.loads(first_line)), limits)
        return pl.read_ndjson(io.BytesIO(utf8 if utf8 is not None else text.encode("utf-8")), infer_schema_length=None)
    separator = "\t" if fmt == "tsv" else ","
    refuse_wide_header(first_line, separator, limits)
    try:
        return pl.read_csv(io.BytesIO(utf8 if utf8 is not None else text.encode("utf-8")), separator=separator,
                           infer_schema=False)
    except pl.exceptions.PolarsError:
        return read_records(text, separator)


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:300]
