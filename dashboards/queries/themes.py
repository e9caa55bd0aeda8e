"""Themes page (product teams): theme volumes, growth (transforms.themes.growth) and emerging flags; one theme's
weekly trend over complete weeks, its products and examples."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from dashboards.queries.base import present_tables, read
from transforms.themes.growth import complete_weeks, latest_complete_week, period_growth

THEME_TABLES = {"themes.themes", "themes.theme_weekly"}  # the contract with the themes stage (docs/dashboard.md)
_EMPTY = {"theme_id": pl.String, "label": pl.String, "contacts": pl.Int64, "growth_pct": pl.Float64,
          "emerging": pl.Boolean}


def _data_days(conn: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last day with contacts (the span complete weeks must lie in)."""
    first, last = conn.execute("select min(day), max(day) from marts.kpi_daily where contacts > 0").fetchall()[0]
    return (first, last) if first else None


def themes_table(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every active theme with its contacts, its growth in the latest complete week and its emerging flag (empty
    before themes have run)."""
    tables = present_tables(conn)
    if not THEME_TABLES <= tables:
        return pl.DataFrame(schema=_EMPTY)
    themes = read(
        conn,
        "select t.theme_id, t.label, coalesce(sum(w.contacts), 0)::bigint as contacts,"
        " coalesce(any_value(t.emerging), false) as emerging"
        " from themes.themes t left join themes.theme_weekly w using (theme_id) where t.status = 'active'"
        " group by all order by contacts desc, theme_id",
        {},
    )
    span = _data_days(conn)
    week = latest_complete_week(*span) if span else None
    if week is None or "themes.theme_daily" not in tables:
        return themes.with_columns(pl.lit(None, pl.Float64).alias("growth_pct")).select(list(_EMPTY))
    daily = read(conn, "select theme_id, day, sum(documents)::bigint as documents from themes.theme_daily"
                       " group by all", {})
    growth = period_growth(daily, week[0], week[1], *span).select("theme_id", "growth_pct")
    return themes.join(growth, on="theme_id", how="left").select(list(_EMPTY))


def theme_detail(conn: duckdb.DuckDBPyConnection, theme_id: str) -> dict[str, pl.DataFrame]:
    """Weekly trend (complete weeks only), contacts per product and the stage's (already redacted) examples."""
    tables = present_tables(conn)
    if not THEME_TABLES <= tables:
        return {}
    params = {"t": theme_id}
    span = _data_days(conn)
    weeks = complete_weeks(*span) if span else []
    trend = read(conn, "select week, contacts from themes.theme_weekly where theme_id = $t order by week", params)
    frame = pl.DataFrame({"week": weeks}, schema={"week": pl.Date}).join(trend, on="week", how="left")
    detail = {"trend": frame.with_columns(pl.col("contacts").fill_null(0))}
    if "themes.theme_daily" in tables:
        detail["products"] = read(conn, "select product, sum(documents)::bigint as contacts from themes.theme_daily"
                                        " where theme_id = $t group by 1 order by 2 desc", params)
    if "themes.theme_examples" in tables:
        detail["examples"] = read(conn, "select interaction_id, language, text from themes.theme_examples"
                                        " where theme_id = $t order by rank", params)
    return detail
