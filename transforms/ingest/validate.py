"""Type and check mapped input rows; split them into rows to load and rows to quarantine, with reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from transforms.ingest import values
from transforms.ingest.sanity import SanityChecks, apply_checks
from transforms.ingest.schemas import Column, InputKind

_REASON = "__reason"


@dataclass(frozen=True)
class TimeBounds:
    """When a real contact-center time can lie (naive UTC): not before ``earliest``; a time that has happened not
    after ``latest`` (now + a margin); a due date not after ``latest_due``. The mapping sets them
    (``plausible``), the loader fixes "now"."""

    earliest: datetime
    latest: datetime
    latest_due: datetime


@dataclass(frozen=True)
class Split:
    good: pl.DataFrame  # typed, one row per natural key, plus source_row
    bad: pl.DataFrame  # source_row, reason
    flagged: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"source_row": pl.Int64, "check": pl.String, "reason": pl.String}))  # kept rows a check flagged


def _parse(column: Column, raw: pl.Expr) -> pl.Expr:
    parsers = {
        "str": lambda: raw,
        "date": lambda: values.parse_date(raw),
        "bool": lambda: values.parse_bool(raw),
    }
    return parsers[column.type]().alias(_parsed(column.name))


_CODES = {"channel": values.parse_channel, "direction": values.parse_direction, "role": values.parse_role,
          "disposition": values.parse_disposition, "named_code": values.parse_named}


def _parse_series(column: Column, text: pl.Series, source_timezone: str) -> pl.Series | None:
    """The parsed value of a text column whose parser works on the whole column (a fast path first, the general
    parser only for what it misses), or None when it is an expression (``_parse``)."""
    if column.type == "timestamp":
        return values.parse_timestamp_series(text, source_timezone)
    if column.type in ("float", "int"):
        return values.parse_number_series(text, whole=column.type == "int")
    if column.type in _CODES:
        return values.parse_codes_series(text, _CODES[column.type])
    return None


def _parsed(name: str) -> str:
    return f"__parsed_{name}"


def _parse_all(mapped: pl.DataFrame, kind: InputKind, source_timezone: str) -> pl.DataFrame:
    """``mapped`` plus one ``__parsed_<column>`` per column. Typed input columns (Parquet, JSON) are converted
    without text parsing; text timestamps, numbers and codes go through their fast paths."""
    exprs, series = [], []
    for column in kind.columns:
        raw = pl.col(column.name)
        typed = _from_typed(column, raw, mapped.schema[column.name], source_timezone)
        if typed is not None:
            exprs.append(typed.alias(_parsed(column.name)))
            continue
        parsed = _parse_series(column, mapped.get_column(column.name).cast(pl.String), source_timezone)
        if parsed is not None:
            series.append(parsed.alias(_parsed(column.name)))
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
        return values.whole_number(raw.cast(pl.Float64))
    if column.type == "bool" and dtype == pl.Boolean:
        return raw
    return None


def _problem(column: Column, raw: pl.Expr, parsed: pl.Expr, times: TimeBounds) -> pl.Expr:
    """The reason this column makes the row bad, or null."""
    name = column.name
    shown = raw.cast(pl.String).str.slice(0, 40)
    problem = pl.when(raw.is_null() & pl.lit(column.required)).then(pl.lit(f"missing required {name}")).when(
        raw.is_not_null() & parsed.is_null()).then(
        pl.format("{}: cannot read {} as {}", pl.lit(name), shown, pl.lit(column.type))
    )
    if column.type in ("float", "int"):
        number = parsed.cast(pl.Float64)
        problem = problem.when(number.is_finite().not_()).then(pl.format("{}: {} is not a finite number",
                                                                         pl.lit(name), shown))
        low = column.min if column.min is not None else float("-inf")
        problem = problem.when(number.is_between(low, column.upper).not_()).then(
            pl.format("{}: {} is outside {}..{}", pl.lit(name), shown, pl.lit(_bound(low)),
                      pl.lit(_bound(column.upper)))
        )
    if column.type in ("timestamp", "date"):
        latest = times.latest_due if column.future else times.latest
        instant = parsed.cast(pl.Datetime("us"))
        problem = problem.when(instant < times.earliest).then(
            pl.format("{}: {} is before {} (the earliest plausible time; mapping: plausible.earliest)",
                      pl.lit(name), shown, pl.lit(f"{times.earliest:%Y-%m-%d}"))
        ).when(instant > latest).then(
            pl.format("{}: {} is after {} UTC ({}; mapping: plausible)", pl.lit(name), shown,
                      pl.lit(f"{latest:%Y-%m-%d %H:%M}"),
                      pl.lit("the latest plausible due time" if column.future else "now plus the margin"))
        )
    return problem.otherwise(None)


def _bound(value: float) -> str:
    return str(int(value)) if value not in (float("inf"), float("-inf")) and value == int(value) else str(value)


def split_valid(mapped: pl.DataFrame, kind: InputKind, source_timezone: str, times: TimeBounds,
                checks: SanityChecks = SanityChecks(), screened: pl.DataFrame | None = None) -> Split:
    """Parse every column of ``mapped`` (from ``apply_mapping``) and split good from bad rows.

    A row is bad when a required value is missing, a value cannot be parsed, a number is not finite or out of
    range, a time lies outside ``times``, or a cross-field check fails (``transforms.ingest.sanity``; a check the
    mapping marks ``flag_only`` keeps the row and flags it instead), or when screening before the mapping found a
    problem in it (``screened``: ``source_row``, ``reason``; that reason comes first).
    When the same natural key appears twice in one file, the last good row wins and the earlier ones are
    quarantined (a bad row supersedes nothing).
    """
    checked = _parse_all(mapped, kind, source_timezone)
    problems = [_problem(c, pl.col(c.name), pl.col(_parsed(c.name)), times) for c in kind.columns]
    reason = pl.concat_str(problems, separator="; ", ignore_nulls=True)
    checked = checked.with_columns(pl.when(reason != "").then(reason).alias(_REASON))
    checked = checked.drop(kind.names).rename({_parsed(n): n for n in kind.names})
    checked = _derive(checked, kind)
    checked, flagged = apply_checks(checked, kind.name, checks, _REASON)
    checked = _with_screening_problems(checked, screened)
    checked = _flag_duplicate_keys(checked, kind)
    bad = checked.filter(pl.col(_REASON).is_not_null()).select("source_row", pl.col(_REASON).alias("reason"))
    good = checked.filter(pl.col(_REASON).is_null()).select("source_row", *kind.names)
    flagged = flagged.join(good.select("source_row"), on="source_row", how="semi")
    return Split(good=good, bad=bad, flagged=flagged)


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
    if kind.name == "names":
        frame = frame.with_columns(
            pl.when(pl.col(_REASON).is_null() & pl.col("name_ja").is_null() & pl.col("name_en").is_null())
            .then(pl.format("no name: name_ja and name_en are both empty for {} {}", pl.col("kind"), pl.col("code")))
            .otherwise(pl.col(_REASON))
            .alias(_REASON),
        )
    return frame


def _with_screening_problems(frame: pl.DataFrame, screened: pl.DataFrame | None) -> pl.DataFrame:
    """``frame`` with the screening problems' reasons put before each row's own (``screened``: source_row, reason)."""
    if screened is None or screened.is_empty():
        return frame
    early = "__screened"
    return frame.join(screened.rename({"reason": early}), on="source_row", how="left", maintain_order="left") \
        .with_columns(pl.concat_str(early, _REASON, separator="; ", ignore_nulls=True).alias(_REASON)) \
        .with_columns(pl.when(pl.col(_REASON) != "").then(pl.col(_REASON)).alias(_REASON)).drop(early)


def _flag_duplicate_keys(frame: pl.DataFrame, kind: InputKind) -> pl.DataFrame:
    key = list(kind.key)
    distinct = frame.get_column(key[0]).n_unique() if len(key) == 1 else frame.select(pl.struct(key).n_unique()).item()
    if distinct == frame.height:
        return frame  # every key once (the usual file): no row is superseded
    valid = pl.col(_REASON).is_null()
    last_row = pl.col("source_row").filter(valid).max().over(key)
    superseded = valid & pl.all_horizontal(pl.col(key).is_not_null()) & (pl.col("source_row") < last_row)
    return frame.with_columns(
        pl.when(superseded)
        .then(pl.format("duplicate key {}: superseded by row {}", pl.concat_str(key, separator="/"), last_row))
        .otherwise(pl.col(_REASON))
        .alias(_REASON)
    )


def cap_field_sizes(rows: pl.DataFrame, max_bytes: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(``rows`` with every text value over ``max_bytes`` cut to its first 200 characters and a marker; the rows
    that had one: ``source_row``, ``reason``). Cut first, so a 200 MB value is never redacted, stored or served."""
    text = [name for name, dtype in rows.schema.items() if dtype == pl.String]
    if not text:
        return rows, pl.DataFrame(schema={"source_row": pl.Int64, "reason": pl.String})
    sizes = rows.select("source_row", *(pl.col(c).str.len_bytes().alias(c) for c in text))
    limit = f"{max_bytes:,}"
    over = [pl.when(pl.col(c) > max_bytes).then(pl.format("{}: {} bytes, more than the {} allowed per field"
                                                          " (KOE_MAX_FIELD_BYTES)", pl.lit(c), pl.col(c), pl.lit(limit)))
            for c in text]
    reasons = sizes.select("source_row", pl.concat_str(over, separator="; ", ignore_nulls=True).alias("reason"))
    reasons = reasons.filter(pl.col("reason") != "")
    if reasons.is_empty():
        return rows, reasons
    capped = rows.with_columns(
        pl.when(pl.col(c).str.len_bytes() > max_bytes).then(pl.col(c).str.slice(0, 200) + "…(cut)").otherwise(pl.col(c))
        for c in text)
    return capped, reasons
