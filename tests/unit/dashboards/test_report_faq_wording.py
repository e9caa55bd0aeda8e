"""The product-feedback report's FAQ candidates quote the report period's wording, as its examples do: a theme whose
typical question was asked one way early in the data and another way later shows, in each week's report, the
wording of that week's contacts (it showed the theme run's most typical quote, from any day, in every week)."""

from __future__ import annotations

import html
from datetime import date, timedelta
from pathlib import Path

import pytest

import warehouse
from dashboards.reports.product_feedback import load_report_data, render_html
from tests.unit.dashboards.fake_warehouse import assign_fake_themes

EARLY = "請求書の再発行はできますか?"
LATE = "領収書をメールで送ってもらえますか?"


@pytest.fixture(scope="module")
def two_wordings(fake_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, date, date]:
    """(warehouse, day of the early quote, day of the late quote): T0001 is a question-like theme whose most typical
    quote (rank 1) is from its first contact and its second (rank 2) from its last, worded differently."""
    path = tmp_path_factory.mktemp("faq") / "koe.duckdb"
    path.write_bytes(fake_warehouse.read_bytes())
    with warehouse.connect(path) as conn:
        assign_fake_themes(conn)
        conn.execute("update themes.themes set is_question = true where theme_id = 'T0001'")
        (first, first_day), (last, last_day) = conn.execute(
            "select interaction_id, cast(timezone('Asia/Tokyo', created_at at time zone 'UTC') as date) as day"
            " from core.interactions join themes.theme_assignments using (interaction_id) where theme_id = 'T0001'"
            " order by created_at limit 1").fetchall()[0], conn.execute(
            "select interaction_id, cast(timezone('Asia/Tokyo', created_at at time zone 'UTC') as date) as day"
            " from core.interactions join themes.theme_assignments using (interaction_id) where theme_id = 'T0001'"
            " order by created_at desc limit 1").fetchall()[0]
        conn.execute("delete from themes.theme_examples where theme_id = 'T0001'")
        conn.executemany("insert into themes.theme_examples values ('T0001', ?, ?, 'ja', ?, 0.9)",
                         [(1, first, EARLY), (2, last, LATE)])
    assert last_day - first_day > timedelta(days=14)
    return path, first_day, last_day


def _faq_wording(path: Path, start: date, end: date, lang: str = "ja") -> str | None:
    faq = load_report_data(path, start, end, lang=lang).faq
    return dict(zip(faq["theme_id"], faq["example"], strict=True)).get("T0001")


def test_each_weeks_faq_candidate_quotes_that_weeks_wording(two_wordings: tuple[Path, date, date]) -> None:
    path, early, late = two_wordings
    assert _faq_wording(path, early, early + timedelta(days=6)) == EARLY
    assert _faq_wording(path, late - timedelta(days=6), late) == LATE  # was EARLY: the most typical quote of any day
    page = html.unescape(render_html(load_report_data(path, late - timedelta(days=6), late, lang="en"), "en"))
    faq = page[page.index("FAQ candidates"):]
    assert LATE in faq and EARLY not in faq


def test_a_faq_candidate_with_no_quote_in_the_period_shows_none(two_wordings: tuple[Path, date, date]) -> None:
    path, early, late = two_wordings
    middle = early + (late - early) / 2
    assert _faq_wording(path, middle - timedelta(days=3), middle + timedelta(days=3)) is None  # the page shows "—"
