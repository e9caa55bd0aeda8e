"""Column mappings: another tool's export (its own column names and values) loads without code.

A mapping is YAML, for example::

    kind: tickets
    timezone: Asia/Tokyo           # naive timestamps in the file are in this zone
    columns:                       # koe column: column in the file
      interaction_id: チケット番号
      created_at: 受付日時
    values:                        # koe column: {value in the file: koe value}
      channel: {電話: phone, メール: email}
    defaults:                      # koe column: value when the file has none
      channel: email

Columns not named keep their own name, so a file already in Koe's format needs no mapping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import yaml
from pydantic import BaseModel, ConfigDict, Field

from transforms.ingest.schemas import InputKind
from transforms.ingest.values import TRUE_WORDS


class ColumnMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str | None = None
    timezone: str = "Asia/Tokyo"
    columns: dict[str, str] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    defaults: dict[str, str] = Field(default_factory=dict)


def load_mapping(path: str | Path | None) -> ColumnMapping:
    """Read a mapping file; ``None`` gives the identity mapping."""
    if path is None:
        return ColumnMapping()
    data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    try:
        return ColumnMapping.model_validate(data)
    except ValueError as err:
        raise ValueError(f"{path}: invalid column mapping: {err}") from None


def apply_mapping(frame: pl.DataFrame, kind: InputKind, mapping: ColumnMapping) -> pl.DataFrame:
    """Rename the file's columns to Koe's, add absent ones as null, blank → null, then values and defaults.

    ``frame`` has a ``source_row`` column and the file's columns as strings. Typing and validation come after
    (``transforms.ingest.validate``).
    """
    unknown = set(mapping.columns) - set(kind.names)
    if unknown:
        raise ValueError(f"mapping names columns that {kind.name} does not have: {sorted(unknown)}")
    source_of = {name: mapping.columns.get(name, name) for name in kind.names}
    exprs = []
    for name in kind.names:
        source = source_of[name]
        default = mapping.defaults.get(name, kind.column(name).default)
        dtype = frame.schema.get(source, pl.String)
        if dtype != pl.String and name not in mapping.values:
            exprs.append(_typed(pl.col(source), dtype, default).alias(name))
            continue
        value = pl.col(source).cast(pl.String) if source in frame.columns else pl.lit(None, pl.String)
        value = value.str.strip_chars()
        value = pl.when(value == "").then(None).otherwise(value)
        if name in mapping.values:
            value = value.replace(mapping.values[name])
        if default is not None:
            value = value.fill_null(pl.lit(default))
        exprs.append(value.alias(name))
    return frame.select(pl.col("source_row"), *exprs)


def _typed(value: pl.Expr, dtype: pl.DataType, default: str | None) -> pl.Expr:
    """A typed column (Parquet, JSON) as it is: no text to trim; a default fills its nulls in its own type."""
    if default is None:
        return value
    if dtype == pl.Boolean:
        return value.fill_null(default.strip().lower() in TRUE_WORDS)
    return value.fill_null(pl.lit(default).cast(dtype, strict=False))


def raw_rows(frame: pl.DataFrame, kind: InputKind, mapping: ColumnMapping) -> pl.DataFrame:
    """The rows for ``raw.<kind>``: each value as read, under Koe's column name (the mapping's renames only),
    and the file's other columns as a JSON object in ``other_columns`` (absent when the file has none).

    Columns, not one JSON document per row: encoding every row as JSON was the biggest cost of a load.
    """
    source_of = {name: mapping.columns.get(name, name) for name in kind.names}
    known = [pl.col(source).alias(name) for name, source in source_of.items() if source in frame.columns]
    others = [c for c in frame.columns if c != "source_row" and c not in source_of.values()]
    extra = [row_json(others).alias("other_columns")] if others else []
    return frame.select(pl.col("source_row"), *known, *extra)


def row_json(columns: list[str]) -> pl.Expr:
    """The named columns of a row as one JSON object of strings (how a row is kept in the quarantine)."""
    return pl.struct(pl.col(columns).cast(pl.String)).struct.json_encode()


def columns_to_redact(file_columns: list[str], kind: InputKind, mapping: ColumnMapping) -> list[str]:
    """The file's columns that may hold personal data: those feeding a free-text column, and unknown extras.

    Structured columns (ids, times, numbers, codes) are parsed and validated instead; unknown columns are kept
    in the raw layer as read, so they are redacted too.
    """
    source_of = {mapping.columns.get(name, name): name for name in kind.names}
    return [
        column for column in file_columns
        if column != "source_row" and (column not in source_of or source_of[column] in kind.free_text)
    ]
