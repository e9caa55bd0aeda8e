"""Automatic QA scores (every interaction, every applicable rubric) and customer-harassment flags, as Dagster assets."""


from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dagster as dg
import polars as pl

import warehouse.qa as store
from pipelines.defs.metadata import table_metadata
from pipelines.defs.partitions import call_days, partition_day
from pipelines.defs.resources import Connect, SettingsResource, WarehouseResource
from qa_rubrics import Rubric, content_hash, load_all
from transforms.qa.sampling import REASONS, SamplingPolicy, assign_reviewers, review_sample
from transforms.qa.scoring import score_interactions
from warehouse import app_store, review_store
from warehouse.checks import table_shape


class QaScoresConfig(dg.Config):
    rescore: bool = False  # re-score interactions scored with an older rubric version (otherwise only new/changed)


def score_pending(
    connect: Connect,
    rubrics: list[Rubric],
    *,
    day: str | None = None,
    timezone: str = "Asia/Tokyo",
    since: datetime | None = None,
    rescore: bool = False,
    trigger: str = "dagster",
) -> dict[str, int | str | list[str]]:
    """Score what is new or changed (or on an old rubric version with `rescore`) and append the run.

    `day` (YYYY-MM-DD) limits it to interactions created on that local date in `timezone` (one daily partition).
    Inputs are read and the run written in two short connections from `connect`; scoring holds none, so day
    partitions running in parallel only take turns for the read and the write.
    """
    with connect() as conn:
        unbumped = store.record_rubrics(conn, rubrics, [content_hash(r) for r in rubrics])
        versions = {r.id: r.version for r in rubrics}
        interactions, messages, metrics = store.pending_inputs(
            conn, versions, since=since, rescore=rescore, day=day, timezone=timezone
        )
    if interactions.is_empty():
        return {"interactions_scored": 0, "rubrics_changed_without_version_bump": unbumped}
    scored = score_interactions(rubrics, interactions, messages, metrics)
    with connect() as conn:
        run_id = store.write_run(conn, scored.scores, scored.answers, scored.evidence, interactions, trigger)
    return {
        "run_id": run_id,
        "interactions_scored": interactions.height,
        "scores_written": scored.scores.height,
        "evidence_rows": scored.evidence.height,
        "rubrics_changed_without_version_bump": unbumped,
    }


@dg.asset(
    # transcripts and their metrics first (call_transcripts via the unpartitioned conversation_metrics: koe_job runs
    # without a partition key, and Dagster then cannot run a partitioned asset after another partitioned one)
    deps=["core_messages", "core_interactions", "conversation_metrics", "message_sentiment"],
    partitions_def=call_days,
    group_name="qa",
    kinds={"duckdb", "polars"},
)
def qa_scores(
    context: dg.AssetExecutionContext, config: QaScoresConfig, warehouse: WarehouseResource,
    koe_settings: SettingsResource,
) -> dg.MaterializeResult:
    """Scores new or changed interactions against the QA rubrics, with per-criterion answers and evidence."""
    day = partition_day(context)  # no key: every interaction not yet scored
    summary = score_pending(warehouse.connect, load_all(), day=day, timezone=koe_settings.settings().timezone,
                            rescore=config.rescore)
    metadata = {k: str(v) if isinstance(v, list) else v for k, v in summary.items()}
    return dg.MaterializeResult(metadata={"day": day or "all", **metadata})


@dg.asset(deps=[qa_scores], group_name="qa", kinds={"duckdb"})
def qa_harassment_flags(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Customer-harassment (カスハラ) flags: interactions where a customer-conduct criterion failed, with severity."""
    with warehouse.connect() as conn:
        flags = store.harassment_flags(conn)
    top = flags.head(10).select("interaction_id", "severity", "agent_id")
    return dg.MaterializeResult(metadata={
        "flagged_interactions": flags.height,
        "top_flags": dg.MetadataValue.md("\n".join(f"- {i} (severity {s:g}, agent {a})" for i, s, a in top.rows())),
    })


class ReviewQueueConfig(dg.Config):
    days: int = 7  # sample from the newest `days` days of data
    weekly_goal: int = SamplingPolicy.weekly_goal  # reviews per reviewer per week
    low_score: float = SamplingPolicy.low_score
    calibration_per_mille: int = SamplingPolicy.calibration_per_mille


def _this_monday(timezone: str) -> date:
    today = datetime.now(ZoneInfo(timezone)).date()
    return today - timedelta(days=today.weekday())


@dg.asset(deps=[qa_scores, qa_harassment_flags, "qa_ui_reviews", "core_surveys", "conversation_metrics",
                "message_sentiment"],
          group_name="qa", kinds={"duckdb", "polars"}, pool="duckdb")
def qa_review_queue(config: ReviewQueueConfig, warehouse: WarehouseResource,
                    koe_settings: SettingsResource) -> dg.MaterializeResult:
    """The review queue: contacts worth a human look (transforms/qa/sampling.py), assigned to QA reviewers up to
    their weekly goal. Items already queued or reviewed are not picked again."""
    policy = SamplingPolicy(low_score=config.low_score, calibration_per_mille=config.calibration_per_mille,
                            weekly_goal=config.weekly_goal)
    week = _this_monday(koe_settings.settings().timezone)
    names = review_store.reviewers(app_store.app_store_path(warehouse.path or None))
    with warehouse.connect() as conn:
        picked = review_sample(store.sampling_candidates(conn, config.days), policy)
        assigned = assign_reviewers(picked, names, store.queued_this_week(conn, week), policy.weekly_goal)
        added = store.add_to_queue(conn, assigned, week)
        shape = table_shape(conn, "qa.review_queue")
    per_reason = assigned.explode("reasons").group_by("reasons").len()
    counts = dict(zip(per_reason["reasons"].to_list(), per_reason["len"].to_list(), strict=True))
    return dg.MaterializeResult(metadata={
        **table_metadata(shape), "added": added, "week": str(week),
        "unassigned": assigned.filter(pl.col("reviewer").is_null()).height,
        **{f"reason_{name}": counts.get(name, 0) for name in REASONS},
    })


@dg.asset_check(asset=qa_scores, description="Every current score is in 0..100 and has an answer per criterion.")
def qa_scores_complete(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as conn:
        bad = conn.execute("""
            select count(*) from qa.current_scores s
            where s.score not between 0 and 100
               or (select count(*) from qa.current_answers a
                   where a.interaction_id = s.interaction_id and a.rubric_id = s.rubric_id) = 0""").fetchall()[0][0]
    return dg.AssetCheckResult(passed=bad == 0, metadata={"bad_scores": bad})


@dg.asset_check(asset=qa_scores, description="No rubric was edited without bumping its version.")
def qa_rubric_versions_bumped(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as conn:
        unbumped = store.record_rubrics(conn, (rubrics := load_all()), [content_hash(r) for r in rubrics])
    return dg.AssetCheckResult(passed=not unbumped, metadata={"rubrics": ", ".join(unbumped) or "none"})
