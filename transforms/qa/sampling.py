"""Pick interactions for human review: random per agent, lowest scores, harassment flags, and outliers."""

from __future__ import annotations

import polars as pl


def review_sample(scores: pl.DataFrame, per_agent: int = 2, lowest: int = 10, outlier_z: float = 2.0,
                  seed: int = 7) -> pl.DataFrame:
    """One row per picked interaction with `reasons` (list): random_per_agent, lowest_score, harassment, outlier.

    `scores` needs interaction_id, agent_id, score and harassment_flagged. Outliers are scores more than
    `outlier_z` standard deviations from the agent's own mean (a sudden drop or an unusually perfect call).
    """
    scored = scores.filter(pl.col("score").is_not_null())
    shuffled = scored.with_columns(_r=pl.int_range(pl.len()).shuffle(seed=seed))
    random_pick = shuffled.filter(pl.col("_r").rank("ordinal").over("agent_id") <= per_agent)
    z = (pl.col("score") - pl.col("score").mean().over("agent_id")) / pl.col("score").std().over("agent_id")
    picks = [
        random_pick.select("interaction_id", reason=pl.lit("random_per_agent")),
        scored.sort("score", "interaction_id").head(lowest).select("interaction_id", reason=pl.lit("lowest_score")),
        scores.filter("harassment_flagged").select("interaction_id", reason=pl.lit("harassment")),
        scored.filter(z.abs().fill_nan(0).fill_null(0) > outlier_z).select("interaction_id", reason=pl.lit("outlier")),
    ]
    reasons = pl.concat(picks).unique(maintain_order=True).group_by("interaction_id", maintain_order=True).agg(
        reasons=pl.col("reason"))
    return reasons.join(scores.select("interaction_id", "agent_id", "score"), on="interaction_id", how="left")
