"""Customer health: risk points from the components of ``marts.customer_health`` and the weights of
``health/customer_health.yaml`` (docs/kpis.md, "Customer health"). Pure polars; one definition for the mart and
the page that shows each component's points.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from health.schema import HealthConfig


def scoring_moments(as_of: datetime, config: HealthConfig) -> list[datetime]:
    """The data's "now" and the same time 1…history_weeks weeks earlier (oldest first)."""
    return [as_of - timedelta(weeks=weeks) for weeks in range(config.history_weeks, -1, -1)]


def points_column(name: str) -> str:
    return f"{name}_points"


def component_points(components: pl.DataFrame, config: HealthConfig) -> pl.DataFrame:
    """Each component's risk points: weight × min(max(value − free, 0), cap)."""
    return components.with_columns(
        (pl.lit(c.weight) * pl.min_horizontal(pl.max_horizontal(pl.col(name) - c.free, pl.lit(0.0)), pl.lit(c.cap)))
        .cast(pl.Float64).alias(points_column(name))
        for name, c in config.components.items()
    )


def score(components: pl.DataFrame, config: HealthConfig) -> pl.DataFrame:
    """``components`` with ``risk_points`` (Σ component points) and ``health`` (max(0, 100 − risk points))."""
    pointed = component_points(components, config)
    risk = pl.sum_horizontal(points_column(name) for name in config.components)
    return pointed.with_columns(risk.alias("risk_points")).with_columns(
        pl.max_horizontal(pl.lit(100.0) - pl.col("risk_points"), pl.lit(0.0)).alias("health")
    ).drop(points_column(name) for name in config.components)


def movement(health: pl.DataFrame) -> pl.DataFrame:
    """Per customer on the latest scoring day: health, and its change since the scoring day a week before
    (a customer not scored then — no contact in that window — had full health, 100)."""
    days = health.get_column("scored_on").unique().sort()
    if days.is_empty():
        return health.with_columns(pl.lit(None, pl.Float64).alias("health_change"))
    latest = days[-1]
    before = days[-2] if days.len() > 1 else None
    now = health.filter(pl.col("scored_on") == latest)
    earlier = health.filter(pl.col("scored_on") == before).select("customer_key", pl.col("health").alias("_before"))
    return now.join(earlier, on="customer_key", how="left").with_columns(
        (pl.col("health") - pl.col("_before").fill_null(100.0)).alias("health_change")
    ).drop("_before")
