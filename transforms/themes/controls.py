"""Product teams' controls applied to per-theme figures (pure): a merged theme is counted in the theme it was merged
into, a renamed theme shows its new name, a tracked one its backlog link. Additive columns are summed before any
ratio is taken (transforms.kpis), so a merged theme's AHT and rates are those of all its contacts."""

from __future__ import annotations

import polars as pl


def merged_ids(theme_id: pl.Expr, merges: dict[str, str]) -> pl.Expr:
    """``theme_id`` replaced by the theme it was merged into (``warehouse.theme_controls.resolve_merges``)."""
    return theme_id.replace(merges) if merges else theme_id


def apply_controls(per_theme: pl.DataFrame, controls: pl.DataFrame, merges: dict[str, str], additive: list[str],
                   keep: list[str]) -> pl.DataFrame:
    """One row per theme as shown: merged rows summed (``additive``), the first value of ``keep`` columns taken from
    the theme merged into, ``label`` replaced by the team's name, and ``tracked`` / ``backlog_url`` added."""
    shown = per_theme.with_columns(
        is_target=~pl.col("theme_id").is_in(list(merges)), theme_id=merged_ids(pl.col("theme_id"), merges)
    )
    rolled = shown.sort("is_target", descending=True).group_by("theme_id", maintain_order=True).agg(
        *(pl.col(c).sum() for c in additive), *(pl.col(c).first() for c in ["label", *keep])
    )
    named = controls.select("theme_id", "name", "backlog_url")
    return (
        rolled.join(named, on="theme_id", how="left")
        .with_columns(label=pl.coalesce("name", "label"), tracked=pl.col("backlog_url").is_not_null())
        .drop("name")
    )
