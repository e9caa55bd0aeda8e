"""Agreement between raters: machine vs human per criterion, and human calibration sessions.

Weighted Cohen's κ for two raters (machine vs human; ordered answers weighted linearly); Krippendorff's α (nominal) for any number of raters with missing
ratings, computed from the coincidence matrix as in Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability". A criterion whose machine–human κ is below the bar is marked "needs tuning" and its
automatic answers become suggestions only (see `effective.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np
import polars as pl

CALIBRATION_MIN_ALPHA = 0.667  # below: reviewers do not read the criterion alike (Krippendorff's lowest tentative bar)
ANSWER_CODES = {"fail": 0.0, "partial": 1.0, "pass": 2.0, "na": 3.0}


ORDERED_ANSWERS = ("fail", "partial", "pass")  # ordered: partial is half way; "na" is apart from all three


def _disagreement(x: str, y: str) -> float:
    """0 for the same answer, |rank difference| / 2 between ordered answers, 1 between N/A and any other answer."""
    if x == y:
        return 0.0
    if x in ORDERED_ANSWERS and y in ORDERED_ANSWERS:
        return abs(ORDERED_ANSWERS.index(x) - ORDERED_ANSWERS.index(y)) / (len(ORDERED_ANSWERS) - 1)
    return 1.0


def weighted_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's weighted κ = 1 − Σ w·observed / Σ w·expected, linear weights for the ordered answers (fail < partial
    < pass), N/A fully apart. For pass/fail-only criteria it equals Cohen's κ. None when undefined (no items, or no
    disagreement is possible by chance). The one κ Koe shows: `koe qa agreement` and the QA page both use it.
    """
    if len(a) != len(b):
        raise ValueError("rater sequences differ in length")
    if not a:
        return None
    labels = sorted(set(a) | set(b))
    n = len(a)
    weights = np.array([[_disagreement(x, y) for y in labels] for x in labels])
    index = {label: i for i, label in enumerate(labels)}
    observed = np.zeros((len(labels), len(labels)))
    for x, y in zip(a, b, strict=True):
        observed[index[x], index[y]] += 1 / n
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    chance = float((weights * expected).sum())
    return None if chance == 0 else 1.0 - float((weights * observed).sum()) / chance


def format_kappa(kappa: float | None) -> str:
    """κ as people read it, the same in `koe qa agreement` and on the QA page: two decimals, "—" when undefined."""
    return "—" if kappa is None else f"{kappa:.2f}"


def machine_vs_human(auto: pl.DataFrame, human: pl.DataFrame, min_kappa: float = 0.6, min_count: int = 20) -> pl.DataFrame:
    """Per (rubric, criterion): reviewed count, agreement %, weighted κ and `needs_tuning`.

    `auto` holds current automatic answers; `human` holds criterion reviews (the latest per interaction wins).
    A criterion needs tuning when κ < `min_kappa` (or is undefined while agreement < 100 %), once it has
    at least `min_count` reviews; below that it is reported with `needs_tuning` = null (not enough data).
    """
    latest = human.filter(pl.col("criterion_id").is_not_null()).sort("created_at").group_by(
        "interaction_id", "rubric_id", "criterion_id").agg(pl.col("answer").last().alias("human"))
    pairs = auto.select("interaction_id", "rubric_id", "criterion_id", pl.col("answer").alias("auto")).join(
        latest, on=["interaction_id", "rubric_id", "criterion_id"])
    rows = []
    for (rubric_id, criterion_id), group in pairs.group_by("rubric_id", "criterion_id", maintain_order=True):
        a, h = group["auto"].to_list(), group["human"].to_list()
        kappa = weighted_kappa(a, h)
        agreement = sum(x == y for x, y in zip(a, h, strict=True)) / len(a)
        weak = (kappa if kappa is not None else (1.0 if agreement == 1 else 0.0)) < min_kappa
        rows.append({"rubric_id": rubric_id, "criterion_id": criterion_id, "reviewed": len(a),
                     "agreement_pct": round(agreement * 100, 1), "kappa": None if kappa is None else round(kappa, 3),
                     "needs_tuning": weak if len(a) >= min_count else None})
    schema = {"rubric_id": pl.String, "criterion_id": pl.String, "reviewed": pl.Int64, "agreement_pct": pl.Float64,
              "kappa": pl.Float64, "needs_tuning": pl.Boolean}
    return pl.DataFrame(rows, schema=schema).sort("rubric_id", "criterion_id")


