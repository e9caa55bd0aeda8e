"""Themes page (product teams): per theme, in the filter bar's period and channels, its contacts and what they cost
(agent hours, AHT, transfer and escalation rates, repeat contacts, CSAT, NPS — the KPIs of transforms.kpis, from the
components in themes.theme_daily), its share of questions, its customers' sentiment (share of negative customer
turns, mean start and end sentiment of its contacts), growth (transforms.themes.growth) and emerging flag; one
theme's weekly trend over complete weeks, its products and examples, and its interactions (a call's subject is
the customer's first turn)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import duckdb
import polars as pl

from dashboards.queries.base import Filters, present_tables, query, read, where
from transforms.kpis import kpi_ratios
from transforms.themes.controls import apply_controls, merged_ids
from transforms.themes.growth import complete_weeks, latest_complete_week, period_growth
from transforms.themes.summary import SENTIMENT_COMPONENTS, sentiment_ratios
from transforms.themes.trends import recent_window
from warehouse.sql import statement
from warehouse.theme_controls import CONTROL_SCHEMA, resolve_merges

THEME_TABLES = {"themes.themes", "themes.theme_weekly"}  # the contract with the themes stage (docs/dashboard.md)
_EMPTY = {"theme_id": pl.String, "label": pl.String, "contacts": pl.Int64, "agent_hours": pl.Float64,
          "aht_seconds": pl.Float64, "transfer_rate": pl.Float64, "escalation_rate": pl.Float64,
          "repeat_contacts": pl.Int64, "csat_pct": pl.Float64, "nps": pl.Float64, "question_share": pl.Float64,
          "negative_share": pl.Float64, "sentiment_start": pl.Float64, "sentiment_end": pl.Float64,
          "growth_pct": pl.Float64, "emerging": pl.Boolean, "tracked": pl.Boolean, "backlog_url": pl.String}
FILTERED_BY = ("channel",)  # the filter bar's dimensions theme_daily has (besides the period)


def _data_days(conn: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last day with contacts (the span complete weeks must lie in)."""
    first, last = conn.execute("select min(day), max(day) from marts.kpi_daily where contacts > 0").fetchall()[0]
    return (first, last) if first else None


_ADDITIVE = ["contacts", "questions", "csat_good", "csat_n", "nps_promoters", "nps_detractors", "nps_n", "handled",
             "handle_seconds_sum", "handle_timed", "transferred", "escalated", "fcr_eligible", "fcr_resolved",
             *SENTIMENT_COMPONENTS]
NO_CONTROLS = pl.DataFrame(schema=CONTROL_SCHEMA)


def themes_table(conn: duckdb.DuckDBPyConnection, filters: Filters, controls: pl.DataFrame = NO_CONTROLS) -> pl.DataFrame:
    """Every active theme as the product team arranged it (``controls``: warehouse.theme_controls — merged themes
    counted in the theme they went into, names, tracked), with its contacts and cost in the filters' period and
    channels, its growth in the latest complete week (same channels) and its emerging flag (empty before themes
    have run)."""
    tables = present_tables(conn)
    if not THEME_TABLES | {"themes.theme_daily"} <= tables:
        return pl.DataFrame(schema=_EMPTY)
    merges = resolve_merges(controls)
    clause, params = where(filters, dimensions=FILTERED_BY)
    costs = apply_controls(read(conn, statement("themes/theme_cost").format(where=clause), params), controls, merges,
                           _ADDITIVE, ["emerging"]).sort(["contacts", "theme_id"], descending=[True, False])
    themes = kpi_ratios(costs).with_columns(
        agent_hours=pl.col("handle_seconds_sum") / 3600,
        repeat_contacts=pl.col("fcr_eligible") - pl.col("fcr_resolved"),
        question_share=pl.when(pl.col("contacts") > 0).then(pl.col("questions") * 100 / pl.col("contacts")),
        **sentiment_ratios(),
    ).with_columns(negative_share=pl.col("negative_share") * 100)
    span = _data_days(conn)
    week = latest_complete_week(*span) if span else None
    if span is None or week is None:
        return themes.with_columns(pl.lit(None, pl.Float64).alias("growth_pct")).select(list(_EMPTY))
    channel_clause, channel_params = where(replace(filters, date_from=span[0], date_to=span[1]), dimensions=FILTERED_BY)
    daily = read(conn, f"select theme_id, day, sum(documents)::bigint as documents from themes.theme_daily"
                       f" where {channel_clause} group by all", channel_params)
    daily = daily.with_columns(theme_id=merged_ids(pl.col("theme_id"), merges))
    growth = period_growth(daily, week[0], week[1], *span).select("theme_id", "growth_pct")
    return themes.join(growth, on="theme_id", how="left").select(list(_EMPTY))


