"""The effective score: automatic answers corrected by human reviews and decided disputes (AQS vs IQS kept apart).

Precedence per criterion: the latest of (criterion review, accepted/partly accepted dispute) > automatic answer.
Automatic answers of criteria marked "needs tuning" count only as suggestions: without a human answer they are left
out of the effective score. A whole-interaction human score, when present, is the effective score.
"""

from __future__ import annotations

import polars as pl

from transforms.qa.scoring import rollup_scores

_KEYS = ["interaction_id", "rubric_id", "criterion_id"]


def _human_answers(reviews: pl.DataFrame, disputes: pl.DataFrame) -> pl.DataFrame:
    from_reviews = reviews.filter(pl.col("criterion_id").is_not_null()).select(*_KEYS, "answer", "created_at",
                                                                                source=pl.lit("review"))
    granted = disputes.filter(pl.col("action").is_in(["accepted", "partly_accepted"]) & pl.col("answer").is_not_null())
    from_disputes = granted.select(*_KEYS, "answer", "created_at", source=pl.lit("dispute"))
    return pl.concat([from_reviews, from_disputes]).sort("created_at").group_by(_KEYS).agg(
        pl.col("answer").last().alias("human_answer"), pl.col("source").last().alias("human_source"))


def effective_answers(auto: pl.DataFrame, reviews: pl.DataFrame, disputes: pl.DataFrame,
                      needs_tuning: set[tuple[str, str]] | None = None) -> pl.DataFrame:
    """Automatic answers with `answer` replaced where a human decided, and `source` auto|review|dispute|suggestion."""
    tuning = pl.DataFrame([{"rubric_id": r, "criterion_id": c} for r, c in (needs_tuning or set())],
                          schema={"rubric_id": pl.String, "criterion_id": pl.String}).with_columns(_tune=pl.lit(True))
    merged = auto.join(_human_answers(reviews, disputes), on=_KEYS, how="left").join(
        tuning, on=["rubric_id", "criterion_id"], how="left")
    human_points = (pl.when(pl.col("human_answer") == "pass").then(pl.col("max_points"))
                    .when(pl.col("human_answer") == "partial").then(pl.col("max_points") // 2)
                    .when(pl.col("human_answer") == "fail").then(0))
    has_human = pl.col("human_answer").is_not_null()
    suggestion = pl.col("_tune").fill_null(False) & ~has_human
    return merged.with_columns(
        source=pl.when(has_human).then(pl.col("human_source")).when(suggestion).then(pl.lit("suggestion"))
        .otherwise(pl.lit("auto")),
        answer=pl.when(has_human).then(pl.col("human_answer")).when(suggestion).then(pl.lit("na"))
        .otherwise(pl.col("answer")),
        points=pl.when(has_human).then(human_points).otherwise(pl.col("points")),
    ).drop("human_answer", "human_source", "_tune")


def effective_scores(auto: pl.DataFrame, reviews: pl.DataFrame, disputes: pl.DataFrame,
                     needs_tuning: set[tuple[str, str]] | None = None) -> pl.DataFrame:
    """Per interaction: auto_score, effective `score`, `score_source` (auto | auto+human | human), `suggestions`."""
    answers = effective_answers(auto, reviews, disputes, needs_tuning)
    auto_scores = rollup_scores(auto).select("interaction_id", "rubric_id", auto_score=pl.col("score"))
    corrected = rollup_scores(answers).select("interaction_id", "rubric_id", "score")
    touched = answers.group_by("interaction_id", "rubric_id").agg(
        human=pl.col("source").is_in(["review", "dispute"]).any(), suggestions=(pl.col("source") == "suggestion").sum())
    whole = reviews.filter(pl.col("criterion_id").is_null() & pl.col("score").is_not_null()).sort("created_at").group_by(
        "interaction_id", "rubric_id").agg(human_score=pl.col("score").last())
    return (
        auto_scores.join(corrected, on=["interaction_id", "rubric_id"]).join(touched, on=["interaction_id", "rubric_id"])
        .join(whole, on=["interaction_id", "rubric_id"], how="left")
        .select("interaction_id", "rubric_id", "auto_score", "suggestions",
                score=pl.coalesce("human_score", "score"),
                score_source=pl.when(pl.col("human_score").is_not_null()).then(pl.lit("human"))
                .when(pl.col("human")).then(pl.lit("auto+human")).otherwise(pl.lit("auto")))
    )