def _squared_distance(values: np.ndarray, totals: np.ndarray, level: str) -> np.ndarray:
    """δ² between every pair of values: nominal (differ or not), ordinal (ranks weighted by totals) or interval."""
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    if level == "interval":
        return np.subtract.outer(values, values) ** 2
    if level == "ordinal":
        index = np.arange(len(values))
        low, high = np.minimum.outer(index, index), np.maximum.outer(index, index)
        between = np.cumsum(totals)[high] - np.cumsum(totals)[low] + totals[low]  # Σ n_g for g from low to high
        return (between - (totals[low] + totals[high]) / 2) ** 2
    raise ValueError(f"unknown level of measurement {level!r}; choose nominal, ordinal or interval")


def alpha(matrix: np.ndarray, level: str = "nominal") -> float:
    """Krippendorff's α of a raters × items matrix (NaN = not rated); items with fewer than 2 ratings are ignored."""
    values = np.unique(matrix[~np.isnan(matrix)])
    codes = np.where(np.isnan(matrix), -1, np.searchsorted(values, np.nan_to_num(matrix)))
    counts = np.stack([(codes == c).sum(axis=0) for c in range(len(values))], axis=1).astype(float)  # items × values
    counts = counts[counts.sum(axis=1) >= 2]
    pairable = counts.sum(axis=1)[:, None, None]
    same = counts[:, :, None] * np.eye(len(values))  # a rating is not paired with itself
    coincidence = ((counts[:, :, None] * counts[:, None, :] - same) / (pairable - 1)).sum(axis=0)
    totals = coincidence.sum(axis=1)
    delta = _squared_distance(values, totals, level)
    expected = (np.outer(totals, totals) * delta).sum() / (totals.sum() - 1)
    return float(1.0 - (coincidence * delta).sum() / expected)


def krippendorff_alpha(ratings: pl.DataFrame, rater: str = "reviewer", item: str = "interaction_id") -> float | None:
    """Nominal Krippendorff's α over answers (rows: one rater's answer on one item); None with < 2 raters/items."""
    wide = ratings.with_columns(code=pl.col("answer").replace_strict(ANSWER_CODES, return_dtype=pl.Float64)).pivot(
        on=item, index=rater, values="code", aggregate_function="last")
    matrix = wide.drop(rater).to_numpy().astype(float)
    if matrix.shape[0] < 2 or matrix.shape[1] < 1 or len(np.unique(matrix[~np.isnan(matrix)])) < 2:
        return None
    return alpha(matrix, "nominal")


def calibration_report(reviews: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(per-criterion α and agreement, per-reviewer deviation from the session mean score) for one session.

    Criterion rows come from criterion reviews; deviations from whole-interaction scores (`score`).
    """
    per_criterion = []
    criterion_reviews = reviews.filter(pl.col("criterion_id").is_not_null())
    for (criterion_id,), group in criterion_reviews.group_by("criterion_id", maintain_order=True):
        modal = group.group_by("interaction_id").agg(
            share=pl.col("answer").value_counts(sort=True).first().struct.field("count") / pl.len())
        per_criterion.append({"criterion_id": criterion_id, "ratings": group.height,
                              "alpha": krippendorff_alpha(group), "modal_agreement_pct": round(cast(float, modal["share"].mean()) * 100, 1)})
    whole = reviews.filter(pl.col("score").is_not_null())
    deviation = (
        whole.with_columns(mean=pl.col("score").mean().over("interaction_id"))
        .group_by("reviewer").agg(items=pl.len(), mean_deviation=(pl.col("score") - pl.col("mean")).mean().round(2),
                                 mean_abs_deviation=(pl.col("score") - pl.col("mean")).abs().mean().round(2))
        .sort("mean_abs_deviation", descending=True)
    )
    crit = pl.DataFrame(per_criterion, schema={"criterion_id": pl.String, "ratings": pl.Int64, "alpha": pl.Float64,
                                               "modal_agreement_pct": pl.Float64})
    return crit, deviation
