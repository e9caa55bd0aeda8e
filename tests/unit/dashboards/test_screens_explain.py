"""What a manager reads must not mislead: like-for-like period change, theme growth on complete periods only,
the report's period has data (or says it has none), and `koe kpis` answers a mistake in one line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

import warehouse
from dashboards import queries
from dashboards.components import kpi_tiles
from dashboards.reports.product_feedback import (
    data_days,
    load_report_data,
    published_report,
    render_html,
    report_file_name,
    report_week,
)
from pipelines.cli.main import app
from transforms.themes.growth import latest_complete_week, period_growth


def _changes(snapshot: Path, filters: queries.Filters) -> dict[str, str]:
    with queries.open_snapshot(snapshot) as conn:
        tiles = kpi_tiles(queries.kpi_summary(conn, filters), "en")
    changes = {tile.children[1].id: tile.children[2].children for tile in tiles if getattr(tile, "id", None) is None}
    reasons = [tile.children for tile in tiles if getattr(tile, "id", None) == "overview-change-reason"]
    return {**changes, "reason": reasons[0] if reasons else None}


def test_period_change_is_shown_only_like_for_like(snapshot: Path) -> None:
    # the data starts on 2026-10-01 (JST): the 14 days before 10-05..10-18 hold only 4 days of data
    short = _changes(snapshot, queries.Filters(date(2026, 10, 5), date(2026, 10, 18)))
    assert short.pop("reason") == "— (not compared: days with data: 4 in the previous period, 14 in this one)"
    assert set(short.values()) == {"— not compared"}
    full = _changes(snapshot, queries.Filters(date(2026, 10, 19), date(2026, 10, 25)))
    assert full["reason"] is None
    assert full["overview-kpi-contacts"].endswith("vs previous period") and "%" in full["overview-kpi-contacts"]
    assert full["overview-kpi-csat_pct"].split()[1] == "pt"  # a percentage changes in points


def test_theme_growth_uses_complete_periods_only() -> None:
    days = pl.date_range(date(2026, 10, 24), date(2026, 11, 25), "1d", eager=True)  # ends on a Wednesday
    daily = pl.DataFrame({"theme_id": ["a"] * len(days), "day": days, "documents": [2] * len(days)})
    week = latest_complete_week(days[0], days[-1])
    assert week == (date(2026, 11, 16), date(2026, 11, 22))  # not the partial week of 11-23
    steady = period_growth(daily, *week, days[0], days[-1])
    assert steady["growth_pct"][0] == 0  # a steady theme does not seem to drop in a partial last week
    partial = period_growth(daily, date(2026, 11, 23), date(2026, 11, 29), days[0], days[-1])
    assert partial["growth_pct"][0] is None


def test_report_opens_the_latest_complete_week_with_data(fake_warehouse: Path) -> None:
    # the data runs 2026-10-01 .. 10-29 (JST); a month later the report is still its last complete week
    assert report_week(fake_warehouse, date(2026, 11, 30)) == (date(2026, 10, 19), date(2026, 10, 25))
    assert report_week(fake_warehouse, date(2026, 10, 21)) == (date(2026, 10, 12), date(2026, 10, 18))


def test_the_dashboard_opens_the_report_of_the_week_the_pipeline_publishes(fake_warehouse: Path, snapshot: Path,
                                                                          tmp_path: Path) -> None:
    today = date(2026, 11, 30)
    week = report_week(fake_warehouse, today)  # what the product_feedback_report asset writes
    for start in (date(2026, 10, 12), week[0], date(2026, 11, 23)):  # 11-23: a leftover week after the data ends
        for lang in ("ja", "en"):
            (tmp_path / report_file_name(start, lang)).write_text(str(start), encoding="utf-8")
    span = data_days(snapshot)  # the dashboard reads the snapshot, not the warehouse
    assert published_report(tmp_path, span, today, "en") == tmp_path / report_file_name(week[0], "en")
    (tmp_path / report_file_name(week[0], "ja")).unlink()  # that week not published yet: the one before, not 11-23
    assert published_report(tmp_path, span, today, "ja") == tmp_path / report_file_name(date(2026, 10, 12), "ja")
    assert published_report(tmp_path, span, today, "en", "pdf") is None


def test_the_report_names_channels_in_its_language(fake_warehouse: Path, tmp_path: Path) -> None:
    path = tmp_path / "koe.duckdb"
    path.write_bytes(fake_warehouse.read_bytes())  # a copy: the session's warehouse stays as it is
    with warehouse.connect(path) as conn:
        conn.execute("insert into themes.theme_daily (day, theme_id, channel, product, documents, csat_sum, csat_n,"
                     " nps_promoters, nps_detractors, nps_n) values (date '2026-10-06', 'T0001', 'web_form',"
                     " 'Koe Card', 3, 12, 3, 1, 1, 3)")
    for lang, words in (("ja", "電話 (8), Webフォーム (3)"), ("en", "Phone (8), Web form (3)")):
        data = load_report_data(path, date(2026, 10, 5), date(2026, 10, 11), lang=lang)
        assert data.themes["top_channels"][0] == words
        assert words in render_html(data, lang) and "web_form" not in render_html(data, lang)


def test_report_sections_without_rows_say_so(fake_warehouse: Path) -> None:
    data = load_report_data(fake_warehouse, date(2026, 10, 5), date(2026, 10, 11), lang="en")
    assert data.faq.is_empty()  # the test warehouse's themes are not questions
    page = render_html(data, "en")
    assert "No question-like theme in this period" in page and "<th>Typical wording</th>" not in page


def test_a_report_period_without_data_says_so(fake_warehouse: Path) -> None:
    empty = load_report_data(fake_warehouse, date(2026, 11, 23), date(2026, 11, 29))
    page = render_html(empty, "ja")
    assert "2026-11-23 〜 2026-11-29 の問い合わせデータはありません。" in page and "<table" not in page
    assert "データがあるのは 2026-10-01 〜 2026-10-29 です。" in page


def test_koe_kpis_mistakes_are_one_clear_line(fake_warehouse: Path) -> None:
    for args, reason in ((["--by", "agent"], "--by agent: KPIs can be grouped by channel"),
                         (["--from", "2026-11-31"], "--from 2026-11-31: not a date (YYYY-MM-DD)"),
                         (["--from", "2026-10-20", "--to", "2026-10-01"], "--from 2026-10-20 is after --to")):
        result = CliRunner().invoke(app, ["kpis", "--warehouse", str(fake_warehouse), *args])
        assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {reason}"), result.output
        assert "Traceback" not in result.output
    ok = CliRunner().invoke(app, ["kpis", "--warehouse", str(fake_warehouse), "--by", "team"])
    assert ok.exit_code == 0 and "days in JST, UTC+9" in ok.output and "Asia/Tokyo" not in ok.output


def test_pdf_embeds_a_japanese_font_and_splits_no_english_word(fake_warehouse: Path, tmp_path: Path) -> None:
    import shutil
    import subprocess

    import pytest

    from dashboards.reports.write import write_product_feedback

    if not (shutil.which("pdffonts") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils is not installed (make test installs it)")
    pdfs = {lang: write_product_feedback(fake_warehouse, date(2026, 10, 5), date(2026, 10, 11), tmp_path / f"r_{lang}.html",
                                         lang)[1] for lang in ("ja", "en")}
    fonts = subprocess.run(["pdffonts", str(pdfs["ja"])], capture_output=True, text=True, check=True).stdout
    japanese = [line.split() for line in fonts.splitlines()[2:] if "IPAex" in line or "Heisei" in line]
    assert japanese and japanese[0][-5] == "yes"  # the 'emb' column: the glyphs travel with the file
    text = subprocess.run(["pdftotext", str(pdfs["en"]), "-"], capture_output=True, text=True, check=True).stdout
    words = set(text.split())
    assert {"Contacts", "Growth", "Products", "Channels"} <= words and not {"Contac", "ts", "CSA"} & words
