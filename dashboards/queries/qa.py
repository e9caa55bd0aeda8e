"""QA: verdicts (effective = a reviewer's answer over the machine's), the review queue, agreement, the agent ×
criterion pass rates, coaching progress and calibration.

The snapshot holds each verdict as of the last pipeline run; answers given in the dashboard since then
(``pending``: rows of warehouse.review_store.pending_human_answers) are applied on read with the same rule
(transforms/qa/effective.py), so a review takes effect at once on every page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import duckdb
import polars as pl

from dashboards.queries.base import Filters, local_time, present_tables, query, read, scope, where, with_scope
from qa_rubrics import Criterion, Rubric
from transforms.qa.agreement import calibration_report, machine_vs_human
from transforms.qa.effective import effective_answers
from transforms.qa.scoring import rollup_scores

HUMAN_SCHEMA = pl.Schema({"interaction_id": pl.String(), "rubric_id": pl.String(), "criterion_id": pl.String(),
                          "answer": pl.String(), "created_at": pl.String(), "source": pl.String(), "by": pl.String()})
_QUEUE_SCHEMA = pl.Schema({"interaction_id": pl.String(), "reasons": pl.List(pl.String()), "score": pl.Float64(),
                           "auto_score": pl.Float64(), "reviewer": pl.String(), "agent_id": pl.String(),
                           "team": pl.String(), "channel": pl.String(), "queue": pl.String(),
                           "created_local": pl.Datetime("us")})


@dataclass(frozen=True)
class Verdict:
    """One interaction's QA result: per rubric the effective and machine scores, per criterion both answers."""

    scores: pl.DataFrame  # rubric_id, rubric_version, kind, score, auto_score, critical_failed
    criteria: pl.DataFrame  # rubric_id, kind, section_id, criterion_id, answer, auto_answer, source, critical, evidence…
    rubrics: dict[tuple[str, int], Rubric]


@functools.lru_cache(maxsize=64)
def _rubric(definition: str) -> Rubric:
    return Rubric.model_validate_json(definition)


def rubrics(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], Rubric]:
    """Every rubric version the snapshot's scores were made with, as models (labels, descriptions, detectors)."""
    if "qa.rubrics" not in present_tables(conn):
        return {}
    rows = conn.execute("select rubric_id, version, definition from qa.rubrics").fetchall()
    return {(rubric_id, version): _rubric(definition) for rubric_id, version, definition in rows}


def criterion_of(models: dict[tuple[str, int], Rubric], rubric_id: str, version: int,
                 criterion_id: str) -> Criterion | None:
    rubric = models.get((rubric_id, version))
    return next((c for _, c in rubric.criteria() if c.id == criterion_id), None) if rubric else None


def allowed_answers(found: Verdict, rubric_id: str, criterion_id: str) -> tuple[str, ...]:
    """What a reviewer may answer on one criterion of this verdict (its rubric version's scale decides)."""
    versions = found.criteria.filter((pl.col("rubric_id") == rubric_id) & (pl.col("criterion_id") == criterion_id))
    criterion = criterion_of(found.rubrics, rubric_id, versions["rubric_version"][0], criterion_id) \
        if not versions.is_empty() else None
    return criterion.answers if criterion else ("pass", "fail", "na")