def emerging_window(conn: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """The days the emerging flag is about: the themes stage flags a theme over the last RECENT_DAYS days of
    themes.theme_daily (transforms.themes.trends, against the BASELINE_DAYS before), whatever the page's period.
    None before themes have run."""
    if "themes.theme_daily" not in present_tables(conn):
        return None
    last = conn.execute("select max(day) from themes.theme_daily").fetchall()[0][0]
    return recent_window(last) if last else None


def theme_detail(conn: duckdb.DuckDBPyConnection, theme_id: str, controls: pl.DataFrame = NO_CONTROLS,
                 filters: Filters | None = None, interactions: bool = False) -> dict[str, pl.DataFrame]:
    """Weekly trend (complete weeks only), contacts per product and the stage's (already redacted) examples of a
    theme and of the themes merged into it; the products and examples in ``filters``' period and channels (the
    themes table's count, split by product; every day when None), with the days of the examples left out
    (``examples_elsewhere``); with ``interactions`` (a role allowed to open them) and ``filters``, also its
    interactions in that period and those channels, newest first."""
    tables = present_tables(conn)
    if not THEME_TABLES <= tables:
        return {}
    members = [theme_id, *(t for t, into in resolve_merges(controls).items() if into == theme_id)]
    params: dict[str, object] = {"t": members}
    span = _data_days(conn)
    weeks = complete_weeks(*span) if span else []
    trend = read(conn, "select week, sum(contacts)::bigint as contacts from themes.theme_weekly"
                       " where list_contains($t, theme_id) group by week order by week", params)
    frame = pl.DataFrame({"week": weeks}, schema={"week": pl.Date}).join(trend, on="week", how="left")
    detail = {"trend": frame.with_columns(pl.col("contacts").fill_null(0))}
    if "themes.theme_daily" in tables:
        clause, period = where(filters, dimensions=FILTERED_BY) if filters is not None else ("true", {})
        detail["products"] = read(conn, "select product, sum(documents)::bigint as contacts from themes.theme_daily"
                                        f" where list_contains($t, theme_id) and {clause} group by 1 order by 2 desc,"
                                        " 1", {**params, **period})
    if {"themes.theme_examples", "core.interactions"} <= tables:
        detail.update(_examples(conn, params, filters))
    if interactions and filters is not None and {"themes.theme_assignments", "core.interactions"} <= tables:
        clause, period = where(filters, day_column=None, dimensions=FILTERED_BY, created_column="created_at")
        detail["interactions"] = read(conn, query("themes/theme_interactions").format(where=clause),
                                      {**params, **period})
    return detail


def _examples(conn: duckdb.DuckDBPyConnection, params: dict[str, object],
              filters: Filters | None) -> dict[str, pl.DataFrame]:
    """``examples`` (interaction_id, language, text) whose contacts ``filters`` keep (all when None), and
    ``examples_elsewhere`` (day): the business days of the others, so an empty list can say where they are."""
    clause, period, zone = "true", dict[str, object](), "UTC"  # no filters: every example kept, its day not shown
    if filters is not None:
        clause, period = where(filters, day_column=None, dimensions=FILTERED_BY, created_column="i.created_at")
        zone = filters.timezone
    examples = read(conn, query("themes/theme_examples").format(where=clause), {**params, **period, "tz": zone})
    return {"examples": examples.filter("kept").select("interaction_id", "language", "text"),
            "examples_elsewhere": examples.filter(~pl.col("kept")).select("day")}
