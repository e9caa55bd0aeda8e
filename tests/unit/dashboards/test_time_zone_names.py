"""A time zone is shown as people read it, never as its IANA id (KOE_TIMEZONE's value): Japan's as 日本時間 /
JST, UTC+9, any other as its abbreviation and UTC offset at the time shown; one function (display.zone_label) for
the dashboard's "data as of" line and the product-feedback report (HTML and PDF)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from dashboards.callbacks.shell import as_of_text
from dashboards.display import zone_label
from dashboards.reports.pdf import render_pdf
from dashboards.reports.product_feedback import load_report_data, render_html

WINTER, SUMMER = datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize(("zone", "at", "ja", "en"), [
    ("Asia/Tokyo", WINTER, "日本時間", "JST, UTC+9"),
    ("America/New_York", WINTER, "EST, UTC−5", "EST, UTC−5"),
    ("America/New_York", SUMMER, "EDT, UTC−4", "EDT, UTC−4"),  # the offset of the time shown, not of today
    ("Europe/London", SUMMER, "BST, UTC+1", "BST, UTC+1"),
    ("Asia/Kathmandu", WINTER, "UTC+5:45", "UTC+5:45"),  # no abbreviation (its tzname is "+0545"): the offset
    ("UTC", WINTER, "UTC", "UTC"),
])
def test_a_zone_is_named_as_people_read_it(zone: str, at: datetime, ja: str, en: str) -> None:
    assert (zone_label(zone, "ja", at), zone_label(zone, "en", at)) == (ja, en)


def test_the_data_as_of_line_names_the_zone_in_words() -> None:
    as_of: dict[str, object] = {"last_day": date(2026, 10, 29), "published_at": datetime(2026, 11, 30, 0, 56)}  # UTC
    assert as_of_text(as_of, "Asia/Tokyo", "ja") == "データ: 2026-10-29まで · 更新 2026-11-30 09:56 (日本時間)"
    assert as_of_text(as_of, "Asia/Tokyo", "en") == "Data up to 2026-10-29 · updated 2026-11-30 09:56 (JST, UTC+9)"
    assert as_of_text(as_of, "Europe/Berlin", "en").endswith("updated 2026-11-30 01:56 (CET, UTC+1)")


def test_the_report_period_names_the_zone_in_words(fake_warehouse: Path, tmp_path: Path) -> None:
    for lang, words in (("ja", "(日本時間)"), ("en", "(JST, UTC+9)")):
        data = load_report_data(fake_warehouse, date(2026, 10, 5), date(2026, 10, 11), lang=lang)
        render_pdf(data, lang, tmp_path / f"report_{lang}.pdf")
        pdf = "".join(page.extract_text() for page in PdfReader(tmp_path / f"report_{lang}.pdf").pages)
        for shown in (render_html(data, lang), pdf):
            assert words in shown and "Asia/Tokyo" not in shown, lang
