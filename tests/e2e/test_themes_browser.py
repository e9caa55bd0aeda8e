"""The Themes page in headless Chromium over the demo's themes (issue 19): a product team renames one theme and merges
another into it, the themes are re-fitted, and the name and the merge are still there (stable theme ids); the table
follows the filter bar's channel; the published report says what each theme cost in agent hours. The warehouse is
the demo loaded into core (ending today), its themes fitted and trends built by the functions the Dagster assets call,
then published as the dashboard snapshot. Screenshots: tests/artifacts/screens_{ja,en}_themes_controls.png."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

import warehouse
from dashboards.app import create_app
from dashboards.reports.product_feedback import report_file_name, report_week
from dashboards.reports.write import write_product_feedback
from pipelines.defs.themes import refresh_themes, refresh_trends
from pipelines.demo.contact_center import DemoConfig, build_demo
from tests.e2e.dashboard_client import add_users
from tests.unit.dashboards.fake_warehouse import score_customer_sentiment
from warehouse import published_dir
from warehouse.incremental import update_kpi_daily
from warehouse.publish import publish_snapshot, rebuild_dashboard_marts

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
from tests.e2e.test_dashboard_browser import (  # noqa: E402 - after the importorskip
    ARTIFACTS,
    CHROMIUM,
    FLAGS,
    grid_column,
    signed_in,
)
from tests.e2e.test_dashboard_screens import scrolls_sideways  # noqa: E402 - after the importorskip


def fit_and_publish(db: Path, run_at: datetime) -> None:
    """A full theme fit, the trends and the report, as complaint_themes → theme_trends → product_feedback_report,
    then the dashboard snapshot."""
    with warehouse.connect(db) as conn:
        refresh_themes(conn, "full", run_at)
        refresh_trends(conn, run_at)
        publish_snapshot(conn, db)
    start, end = report_week(db, date.today())
    for lang in ("ja", "en"):
        write_product_feedback(db, start, end, published_dir(db) / "reports" / report_file_name(start, lang), lang)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from werkzeug.serving import make_server

    db = tmp_path_factory.mktemp("themes") / "koe.duckdb"
    frames = {name: frame.with_columns(pl.col(pl.Datetime) - timedelta(hours=9))
              for name, frame in build_demo(DemoConfig(end_date=date.today())).frames().items()}
    frames["messages"] = frames["messages"].with_columns(message_id=pl.format("{}-{}", "interaction_id", "seq"))
    with warehouse.connect(db) as conn:
        for table in ("interactions", "messages", "surveys"):
            conn.register("demo_rows", frames[table])
            conn.execute(f"insert into core.{table} by name select * from demo_rows")
            conn.unregister("demo_rows")
        score_customer_sentiment(conn)  # message_sentiment: what theme_trends reads for the customers' sentiment
        update_kpi_daily(conn, {"tz": "Asia/Tokyo", "sl_seconds": 20, "fcr_days": 7})
        rebuild_dashboard_marts(conn)  # the filter bar's values
    fit_and_publish(db, datetime(2026, 1, 1))
    add_users(db.parent / "app.sqlite")
    app = create_app(db, app_db=db.parent / "app.sqlite")
    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", db
    httpd.shutdown()


@pytest.fixture(scope="module")
def page(server):  # noqa: ANN001, ANN201 - playwright objects
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    base, _ = server
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield signed_in(browser, base, "mika")
        browser.close()


def _column(page, header: str) -> list[str]:  # noqa: ANN001
    return grid_column(page, "themes-table", header)


def _count(text: str) -> int:
    return int(text.replace(",", ""))


def test_renamed_and_merged_themes_survive_a_refit(server, page) -> None:
    base, db = server
    expect = playwright_api.expect
    page.goto(base + "/themes")
    expect(page.locator("#themes-table .ag-cell").first).to_be_visible(timeout=30000)
    labels, contacts = _column(page, "テーマ"), [_count(c) for c in _column(page, "件数")]
    assert not scrolls_sideways(page, "themes-table")  # every column of what a theme costs, without a sideways scroll
    assert len(labels) >= 3 and all(h != "—" for h in _column(page, "対応工数 (時間)"))
    sentiments = _column(page, "感情 (最初)") + _column(page, "感情 (最後)")
    assert all(re.fullmatch(r"[+−]\d\.\d\d", s) for s in sentiments)
    assert not {"−0.00", "-0.00"} & set(sentiments)  # a mean that rounds to zero from below is +0.00
    # rename the largest theme, then merge the second into it
    page.locator("#themes-table .ag-cell[col-id=label]").nth(0).click()
    expect(page.locator("#themes-selected-label")).to_contain_text(labels[0], timeout=10000)
    page.fill("#themes-name", "最重要テーマ (製品チーム命名)")
    page.click("#themes-rename")
    expect(page.locator("#themes-table .ag-cell[col-id=label]").nth(0)).to_have_text("最重要テーマ (製品チーム命名)",
                                                                                          timeout=10000)
    page.locator("#themes-table .ag-cell[col-id=label]").nth(1).click()
    expect(page.locator("#themes-selected-label")).to_contain_text(labels[1], timeout=10000)
    page.locator("#themes-merge-into").click()
    page.get_by_role("option", name="最重要テーマ (製品チーム命名)").click()
    page.click("#themes-merge")
    expect(page.locator("#themes-table .ag-cell[col-id=label]").get_by_text(labels[1], exact=True)).to_have_count(
        0, timeout=10000)  # the merged theme is no longer a row of its own
    merged = _count(_column(page, "件数")[_column(page, "テーマ").index("最重要テーマ (製品チーム命名)")])
    assert merged == contacts[0] + contacts[1]
    page.locator("#themes-table .ag-cell[col-id=label]").nth(0).click()
    expect(page.locator("#themes-interactions .ag-cell").first).to_be_visible(timeout=10000)  # drill-down (manager)
    assert page.locator("#themes-interactions .ag-cell a").first.get_attribute("href").startswith("/interactions/")
    page.screenshot(path=str(ARTIFACTS / "screens_ja_themes_controls.png"), full_page=True)

    fit_and_publish(db, datetime(2026, 1, 2))  # a re-fit of the same data: ids kept, so the team's changes hold
    page.goto(base + "/themes")
    expect(page.locator("#themes-table .ag-cell").first).to_be_visible(timeout=30000)
    after = _column(page, "テーマ")
    assert "最重要テーマ (製品チーム命名)" in after and labels[1] not in after
    assert _count(_column(page, "件数")[after.index("最重要テーマ (製品チーム命名)")]) == merged

    assert not page.errors  # (the report below is a plain page: the browser asks it for a favicon)

    # the report of the week shows the new name and what each theme cost
    page.goto(base + "/reports/product-feedback?lang=ja")
    body = page.locator("body").inner_text()
    assert "最重要テーマ (製品チーム命名)" in body
    hours = re.findall(r"オペレーター ([\d.]+) 時間がかかりました", body)
    assert hours and any(float(h) > 0 for h in hours)
    page.goto(base + "/reports/product-feedback?lang=en")
    assert re.search(r"This theme cost [\d.]+ agent-hours", page.locator("body").inner_text())


def test_the_themes_table_follows_the_channel_filter(server, page) -> None:
    base, _ = server
    expect = playwright_api.expect
    page.goto(base + "/themes")
    expect(page.locator("#themes-table .ag-cell").first).to_be_visible(timeout=30000)
    every = sum(_count(c) for c in _column(page, "件数"))
    first = _column(page, "件数")[0]  # read before the filter changes: reading it after raced the table's update
    page.locator("#filters-channel").click()
    option = page.get_by_role("option", name="電話")
    expect(option).to_be_visible(timeout=10000)  # click a listed option, not a list still loading
    option.click()
    page.keyboard.press("Escape")
    expect(page.locator("#filters-channel")).to_contain_text("電話", timeout=10000)
    expect(page.locator("#themes-table .ag-cell[col-id=contacts]").first).not_to_have_text(first, timeout=10000)
    phone = sum(_count(c) for c in _column(page, "件数"))
    assert 0 < phone < every
    page.get_by_role("radio", name="EN", exact=True).check()
    expect(page.locator("main h2").first).to_have_text("Themes", timeout=10000)
    expect(page.locator("#themes-table .ag-header-cell-text").first).to_contain_text("Theme", timeout=10000)
    page.locator("#themes-table .ag-cell[col-id=label]").nth(0).click()
    expect(page.locator("#themes-trend")).to_be_visible(timeout=10000)
    page.screenshot(path=str(ARTIFACTS / "screens_en_themes_controls.png"), full_page=True)
    page.get_by_role("radio", name="JA", exact=True).check()
