"""KPI ratios from the additive components in ``marts.kpi_daily`` (definitions in docs/kpis.md).

Roll up first (sum the components over any grouping), then call ``kpi_ratios``: ratios of sums are exact,
averages of daily ratios are not.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

COMPONENTS = (
    "contacts", "offered", "answered", "abandoned", "answered_within_sl", "answer_wait_seconds_sum", "handled",
    "handle_seconds_sum", "handle_timed", "transferred", "escalated", "fcr_eligible", "fcr_resolved",
    "first_response_seconds_sum", "first_response_n", "resolution_seconds_sum", "resolution_n", "sla_tracked",
    "sla_breached", "backlog_end_of_day", "csat_good", "csat_n", "nps_promoters", "nps_detractors", "nps_n",
    "ces_sum", "ces_n",
)


def _ratio(numerator: str | pl.Expr, denominator: str, scale: float = 1.0) -> pl.Expr:
    top = pl.col(numerator) if isinstance(numerator, str) else numerator
    return pl.when(pl.col(denominator) > 0).then(top * scale / pl.col(denominator)).otherwise(None)


def kpi_ratios(components: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    """Add the KPIs (rates in %, times in seconds, NPS −100..100) computed from summed components."""
    return components.with_columns(
        _ratio("answered_within_sl", "offered", 100).alias("service_level"),
        _ratio("answered", "offered", 100).alias("answer_rate"),
        _ratio("abandoned", "offered", 100).alias("abandon_rate"),
        _ratio("answer_wait_seconds_sum", "answered").alias("asa_seconds"),
        _ratio("handle_seconds_sum", "handle_timed").alias("aht_seconds"),
        _ratio("transferred", "handled", 100).alias("transfer_rate"),
        _ratio("escalated", "handled", 100).alias("escalation_rate"),
        _ratio("fcr_resolved", "fcr_eligible", 100).alias("fcr_rate"),
        _ratio("first_response_seconds_sum", "first_response_n").alias("first_response_seconds"),
        _ratio("resolution_seconds_sum", "resolution_n").alias("resolution_seconds"),
        _ratio("sla_breached", "sla_tracked", 100).alias("sla_breach_rate"),
        _ratio("csat_good", "csat_n", 100).alias("csat_pct"),
        _ratio(pl.col("nps_promoters") - pl.col("nps_detractors"), "nps_n", 100).alias("nps"),
        _ratio("ces_sum", "ces_n").alias("ces_avg"),
    )


def roll_up(kpi_daily: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Sum the components over ``by`` and compute the KPIs.

    Backlog is a stock, not a flow: across days it is taken on the group's last day, across queues it is summed.
    """
    keys = list(by) or ["_all"]
    frame = kpi_daily if by else kpi_daily.with_columns(pl.lit(True).alias("_all"))
    flows = [c for c in COMPONENTS if c != "backlog_end_of_day"]
    on_last_day = pl.col("day") == pl.col("day").max()
    rolled = frame.group_by(keys).agg(pl.col(flows).sum(), pl.col("backlog_end_of_day").filter(on_last_day).sum())
    rolled = kpi_ratios(rolled)
    return rolled.sort(keys) if by else rolled.drop("_all")
