"""Themes page (product teams): theme volumes, growth, emerging flags; one theme's trend and examples."""

from __future__ import annotations

import duckdb
import polars as pl

from dashboards.queries.base import present_tables, read

THEME_TABLES = {"themes.themes", "themes.theme_weekly"}  # the contract with the themes stage (docs/dashboard.md)


def themes_table(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every theme with its volume, last-4-weeks growth and emerging flag (empty before themes have run)."""
    if not THEME_TABLES <= present_tables(conn):
        return pl.DataFrame(schema={"theme_id": pl.String, "label": pl.String, "contacts": pl.Int64,
                                    "growth": pl.Float64, "emerging": pl.Boolean})
    return read(
        conn,
        "with weekly as (select theme_id, week, contacts, rank() over (partition by theme_id order by week desc) as age"
        " from themes.theme_weekly)"
        " select t.theme_id, t.label, sum(w.contacts)::bigint as contacts,"
        " sum(w.contacts) filter (where w.age <= 4) / nullif(sum(w.contacts) filter (where w.age between 5 and 8), 0) - 1 as growth,"
        " coalesce(any_value(t.emerging), false) as emerging"
        " from themes.themes t left join weekly w using (theme_id) where t.status = 'active'"
        " group by all order by contacts desc nulls last",
        {},
    )


def theme_detail(conn: duckdb.DuckDBPyConnection, theme_id: str) -> dict[str, pl.DataFrame]:
    """Weekly trend, contacts per product and the stage's (already redacted) example texts of one theme."""
    tables = present_tables(conn)
    if not THEME_TABLES <= tables:
        return {}
    params = {"t": theme_id}
    detail = {"trend": read(conn, "select week, contacts from themes.theme_weekly where theme_id = $t order by week", params)}
    if "themes.theme_daily" in tables:
        detail["products"] = read(conn, "select product, sum(documents)::bigint as contacts from themes.theme_daily"
                                        " where theme_id = $t group by 1 order by 2 desc", params)
    if "themes.theme_examples" in tables:
        detail["examples"] = read(conn, "select interaction_id, language, text from themes.theme_examples"
                                        " where theme_id = $t order by rank", params)
    return detail
