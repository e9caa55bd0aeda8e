"""Screens say things in words (issue 15's standard): a queue or team by its name, never its code (``billing``,
``T1``), in the filter options, tables and drill-down titles; an empty table or chart says why it is empty (no data
yet, the period has none, the filters exclude everything, the role may not see it) instead of a catch-all; the
customer-health list names where each customer's risk points come from in one column, so it fits the page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboards import display, figures, queries
from dashboards.callbacks.contact_types import CUSTOMER_COLUMNS
from dashboards.callbacks.themes import TABLE_COLUMNS as THEME_COLUMNS
from dashboards.empty_states import charts_say_why, explain
from dashboards.queries.contact_types import risk_breakdown
from dashboards.queries.empty import why_empty
from dashboards.queries.names import queue_name, team_name
from health.schema import default_config
from transforms.customer_health import points_column

SNAKE = re.compile(r"[a-z]+_[a-z]+")


@pytest.mark.parametrize(("code", "ja", "en"), [
    ("billing", "請求", "Billing"), ("orders_en", "注文 (英語)", "Orders (English)"), ("support", "サポート", "Support"),
    ("after_hours", "After hours", "After hours"),  # a queue the UI text does not know: its words, never snake_case
    ("unknown", "不明", "Unknown"),  # a contact without a queue (the marts write 'unknown')
])
def test_a_queue_is_shown_by_its_name(code: str, ja: str, en: str) -> None:
    assert (queue_name(code, "ja"), queue_name(code, "en")) == (ja, en)


@pytest.mark.parametrize(("code", "ja", "en"), [
    ("T1", "チーム1", "Team 1"), ("team_12", "チーム12", "Team 12"), ("東京1課", "東京1課", "Tokyo 1"),
    ("Tokyo Sales", "Tokyo Sales", "Tokyo Sales"),  # a roster that already names its teams: shown as it is
])
def test_a_team_is_shown_by_its_name(code: str, ja: str, en: str) -> None:
    assert (team_name(code, "ja"), team_name(code, "en")) == (ja, en)


def test_filters_tables_and_drill_titles_name_queues_and_teams(snapshot: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        options = queries.filter_options(conn)
    assert options["queue"] and options["team"]  # the test data's codes: billing, support, sales; T1..T4
    for lang in ("ja", "en"):
        for dimension in ("queue", "team"):
            labels = [o["label"] for o in display.options(options[dimension], dimension, lang)]
            assert not set(labels) & set(options[dimension]), (lang, dimension, labels)  # no code shown as itself
            assert not [label for label in labels if SNAKE.search(label)]
    rows = display.rows(pl.DataFrame({"queue": ["billing"], "team": ["T2"]}), "en")
    assert rows == [{"queue": "Billing", "team": "Team 2"}]
    assert display.code_label("queue", "sales", "ja") == "営業"


def _filters(**kwargs: object) -> queries.Filters:
    base: dict[str, object] = {"date_from": date(2026, 10, 1), "date_to": date(2026, 10, 28)}
    return queries.Filters(**{**base, **kwargs})  # type: ignore[arg-type]


def test_an_empty_table_says_why(snapshot: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        assert why_empty(conn, _filters()) == "kind"  # contacts are there: the table lists something else
        assert why_empty(conn, _filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))) == "period"
        assert why_empty(conn, _filters(queue=("no-such-queue",))) == "filters"
        assert why_empty(conn, _filters(scope_teams=("T9",))) == "scope"  # a supervisor of a team with no contacts
        assert why_empty(conn, _filters(agent_id="A999")) == "scope"
        assert why_empty(conn, _filters(scope_teams=("T1",))) == "kind"
        period = explain(conn, _filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31)), "ja")
        filtered = explain(conn, _filters(queue=("billing",), channel=("phone",), team=("T9",)), "en")
        calibration = explain(conn, _filters(), "en", "qa-calibration")
        assert why_empty(conn, _filters(), stage="qa") == "kind"  # QA has scored this snapshot
        assert why_empty(conn, _filters(), stage="outbound") == "not_run"  # no campaign calls in the test data
        outbound = explain(conn, _filters(), "ja", "outbound-campaigns")
    assert outbound == "発信キャンペーンの通話はまだ読み込まれていません"
    assert period.startswith("2025-01-01〜2025-01-31 の問い合わせはありません") and "データがあるのは 2026-10-01〜" in period
    assert "Channel: Phone" in filtered and "Queue: Billing" in filtered and "Team: Team 9" in filtered
    assert calibration.startswith("No calibration session yet")
    with queries.open_snapshot(None) as conn:  # before the first publish
        assert why_empty(conn, _filters()) == "not_loaded"
        assert explain(conn, _filters(), "en") == "No data yet (the pipeline has not run)"


def test_an_empty_chart_says_why(snapshot: Path) -> None:
    empty = figures.volume_by_channel(pl.DataFrame(schema={"day": pl.Date, "channel": pl.String, "offered": pl.Float64}),
                                      "en")
    drawn = figures.qa_distribution(pl.DataFrame({"band": [40], "scored": [3]}), "en")
    with queries.open_snapshot(snapshot) as conn:
        charts_say_why(conn, _filters(channel=("no-such-channel",)), "en", empty, drawn)
    note = empty.layout.annotations[0].text.replace("<br>", " ")
    assert note.startswith("There are contacts in this period, but none with the filters chosen")
    assert not drawn.layout.annotations and isinstance(drawn, go.Figure)


def test_wide_grids_fit_the_page_and_headers_keep_their_words() -> None:
    # the grid is 1,334 px wide in the browser tests' 1400 px window; the columns' least widths must fit in it
    for names in (list(THEME_COLUMNS), CUSTOMER_COLUMNS):
        for lang in ("ja", "en"):
            assert sum(int(c["minWidth"]) for c in display.columns(names, lang)) <= 1334, (names[0], lang)
    assert display.header_width("Escalation rate") >= 66 + 18  # the word, measured in Chromium, and the padding


def test_the_risk_breakdown_names_each_component_with_points_largest_first() -> None:
    config = default_config()
    names = list(config.components)
    frame = pl.DataFrame({points_column(n): [0.0] for n in names}).with_columns(
        pl.lit(8.0).alias(points_column(names[0])), pl.lit(30.0).alias(points_column(names[1])))
    shown = risk_breakdown(frame, config, "ja")[0]
    assert shown == f"{config.components[names[1]].label.ja} 30 · {config.components[names[0]].label.ja} 8"
    assert risk_breakdown(frame.with_columns(pl.lit(0.0).alias(points_column(n)) for n in names), config, "en")[0] == "—"
