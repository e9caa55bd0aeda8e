"""Redact text columns of a polars frame; rows that cannot hold personal data skip Python entirely."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from transforms.redaction.detect import redact_text
from transforms.redaction.text_view import SPOKEN_RUN_PATTERN

# Every detector needs one of these, so a row matching none of them has nothing to mask (a property test checks
# this against find_entities). Kanji numerals count only in pairs or before a counter (三丁目, 六十年).
MAY_CONTAIN_PII = "|".join(
    (
        r"[0-9０-９@＠〒]",
        r"[〇一二三四五六七八九十]{2}|[〇一二三四五六七八九十元](?:丁目|番|号|年|月|日)",
        SPOKEN_RUN_PATTERN,
        r"様|さま|さん|氏|殿|申します|申しまして|言います|名前|名義|アット|あっと",
        r"(?i:\b(?:mr|mrs|ms|miss|dr|mx|name|this is|speaking with|account holder)\b)",
        r"(?i:\bat\s*[a-z0-9-]+\s*(?:\.|dot\b|ドット))",
    )
)


def may_contain_pii(column: str) -> pl.Expr:
    """True where ``column`` could hold personal data (a cheap, vectorised superset of ``find_entities``)."""
    return pl.col(column).str.contains(MAY_CONTAIN_PII).fill_null(False)


def redact_series(texts: pl.Series) -> pl.Series:
    """``texts`` with personal data masked.

    Contact-center text repeats a lot (templates, bots, subjects), so each distinct text is checked once; only
    distinct texts passing ``may_contain_pii`` reach Python.
    """
    distinct = texts.drop_nulls().unique()
    suspects = distinct.filter(distinct.to_frame("text").select(may_contain_pii("text")).to_series())
    masked = {text: redact_text(text) for text in suspects.to_list()}
    changed = {text: redacted for text, redacted in masked.items() if redacted != text}
    return texts.replace(changed) if changed else texts


def redact_frame(df: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """``df`` with each of ``columns`` redacted (as text: a number can be a phone or card number); other columns,
    order and nulls unchanged."""
    return df.with_columns(redact_series(df.get_column(c).cast(pl.String)).alias(c) for c in columns)


def original_texts(
    before: pl.DataFrame, after: pl.DataFrame, key: str, columns: Sequence[str], source_table: str
) -> pl.DataFrame:
    """Rows for ``restricted.original_text``: the original of every cell that ``redact_frame`` changed.

    Only for ``redaction.keep_original``; ``before`` and ``after`` are the same rows in the same order.
    """
    parts = [
        pl.DataFrame(
            {
                "source_table": source_table,
                "row_key": before.get_column(key).cast(pl.String),
                "column_name": column,
                "text": before.get_column(column),
                "changed": before.get_column(column) != after.get_column(column),
            }
        ).filter(pl.col("changed"))
        for column in columns
    ]
    schema = {"source_table": pl.String, "row_key": pl.String, "column_name": pl.String, "text": pl.String}
    if not parts:
        return pl.DataFrame(schema=schema)
    return pl.concat(parts).drop("changed")
