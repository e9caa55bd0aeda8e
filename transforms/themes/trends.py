"""Theme volume over time and emerging-theme detection.

Emerging = a theme whose share of documents in the recent window is significantly above its own share in
the baseline window: Poisson z = (observed − expected) / √expected with expected = recent total × baseline
share (baseline share smoothed by +0.5 so a theme never seen before still gets a finite, large z).
A theme with no baseline documents is also flagged ``is_new``.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from transforms.themes.faq import question_expr

UNASSIGNED = "unassigned"  # theme_id used in theme_daily for documents no theme claimed, so day totals add up
BUSINESS_TZ = "Asia/Tokyo"


def business_day(column: str = "created_at", tz: str = BUSINESS_TZ) -> pl.Expr:
    """The local calendar day of a naive-UTC timestamp column."""
    return pl.col(column).dt.replace_time_zone("UTC").dt.convert_time_zone(tz).dt.date()


COST_SCHEMA = {"document_id": pl.String, "handled": pl.Boolean, "handle_seconds": pl.Float64, "transferred": pl.Boolean,
               "escalated": pl.Boolean, "fcr_eligible": pl.Boolean, "has_repeat": pl.Boolean}
SENTIMENT_SCHEMA = {"document_id": pl.String, "customer_turns": pl.Int64, "negative_turns": pl.Int64,
                    "sentiment_start": pl.Float64, "sentiment_end": pl.Float64}


def theme_daily(
    documents: pl.DataFrame, assignments: pl.DataFrame, tz: str = BUSINESS_TZ, costs: pl.DataFrame | None = None,
    sentiment: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Additive counts per (day, theme_id, channel, product): documents, CSAT/NPS sums and counts, the documents that
    read as a question, what the contacts cost (``costs``: per interaction, ``COST_SCHEMA``; the KPI components
    of marts.kpi_daily, so AHT, transfer, escalation and FCR rates come from transforms/kpis.py's one definition)
    and their customers' sentiment (``sentiment``: per interaction, ``SENTIMENT_SCHEMA``, from the stored per-turn
    scores: customer turns, negative ones, and sums of the contacts' start and end sentiment)."""
    per_contact = costs if costs is not None else pl.DataFrame(schema=COST_SCHEMA)
    felt = sentiment if sentiment is not None else pl.DataFrame(schema=SENTIMENT_SCHEMA)
    joined = documents.join(assignments.select("document_id", "theme_id"), on="document_id", how="left").join(
        per_contact, on="document_id", how="left").join(felt, on="document_id", how="left")
    return (
        joined.with_columns(
            day=business_day(tz=tz),
            theme_id=pl.col("theme_id").fill_null(UNASSIGNED),
            channel=pl.col("channel").fill_null("other"),
            product=pl.col("product").fill_null("unknown"),
        )
        .group_by("day", "theme_id", "channel", "product")
        .agg(
            documents=pl.len(),
            csat_sum=pl.col("csat").sum(),
            csat_good=(pl.col("csat") >= 4).sum(),  # CSAT as everywhere: share of 4–5 (transforms/kpis.py)
            csat_n=pl.col("csat").count(),
            nps_promoters=(pl.col("nps") >= 9).sum(),
            nps_detractors=(pl.col("nps") <= 6).sum(),
            nps_n=pl.col("nps").count(),
            questions=question_expr("text").sum(),
            handled=pl.col("handled").sum(),
            handle_seconds_sum=pl.col("handle_seconds").sum(),
            handle_timed=pl.col("handle_seconds").count(),
            transferred=pl.col("transferred").sum(),
            escalated=pl.col("escalated").sum(),
            fcr_eligible=pl.col("fcr_eligible").sum(),
            fcr_resolved=(pl.col("fcr_eligible") & ~pl.col("has_repeat")).sum(),
            customer_turns=pl.col("customer_turns").sum(),
            negative_turns=pl.col("negative_turns").sum(),
            sentiment_contacts=(pl.col("sentiment_start").is_not_null() & pl.col("sentiment_end").is_not_null()).sum(),
            sentiment_start_sum=pl.col("sentiment_start").filter(pl.col("sentiment_end").is_not_null()).sum(),
            sentiment_end_sum=pl.col("sentiment_end").filter(pl.col("sentiment_start").is_not_null()).sum(),
        )
        .with_columns(pl.col("questions", "handled", "handle_timed", "transferred", "escalated", "fcr_eligible",
                             "fcr_resolved", "customer_turns", "negative_turns", "sentiment_contacts").cast(pl.Int64),
                      pl.col("handle_seconds_sum", "sentiment_start_sum", "sentiment_end_sum").cast(pl.Float64))
        .sort("day", "theme_id", "channel", "product")
    )


RECENT_DAYS = 7  # the pipeline's emerging flag (themes.themes.emerging): the last 7 days of data …
BASELINE_DAYS = 28  # … against the 28 days before them (the report: its own period against the 28 days before)


def recent_window(as_of: date, recent_days: int = RECENT_DAYS) -> tuple[date, date]:
    """The first and last day of the recent window ending on ``as_of`` (the days "emerging" is about)."""
    return as_of - timedelta(days=recent_days - 1), as_of


def window_counts(daily: pl.DataFrame, as_of: date, recent_days: int, baseline_days: int) -> pl.DataFrame:
    """(theme_id, recent, baseline, recent_total, baseline_total) for the windows ending on ``as_of``."""
    recent_start = recent_window(as_of, recent_days)[0]
    baseline_start = recent_start - timedelta(days=baseline_days)
    tagged = daily.filter(pl.col("day").is_between(baseline_start, as_of)).with_columns(
        is_recent=pl.col("day") >= recent_start
    )
    per_theme = tagged.group_by("theme_id").agg(
        recent=pl.col("documents").filter(pl.col("is_recent")).sum(),
        baseline=pl.col("documents").filter(~pl.col("is_recent")).sum(),
    )
    return per_theme.with_columns(
        recent_total=pl.lit(tagged.filter(pl.col("is_recent"))["documents"].sum()),
        baseline_total=pl.lit(tagged.filter(~pl.col("is_recent"))["documents"].sum()),
    )


def emerging_themes(
    daily: pl.DataFrame,
    as_of: date,
    recent_days: int = RECENT_DAYS,
    baseline_days: int = BASELINE_DAYS,
    z_threshold: float = 3.0,
    min_documents: int = 5,
) -> pl.DataFrame:
    """Per theme: recent, baseline, expected, z, growth (share ratio), is_new, is_emerging; sorted by z."""
    counts = window_counts(daily, as_of, recent_days, baseline_days).filter(pl.col("theme_id") != UNASSIGNED)
    baseline_share = (pl.col("baseline") + 0.5) / (pl.col("baseline_total") + 1)
    return (
        counts.with_columns(expected=pl.col("recent_total") * baseline_share)
        .with_columns(
            z=(pl.col("recent") - pl.col("expected")) / pl.col("expected").clip(lower_bound=1.0).sqrt(),
            growth=(pl.col("recent") / pl.col("recent_total").clip(lower_bound=1)) / baseline_share,
            is_new=pl.col("baseline") == 0,
        )
        .with_columns(is_emerging=(pl.col("z") >= z_threshold) & (pl.col("recent") >= min_documents))
        .sort(["z", "theme_id"], descending=[True, False])
    )
