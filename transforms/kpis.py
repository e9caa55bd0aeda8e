"""Every KPI's one definition: its ratio of summed components and its unit (docs/kpis.md).

The marts (``marts.kpi_daily``, ``marts.agent_daily``, ``marts.arrivals_interval``) hold additive components only;
what a handled contact and its handle time are is the SQL macro ``handle_seconds`` (migration 0090), used by all
of them. Roll up first (sum the components over any grouping), then call ``kpi_ratios``: ratios of sums are exact,
averages of daily ratios are not. Every screen (dashboard pages, report, ``koe kpis``) takes its KPIs from here
and shows them with ``KPIS[name].unit``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

import polars as pl

COMPONENTS = (
    "contacts", "offered", "answered", "abandoned", "answered_within_sl", "answer_wait_seconds_sum", "handled",
    "handle_seconds_sum", "handle_timed", "transferred", "escalated", "fcr_eligible", "fcr_resolved",
    "first_response_seconds_sum", "first_response_n", "resolution_seconds_sum", "resolution_n", "sla_tracked",
    "sla_breached", "backlog_end_of_day", "csat_good", "csat_n", "nps_promoters", "nps_detractors", "nps_n",
    "ces_sum", "ces_n",
)
Unit = Literal["percent", "seconds", "count", "index", "score_1_7", "per_hour"]


@dataclass(frozen=True)
class Kpi:
    numerator: str | tuple[str, str]  # a component, or (a, b) for a − b
    denominator: str
    scale: float  # 100 for percentages
    unit: Unit  # percent (0–100), seconds, index (NPS −100…100), score_1_7 (CES mean)


KPIS: dict[str, Kpi] = {
    "service_level": Kpi("answered_within_sl", "offered", 100, "percent"),
    "answer_rate": Kpi("answered", "offered", 100, "percent"),
    "abandon_rate": Kpi("abandoned", "offered", 100, "percent"),
    "asa_seconds": Kpi("answer_wait_seconds_sum", "answered", 1, "seconds"),
    "aht_seconds": Kpi("handle_seconds_sum", "handle_timed", 1, "seconds"),
    "transfer_rate": Kpi("transferred", "handled", 100, "percent"),
    "escalation_rate": Kpi("escalated", "handled", 100, "percent"),
    "fcr_rate": Kpi("fcr_resolved", "fcr_eligible", 100, "percent"),
    "first_response_seconds": Kpi("first_response_seconds_sum", "first_response_n", 1, "seconds"),
    "resolution_seconds": Kpi("resolution_seconds_sum", "resolution_n", 1, "seconds"),
    "sla_breach_rate": Kpi("sla_breached", "sla_tracked", 100, "percent"),
    "csat_pct": Kpi("csat_good", "csat_n", 100, "percent"),  # responses 4–5 of 1–5, in %
    "nps": Kpi(("nps_promoters", "nps_detractors"), "nps_n", 100, "index"),
    "ces_avg": Kpi("ces_sum", "ces_n", 1, "score_1_7"),
    # outbound (marts.outbound_hourly, marts.outbound_agent_daily)
    "connect_rate": Kpi("connects", "attempts", 100, "percent"),
    "right_party_rate": Kpi("right_party_contacts", "attempts", 100, "percent"),
    "conversion_rate": Kpi("conversions", "right_party_contacts", 100, "percent"),  # per right-party contact
    "calls_per_agent_hour": Kpi("calls", "calling_seconds", 3600, "per_hour"),
    # self-service (marts.self_service_daily)
    "containment_rate": Kpi("contained", "entered", 100, "percent"),
    "handoff_rate": Kpi("handed_off", "entered", 100, "percent"),
    "self_service_seconds_before_handoff": Kpi("handoff_self_service_seconds_sum", "handed_off", 1, "seconds"),
    "bot_repeat_rate": Kpi("bot_resolved_repeat", "bot_resolved", 100, "percent"),
}
COUNTS: dict[str, Unit] = {"contacts": "count", "handled": "count", "backlog_end_of_day": "count",
                           "attempts": "count", "connects": "count", "right_party_contacts": "count",
                           "conversions": "count", "entered": "count", "contained": "count", "handed_off": "count"}


def unit(name: str) -> Unit:
    """The unit a KPI or count is shown in."""
    return KPIS[name].unit if name in KPIS else COUNTS[name]


def _expression(kpi: Kpi) -> pl.Expr:
    top = pl.col(kpi.numerator) if isinstance(kpi.numerator, str) else pl.col(kpi.numerator[0]) - pl.col(kpi.numerator[1])
    below = pl.col(kpi.denominator)
    return pl.when(below > 0).then(top * kpi.scale / below).otherwise(None)


def _inputs(kpi: Kpi) -> set[str]:
    return {*((kpi.numerator,) if isinstance(kpi.numerator, str) else kpi.numerator), kpi.denominator}


Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def kpi_ratios(components: Frame) -> Frame:
    """Add every KPI whose components are present (rates in %, times in seconds, NPS −100..100)."""
    present = set(components.collect_schema().names())
    return components.with_columns(
        _expression(kpi).cast(pl.Float64).alias(name) for name, kpi in KPIS.items() if _inputs(kpi) <= present
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


def roll_up_flows(frame: pl.DataFrame, by: Sequence[str], flows: Sequence[str]) -> pl.DataFrame:
    """Sum the additive ``flows`` of a mart with no stocks (outbound, self-service) over ``by``, then every KPI
    they allow."""
    keys = list(by)
    rolled = frame.group_by(keys).agg(pl.col(flows).sum()) if keys else frame.select(pl.col(flows).sum())
    rolled = kpi_ratios(rolled)
    return rolled.sort(keys) if keys else rolled
