"""Reads and writes of the `themes` schema (migration 0030_themes.sql) and the core rows themes are built from."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import polars as pl

from warehouse.build import data_as_of
from warehouse.connection import read, registered
from warehouse.sql import statement

_INTERACTIONS = """
select interaction_id, channel, product, customer_id, language, subject, created_at
from core.interactions order by interaction_id
"""
_CUSTOMER_MESSAGES = """
select interaction_id, seq, text, language, source from core.messages
where role = 'customer' and text is not null and length(trim(text)) > 0
"""
_SURVEYS = """
select survey_id, interaction_id, customer_id, responded_at, csat, nps, comment, language
from core.surveys order by (coalesce(csat, 3) <= 2 or coalesce(nps, 7) <= 6) desc, survey_id
"""


def read_document_sources(conn: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(interactions, customer messages, surveys): the inputs of ``transforms.themes.documents.build_documents``."""
    return read(conn, _INTERACTIONS), read(conn, _CUSTOMER_MESSAGES), read(conn, _SURVEYS)


def read_contact_costs(conn: duckdb.DuckDBPyConnection, fcr_days: int) -> pl.DataFrame:
    """Per interaction (as ``document_id``): handled, handle_seconds, transferred, escalated, fcr_eligible, has_repeat
    — the KPI components of marts.kpi_daily, for theme_daily's cost columns (migration 0210_theme_cost.sql)."""
    return read(conn, statement("themes/contact_costs"), {"fcr_days": fcr_days, "as_of": data_as_of(conn)}).rename(
        {"interaction_id": "document_id"})


def read_contact_sentiment(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per contact with scored customer turns (as ``document_id``): customer_turns, negative_turns, sentiment_start,
    sentiment_end — for theme_daily's sentiment columns (migration 0350_theme_sentiment.sql)."""
    return read(conn, statement("themes/contact_sentiment")).rename({"interaction_id": "document_id"})


def read_themes(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every theme ever issued (all statuses), centroid as list[float32]."""
    return read(
        conn,
        "select theme_id, label, keywords_en, keywords_ja, documents, centroid::float[] as centroid, status, "
        "is_question, first_seen_at from themes.themes order by theme_id",
    ).with_columns(pl.col("centroid").cast(pl.List(pl.Float32)))


def read_assigned_ids(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Document ids that already have an assignment (theme or unassigned)."""
    return read(conn, "select interaction_id as document_id from themes.theme_assignments")


def write_themes(conn: duckdb.DuckDBPyConnection, themes: pl.DataFrame, run_at: datetime) -> None:
    """Upsert themes (theme_id, label, keywords_en, keywords_ja, documents, centroid, status, is_question)."""
    with registered(conn, "koe_new_themes", themes):
        conn.execute(statement("themes/upsert_themes"), {"run_at": run_at})


def replace_examples(conn: duckdb.DuckDBPyConnection, examples: pl.DataFrame) -> None:
    """Replace all examples with ``examples`` (theme_id, rank, document_id, language, text, similarity)."""
    conn.execute("delete from themes.theme_examples")
    with registered(conn, "koe_theme_examples", examples) as view:
        conn.execute(
            f"insert into themes.theme_examples select theme_id, rank, document_id, language, text, similarity from {view}"
        )


def upsert_assignments(conn: duckdb.DuckDBPyConnection, assignments: pl.DataFrame, run_id: str, run_at: datetime) -> None:
    """Insert or replace the latest theme of each document."""
    with registered(conn, "koe_theme_assignments", assignments) as view:
        conn.execute(
            f"""insert or replace into themes.theme_assignments
            select document_id, theme_id, similarity, method, $run_id, $run_at from {view}""",
            {"run_id": run_id, "run_at": run_at},
        )


def write_events(conn: duckdb.DuckDBPyConnection, events: pl.DataFrame, run_id: str, run_at: datetime) -> None:
    """Append events (theme_id, event, related_theme_id, similarity) of one run."""
    with registered(conn, "koe_theme_events", events) as view:
        conn.execute(
            f"""insert or replace into themes.theme_events
            select $run_id, $run_at, theme_id, event, related_theme_id, similarity from {view}""",
            {"run_id": run_id, "run_at": run_at},
        )


def read_assignments(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """document_id, theme_id, similarity of every assigned document."""
    return read(conn, "select interaction_id as document_id, theme_id, similarity from themes.theme_assignments")


def replace_daily(conn: duckdb.DuckDBPyConnection, daily: pl.DataFrame) -> None:
    """Rebuild theme_daily from scratch (it is derived entirely from assignments and core rows)."""
    conn.execute("delete from themes.theme_daily")
    with registered(conn, "koe_theme_daily", daily) as view:
        conn.execute(f"insert into themes.theme_daily by name select * from {view}")


def read_emerging_ids(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Themes flagged emerging by the last trends run."""
    return [row[0] for row in conn.execute("select theme_id from themes.themes where emerging").fetchall()]


def replace_weekly_and_flags(conn: duckdb.DuckDBPyConnection, emerging_ids: list[str]) -> None:
    """Rebuild theme_weekly from theme_daily and set themes.emerging for ``emerging_ids`` only."""
    conn.execute("delete from themes.theme_weekly")
    conn.execute(
        "insert into themes.theme_weekly select date_trunc('week', day)::date, theme_id, sum(documents)"
        " from themes.theme_daily where theme_id <> 'unassigned' group by all"
    )
    conn.execute("update themes.themes set emerging = list_contains($ids, theme_id)", {"ids": emerging_ids})


def read_daily(conn: duckdb.DuckDBPyConnection, start: date | None = None, end: date | None = None) -> pl.DataFrame:
    """theme_daily rows with ``start <= day <= end`` (open ends allowed)."""
    return read(
        conn,
        "select * from themes.theme_daily where day >= coalesce($start, day) and day <= coalesce($end, day) "
        "order by day, theme_id, channel, product",
        {"start": start, "end": end},
    )


def read_examples(conn: duckdb.DuckDBPyConnection, timezone: str) -> pl.DataFrame:
    """Every theme's examples, by theme and rank, with the business day (in ``timezone``) of their contact (null for
    a document that is not an interaction: an unlinked survey)."""
    return read(conn, "select e.*, cast(timezone($tz, i.created_at at time zone 'UTC') as date) as day"
                      " from themes.theme_examples e left join core.interactions i using (interaction_id)"
                      " order by e.theme_id, e.rank", {"tz": timezone})
