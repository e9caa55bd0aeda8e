"""Score interactions against rubrics: per-criterion answers with evidence, and the 0–100 interaction score.

Score = Σ(points/max_points × weight) / Σ(weight of applicable criteria) × 100, N/A criteria left out of both sums;
a failed critical criterion makes the score 0; an interaction where every criterion is N/A has no score (null).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from qa_rubrics import Criterion, Rubric
from transforms.qa.context import HIT_SCHEMA, ScoringContext, SentimentFn
from transforms.qa.detectors import Detector, Found, compile_detector
from transforms.qa.prepare import interaction_metrics, prepare_messages


@dataclass(frozen=True)
class Scored:
    scores: pl.DataFrame  # interaction_id, rubric_id, rubric_version, score, critical_failed, applicable_weight
    answers: pl.DataFrame  # ... criterion_id, section_id, answer, points, max_points, weight, critical, reason
    evidence: pl.DataFrame  # ... criterion_id + HIT_SCHEMA columns


@dataclass(frozen=True)
class CompiledCriterion:
    section_id: str
    criterion: Criterion
    weight: float
    detector: Detector | None
    levels: list[tuple[int, Detector]]
    na_when: Detector | None


def compile_rubric(rubric: Rubric) -> list[CompiledCriterion]:
    """Compile every detector of a rubric once (phrase lists normalised, regexes checked)."""
    weights = rubric.effective_weights()
    out = []
    for section, c in rubric.criteria():
        base = f"{c.id}"
        out.append(CompiledCriterion(
            section.id, c, weights[c.id],
            compile_detector(c.detector, f"{base}.detector") if c.detector else None,
            [(lv.points, compile_detector(lv.when, f"{base}.points[{i}]")) for i, lv in enumerate(c.points or [])],
            compile_detector(c.na_when, f"{base}.na_when", acoustic=False) if c.na_when else None,
        ))
    return out


def _points(ctx: ScoringContext, cc: CompiledCriterion) -> tuple[pl.DataFrame, pl.DataFrame, str]:
    """(interaction_id, points) with the evidence hits and a description of what was looked for."""
    if cc.detector is not None:
        found = cc.detector.evaluate(ctx)
        frame = found.fired.select("interaction_id", points=pl.col("fired").cast(pl.Int32))
        return frame, found.hits, cc.detector.describe()
    levels: list[tuple[int, Found]] = [(p, d.evaluate(ctx)) for p, d in cc.levels]
    expr = pl.lit(0, pl.Int32)
    joined = ctx.ids
    for i, (points, found) in reversed(list(enumerate(levels))):
        joined = joined.join(found.fired.rename({"fired": f"l{i}"}), on="interaction_id", how="left")
        expr = pl.when(pl.col(f"l{i}")).then(pl.lit(points, pl.Int32)).otherwise(expr)
    frame = joined.select("interaction_id", points=expr)
    chosen = [found.hits.join(frame.filter(pl.col("points") == p), on="interaction_id", how="semi") for p, found in levels]
    description = "; ".join(f"{p} pts if {d.describe()}" for p, d in cc.levels)
    return frame, pl.concat(chosen) if chosen else ctx.empty_hits(), description


def score_criterion(ctx: ScoringContext, cc: CompiledCriterion) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Answers (pass / partial / fail / na, with a reason) and evidence for one criterion over all interactions."""
    frame, hits, looked_for = _points(ctx, cc)
    na_hits = ctx.empty_hits()
    if cc.na_when is not None:
        na = cc.na_when.evaluate(ctx)
        frame = frame.join(na.fired.rename({"fired": "na"}), on="interaction_id", how="left")
        na_hits = na.hits.join(na.fired.filter("fired"), on="interaction_id", how="semi")
        na_reason = f"not applicable: {cc.na_when.describe()}"
    else:
        frame, na_reason = frame.with_columns(na=pl.lit(False)), ""
    top = cc.criterion.max_points
    answer = (
        pl.when(pl.col("na")).then(pl.lit("na"))
        .when(pl.col("points") >= top).then(pl.lit("pass"))
        .when(pl.col("points") > 0).then(pl.lit("partial"))
        .otherwise(pl.lit("fail"))
    )
    has_hits = pl.col("interaction_id").is_in(hits["interaction_id"].unique().implode())
    reason = (
        pl.when(pl.col("na")).then(pl.lit(na_reason))
        .when(has_hits).then(pl.lit(f"evidence for: {looked_for}"))
        .otherwise(pl.lit(f"nothing found for: {looked_for}"))
    )
    answers = frame.select(
        "interaction_id", criterion_id=pl.lit(cc.criterion.id), section_id=pl.lit(cc.section_id),
        answer=answer, points=pl.when(pl.col("na")).then(None).otherwise(pl.col("points")),
        max_points=pl.lit(top, pl.Int32), weight=pl.lit(cc.weight), critical=pl.lit(cc.criterion.critical),
        reason=reason,
    )
    not_na = answers.filter(pl.col("answer") != "na")
    evidence = pl.concat([hits.join(not_na, on="interaction_id", how="semi"), na_hits])
    return answers, evidence.with_columns(criterion_id=pl.lit(cc.criterion.id))


