"""A theme's examples follow the period and channels like the rest of the Themes page and the report (an example of
a contact outside them is not shown; the empty list says where its examples are), and "emerging" says which days
it is about: the dashboard's flag the last 7 days of data, the report its own period, by one definition
(transforms.themes.trends.emerging_themes)."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

import warehouse
from dashboards import queries
from dashboards.empty_states import why_no_examples
from dashboards.queries.themes import emerging_window
from dashboards.reports.product_feedback import load_report_data, render_html
from pipelines.defs.themes import refresh_trends
from tests.unit.dashboards.fake_warehouse import assign_fake_themes
from warehouse.publish import publish_snapshot


@pytest.fixture(scope="module")
def themed(fake_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(warehouse, snapshot) of a copy of the fake warehouse with its phone contacts assigned to themes, and T0002's
    contacts of the last 5 days moved to a new theme T0003, which the stage then flags emerging."""
    path = tmp_path_factory.mktemp("themed") / "koe.duckdb"
    path.write_bytes(fake_warehouse.read_bytes())
    with warehouse.connect(path) as conn:
        assign_fake_themes(conn)
        conn.execute("insert into themes.themes select * replace ('T0003' as theme_id) from themes.themes"
                     " where theme_id = 'T0002'")
        conn.execute("update themes.theme_assignments set theme_id = 'T0003' where theme_id = 'T0002' and"
                     " interaction_id in (select interaction_id from core.interactions where created_at >="
                     " (select max(created_at) from core.interactions) - interval 5 days)")
        refresh_trends(conn, datetime(2026, 11, 1))
        snapshot = publish_snapshot(conn, path).path
    return path, snapshot


def _example_day(snapshot: Path) -> date:
    """The business day of T0001's example's contact (Asia/Tokyo)."""
    with queries.open_snapshot(snapshot) as conn:
        return conn.execute("select cast(timezone('Asia/Tokyo', i.created_at at time zone 'UTC') as date)"
                            " from themes.theme_examples e join core.interactions i using (interaction_id)"
                            " where e.theme_id = 'T0001'").fetchall()[0][0]


def test_a_themes_examples_follow_the_period_and_channels_and_say_where_they_are(themed: tuple[Path, Path]) -> None:
    day = _example_day(themed[1])
    around = queries.Filters(day - timedelta(days=6), day)
    before = queries.Filters(day - timedelta(days=20), day - timedelta(days=14))  # a period before it
    with queries.open_snapshot(themed[1]) as conn:
        kept = queries.theme_detail(conn, "T0001", filters=around)
        by_email = queries.theme_detail(conn, "T0001", filters=replace(around, channel=("email",)))
        other = queries.theme_detail(conn, "T0001", filters=before)
        why = {lang: why_no_examples(conn, before, lang, other["examples_elsewhere"]) for lang in ("ja", "en")}
    assert kept["examples"].height == 1 and kept["examples_elsewhere"].is_empty()
    assert by_email["examples"].is_empty()  # the example is a call's
    assert other["examples"].is_empty(), "an example from outside the period is shown"
    assert other["examples_elsewhere"]["day"].to_list() == [day]
    assert why["en"].startswith("No example of this theme is from a contact in this period") and f"from {day}" in why["en"]
    assert f"事例の問い合わせ日: {day}" in why["ja"]


def test_the_dashboards_emerging_window_is_the_last_seven_days_of_theme_data(themed: tuple[Path, Path]) -> None:
    """The flag the pipeline set (themes.themes.emerging) is what the report's definition gives over the window the
    page names: one definition, two periods."""
    with queries.open_snapshot(themed[1]) as conn:
        window = emerging_window(conn)
        last = conn.execute("select max(day) from themes.theme_daily").fetchall()[0][0]
        flagged = {row[0] for row in conn.execute("select theme_id from themes.themes where emerging").fetchall()}
    assert window == (last - timedelta(days=6), last) and flagged == {"T0003"}
    assert set(load_report_data(themed[0], *window).emerging) == flagged


def test_the_report_says_which_days_emerging_and_its_quotes_are_about(themed: tuple[Path, Path]) -> None:
    day = _example_day(themed[1])
    start, end = day - timedelta(days=20), day - timedelta(days=14)
    data = load_report_data(themed[0], start, end, lang="en")
    assert data.examples.filter(pl.col("day").is_between(start, end).not_()).is_empty()
    page = html.unescape(render_html(data, "en"))
    assert f"Emerging = contacts in this report's period ({start} to {end})" in page
    assert "The dashboard's Emerging flag is over the last 7 days of data" in page
    if not data.emerging:
        assert f"No theme is emerging in this report's period ({start} to {end})" in page
    assert "T0001" in data.example_days and f"its quotes are from {day}" in page
    around = load_report_data(themed[0], day - timedelta(days=6), day, lang="ja")
    assert around.examples.filter(pl.col("theme_id") == "T0001").height == 1
    assert "この期間 (" in render_html(around, "ja")
