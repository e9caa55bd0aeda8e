"""The dashboard in headless Chromium (Debian's /usr/bin/chromium driven by Playwright): sign in, every page,
a filter changes the numbers, a chart drills down, a QA override is stored, the language switches.
Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboards.app import create_app
from tests.e2e.dashboard_client import PASSWORD, add_users
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse
from warehouse import app_store

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("KOE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = ["--disable-gpu", "--disable-quic", "--disable-sync", "--disable-dev-shm-usage", "--no-sandbox"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from werkzeug.serving import make_server

    db = tmp_path_factory.mktemp("browser") / "koe.duckdb"
    build_fake_warehouse(db, 3000)
    app_db = db.parent / "app.sqlite"
    add_users(app_db)
    app = create_app(db, app_db=app_db)
    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", app_db
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


def signed_in(browser, base: str, username: str):  # noqa: ANN001, ANN202 - playwright objects
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    page.errors = errors
    return page


def grid_column(page, table: str, header: str) -> list[str]:  # noqa: ANN001 - a playwright page
    """The cells of the column headed ``header`` in the grid ``table`` (dash-ag-grid), top to bottom on the page
    shown: the header cell's ``col-id`` names the column's cells (the grid keeps rows in DOM order, and renders
    every column: components.grid_options)."""
    for cell in page.locator(f"#{table} .ag-header-cell").all():
        if cell.locator(".ag-header-cell-text").inner_text().strip() == header:
            return page.locator(f"#{table} .ag-center-cols-container .ag-cell[col-id={cell.get_attribute('col-id')}]"
                                ).all_inner_texts()
    raise AssertionError(f"{table}: no column headed {header!r}")


def _shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard_{name}.png"), full_page=True)


def test_manager_filters_drills_down_and_switches_language(server, browser) -> None:
    base, _ = server
    page = signed_in(browser, base, "mika")
    expect = playwright_api.expect
    tile = page.locator("#overview-kpi-contacts")
    tile.wait_for(timeout=20000)
    before = tile.inner_text()
    page.locator("#filters-channel").click()
    page.get_by_role("option", name="電話").click()
    page.keyboard.press("Escape")
    expect(tile).not_to_have_text(before, timeout=10000)
    _shot(page, "overview")
    page.locator("#overview-volume g.point path").first.click(force=True)
    expect(page.locator("#overview-drill-table .ag-cell").first).to_be_visible(timeout=10000)
    expect(page.locator("#overview-drill-title")).to_contain_text("チャネル=電話")
    page.get_by_role("radio", name="EN", exact=True).check()
    expect(page.locator("main h2").first).to_have_text("Overview", timeout=10000)
    expect(page.locator("#shell-nav-staffing")).to_have_text("Staffing")
    expect(page.locator("#filters-label-filter_channel")).to_have_text("Channel")
    for path, marker in (("/agents", "#agents-table .ag-cell"), ("/staffing", "#staffing-table .ag-cell"), ("/qa", "#qa-queue .ag-cell"),
                         ("/themes", "#themes-table .ag-cell")):
        page.goto(base + path)
        expect(page.locator(marker).first).to_be_visible(timeout=15000)
        _shot(page, path.strip("/"))
    assert not [e for e in page.errors if "favicon" not in e]


def test_qa_reviewer_overrides_a_criterion_and_it_is_stored(server, browser) -> None:
    base, app_db = server
    page = signed_in(browser, base, "quinn")
    expect = playwright_api.expect
    page.goto(base + "/interactions/I0000003")
    expect(page.locator("#interaction-turn-1")).to_be_visible(timeout=15000)
    page.locator("#interaction-criterion").click()
    page.get_by_role("option", name="締めの挨拶と名乗り").click()
    page.get_by_label("不適合").check()
    page.fill("#interaction-comment", "クロージングの挨拶なし")
    page.click("#interaction-save")
    expect(page.locator("#interaction-status")).to_have_text("保存しました", timeout=10000)
    expect(page.locator("#interaction-reviews .ag-cell").first).to_be_visible()
    _shot(page, "interaction")
    stored = app_store.list_rows(app_db, "qa_overrides", "I0000003")
    assert [(r["criterion_id"], r["answer"], r["comment"], r["reviewer"]) for r in stored] == [
        ("closing_greeting", "fail", "クロージングの挨拶なし", "quinn")]
