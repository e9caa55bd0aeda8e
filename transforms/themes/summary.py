"""Per-theme figures for the product-feedback report, from theme_daily rows (pure)."""

from __future__ import annotations

from datetime import date

import polars as pl

from transforms.themes.trends import BASELINE_DAYS, UNASSIGNED, emerging_themes

TOP_BREAKDOWN = 3


def _top_values(column: str) -> pl.Expr:
    """'app (12), store (3)': the top values of ``column`` by documents within a theme."""
    return (
        pl.concat_str(pl.col(column), pl.lit(" ("), pl.col("documents").cast(pl.String), pl.lit(")"))
        .sort_by("documents", descending=True)
        .head(TOP_BREAKDOWN)
        .str.join(", ")
    )


def breakdown(window: pl.DataFrame, column: str) -> pl.DataFrame:
    """(theme_id, top_<column>s) e.g. the 3 products a theme hits most."""
    per = window.group_by("theme_id", column).agg(pl.col("documents").sum())
    return per.group_by("theme_id").agg(_top_values(column).alias(f"top_{column}s"))


def scores(window: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Documents, CSAT (% of answers 4–5, as transforms.kpis) and NPS (promoters − detractors, %) grouped by ``by``
    (empty = overall); null, not NaN, where nobody answered (the report shows "—", not "nan%")."""
    aggs = [
        pl.col("documents").sum(),
        pl.when(pl.col("csat_n").sum() > 0).then(pl.col("csat_good").sum() * 100 / pl.col("csat_n").sum()).alias("csat"),
        pl.when(pl.col("nps_n").sum() > 0)
        .then((pl.col("nps_promoters").sum() - pl.col("nps_detractors").sum()) * 100 / pl.col("nps_n").sum()).alias("nps"),
    ]
    return window.group_by(by).agg(aggs) if by else window.select(aggs)


def cost(window: pl.DataFrame) -> pl.DataFrame:
    """(theme_id, agent_hours, transfers, escalations, repeat_rate, question_share, negative_share, sentiment_start,
    sentiment_end) from theme_daily's KPI components (migration 0210_theme_cost.sql) and sentiment columns (0350):
    agent hours = Σ handle time (the AHT numerator) ÷ 3600; transfers and escalations = handled contacts transferred /
    escalated (the numerators of those rates); repeat rate = 1 − FCR; negative share = negative customer turns ÷
    customer turns; sentiment start / end = the mean over the theme's contacts of marts.contact_sentiment's."""
    return window.group_by("theme_id").agg(
        agent_hours=pl.col("handle_seconds_sum").sum() / 3600,
        transfers=pl.col("transferred").sum(),
        escalations=pl.col("escalated").sum(),
        repeat_rate=pl.when(pl.col("fcr_eligible").sum() > 0)
        .then(1 - pl.col("fcr_resolved").sum() / pl.col("fcr_eligible").sum()),
        question_share=pl.col("questions").sum() / pl.col("documents").sum(),
        **{column: pl.col(column).sum() for column in SENTIMENT_COMPONENTS},
    ).with_columns(**sentiment_ratios()).drop(SENTIMENT_COMPONENTS)


SENTIMENT_COMPONENTS = ["customer_turns", "negative_turns", "sentiment_contacts", "sentiment_start_sum",
                        "sentiment_end_sum"]  # theme_daily's additive sentiment columns (migration 0350)


def sentiment_ratios() -> dict[str, pl.Expr]:
    """negative_share (0..1), sentiment_start and sentiment_end (−1..1) of rows holding summed SENTIMENT_COMPONENTS;
    null where no customer turn was scored. The report and the Themes page both use these."""
    return {
        "negative_share": pl.when(pl.col("customer_turns") > 0).then(pl.col("negative_turns") / pl.col("customer_turns")),
        "sentiment_start": pl.when(pl.col("sentiment_contacts") > 0)
        .then(pl.col("sentiment_start_sum") / pl.col("sentiment_contacts")),
        "sentiment_end": pl.when(pl.col("sentiment_contacts") > 0)
        .then(pl.col("sentiment_end_sum") / pl.col("sentiment_contacts")),
    }


def theme_summary(daily: pl.DataFrame, start: date, end: date, baseline_days: int = BASELINE_DAYS) -> pl.DataFrame:
    """One row per theme active in [start, end]: documents, share, growth, z, is_new, is_emerging, top
    products/channels, CSAT/NPS of the theme's contacts, what they cost (``cost``); sorted by documents."""
    window = daily.filter(pl.col("day").is_between(start, end))
    total = max(int(window["documents"].sum() or 0), 1)
    trend = emerging_themes(daily, as_of=end, recent_days=(end - start).days + 1, baseline_days=baseline_days)
    themed = window.filter(pl.col("theme_id") != UNASSIGNED)
    return (
        scores(themed, ["theme_id"])
        .with_columns(share=pl.col("documents") / total)
        .join(trend.select("theme_id", "baseline", "growth", "z", "is_new", "is_emerging"), on="theme_id", how="left")
        .join(breakdown(themed, "product"), on="theme_id", how="left")
        .join(breakdown(themed, "channel"), on="theme_id", how="left")
        .join(cost(themed), on="theme_id", how="left")
        .sort(["documents", "theme_id"], descending=[True, False])
    )


def theme_series(daily: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """(theme_id, day, documents) with zero-filled days, for trend charts."""
    days = pl.date_range(start, end, "1d", eager=True).alias("day")
    themed = daily.filter(pl.col("day").is_between(start, end) & (pl.col("theme_id") != UNASSIGNED))
    grid = themed.select("theme_id").unique().join(days.to_frame(), how="cross")
    counts = themed.group_by("theme_id", "day").agg(pl.col("documents").sum())
    return grid.join(counts, on=["theme_id", "day"], how="left").with_columns(pl.col("documents").fill_null(0)).sort(
        "theme_id", "day"
    )
