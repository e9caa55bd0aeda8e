"""Read input files (CSV/TSV, JSON Lines, Parquet) into frames of strings, one column per field."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import polars as pl

from transforms.ingest.encoding import decode

SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
            ".parquet": "parquet"}


class InputFileError(ValueError):
    """A file that cannot be read at all; it is quarantined whole."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_whole_file(path: Path) -> tuple[pl.DataFrame, str]:
    """(frame with ``source_row`` (1-based data row) and every field (see ``as_input_columns``), encoding name)."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputFileError(f"{path}: unsupported file type {path.suffix!r} (expected {sorted(SUFFIXES)})")
    try:
        if fmt == "parquet":
            frame, encoding = pl.read_parquet(path), "binary"
        else:
            data = path.read_bytes()
            text, encoding = decode(data)
            frame = _read_text(text, fmt, data if encoding == "utf-8" else None)
        frame = as_input_columns(frame)
    except Exception as err:  # polars and the decoder raise many types; all mean "this file is unreadable"
        raise InputFileError(f"{path}: cannot read as {fmt}: {_first_line(err)}") from None
    return frame.with_row_index("source_row", offset=1).with_columns(pl.col("source_row").cast(pl.Int64)), encoding


def as_input_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Fields as text, except typed scalars (numbers, booleans, dates, timestamps from Parquet or JSON), which keep
    their type so they need no parsing; nested values (objects, lists) become their JSON text, so they fail
    validation with a readable value instead of crashing a cast."""
    def as_json(column: str) -> pl.Expr:
        return pl.col(column).map_elements(lambda v: json.dumps(v, ensure_ascii=False, default=str),
                                           return_dtype=pl.String, skip_nulls=True)

    def column(name: str, dtype: pl.DataType) -> pl.Expr:
        if dtype.is_nested():
            return as_json(name)
        typed = dtype.is_numeric() or dtype in (pl.Boolean, pl.Date) or isinstance(dtype, pl.Datetime)
        return pl.col(name) if typed and not isinstance(dtype, pl.Decimal) else pl.col(name).cast(pl.String)

    if not frame.columns:
        raise ValueError("the file has no columns")
    return frame.select(column(n, t) for n, t in frame.schema.items())


def _read_text(text: str, fmt: str, utf8: bytes | None) -> pl.DataFrame:
    """Parse decoded text; ``utf8`` is the original bytes when they are already plain UTF-8 (saves a copy)."""
    if not text.strip():
        raise ValueError("the file is empty")
    data = io.BytesIO(utf8 if utf8 is not None else text.encode("utf-8"))
    if fmt == "jsonl":
        return pl.read_ndjson(data, infer_schema_length=None)
    return pl.read_csv(data, separator="\t" if fmt == "tsv" else ",", infer_schema=False)


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:300]
