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

Columns not named keep their own name, so a file already in Koe's format needs no mapping. A column may also be
a DuckDB SQL expression over the file's columns (``created_at: {sql: "strptime(date, '%y%m%d') + ..."}``), and
``skip_rows`` lists conditions for rows that are not contacts at all; both are checked before any row loads
(``pipelines.ingest.mappings``). ``plausible`` and ``checks`` set the bounds of the row checks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from transforms.ingest.events import EventLog
from transforms.ingest.sanity import CHECKS, SanityChecks
from transforms.ingest.schemas import InputKind
from transforms.ingest.validate import TimeBounds
from transforms.ingest.values import TRUE_WORDS


class SqlColumn(BaseModel):
    """A column computed from the file's columns by one DuckDB SQL expression."""

    model_config = ConfigDict(extra="forbid")
    sql: str


class Plausible(BaseModel):
    """When times can lie: a floor, and how far past "now" (the load's clock) a time that happened may be."""

    model_config = ConfigDict(extra="forbid")
    earliest: date = date(1970, 1, 1)
    future_margin_days: float = Field(1.0, ge=0)
    due_horizon_days: float = Field(3660.0, ge=0)  # due dates (sla_due_at) may lie ahead, but not decades

    def bounds(self, now: datetime) -> TimeBounds:
        """The bounds as naive UTC times, "now" being ``now`` (naive UTC)."""
        return TimeBounds(earliest=datetime(self.earliest.year, self.earliest.month, self.earliest.day),
                          latest=now + timedelta(days=self.future_margin_days),
                          latest_due=now + timedelta(days=self.due_horizon_days))


class Checks(BaseModel):
    """Bounds of the cross-field checks (``transforms.ingest.sanity``) and the checks that only flag a row."""

    model_config = ConfigDict(extra="forbid")
    max_wait_seconds: float = Field(SanityChecks.max_wait_seconds, gt=0)
    max_handle_seconds: float = Field(SanityChecks.max_handle_seconds, gt=0)
    flag_only: list[str] = Field(default_factory=list)

    @field_validator("flag_only")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(CHECKS))
        if unknown:
            raise ValueError(f"unknown checks {unknown}; the checks are {sorted(CHECKS)}")
        return value

    def sanity(self) -> SanityChecks:
        return SanityChecks(self.max_wait_seconds, self.max_handle_seconds, frozenset(self.flag_only))


class ColumnMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str | None = None
    description: str | None = None  # what export this mapping reads (shown by `koe mappings`)
    timezone: str = "Asia/Tokyo"
    columns: dict[str, str | SqlColumn] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    defaults: dict[str, str] = Field(default_factory=dict)
    skip_rows: list[str] = Field(default_factory=list)  # SQL conditions: a row matching one is not a contact
    events: EventLog | None = None  # the file is a ticket event log: its rows are folded into tickets first
    plausible: Plausible = Field(default_factory=Plausible)
    checks: Checks = Field(default_factory=Checks)
    _source: str = PrivateAttr("mapping")
    _lines: dict[str, int] = PrivateAttr(default_factory=dict)

    def expressions(self) -> dict[str, str]:
        """Koe column → SQL expression, for the columns computed by SQL."""
        return {name: c.sql for name, c in self.columns.items() if isinstance(c, SqlColumn)}

    def where(self, entry: str) -> str:
        """Where an entry (``columns.created_at``, ``skip_rows[0]``) is written, for error messages."""
        line = self._lines.get(entry)
        return f"{self._source} line {line} ({entry})" if line else f"{self._source} ({entry})"

    def time_bounds(self) -> TimeBounds:
        return self.plausible.bounds(datetime.now(UTC).replace(tzinfo=None))


def load_mapping(path: str | Path | None) -> ColumnMapping:
    """Read a mapping file; ``None`` gives the identity mapping."""
    if path is None:
        return ColumnMapping()
    text = Path(path).read_text(encoding="utf-8")
    try:
        data: Any = yaml.safe_load(text) or {}
        mapping = ColumnMapping.model_validate(data)
    except (ValueError, yaml.YAMLError) as err:
        raise ValueError(f"{path}: invalid column mapping: {err}") from None
    mapping._source = str(path)
    mapping._lines = _entry_lines(text)
    return mapping


def _entry_lines(text: str) -> dict[str, int]:
    """1-based line of each ``columns.<name>`` and ``skip_rows[i]`` entry of a mapping's YAML."""
    root = yaml.compose(text)
    lines: dict[str, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        if key.value == "columns" and isinstance(value, yaml.MappingNode):
            lines.update({f"columns.{k.value}": k.start_mark.line + 1 for k, _ in value.value})
        if key.value == "skip_rows" and isinstance(value, yaml.SequenceNode):
            lines.update({f"skip_rows[{i}]": item.start_mark.line + 1 for i, item in enumerate(value.value)})
    return lines


def apply_mapping(frame: pl.DataFrame, kind: InputKind, mapping: ColumnMapping) -> pl.DataFrame:
    """Rename the file's columns to Koe's, add absent ones as null, blank → null, then values and defaults.

    ``frame`` has a ``source_row`` column and the file's columns as strings. Typing and validation come after
    (``transforms.ingest.validate``).
    """
    unknown = set(mapping.columns) - set(kind.names)
    if unknown:
        raise ValueError(f"mapping names columns that {kind.name} does not have: {sorted(unknown)}")
    source_of = {name: source_column(mapping, name) for name in kind.names}
    exprs = []
    for name in kind.names:
        source = source_of[name]
        default = mapping.defaults.get(name, kind.column(name).default)
        dtype = frame.schema.get(source, pl.String())
        if dtype != pl.String and name not in mapping.values:
            exprs.append(_typed(pl.col(source), dtype, default).alias(name))
            continue
        value = pl.col(source).cast(pl.String) if source in frame.columns else pl.lit(None, pl.String)
        value = value.str.strip_chars().replace("", None)  # blank → null
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


def row_json(columns: list[str]) -> pl.Expr:
    """The named columns of a row as one JSON object of strings (how a row is kept in the quarantine)."""
    return pl.struct(pl.col(columns).cast(pl.String)).struct.json_encode()


def columns_to_redact(file_columns: list[str], kind: InputKind, mapping: ColumnMapping) -> list[str]:
    """The file's columns that may hold personal data: those feeding a free-text column, and unknown extras.

    Structured columns (ids, times, numbers, codes) are parsed and validated instead; unknown columns can reach
    the quarantine as read (a rejected row is kept whole), so they are redacted too.
    """
    source_of = {source_column(mapping, name): name for name in kind.names}
    return [
        column for column in file_columns
        if column != "source_row" and (column not in source_of or source_of[column] in kind.free_text)
    ]


def expression_column(name: str) -> str:
    """The frame column that holds a SQL-computed Koe column (added by ``pipelines.ingest.mappings``)."""
    return f"={name}"


def source_column(mapping: ColumnMapping, name: str) -> str:
    """The frame column a Koe column is read from: the file's column, or the computed one."""
    source = mapping.columns.get(name, name)
    return expression_column(name) if isinstance(source, SqlColumn) else source


def carried_columns(file_columns: list[str], kind: InputKind, mapping: ColumnMapping) -> list[str]:
    """Koe columns this file carries (a file column, an expression or a default the mapping sets); the others keep
    their stored values when a row is updated."""
    return [name for name in kind.names if source_column(mapping, name) in file_columns or name in mapping.defaults]
