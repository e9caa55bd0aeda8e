"""The product-feedback report says things in words in Japanese and in English (the project's standard: no internal
id, snake_case name or code on screen): a contact without a product is 不明 / Unknown, not the trends' stand-in
``unknown``; a theme without a label is named as such, never by its id; a theme nobody rated has "—" for CSAT and
NPS, not "nan%"; the trend chart's peak is 最大 on the Japanese report; Japanese text in the English PDF wraps."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

import warehouse
from dashboards.reports.pdf import _paragraph, _styles, render_pdf
from dashboards.reports.product_feedback import load_report_data, render_html, sparkline

WEEK = (date(2026, 10, 5), date(2026, 10, 11))
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
THEME_ID = re.compile(r"\bT\d{4}\b")


@pytest.fixture()
def report_warehouse(fake_warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the test warehouse with a theme that has no label, no product and no survey answer."""
    path = tmp_path / "koe.duckdb"
    path.write_bytes(fake_warehouse.read_bytes())
    with warehouse.connect(path) as conn:
        conn.execute("insert into themes.themes (theme_id, label, documents, status, first_seen_at, updated_at)"
                     " values ('T0099', '', 40, 'active', timestamp '2026-10-01', timestamp '2026-10-01')")
        conn.execute("insert into themes.theme_daily (day, theme_id, channel, product, documents, csat_sum, csat_n,"
                     " nps_promoters, nps_detractors, nps_n) values (date '2026-10-06', 'T0099', 'chat', 'unknown',"
                     " 40, 0, 0, 0, 0, 0)")
    return path


def _visible_text(page: str) -> str:
    """What a reader sees: the page without its style, tags and attributes (anchors carry theme ids)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", page, flags=re.S)))


@pytest.mark.parametrize(("lang", "unknown", "unnamed", "peak"), [
    ("ja", "不明 (40)", "名前のないテーマ", "最大 "), ("en", "Unknown (40)", "Unnamed theme", "max "),
])
def test_the_report_shows_words_not_codes(report_warehouse: Path, lang: str, unknown: str, unnamed: str,
                                          peak: str) -> None:
    data = load_report_data(report_warehouse, *WEEK, lang=lang)
    theme = data.themes.filter(data.themes["theme_id"] == "T0099").row(0, named=True)
    assert (theme["label"], theme["top_products"], theme["csat"], theme["nps"]) == (unnamed, unknown, None, None)
    text = _visible_text(render_html(data, lang))
    assert unnamed in text and unknown in text and peak in text
    assert not SNAKE.findall(text) and not THEME_ID.findall(text) and "nan" not in text
    if lang == "ja":
        assert "max " not in text and "unknown" not in text.lower()


def test_the_pdf_names_the_theme_without_codes(report_warehouse: Path, tmp_path: Path) -> None:
    render_pdf(load_report_data(report_warehouse, *WEEK, lang="en"), "en", tmp_path / "report.pdf")
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)
    assert "Unnamed theme" in text and "Unknown (40)" in text
    assert not THEME_ID.findall(text) and "nan%" not in text and not SNAKE.findall(text)


def test_japanese_text_in_the_english_pdf_wraps_inside_its_cell() -> None:
    """A Japanese theme label has no spaces: with the English report's word wrapping it stayed one line and ran
    over the next cells."""
    style = _styles("en")["body"]
    column = 34 * mm  # the theme column
    label = _paragraph("配送が遅れている商品についての長いお問い合わせ", style)
    _, height = label.wrap(column, 1000)
    assert height >= 2 * style.leading and max(label.getActualLineWidths0()) <= column


def test_the_sparklines_line_stays_under_its_max_label() -> None:
    """The highest day's point was drawn at y = 8, through the "最大 5" / "max 5" label (baseline y = 10)."""
    series = pl.DataFrame({"theme_id": ["T1"] * 3, "day": [date(2026, 10, d) for d in (19, 20, 21)], "documents": [2, 5, 3]})
    svg = sparkline(series, "T1", "ja")
    line, label = re.search(r'points="([^"]+)"', svg), re.search(r'<text x="[\d.]+" y="([\d.]+)"[^>]*>最大', svg)
    assert line and label, svg
    highest, label_baseline = min(float(point.split(",")[1]) for point in line.group(1).split()), float(label.group(1))
    assert highest >= label_baseline + 4, (highest, label_baseline)


def test_the_pdf_daily_chart_counts_from_zero_in_whole_contacts() -> None:
    """The PDF's daily chart ran from 4 to 5 contacts with ticks 4.2, 4.4 …: a one-contact rise drawn as a cliff."""
    from io import BytesIO

    from reportlab.graphics import renderPDF

    from dashboards.reports.pdf import _sparkline

    series = pl.DataFrame({"theme_id": ["T1"] * 3, "day": [date(2026, 10, d) for d in (19, 20, 21)], "documents": [4, 5, 5]})
    text = PdfReader(BytesIO(renderPDF.drawToString(_sparkline(series, "T1", "Helvetica")))).pages[0].extract_text()
    assert set(re.findall(r"\d+(?:\.\d+)?", text.replace("2026-10-", ""))) == {"0", "5", "19", "21"}, text
