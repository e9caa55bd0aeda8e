"""Theme growth: the one definition shown by the dashboard and the product-feedback report (docs/themes.md).

growth % = contacts of a theme in a period ÷ the mean of its contacts in the same-length periods just before it
(up to ``BASELINE_PERIODS``) × 100 − 100. Only complete periods count: the period and each baseline period must lie
inside the days that have data, so a week the data ends in the middle of never looks like a drop. No baseline
period, or no contacts in the baseline, gives no growth (None: shown as "—", or "new" when the theme is new).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

BASELINE_PERIODS = 4


def latest_complete_week(first_day: date, last_day: date) -> tuple[date, date] | None:
    """Monday–Sunday of the newest week that lies wholly inside [first_day, last_day]."""
    sunday = last_day - timedelta(days=(last_day.weekday() + 1) % 7)
    monday = sunday - timedelta(days=6)
    return (monday, sunday) if monday >= first_day else None


def complete_weeks(first_day: date, last_day: date) -> list[date]:
    """The Mondays of every week wholly inside [first_day, last_day]."""
    latest = latest_complete_week(first_day, last_day)
    weeks = []
    monday = latest[0] if latest else None
    while monday is not None and monday >= first_day:
        weeks.append(monday)
        monday -= timedelta(days=7)
    return sorted(weeks)


def period_growth(daily: pl.DataFrame, start: date, end: date, first_day: date, last_day: date,
                  baseline_periods: int = BASELINE_PERIODS) -> pl.DataFrame:
    """(theme_id, contacts, baseline_mean, baseline_periods, growth_pct) for [start, end] from ``daily`` rows
    (theme_id, day, documents); growth_pct is None unless the period is complete and has a complete baseline."""
    length = (end - start).days + 1
    windows = [(start - timedelta(days=k * length), end - timedelta(days=k * length))
               for k in range(1, baseline_periods + 1) if start - timedelta(days=k * length) >= first_day]
    complete = first_day <= start and end <= last_day and bool(windows)
    in_baseline = pl.any_horizontal(*(pl.col("day").is_between(a, b) for a, b in windows)) if windows else pl.lit(False)
    per_theme = daily.group_by("theme_id").agg(
        contacts=pl.col("documents").filter(pl.col("day").is_between(start, end)).sum(),
        baseline_mean=pl.col("documents").filter(in_baseline).sum() / max(len(windows), 1),
    )
    growth = (pl.col("contacts") / pl.col("baseline_mean") * 100 - 100)
    return per_theme.with_columns(
        baseline_periods=pl.lit(len(windows)),
        growth_pct=pl.when(pl.lit(complete) & (pl.col("baseline_mean") > 0)).then(growth).otherwise(None),
    ).sort("theme_id")
