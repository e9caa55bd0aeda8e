"""Type and check mapped input rows; split them into rows to load and rows to quarantine, with reasons."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from transforms.ingest import values
from transforms.ingest.schemas import Column, InputKind

_REASON = "__reason"


@dataclass(frozen=True)
class Split:
    good: pl.DataFrame  # typed, one row per natural key, plus source_row
    bad: pl.DataFrame  # source_row, reason


def _parse(column: Column, raw: pl.Expr) -> pl.Expr:
    parsers = {
        "str": lambda: raw,
        "date": lambda: values.parse_date(raw),
        "float": lambda: raw.str.replace_all(",", "").cast(pl.Float64, strict=False),
        "int": lambda: raw.str.replace_all(",", "").cast(pl.Float64, strict=False).pipe(_whole_number),
        "bool": lambda: values.parse_bool(raw),
        "channel": lambda: values.parse_channel(raw),
        "direction": lambda: values.parse_direction(raw),
        "role": lambda: values.parse_role(raw),
    }
    return parsers[column.type]().alias(_parsed(column.name))


def _parsed(name: str) -> str:
    return f"__parsed_{name}"


def _parse_all(mapped: pl.DataFrame, kind: InputKind, source_timezone: str) -> pl.DataFrame:
    """``mapped`` plus one ``__parsed_<column>`` per column. Typed input columns (Parquet, JSON) are converted
    without text parsing; text timestamps go through the sampled fast path."""
    exprs, series = [], []
    for column in kind.columns:
        raw = pl.col(column.name)
        typed = _from_typed(column, raw, mapped.schema[column.name], source_timezone)
        if typed is not None:
            exprs.append(typed.alias(_parsed(column.name)))
        elif column.type == "timestamp":
            text = mapped.get_column(column.name).cast(pl.String)
            series.append(values.parse_timestamp_series(text, source_timezone).alias(_parsed(column.name)))
        else:
            exprs.append(_parse(column, raw.cast(pl.String)))
    return mapped.with_columns(*exprs, *series)


def _from_typed(column: Column, raw: pl.Expr, dtype: pl.DataType, source_timezone: str) -> pl.Expr | None:
    """The parsed value of a column that arrived typed, or None when it needs parsing as text."""
    if column.type == "timestamp" and isinstance(dtype, pl.Datetime | pl.Date):
        instant = raw.cast(pl.Datetime("us", getattr(dtype, "time_zone", None)))
        if getattr(dtype, "time_zone", None) is None:  # naive: local time in the source's zone, as for text
            instant = instant.dt.replace_time_zone(source_timezone, non_existent="null", ambiguous="earliest")
        return instant.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    if column.type == "date" and isinstance(dtype, pl.Datetime | pl.Date):
        return raw.cast(pl.Date)
    if column.type == "float" and dtype.is_numeric():
        return raw.cast(pl.Float64)
    if column.type == "int" and dtype.is_integer():
        return raw.cast(pl.Int64)
    if column.type == "int" and dtype.is_float():
        return _whole_number(raw.cast(pl.Float64))
    if column.type == "bool" and dtype == pl.Boolean:
        return raw
    return None


def _whole_number(number: pl.Expr) -> pl.Expr:
    return pl.when(number == number.round(0)).then(number.cast(pl.Int64)).otherwise(None)


def _problem(column: Column, raw: pl.Expr, parsed: pl.Expr) -> pl.Expr:
    """The reason this column makes the row bad, or null."""
    name = column.name
    problem = pl.when(raw.is_null() & pl.lit(column.required)).then(pl.lit(f"missing required {name}"))
    problem = problem.when(raw.is_not_null() & parsed.is_null()).then(
        pl.format("{}: cannot read {} as {}", pl.lit(name), raw.cast(pl.String).str.slice(0, 40), pl.lit(column.type))
    )
    if column.min is not None or column.max is not None:
        low = column.min if column.min is not None else float("-inf")
        high = column.max if column.max is not None else float("inf")
        problem = problem.when(parsed.cast(pl.Float64).is_between(low, high).not_()).then(
            pl.format("{}: {} is outside {}..{}", pl.lit(name), raw, pl.lit(_bound(low)), pl.lit(_bound(high)))
        )
    return problem.otherwise(None)


def _bound(value: float) -> str:
    return str(int(value)) if value not in (float("inf"), float("-inf")) and value == int(value) else str(value)


def split_valid(mapped: pl.DataFrame, kind: InputKind, source_timezone: str) -> Split:
    """Parse every column of ``mapped`` (from ``apply_mapping``) and split good from bad rows.

    A row is bad when a required value is missing, a value cannot be parsed, or a number is out of range.
    When the same natural key appears twice in one file, the last row wins and the earlier ones are quarantined.
    """
    checked = _parse_all(mapped, kind, source_timezone)
    problems = [_problem(c, pl.col(c.name), pl.col(_parsed(c.name))) for c in kind.columns]
    reason = pl.concat_str(problems, separator="; ", ignore_nulls=True)
    checked = checked.with_columns(pl.when(reason != "").then(reason).alias(_REASON))
    checked = checked.drop(kind.names).rename({_parsed(n): n for n in kind.names})
    checked = _derive(checked, kind)
    checked = _flag_duplicate_keys(checked, kind)
    bad = checked.filter(pl.col(_REASON).is_not_null()).select("source_row", pl.col(_REASON).alias("reason"))
    good = checked.filter(pl.col(_REASON).is_null()).select("source_row", *kind.names)
    return Split(good=good, bad=bad)


def _derive(frame: pl.DataFrame, kind: InputKind) -> pl.DataFrame:
    """Fill values Koe can work out itself: message ids, and language from the text."""
    if kind.name == "messages":
        frame = frame.with_columns(
            pl.coalesce("message_id", pl.format("{}-{}", "interaction_id", "seq")).alias("message_id"),
            pl.coalesce("language", values.detect_language(pl.col("text"))).alias("language"),
        )
    if kind.name == "surveys":
        frame = frame.with_columns(
            pl.coalesce("language", values.detect_language(pl.col("comment"))).alias("language"),
            pl.when(pl.col(_REASON).is_null() & pl.all_horizontal(pl.col("csat", "nps", "ces").is_null()))
            .then(pl.lit("no score: csat, nps and ces are all empty"))
            .otherwise(pl.col(_REASON))
            .alias(_REASON),
        )
    if kind.name == "interactions":
        frame = frame.with_columns(
            pl.coalesce("language", values.detect_language(pl.col("subject"))).alias("language"),
        )
    return frame


def _flag_duplicate_keys(frame: pl.DataFrame, kind: InputKind) -> pl.DataFrame:
    key = list(kind.key)
    valid = pl.col(_REASON).is_null()
    last_row = pl.col("source_row").filter(valid).max().over(key)
    superseded = valid & pl.all_horizontal(pl.col(key).is_not_null()) & (pl.col("source_row") < last_row)
    return frame.with_columns(
        pl.when(superseded)
        .then(pl.format("duplicate key {}: superseded by row {}", pl.concat_str(key, separator="/"), last_row))
        .otherwise(pl.col(_REASON))
        .alias(_REASON)
    )
