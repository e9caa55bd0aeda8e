"""Erlang C staffing: agents needed per interval for a service-level target (what-if, no I/O).

pyworkforce (the maintained library) needs Python >= 3.12, so this is a small vectorised implementation:
the loop runs over agent counts, every interval is computed at once with numpy. Formulas (Erlang C):
traffic A = calls × AHT / interval; P(wait) = C(N, A); SL(t) = 1 − P(wait)·e^(−(N−A)·t/AHT);
ASA = P(wait)·AHT/(N−A); occupancy = A/N.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

MAX_AGENTS = 5000  # upper bound of the search; a single 30-min interval never needs more here


@dataclass(frozen=True)
class StaffingTarget:
    service_level: float = 0.8  # share of contacts answered within `answer_within_seconds`
    answer_within_seconds: float = 20.0  # the "20" of 80/20
    shrinkage: float = 0.3  # share of paid time not available for contacts (breaks, training, absence)
    max_occupancy: float = 1.0  # cap on A/N; 1.0 means no cap
    interval_seconds: int = 1800  # length of one interval (30 min)


def erlang_c(traffic: np.ndarray, agents: np.ndarray) -> np.ndarray:
    """Probability that a contact waits, C(N, A); 1.0 where N <= A (the queue never empties).

    Uses the stable Erlang B recursion B(n) = A·B(n−1) / (n + A·B(n−1)), then C = N·B / (N − A·(1 − B)).
    """
    traffic = np.asarray(traffic, dtype=float)
    agents = np.asarray(agents, dtype=np.int64)
    blocking = np.ones_like(traffic)
    result = np.ones_like(traffic)
    for n in range(1, int(agents.max(initial=0)) + 1):
        blocking = traffic * blocking / (n + traffic * blocking)
        at_n = agents == n
        result = np.where(at_n, n * blocking / np.maximum(n - traffic * (1 - blocking), 1e-12), result)
    return np.where(agents > traffic, np.clip(result, 0.0, 1.0), 1.0)


def service_level(traffic: np.ndarray, agents: np.ndarray, aht_seconds: np.ndarray, within: float) -> np.ndarray:
    """Share of contacts answered within ``within`` seconds with ``agents`` on the phones."""
    wait = erlang_c(traffic, agents)
    spare = np.maximum(np.asarray(agents) - traffic, 0.0)
    safe_aht = np.maximum(aht_seconds, 1e-9)
    return np.where(np.asarray(agents) > traffic, 1.0 - wait * np.exp(-spare * within / safe_aht), 0.0)


def _minimum_agents(traffic: np.ndarray, aht: np.ndarray, target: StaffingTarget) -> np.ndarray:
    """Smallest N per interval meeting the service level and occupancy cap (0 where there is no traffic)."""
    needed = np.where(traffic > 0, np.floor(traffic).astype(np.int64) + 1, 0)
    if target.max_occupancy < 1.0:
        needed = np.maximum(needed, np.ceil(traffic / target.max_occupancy).astype(np.int64))
    for _ in range(MAX_AGENTS):
        short = (traffic > 0) & (service_level(traffic, needed, aht, target.answer_within_seconds) < target.service_level)
        if not short.any():
            break
        needed = needed + short
    return needed


def required_agents(arrivals: pl.DataFrame, target: StaffingTarget) -> pl.DataFrame:
    """Add Erlang C staffing columns to ``arrivals`` (one row per interval: ``offered``, ``aht_seconds``).

    Adds ``traffic_erlangs``, ``agents_required`` (on the phones), ``agents_scheduled`` (after shrinkage),
    ``service_level``, ``asa_seconds`` and ``occupancy``.
    """
    traffic = (arrivals["offered"].fill_null(0) * arrivals["aht_seconds"].fill_null(0)).to_numpy() / target.interval_seconds
    aht = arrivals["aht_seconds"].fill_null(0).to_numpy().astype(float)
    agents = _minimum_agents(traffic, aht, target)
    wait = erlang_c(traffic, agents)
    spare = np.maximum(agents - traffic, 1e-9)
    busy = traffic > 0
    return arrivals.with_columns(
        pl.Series("traffic_erlangs", traffic),
        pl.Series("agents_required", agents),
        pl.Series("agents_scheduled", np.ceil(agents / max(1.0 - target.shrinkage, 1e-9)).astype(np.int64)),
        pl.Series("service_level", np.where(busy, service_level(traffic, agents, aht, target.answer_within_seconds), 1.0)),
        pl.Series("asa_seconds", np.where(busy, wait * aht / spare, 0.0)),
        pl.Series("occupancy", np.where(agents > 0, traffic / np.maximum(agents, 1), 0.0)),
    )


@dataclass(frozen=True)
class WhatIf:
    """The staffing page's what-if, as a manager types it: percentages and seconds; None is the default."""
    service_level_pct: float | None = None  # default 80 (%)
    answer_within_seconds: float | None = None  # default 20 (s)
    shrinkage_pct: float | None = None  # default 0 (%): none unless typed
    aht_seconds: float | None = None  # default: the channel's AHT over the period

    def target(self) -> StaffingTarget:
        shrinkage = 0.0 if self.shrinkage_pct is None else self.shrinkage_pct
        if not 0 <= shrinkage < 100:
            raise ValueError(f"shrinkage must be at least 0 % and under 100 %, got {shrinkage}")
        return StaffingTarget(
            service_level=(80.0 if self.service_level_pct is None else self.service_level_pct) / 100,
            answer_within_seconds=20.0 if self.answer_within_seconds is None else self.answer_within_seconds,
            shrinkage=shrinkage / 100,
        )


def staffing_plan(profile: pl.DataFrame, history_aht_seconds: float | None, what_if: WhatIf) -> pl.DataFrame:
    """Erlang C per interval of an arrival ``profile`` (one row per interval with ``offered``), sized with the typed
    AHT, else the channel's AHT over the period (``history_aht_seconds``, the overview's figure). Adds
    ``aht_seconds`` and ``required_agents``' columns, with ``service_level`` and ``occupancy`` in % like every
    rate on screen."""
    aht = what_if.aht_seconds if what_if.aht_seconds is not None else history_aht_seconds
    sized = profile.with_columns(pl.lit(float(aht or 0)).alias("aht_seconds"))
    return required_agents(sized, what_if.target()).with_columns(pl.col("service_level") * 100,
                                                                  pl.col("occupancy") * 100)
