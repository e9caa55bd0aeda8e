"""FAQ candidates: the most frequent themes whose documents are mostly questions or "can't do X" requests."""

from __future__ import annotations

import polars as pl

from transforms.text_ja import fold_expr

# English: how do/can I, how to, where/why/what/when/can I…, a question mark. Japanese: 〜方法, どうすれば,
# どうやって, 〜できない/できません, 〜ですか/ますか/でしょうか, a question mark (full-width folds to '?').
QUESTION_PATTERN = (
    r"(^|\b)(how (do|can|to|much|long)|where (is|can|do)|why (is|was|do|did|can)|what (is|are|do|should)|"
    r"when (will|can|do)|can (i|you)|is it possible|i can'?t|cannot|unable to)\b"
    r"|\?|方法|どうすれば|どうやって|どうしたら|できない|できません|出来ない|ですか|ますか|でしょうか|教えて"
)
MIN_QUESTION_SHARE = 0.3


def question_expr(text: str | pl.Expr = "text") -> pl.Expr:
    """True when a document reads as a question or a how-to / cannot-do request."""
    return fold_expr(text).str.contains(QUESTION_PATTERN)


def faq_candidates(
    documents: pl.DataFrame, themes: pl.DataFrame, top: int = 10, min_share: float = MIN_QUESTION_SHARE
) -> pl.DataFrame:
    """(theme_id, label, documents, question_share, example) for question-like themes, most frequent first.

    ``documents``: theme_id, text, similarity (to the theme centroid); ``themes``: theme_id, label. The example
    is the question-like document closest to the centroid, i.e. the most typical wording.
    """
    flagged = documents.filter(pl.col("theme_id").is_not_null()).with_columns(is_question=question_expr("text"))
    per_theme = flagged.group_by("theme_id").agg(
        documents=pl.len(),
        question_share=pl.col("is_question").mean(),
        example=pl.col("text").filter(pl.col("is_question")).sort_by(pl.col("similarity").filter(pl.col("is_question")), descending=True).first(),
    )
    return (
        per_theme.filter(pl.col("question_share") >= min_share)
        .join(themes.select("theme_id", "label"), on="theme_id", how="left")
        .sort(["documents", "theme_id"], descending=[True, False])
        .head(top)
        .select("theme_id", "label", "documents", "question_share", "example")
    )
