"""QA review: the review queue, criteria with evidence, and machine-vs-human agreement."""

from __future__ import annotations

import duckdb
import polars as pl

from dashboards.queries.base import Filters, local_time, present_tables, read, where

_CRITERIA_SCHEMA = {"rubric_id": pl.String, "criterion_id": pl.String, "answer": pl.String,
                    "evidence_text": pl.String, "evidence_seq": pl.Int64}


def review_queue(conn: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 200) -> pl.DataFrame:
    """Sampled interactions waiting for a human review, with their automatic score (empty before QA has run)."""
    if not {"qa.review_queue", "qa.scores"} <= present_tables(conn):
        return pl.DataFrame(schema={"interaction_id": pl.String, "reason": pl.String, "score": pl.Float64})
    clause, params = where(filters, day_column=None, created_column="created_at", agent_column="agent_id",
                           dimensions=())
    local, local_params = local_time(filters)
    return read(  # qa.review_queue already holds the score and the listed columns, ordered by created_at
        conn,
        f"select interaction_id, reason, score, agent_id, channel, queue, {local} as created_local"
        f" from qa.review_queue where {clause} order by created_local desc limit $limit",
        {**local_params, "limit": limit, **params},  # the scope's values (in params) last
    )


def criteria_for(conn: duckdb.DuckDBPyConnection, interaction_ids: list[str]) -> pl.DataFrame:
    """Automatic answer and evidence for each criterion of the given interactions."""
    if "qa.criteria" not in present_tables(conn) or not interaction_ids:
        return pl.DataFrame(schema={"interaction_id": pl.String, **_CRITERIA_SCHEMA})
    return read(
        conn,
        "select interaction_id, rubric_id, criterion_id, answer, evidence_text, evidence_seq from qa.criteria"
        " where list_contains($ids, interaction_id) order by interaction_id, rubric_id, criterion_id",
        {"ids": interaction_ids},
    )


def qa_agreement(machine: pl.DataFrame, overrides: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Machine-vs-human agreement per criterion, and reviewer calibration (pairs judging the same criterion).

    ``overrides`` are the reviewers' answers (interaction_id, criterion_id, answer, reviewer); the latest answer
    of each reviewer counts.
    """
    latest = overrides.sort("created_at").unique(["interaction_id", "criterion_id", "reviewer"], keep="last")
    versus = latest.join(machine.select("interaction_id", "criterion_id", pl.col("answer").alias("machine")),
                         on=["interaction_id", "criterion_id"], how="inner")
    machine_human = versus.group_by("criterion_id").agg(
        pl.len().alias("reviews"), (pl.col("answer") == pl.col("machine")).mean().alias("agreement")
    ).sort("criterion_id")
    pairs = latest.join(latest, on=["interaction_id", "criterion_id"], suffix="_other").filter(
        pl.col("reviewer") < pl.col("reviewer_other")
    )
    calibration = pairs.group_by("reviewer", "reviewer_other").agg(
        pl.len().alias("shared"), (pl.col("answer") == pl.col("answer_other")).mean().alias("agreement")
    ).sort("reviewer", "reviewer_other")
    return {"machine_human": machine_human, "calibration": calibration}
