"""Theme cost on the Themes page (filter bar's period and channels) and the product team's controls (issue 19)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dashboards import queries
from warehouse import theme_controls

PERIOD = queries.Filters(date(2026, 10, 5), date(2026, 10, 18))


@pytest.fixture
def costed(snapshot: Path, tmp_path: Path) -> Path:
    """A copy of the fake snapshot where T0002 has e-mail contacts with 2 hours of handle time and T0001 phone ones."""
    path = tmp_path / "dashboard.duckdb"
    shutil.copy(snapshot, path)
    conn = duckdb.connect(str(path))
    conn.execute("update themes.theme_daily set handle_seconds_sum = 3600, handle_timed = 4, handled = 8, transferred = 2")
    conn.execute("insert into themes.theme_daily (day, theme_id, channel, product, documents, csat_sum, csat_n,"
                 " nps_promoters, nps_detractors, nps_n, questions, handled, handle_seconds_sum, handle_timed,"
                 " transferred, escalated, fcr_eligible, fcr_resolved)"
                 " values (date '2026-10-06', 'T0002', 'email', 'Koe Card', 4, 0, 0, 0, 0, 0, 2, 4, 7200, 4, 0, 1, 4, 3)")
    conn.close()
    return path


def test_themes_table_shows_cost_and_follows_the_channel_filter(costed: Path) -> None:
    with queries.open_snapshot(costed) as conn:
        every = queries.themes_table(conn, PERIOD)
        phone = queries.themes_table(conn, replace(PERIOD, channel=("phone",)))
    by_id = {row["theme_id"]: row for row in every.iter_rows(named=True)}
    assert by_id["T0002"]["contacts"] == 4 and by_id["T0002"]["agent_hours"] == pytest.approx(2.0)
    assert by_id["T0002"]["aht_seconds"] == pytest.approx(1800)  # the one AHT: Σ handle ÷ contacts with times
    assert by_id["T0002"]["repeat_contacts"] == 1 and by_id["T0002"]["question_share"] == pytest.approx(50)
    assert by_id["T0001"]["transfer_rate"] == pytest.approx(25)  # transferred ÷ handled
    assert dict(phone.select("theme_id", "contacts").iter_rows()) == {"T0001": 8, "T0002": 0}


def test_merged_and_renamed_themes_are_shown_as_the_team_arranged_them(costed: Path, tmp_path: Path) -> None:
    store = tmp_path / "app.sqlite"
    theme_controls.rename_theme(store, "T0001", "Billing errors", "product", "pm")
    theme_controls.merge_theme(store, "T0002", "T0001", "product", "pm")
    theme_controls.track_theme(store, "T0001", "https://backlog.example/PROJ-12", "manager", "boss")
    controls = theme_controls.read_controls(store)
    with queries.open_snapshot(costed) as conn:
        table = queries.themes_table(conn, PERIOD, controls)
        detail = queries.theme_detail(conn, "T0001", controls)
    assert table["theme_id"].to_list() == ["T0001"] and table["label"].to_list() == ["Billing errors"]
    assert table["contacts"][0] == 12 and table["agent_hours"][0] == pytest.approx(3.0)
    assert table["tracked"][0] and table["backlog_url"][0] == "https://backlog.example/PROJ-12"
    assert detail["products"]["contacts"].sum() == 12  # the merged theme's contacts are the target's too


def test_only_product_teams_and_managers_change_themes_and_merges_cannot_loop(tmp_path: Path) -> None:
    store = tmp_path / "app.sqlite"
    for role in ("qa", "supervisor", "agent"):
        with pytest.raises(PermissionError):
            theme_controls.rename_theme(store, "T0001", "x", role, "someone")
    theme_controls.merge_theme(store, "T0001", "T0002", "product", "pm")
    theme_controls.merge_theme(store, "T0002", "T0003", "product", "pm")
    with pytest.raises(ValueError, match="itself"):
        theme_controls.merge_theme(store, "T0003", "T0001", "product", "pm")  # T0001 → T0002 → T0003 already
    assert theme_controls.resolve_merges(theme_controls.read_controls(store)) == {"T0001": "T0003", "T0002": "T0003"}
    assert theme_controls.read_controls(store).filter(pl.col("name").is_not_null()).is_empty()


def test_themes_table_shows_its_customers_sentiment_for_the_filtered_channels(costed: Path) -> None:
    """Share of negative customer turns and mean start / end sentiment per theme (theme_daily's sentiment columns,
    migration 0350), summed over the filter bar's channels; unknown (not 0) where no turn was scored."""
    conn = duckdb.connect(str(costed))
    conn.execute("update themes.theme_daily set customer_turns = 10, negative_turns = 2, sentiment_contacts = 4,"
                 " sentiment_start_sum = -2.0, sentiment_end_sum = 1.0 where theme_id = 'T0002' and channel = 'email'")
    conn.close()
    with queries.open_snapshot(costed) as conn:
        every = queries.themes_table(conn, PERIOD)
        phone = queries.themes_table(conn, replace(PERIOD, channel=("phone",)))
    t2 = every.filter(pl.col("theme_id") == "T0002").row(0, named=True)
    assert t2["negative_share"] == pytest.approx(20)  # percent, like the page's other shares
    assert (t2["sentiment_start"], t2["sentiment_end"]) == (pytest.approx(-0.5), pytest.approx(0.25))
    assert phone.filter(pl.col("theme_id") == "T0002")["negative_share"].to_list() == [None]
    assert every.filter(pl.col("theme_id") == "T0001")["sentiment_start"].to_list() == [None]