def _human(conn: duckdb.DuckDBPyConnection, ids: list[str], pending: list[dict]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(reviews, granted disputes) in transforms.qa.effective's shape: the snapshot's plus those given since."""
    snapshot_reviews = read(conn, query("qa/snapshot_reviews"), {"ids": ids})
    snapshot_disputes = read(conn, query("qa/snapshot_disputes"), {"ids": ids})
    wanted = set(ids)
    given = pl.DataFrame([row for row in pending if row["interaction_id"] in wanted], schema=HUMAN_SCHEMA, orient="row")
    every = pl.concat([snapshot_reviews.cast(HUMAN_SCHEMA), snapshot_disputes.cast(HUMAN_SCHEMA), given])
    reviews = every.filter(pl.col("source") == "review")
    disputes = every.filter(pl.col("source") == "dispute").with_columns(action=pl.lit("accepted"))
    return reviews, disputes


def _effective(conn: duckdb.DuckDBPyConnection, ids: list[str], pending: list[dict]) -> pl.DataFrame:
    """Effective answers of some interactions (with `auto_answer` beside), from the snapshot's machine answers."""
    auto = read(conn, "select interaction_id, rubric_id, rubric_version, kind, section_id, criterion_id, auto_answer"
                      " as answer, auto_points as points, max_points, weight, critical, reason, evidence"
                      " from qa.criteria where list_contains($ids, interaction_id)", {"ids": ids})
    reviews, disputes = _human(conn, ids, pending)
    keys = ["interaction_id", "rubric_id", "criterion_id"]
    by = pl.concat([reviews, disputes.drop("action")]).sort("created_at").group_by(keys).agg(pl.col("by").last())
    return effective_answers(auto, reviews, disputes, needs_tuning(conn)).join(
        auto.select(*keys, auto_answer="answer", auto_points="points"), on=keys).join(by, on=keys, how="left")


def needs_tuning(conn: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """Criteria marked "needs tuning" as of the snapshot (their machine answers are provisional)."""
    if "qa.needs_tuning" not in present_tables(conn):
        return set()
    return {(r, c) for r, c in conn.execute("select rubric_id, criterion_id from qa.needs_tuning").fetchall()}


def verdict(conn: duckdb.DuckDBPyConnection, interaction_id: str, pending: list[dict]) -> Verdict | None:
    """The verdict of one interaction (None before QA has scored it)."""
    if "qa.criteria" not in present_tables(conn):
        return None
    answers = _effective(conn, [interaction_id], pending)
    if answers.is_empty():
        return None
    auto = rollup_scores(answers.with_columns(answer="auto_answer", points="auto_points")).select(
        "rubric_id", auto_score="score", auto_critical_failed="critical_failed")
    scores = rollup_scores(answers).join(auto, on="rubric_id").join(
        answers.select("rubric_id", "kind").unique(), on="rubric_id").sort("kind", "rubric_id")
    return Verdict(scores, answers, rubrics(conn))


def live_scores(conn: duckdb.DuckDBPyConnection, pending: list[dict]) -> dict[str, float | None]:
    """Agent-scorecard scores of the interactions answered in the dashboard since the snapshot (id → score)."""
    ids = sorted({row["interaction_id"] for row in pending})
    if not ids or "qa.criteria" not in present_tables(conn):
        return {}
    scored = rollup_scores(_effective(conn, ids, pending).filter(pl.col("kind") == "agent_scorecard"))
    return dict(zip(scored["interaction_id"].to_list(), scored["score"].to_list(), strict=True))


def review_queue(conn: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 200) -> pl.DataFrame:
    """Sampled interactions no human has reviewed yet (those answered since the snapshot are left out, via
    ``filters.live_scores``), with why they were picked, to whom they are assigned and the score."""
    if not {"qa.review_queue", "qa.scores"} <= present_tables(conn):
        return pl.DataFrame(schema=_QUEUE_SCHEMA)
    clause, params = where(filters, day_column=None, created_column="created_at", agent_column="agent_id",
                           dimensions=(), team_column="team")
    local, local_params = local_time(filters)
    return read(  # qa.review_queue already holds the score and the listed columns, ordered by created_at
        conn,
        f"select interaction_id, reasons, score, auto_score, reviewer, agent_id, team, channel, queue,"
        f" {local} as created_local from qa.review_queue where {clause}"
        " and not list_contains($reviewed_since, interaction_id) order by priority, created_local desc limit $limit",
        {**local_params, "limit": limit, "reviewed_since": list(dict(filters.live_scores)), **params},
    )


def scored_with(conn: duckdb.DuckDBPyConnection, rubric_id: str, interaction_ids: list[str]) -> set[str]:
    """Which of these interactions the snapshot has a score for on this rubric."""
    if "qa.criteria" not in present_tables(conn) or not interaction_ids:
        return set()
    found = read(conn, "select distinct interaction_id from qa.criteria where rubric_id = $rubric"
                       " and list_contains($ids, interaction_id)", {"rubric": rubric_id, "ids": interaction_ids})
    return set(found["interaction_id"].to_list())


def criteria_for(conn: duckdb.DuckDBPyConnection, interaction_ids: list[str]) -> pl.DataFrame:
    """Effective answer (and the machine's) and the first evidence of each criterion of some interactions."""
    schema = {"interaction_id": pl.String, "rubric_id": pl.String, "criterion_id": pl.String, "answer": pl.String,
              "auto_answer": pl.String, "evidence_text": pl.String, "evidence_seq": pl.Int64}
    if "qa.criteria" not in present_tables(conn) or not interaction_ids:
        return pl.DataFrame(schema=schema)
    return read(conn, f"select {', '.join(schema)} from qa.criteria where list_contains($ids, interaction_id)"
                      " order by interaction_id, rubric_id, criterion_id", {"ids": interaction_ids})


def _in_scope(conn: duckdb.DuckDBPyConnection, filters: Filters, ids: set[str]) -> set[str]:
    """The ids a supervisor may see (their teams' interactions); everyone else's scope here is every interaction."""
    if filters.scope_teams is None:
        return ids
    scope_clause, scope_params = scope(None, None, filters.scope_teams, "team")
    allowed = read(conn, f"select interaction_id from qa.scores where list_contains($ids, interaction_id)"
                         f" and {scope_clause}", with_scope({"ids": sorted(ids)}, scope_params))
    return set(allowed["interaction_id"].to_list())


def agreement(conn: duckdb.DuckDBPyConnection, pending: list[dict], filters: Filters) -> pl.DataFrame:
    """Machine vs human per criterion: the one weighted κ (transforms/qa/agreement.py), as `koe qa agreement`."""
    live = [row for row in pending if row["source"] == "review"]
    reviewed = set(live_row["interaction_id"] for live_row in live)
    if "qa.reviews" in present_tables(conn):
        reviewed |= set(read(conn, "select distinct interaction_id from qa.reviews where calibration_id is null"
                                   " and criterion_id is not null", {})["interaction_id"].to_list())
    ids = sorted(_in_scope(conn, filters, reviewed))
    auto = read(conn, "select interaction_id, rubric_id, criterion_id, auto_answer as answer from qa.criteria"
                      " where list_contains($ids, interaction_id)", {"ids": ids}) if ids else pl.DataFrame(
        schema={"interaction_id": pl.String, "rubric_id": pl.String, "criterion_id": pl.String, "answer": pl.String})
    reviews, _ = _human(conn, ids, live) if ids else (pl.DataFrame(schema=HUMAN_SCHEMA), None)
    return machine_vs_human(auto, reviews)


def pass_rates(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Agent × criterion: effective pass rate (%) and answers counted (N/A left out), for the coaching heatmap."""
    if not {"qa.criteria", "qa.scores"} <= present_tables(conn):
        return pl.DataFrame(schema={"agent_id": pl.String, "rubric_id": pl.String, "criterion_id": pl.String,
                                    "pass_rate": pl.Float64, "answered": pl.Int64})
    clause, params = where(filters, day_column=None, created_column="s.created_at", agent_column="s.agent_id",
                           dimensions=(), team_column="s.team")
    return read(conn, query("qa/pass_rates").format(where=clause), params)


def coaching_progress(conn: duckdb.DuckDBPyConnection, items: list[dict]) -> pl.DataFrame:
    """Per coaching item and criterion: the agent's pass rate over the 30 days before it was assigned and since."""
    schema = {"coaching_id": pl.Int64, "criterion": pl.String, "before_pct": pl.Float64, "after_pct": pl.Float64,
              "after_answered": pl.Int64}
    rows = [{"coaching_id": item["coaching_id"], "agent_id": item["agent_id"], "criterion": criterion,
             "assigned_at": item["created_at"]} for item in items for criterion in item["criteria"]]
    if not rows or not {"qa.criteria", "qa.scores"} <= present_tables(conn):
        return pl.DataFrame(schema=schema)
    wanted = pl.DataFrame(rows).with_columns(assigned_at=pl.col("assigned_at").str.to_datetime(strict=False))
    conn.register("koe_coaching", wanted.to_arrow())
    try:
        return read(conn, query("qa/coaching_progress"), {})
    finally:
        conn.unregister("koe_coaching")


def calibration(answers: list[dict]) -> pl.DataFrame:
    """One calibration session: per criterion ("rubric:criterion") the raters' agreement (Krippendorff's α) and
    modal agreement."""
    frame = pl.DataFrame(answers, schema={"interaction_id": pl.String, "rubric_id": pl.String,
                                          "criterion_id": pl.String, "answer": pl.String, "reviewer": pl.String,
                                          "created_at": pl.String}, orient="row")
    keyed = frame.with_columns(criterion_id=pl.concat_str("rubric_id", pl.lit(":"), "criterion_id"),
                               score=pl.lit(None, pl.Float64))  # "rubric:criterion": ids repeat across rubrics
    per_criterion, _ = calibration_report(keyed)
    return per_criterion
