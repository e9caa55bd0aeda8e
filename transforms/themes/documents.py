"""One document per interaction from every customer-side source: ticket subject, customer messages and
customer turns of call transcripts, and survey comments (a low-score comment goes first, so it survives
truncation). Surveys not linked to an interaction become documents of their own.

Boilerplate turns are dropped before the parts are joined: a part (after folding case/width and masking
digits) that occurs in many documents — "Yes, that's right.", identity checks, "ありがとうございました。" —
says nothing about the complaint and would pull every call towards one "phone call" theme. The lead part
(the subject, else the first customer turn) is always kept, so a templated subject still names its theme.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from transforms.text_ja import fold_expr, is_japanese

MAX_CHARS = 1000
BOILERPLATE_SHARE = 0.02  # a non-lead part found in at least this share of documents (and ≥ 5) is dropped
BOILERPLATE_MIN_DOCUMENTS = 5
DOCUMENT_COLUMNS = ["document_id", "language", "text", "created_at", "channel", "product", "customer_id", "csat", "nps"]
_COMMENT_FIRST, _COMMENT_LAST = -1, 1_000_000


def _surveys_per_interaction(surveys: pl.DataFrame) -> pl.DataFrame:
    """Per interaction: worst csat/nps, whether any score is low, and the survey language."""
    return (
        surveys.filter(pl.col("interaction_id").is_not_null())
        .group_by("interaction_id")
        .agg(csat=pl.col("csat").min(), nps=pl.col("nps").min(), survey_language=pl.col("language").drop_nulls().first())
        .with_columns(low_score=((pl.col("csat") <= 2) | (pl.col("nps") <= 6)).fill_null(False))
    )


def text_parts(interactions: pl.DataFrame, messages: pl.DataFrame, surveys: pl.DataFrame) -> pl.DataFrame:
    """(document_id, position, text, is_lead): subject 0, customer turns 1.., comments first when low-score."""
    scores = _surveys_per_interaction(surveys).select("interaction_id", "low_score")
    comments = surveys.filter(pl.col("interaction_id").is_not_null()).join(scores, on="interaction_id").select(
        "interaction_id",
        position=pl.when(pl.col("low_score")).then(_COMMENT_FIRST).otherwise(_COMMENT_LAST),
        text="comment",
    )
    parts = pl.concat(
        [
            interactions.select("interaction_id", position=pl.lit(0), text="subject"),
            messages.select("interaction_id", position=pl.col("seq") + 1, text="text"),
            comments,
        ],
        how="vertical_relaxed",
    ).filter(pl.col("text").str.strip_chars().str.len_chars() > 0)
    lead = pl.col("position") == pl.col("position").filter(pl.col("position") >= 0).min().over("document_id")
    return parts.rename({"interaction_id": "document_id"}).with_columns(is_lead=lead.fill_null(False))


def drop_boilerplate(parts: pl.DataFrame) -> pl.DataFrame:
    """Parts without within-document repeats and without frequent non-lead boilerplate."""
    keyed = parts.with_columns(key=fold_expr("text").str.replace_all(r"\d", "0").str.replace_all(r"[\s\p{P}]+", ""))
    keyed = keyed.sort("document_id", "position").unique(["document_id", "key"], keep="first", maintain_order=True)
    documents = keyed["document_id"].n_unique()
    limit = max(BOILERPLATE_MIN_DOCUMENTS, BOILERPLATE_SHARE * documents)
    frequent = pl.col("document_id").n_unique().over("key") >= limit
    return keyed.filter(pl.col("is_lead") | ~frequent).drop("key")


def build_documents(
    interactions: pl.DataFrame, messages: pl.DataFrame, surveys: pl.DataFrame, max_chars: int = MAX_CHARS
) -> pl.DataFrame:
    """DOCUMENT_COLUMNS, one row per interaction (or unlinked survey) with non-empty customer text.

    ``messages`` must already be customer-side (role = 'customer'), tickets and transcripts alike.
    """
    kept = drop_boilerplate(text_parts(interactions, messages, surveys))
    joined = kept.sort("document_id", "position").group_by("document_id", maintain_order=True).agg(
        text=pl.col("text").str.join(" ")
    )
    message_language = messages.group_by("interaction_id").agg(message_language=pl.col("language").drop_nulls().mode().first())
    docs = (
        interactions.rename({"interaction_id": "document_id"})
        .join(joined, on="document_id", how="inner")
        .join(message_language.rename({"interaction_id": "document_id"}), on="document_id", how="left")
        .join(_surveys_per_interaction(surveys).rename({"interaction_id": "document_id"}), on="document_id", how="left")
        .with_columns(language=pl.coalesce("language", "message_language", "survey_language"))
        .select(DOCUMENT_COLUMNS)
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


def on_local_day(documents: pl.DataFrame, day: str | None, timezone: str) -> pl.DataFrame:
    """The documents created on ``day`` (YYYY-MM-DD, local date in ``timezone``; ``created_at`` is naive UTC), or
    all of them when ``day`` is None. Documents without a creation time belong to no day."""
    if day is None:
        return documents
    local_day = pl.col("created_at").dt.replace_time_zone("UTC").dt.convert_time_zone(timezone).dt.date()
    return documents.filter(local_day == date.fromisoformat(day))
