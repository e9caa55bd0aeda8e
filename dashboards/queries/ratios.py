"""KPI ratios computed at read time from the additive sums of marts.kpi_daily (definitions in docs/kpis.md)."""

from __future__ import annotations

import polars as pl

KPI_SUMS = (
    "offered", "answered", "abandoned", "answered_within_sl", "answer_wait_seconds_sum", "handled",
    "handle_seconds_sum", "handle_timed", "transferred", "escalated", "fcr_eligible", "fcr_resolved",
    "sla_tracked", "sla_breached", "csat_good", "csat_n", "nps_promoters", "nps_detractors", "nps_n", "ces_sum", "ces_n",
)


def _share(numerator: str, denominator: str) -> pl.Expr:
    return pl.when(pl.col(denominator) > 0).then(pl.col(numerator) / pl.col(denominator)).otherwise(None)


def kpi_ratios(sums: pl.DataFrame) -> pl.DataFrame:
    """Add service level, answer/abandon rate, ASA, AHT, FCR, CSAT, NPS, CES, transfer, escalation, SLA breach."""
    return sums.with_columns(
        _share("answered_within_sl", "offered").alias("service_level"),
        _share("answered", "offered").alias("answer_rate"),
        _share("abandoned", "offered").alias("abandon_rate"),
        _share("answer_wait_seconds_sum", "answered").alias("asa_seconds"),
        _share("handle_seconds_sum", "handle_timed").alias("aht_seconds"),
        _share("fcr_resolved", "fcr_eligible").alias("fcr"),
        _share("csat_good", "csat_n").alias("csat"),
        (100 * _share("nps_promoters", "nps_n") - 100 * _share("nps_detractors", "nps_n")).alias("nps"),
        _share("ces_sum", "ces_n").alias("ces"),
        _share("transferred", "handled").alias("transfer_rate"),
        _share("escalated", "handled").alias("escalation_rate"),
        _share("sla_breached", "sla_tracked").alias("sla_breach_rate"),
    )
