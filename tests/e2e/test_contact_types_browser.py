"""Outbound, self-service and customer-health pages in headless Chromium on the demo's planted cases (issue 21):
the failing campaign has the lowest conversion rate, double charges are the bot's top hand-off reason, the six
planted customers head the churn-risk list and their link opens the customer's timeline. The warehouse is the demo
loaded into core (ending today, so the default period shows it), its marts built by the same functions the Dagster
assets call, then published as the dashboard snapshot. Screenshots go to tests/artifacts/ (screens_ja_* and
screens_en_* of the three pages, shown in docs/dashboard.md)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

import warehouse
from dashboards.app import create_app
from pipelines.demo.campaigns import FAILING_CAMPAIGN, FALLING_CUSTOMERS
from pipelines.demo.contact_center import DemoConfig, build_demo
from tests.e2e.dashboard_client import add_users
from transforms.customers import customer_key
from warehouse.contact_types import rebuild_customer_health, rebuild_outbound_marts, rebuild_self_service_daily
from warehouse.customers import load_secret, rebuild_customer_contacts, secret_path
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


def _demo_snapshot(db: Path) -> bytes:
    """The demo in core (its Japanese local times to UTC, as the loader's mapping does), marts and snapshot."""
    frames = {name: frame.with_columns(pl.col(pl.Datetime) - timedelta(hours=9))
              for name, frame in build_demo(DemoConfig(end_date=date.today())).frames().items()}
    secret = load_secret(secret_path(db))
    with warehouse.connect(db) as conn:
        conn.register("demo_interactions", frames["interactions"])
        conn.execute("insert into core.interactions by name select * from demo_interactions")
        conn.register("demo_surveys", frames["surveys"])
        conn.execute("insert into core.surveys by name select * from demo_surveys")
        conn.register("demo_agents", frames["agents"])
        conn.execute("insert into core.agents by name select * replace (hired_on::date as hired_on) from demo_agents")
        update_kpi_daily(conn, {"tz": "Asia/Tokyo", "sl_seconds": 20, "fcr_days": 7})
        rebuild_dashboard_marts(conn)
        rebuild_customer_contacts(conn, secret, 7)
        rebuild_outbound_marts(conn, "Asia/Tokyo")
        rebuild_self_service_daily(conn, "Asia/Tokyo", 7)
        rebuild_customer_health(conn, "Asia/Tokyo")
        # the center's own name for one of the demo's queues (koe ingest names): it wins over the UI text's
        # 技術サポート / Tech support
        conn.execute("insert into core.names (kind, code, name_ja, name_en) values"
                     " ('queue', 'tech', 'テクニカル窓口', 'Technical desk')")
        publish_snapshot(conn, db)
    return secret


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, bytes]]:
    from werkzeug.serving import make_server

    db = tmp_path_factory.mktemp("contact_types") / "koe.duckdb"
    app_db = db.parent / "app.sqlite"
    secret = _demo_snapshot(db)
    add_users(app_db)
    app = create_app(db, app_db=app_db)
    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", secret
    httpd.shutdown()


@pytest.fixture(scope="module")
def page(server, tmp_path_factory):  # noqa: ANN001, ANN201 - playwright objects
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    base, _ = server
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield signed_in(browser, base, "mika")
        browser.close()


def _shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard_{name}.png"), full_page=True)


def test_outbound_page_shows_the_failing_campaign_first(server, page) -> None:
    base, _ = server
    expect = playwright_api.expect
    page.goto(base + "/outbound")
    expect(page.locator("#outbound-campaigns .ag-cell").first).to_be_visible(timeout=20000)
    campaigns = grid_column(page, "outbound-campaigns", "キャンペーン")
    assert campaigns[0] == FAILING_CAMPAIGN  # sorted by conversion rate, lowest first
    rates = grid_column(page, "outbound-campaigns", "成約率 (本人接触あたり)")
    assert all(rate.endswith("%") for rate in rates)
    assert float(rates[0].rstrip("%")) < min(float(r.rstrip("%")) for r in rates[1:])
    hours = page.locator("#outbound-hours .xtick text").all_text_contents()
    assert hours[0] == "9:00" and all(9 <= int(h.split(":")[0]) <= 20 for h in hours)  # calling blocks from 9–19 h
    directions = grid_column(page, "outbound-direction", "方向")
    assert set(directions) == {"受信", "発信"}
    results = set(grid_column(page, "outbound-followups", "結果"))
    assert results <= {"架電禁止", "折り返し希望"} and "架電禁止" in results
    expect(page.locator("#outbound-hours .bars path").first).to_be_visible()
    _shot(page, "outbound")
    assert not [e for e in page.errors if "favicon" not in e]


