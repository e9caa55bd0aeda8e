"""The review queue's one sampling policy: which contacts are worth a human look, and who reviews them this week.

Reasons (an interaction can have several): a critical fail, customer harassment (カスハラ), a machine fail on a
criterion marked "needs tuning" (provisional: a person's answer is needed for it to count), a low QA score, an
unhappy survey (CSAT ≤ 2 or an NPS detractor), a customer who sounded negative at the end of the call, a long
silence or hold, and a stable random share kept for calibration (so the queue is not only bad calls, and machine vs
human agreement is measured on ordinary ones too). Picks are assigned to reviewers up to a weekly goal each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

# In priority order: a reviewer's weekly goal is filled with the most important reasons first.
REASONS = ("critical_fail", "harassment", "provisional", "low_score", "unhappy_survey", "negative_end", "long_silence", "calibration")


@dataclass(frozen=True)
class SamplingPolicy:
    low_score: float = 60.0  # below this QA score
    csat_max: int = 2  # CSAT 1..5: at or below
    nps_detractor_max: int = 6  # NPS 0..10: a detractor
    negative_end: float = -0.3  # customer sentiment over the last turns (−1..1): below
    long_silence_seconds: float = 30.0  # longest silence in a call
    long_hold_seconds: float = 180.0  # total hold in a call
    calibration_per_mille: int = 50  # stable random share, per 1,000 contacts (5 %)
    weekly_goal: int = 25  # reviews per reviewer per week


def _reason_columns(policy: SamplingPolicy) -> dict[str, pl.Expr]:
    """One boolean column per reason; a missing value (no survey, not a call) never picks a contact."""
    return {
        "critical_fail": pl.col("critical_failed").fill_null(False),
        "harassment": pl.col("harassment_flagged").fill_null(False),
        # the machine failed a criterion marked "needs tuning": only a person's answer counts there
        "provisional": pl.col("provisional_fail").fill_null(False),
        "low_score": (pl.col("score") < policy.low_score).fill_null(False),
        "unhappy_survey": ((pl.col("csat") <= policy.csat_max) | (pl.col("nps") <= policy.nps_detractor_max))
        .fill_null(False),
        "negative_end": (pl.col("customer_sentiment_end") < policy.negative_end).fill_null(False),
        "long_silence": ((pl.col("longest_silence_seconds") > policy.long_silence_seconds)
                         | (pl.col("hold_seconds") > policy.long_hold_seconds)).fill_null(False),
        # a hash of the id, not a random draw: the same contacts are in the share on every run
        "calibration": pl.col("interaction_id").hash(seed=7) % 1000 < policy.calibration_per_mille,
    }


def review_sample(candidates: pl.DataFrame, policy: SamplingPolicy = SamplingPolicy()) -> pl.DataFrame:
    """Interactions to review with `reasons` (list, in priority order) and `priority` (index of the first reason).

    `candidates`: interaction_id, rubric_id, agent_id, team, created_at, score, critical_failed, harassment_flagged,
    provisional_fail (a machine fail on a criterion that needs tuning), csat, nps, customer_sentiment_end, longest_silence_seconds, hold_seconds (one row per interaction).
    """
    flags = candidates.with_columns(**{f"_{name}": expr for name, expr in _reason_columns(policy).items()})
    reasons = pl.concat_list([pl.when(pl.col(f"_{name}")).then(pl.lit(name)) for name in REASONS]).list.drop_nulls()
    return (
        flags.with_columns(reasons=reasons).filter(pl.col("reasons").list.len() > 0)
        .with_columns(priority=pl.col("reasons").list.first().replace_strict(
            {name: i for i, name in enumerate(REASONS)}, return_dtype=pl.Int32))
        .select("interaction_id", "rubric_id", "agent_id", "team", "created_at", "score", "reasons", "priority")
        .sort("priority", "created_at", "interaction_id")
    )


def assign_reviewers(picked: pl.DataFrame, reviewers: Sequence[str], already: dict[str, int],
                     weekly_goal: int) -> pl.DataFrame:
    """`picked` (in priority order) with `reviewer`: round robin over reviewers until each has `weekly_goal` this
    week (`already` counts what each was given earlier in the week); the rest stay unassigned (null)."""
    open_slots = {name: max(weekly_goal - already.get(name, 0), 0) for name in sorted(reviewers)}
    turn = [name for round_ in range(max(open_slots.values(), default=0))
            for name in open_slots if open_slots[name] > round_]
    names = turn[: picked.height] + [None] * max(picked.height - len(turn), 0)
    return picked.with_columns(reviewer=pl.Series(names, dtype=pl.String))