def rollup_scores(answers: pl.DataFrame) -> pl.DataFrame:
    """Per (interaction, rubric) score from criterion answers; also used for human-corrected answers."""
    applicable = pl.col("answer") != "na"
    earned = (pl.col("points") / pl.col("max_points") * pl.col("weight")).filter(applicable).sum()
    weight = pl.col("weight").filter(applicable).sum()
    critical_failed = ((pl.col("answer") == "fail") & pl.col("critical")).any()
    return answers.group_by("interaction_id", "rubric_id", "rubric_version", maintain_order=True).agg(
        score=pl.when(critical_failed).then(0.0).when(weight > 0).then((earned / weight * 100).round(2)),
        critical_failed=critical_failed,
        applicable_weight=weight,
    )


def score_rubric(rubric: Rubric, ctx: ScoringContext) -> Scored:
    """Score every interaction in the context against one rubric."""
    parts = [score_criterion(ctx, cc) for cc in compile_rubric(rubric)]
    tag = {"rubric_id": pl.lit(rubric.id), "rubric_version": pl.lit(rubric.version, pl.Int32)}
    answers = pl.concat([a for a, _ in parts]).with_columns(**tag)
    evidence = pl.concat([e for _, e in parts]).with_columns(**tag)
    if rubric.kind == "agent_scorecard":
        answers, evidence = _agent_silent_is_na(answers, evidence, ctx)
    return Scored(rollup_scores(answers), answers, evidence)


def _agent_silent_is_na(answers: pl.DataFrame, evidence: pl.DataFrame, ctx: ScoringContext) -> tuple[pl.DataFrame, pl.DataFrame]:
    """An agent scorecard cannot judge an interaction the agent never spoke in (abandoned call, unanswered ticket)."""
    spoke = ctx.messages_for("agent").select("interaction_id").unique()
    silent = pl.col("interaction_id").is_in(spoke["interaction_id"].implode()).not_()
    answers = answers.with_columns(
        answer=pl.when(silent).then(pl.lit("na")).otherwise("answer"),
        points=pl.when(silent).then(None).otherwise("points"),
        reason=pl.when(silent).then(pl.lit("not applicable: no agent message in this interaction")).otherwise("reason"),
    )
    return answers, evidence.filter(~silent)


def rubric_for(rubric: Rubric, interactions: pl.DataFrame) -> pl.DataFrame:
    """The interactions a rubric applies to, by language, channel and (when known) direction."""
    applies = pl.col("language").is_in(rubric.languages) & pl.col("channel").is_in(rubric.channels)
    if "direction" in interactions.columns:
        applies = applies & pl.col("direction").fill_null("inbound").is_in(rubric.directions)
    return interactions.filter(applies)


def score_interactions(
    rubrics: Sequence[Rubric],
    interactions: pl.DataFrame,
    messages: pl.DataFrame,
    conversation_metrics: pl.DataFrame | None = None,
    sentiment: SentimentFn | None = None,
) -> Scored:
    """Score interactions against every rubric that applies (one agent scorecard plus customer-conduct rubrics).

    Messages are prepared once; each rubric then sees only its own interactions. When two agent scorecards match
    the same interaction, the first by id wins.
    """
    if sentiment is None:
        from transforms.sentiment import score_texts

        sentiment = score_texts
    prepared = prepare_messages(messages)
    metrics = interaction_metrics(interactions, prepared, conversation_metrics)
    taken = pl.DataFrame({"interaction_id": []}, schema={"interaction_id": pl.String})
    results: list[Scored] = []
    for rubric in sorted(rubrics, key=lambda r: r.id):
        ids = rubric_for(rubric, interactions).select(pl.col("interaction_id").cast(pl.String))
        if rubric.kind == "agent_scorecard":
            ids = ids.join(taken, on="interaction_id", how="anti")
            taken = pl.concat([taken, ids])
        if ids.is_empty():
            continue
        ctx = ScoringContext(ids, prepared.join(ids, on="interaction_id", how="semi"), metrics, sentiment)
        results.append(score_rubric(rubric, ctx))
    return _concat(results)


def _concat(results: list[Scored]) -> Scored:
    if not results:
        empty = pl.DataFrame(schema={"interaction_id": pl.String})
        return Scored(empty, empty, pl.DataFrame(schema={**HIT_SCHEMA, "criterion_id": pl.String}))
    return Scored(*(pl.concat([getattr(r, f) for r in results]) for f in ("scores", "answers", "evidence")))
