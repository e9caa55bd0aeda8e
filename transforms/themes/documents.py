"""One document per interaction from every customer-side source: ticket subject, customer messages and
customer turns of call transcripts, and survey comments (a low-score comment goes first, so it survives
truncation). Surveys not linked to an interaction become documents of their own."""

from __future__ import annotations

import polars as pl

from transforms.text_ja import is_japanese

MAX_CHARS = 1000
DOCUMENT_COLUMNS = ["document_id", "language", "text", "created_at", "channel", "product", "customer_id", "csat", "nps"]


def _low_score() -> pl.Expr:
    return (pl.col("csat") <= 2) | (pl.col("nps") <= 6)


def _survey_parts(surveys: pl.DataFrame) -> pl.DataFrame:
    """Per interaction: survey comment text, worst csat/nps, and whether any score is low."""
    return (
        surveys.filter(pl.col("interaction_id").is_not_null())
        .group_by("interaction_id")
        .agg(
            comment=pl.col("comment").drop_nulls().str.join(" "),
            csat=pl.col("csat").min(),
            nps=pl.col("nps").min(),
            survey_language=pl.col("language").drop_nulls().first(),
        )
        .with_columns(low_score=_low_score().fill_null(False))
    )


def build_documents(
    interactions: pl.DataFrame, messages: pl.DataFrame, surveys: pl.DataFrame, max_chars: int = MAX_CHARS
) -> pl.DataFrame:
    """DOCUMENT_COLUMNS, one row per interaction (or unlinked survey) with non-empty customer text.

    ``messages`` must already be customer-side (role = 'customer'), tickets and transcripts alike.
    """
    said = (
        messages.sort("interaction_id", "seq")
        .group_by("interaction_id", maintain_order=True)
        .agg(said=pl.col("text").str.join(" "), message_language=pl.col("language").drop_nulls().mode().first())
    )
    docs = (
        interactions.join(said, on="interaction_id", how="left")
        .join(_survey_parts(surveys), on="interaction_id", how="left")
        .with_columns(
            body=pl.concat_str(pl.col("subject"), pl.col("said"), separator=" ", ignore_nulls=True),
            comment=pl.col("comment").fill_null(""),
        )
        .with_columns(
            text=pl.when(pl.col("low_score").fill_null(False))
            .then(pl.concat_str("comment", "body", separator=" "))
            .otherwise(pl.concat_str("body", "comment", separator=" "))
            .str.strip_chars(),
            language=pl.coalesce("language", "message_language", "survey_language"),
        )
        .select(pl.col("interaction_id").alias("document_id"), *DOCUMENT_COLUMNS[1:])
    )
    return _finish(pl.concat([docs, _unlinked_surveys(surveys)], how="vertical_relaxed"), max_chars)


def _unlinked_surveys(surveys: pl.DataFrame) -> pl.DataFrame:
    return surveys.filter(pl.col("interaction_id").is_null()).select(
        pl.col("survey_id").alias("document_id"),
        "language",
        pl.col("comment").fill_null("").alias("text"),
        pl.col("responded_at").alias("created_at"),
        pl.lit("survey").alias("channel"),
        pl.lit(None, dtype=pl.String).alias("product"),
        "customer_id",
        "csat",
        "nps",
    )


def _finish(docs: pl.DataFrame, max_chars: int) -> pl.DataFrame:
    """Drop empty documents, cap length, fill missing language tags from the script, sort by id."""
    docs = docs.filter(pl.col("text").str.len_chars() > 0).with_columns(pl.col("text").str.slice(0, max_chars))
    detected = pl.Series([("ja" if is_japanese(t) else "en") for t in docs["text"]], dtype=pl.String)
    return docs.with_columns(language=pl.coalesce("language", detected)).sort("document_id").select(DOCUMENT_COLUMNS)