def test_self_service_page_shows_the_top_handoff_reason(server, page) -> None:
    base, _ = server
    expect = playwright_api.expect
    page.goto(base + "/selfservice")
    expect(page.locator("#selfservice-reasons .ag-cell").first).to_be_visible(timeout=20000)
    channels = grid_column(page, "selfservice-reasons", "チャネル")
    reasons = grid_column(page, "selfservice-reasons", "引き継ぎ理由 (テーマ)")
    chat = [reason for channel, reason in zip(channels, reasons, strict=True) if channel == "チャット"]
    assert chat[0] == "二重請求"  # no themes stage here: the contact reason (double_charge) stands in for the theme
    assert page.locator("#selfservice-kpi-containment_rate").inner_text().endswith("%")
    assert page.locator("#selfservice-kpi-self_service_seconds_before_handoff").inner_text().endswith("秒")
    rows = zip(grid_column(page, "selfservice-queues", "チャネル"), grid_column(page, "selfservice-queues", "ボット・IVR利用"),
               grid_column(page, "selfservice-queues", "完結"), strict=True)
    chat = [(int(entered.replace(",", "")), int(contained.replace(",", ""))) for channel, entered, contained in rows
            if channel == "チャット"]
    contained = sum(c for _, c in chat) / sum(e for e, _ in chat)
    assert 0.45 < contained < 0.65  # the bot contains 60 % of sessions; some "resolved" customers come back
    queues = set(grid_column(page, "selfservice-queues", "キュー"))
    assert "テクニカル窓口" in queues and "技術サポート" not in queues  # the center's name, not the UI text's
    _shot(page, "selfservice")


def test_customer_health_lists_the_planted_customers_and_opens_their_timeline(server, page) -> None:
    base, secret = server
    expect = playwright_api.expect
    page.goto(base + "/customers")
    expect(page.locator("#customers-list .ag-cell").first).to_be_visible(timeout=20000)
    keys = grid_column(page, "customers-list", "お客様 (仮名キー)")
    assert set(keys[:6]) == {customer_key(c, secret) for c in FALLING_CUSTOMERS}
    assert "重み" in page.locator("#customers-weights").inner_text()
    _shot(page, "customers")
    link = page.locator("#customers-list .ag-cell a").first.get_attribute("href")
    assert link.startswith("/interactions/")
    page.goto(base + link)
    expect(page.locator("#interaction-timeline .ag-cell").first).to_be_visible(timeout=20000)
    _shot(page, "customers_timeline")
    assert page.locator("#interaction-timeline .ag-center-cols-container .ag-row").count() >= 4  # the planted
    # customer's other contacts
    assert not [e for e in page.errors if "favicon" not in e]


def test_the_pages_name_agents_and_speak_one_language(server, page) -> None:
    """Japanese, then English: agents by name, no internal identifier, no word of the other language in the page's
    own labels; the screenshots of docs/dashboard.md."""
    from tests.e2e.test_dashboard_screens import (
        CJK,
        ENGLISH_UI,
        RAW,
        catch_all_shown,
        chrome_text,
        raw_words,
        scrolls_sideways,
    )

    base, _ = server
    expect = playwright_api.expect
    names = {"outbound": "#outbound-agents .ag-cell", "selfservice": "#selfservice-reasons .ag-cell", "customers": "#customers-list .ag-cell"}
    for lang in ("ja", "en"):
        if lang == "en":
            page.get_by_role("radio", name="EN", exact=True).check()
            expect(page.locator("main h2").first).not_to_have_text("顧客ヘルス", timeout=10000)
        for name, marker in names.items():
            page.goto(base + f"/{name}")
            expect(page.locator(marker).first).to_be_visible(timeout=20000)
            page.wait_for_timeout(500)  # the last callbacks (labels, options) settle
            assert not raw_words(page, RAW), (lang, name)
            body = page.locator("body").inner_text()
            assert not re.search(r"\b(?:billing|orders|tech)(?:_en)?\b", body), (lang, name)
            assert not re.search(r"\b(?:double_charge|login_failure|defective_item|delivery_delay|general)\b", body), (
                lang, name)  # contact reasons (the self-service page's hand-off reasons) in words
            expect(catch_all_shown(page)).to_have_count(0, timeout=10000)
            if name == "customers":
                assert not scrolls_sideways(page, "customers-list"), lang
            chrome = chrome_text(page)
            if lang == "ja":
                assert not [w for w in ENGLISH_UI if any(re.search(rf"\b{w}\b", text) for text in chrome)], name
            else:
                assert not [text for text in chrome if CJK.search(text)], name
            page.screenshot(path=str(ARTIFACTS / f"screens_{lang}_{name}.png"), full_page=True)
    page.goto(base + "/outbound")
    expect(page.locator("#outbound-agents .ag-cell").first).to_be_visible(timeout=20000)
    shown = set(grid_column(page, "outbound-agents", "Agent")) | set(grid_column(page, "outbound-followups", "Agent"))
    assert shown and not [agent for agent in shown if re.fullmatch(r"A\d{3}", agent)]  # names, never ids
    page.get_by_role("radio", name="JA", exact=True).check()
