"""Search and follow in headless Chromium over the demo after a real run of the job: search 解約 and find the
planted cancellations, open one at the matching turn, see the planted repeat caller in the customer's timeline, and
the cancellation rule's category as a chart and as a search filter. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import warehouse
from dashboards.app import create_app
from tests.e2e.dashboard_client import add_users
from tests.e2e.test_dashboard_browser import _shot, browser, signed_in  # noqa: F401 - the shared browser fixture

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def demo_server(demo_with_pii: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from werkzeug.serving import make_server

    app_db = tmp_path_factory.mktemp("search-browser") / "app.sqlite"
    add_users(app_db)
    app = create_app(demo_with_pii, app_db=app_db)
    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_search_finds_the_planted_cancellations_and_follows_the_customer(demo_server, browser, demo_with_pii) -> None:  # noqa: F811
    with warehouse.connect(demo_with_pii, read_only=True) as conn:
        first, again = (row[0] for row in conn.execute(
            "select interaction_id from core.interactions where customer_id = 'C900001' order by created_at").fetchall())
    expect = playwright_api.expect
    page = signed_in(browser, demo_server, "mika")
    page.wait_for_selector("#shell-nav-search", timeout=20000)
    page.goto(f"{demo_server}/search")  # the filter bar's default period: the data's last 28 days
    page.fill("#search-query", "解約")
    page.press("#search-query", "Enter")
    results = page.locator("#search-results")
    expect(results).to_contain_text("定期便を解約したいのですが", timeout=20000)
    expect(results).to_contain_text("先日お電話した解約の件")
    expect(page.locator("#search-count")).to_contain_text("件の発言が一致")
    chart = page.locator("#search-categories")
    expect(chart).to_contain_text("解約の意向", timeout=20000)
    page.locator("#search-category").click()
    expect(page.get_by_role("option", name="解約の意向")).to_be_visible()
    page.keyboard.press("Escape")
    _shot(page, "search")

    with page.context.expect_page() as opened:  # table links open in a new tab, as on every page
        results.get_by_role("link", name=f"{first} #2").click()
    interaction = opened.value
    interaction.wait_for_load_state()
    assert re.search(rf"/interactions/{first}\?turn=2$", interaction.url), interaction.url
    turn = interaction.locator("#interaction-turn-2")
    expect(turn).to_have_class(re.compile(r"\bsearch-hit\b"), timeout=20000)  # scrolled to and marked
    expect(turn).to_contain_text("解約")
    timeline = interaction.locator("#interaction-timeline")
    expect(timeline).to_contain_text(again, timeout=20000)  # the planted repeat caller's second call
    _shot(interaction, "customer_timeline")
    assert not [e for e in page.errors if "Failed to load resource" not in e], page.errors
