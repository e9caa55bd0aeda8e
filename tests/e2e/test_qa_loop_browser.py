"""The QA lead's loop in headless Chromium: a reviewer overrides a failed criterion and sees the new verdict on the
page, in the queue and in the agent's score; an agent disputes with a reason, QA decides, the agent sees the
decision; coaching is assigned from the heatmap and acknowledged; a supervisor sees only their team's agents.
Screenshots (tests/artifacts/qa_*.png) are the ones docs/qa.md shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import warehouse
from dashboards.auth import hash_password
from dashboards.queries.names import team_name
from tests.e2e.dashboard_client import PASSWORD
from tests.e2e.test_dashboard_browser import ARTIFACTS, browser, playwright_api  # noqa: F401 - the browser fixture
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse
from warehouse import app_store, review_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    import threading

    from werkzeug.serving import make_server

    from dashboards.app import create_app
    from tests.e2e.dashboard_client import add_users

    db = tmp_path_factory.mktemp("qa_browser") / "koe.duckdb"
    snapshot = build_fake_warehouse(db, 1500)
    app_db = db.parent / "app.sqlite"
    add_users(app_db)
    app_store.save_user(app_db, app_store.User("sven", "supervisor", None, hash_password(PASSWORD)))
    review_store.set_supervisor_teams(app_db, "sven", ["T1"])
    with warehouse.connect(snapshot, read_only=True) as conn:
        queued = conn.execute(  # the queue's first row: the newest critical fail (identity not verified)
            "select q.interaction_id, q.agent_id, q.team from qa.review_queue q join qa.criteria c using (interaction_id)"
            " where c.criterion_id = 'identity_verification' and c.answer = 'fail'"
            " order by q.priority, q.created_at desc limit 1").fetchall()[0]
        agent_fail = conn.execute(
            "select c.interaction_id from qa.criteria c join qa.scores s using (interaction_id)"
            " where s.agent_id = 'A007' and c.criterion_id = 'opening_greeting' and c.answer = 'fail'"
            " order by 1 limit 1").fetchall()[0][0]
    app = create_app(db, app_db=app_db)
    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield {"base": f"http://127.0.0.1:{httpd.server_port}", "app_db": app_db, "queued": queued,
           "agent_fail": agent_fail}
    httpd.shutdown()


def _page(browser, site: dict, username: str, lang: str = "ja-JP"):  # noqa: ANN001, ANN202 - playwright objects
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale=lang)
    page.goto(site["base"] + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state("networkidle")
    return page


def _shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"qa_{name}.png"), full_page=True)


def _agent_score(page, site: dict, agent_id: str, team: str) -> str:  # noqa: ANN001
    """The agent's row on the agents page, the team filter set so the whole team fits on one table page."""
    page.goto(site["base"] + "/agents")
    page.locator("#agents-table .ag-cell").first.wait_for(timeout=20000)
    shown = team_name(team, "ja", names={})
    page.locator("#filters-team").click()
    page.get_by_role("option", name=shown, exact=True).click()
    page.keyboard.press("Escape")
    row = page.locator("#agents-table .ag-row", has_text=f"Agent {int(agent_id[1:])}").first
    playwright_api.expect(page.locator("#agents-table .ag-cell[col-id=team]").first).to_have_text(shown, timeout=20000)
    row.wait_for(timeout=20000)
    return row.inner_text()


def test_an_override_shows_on_the_page_in_the_queue_and_in_the_agents_score(site: dict, browser) -> None:  # noqa: F811
    expect = playwright_api.expect
    interaction_id, agent_id, team = site["queued"]
    page = _page(browser, site, "quinn")
    page.goto(site["base"] + "/qa")
    expect(page.locator("#qa-queue .ag-cell").first).to_be_visible(timeout=20000)
    expect(page.locator("#qa-queue")).to_contain_text(interaction_id, timeout=20000)
    _shot(page, "queue")
    score_before = _agent_score(page, site, agent_id, team)
    page.goto(site["base"] + f"/interactions/{interaction_id}")
    row = page.locator("#interaction-criterion-ja_call_center-identity_verification")
    expect(row).to_contain_text("不適合", timeout=20000)
    expect(row).to_contain_text("期待していたが見つからなかった")  # the missing expectation beside the wording
    expect(page.locator("#interaction-critical-banner")).to_contain_text("個人情報に触れる前の本人確認")
    expect(page.locator("#interaction-score-agent_scorecard")).to_contain_text("0.0")
    _shot(page, "interaction_before")
    page.locator("#interaction-criterion").click()
    page.get_by_role("option", name="個人情報に触れる前の本人確認").click()
    page.get_by_label("適合", exact=True).check()
    page.fill("#interaction-comment", "録音では生年月日で本人確認している")
    page.click("#interaction-save")
    expect(page.locator("#interaction-status")).to_have_text("保存しました", timeout=10000)
    expect(row).to_contain_text("レビュー (quinn)", timeout=10000)
    expect(row).to_contain_text("機械判定: 不適合")
    expect(page.locator("#interaction-critical-banner")).to_have_count(0)
    expect(page.locator("#interaction-score-agent_scorecard")).not_to_contain_text(": 0.0")
    _shot(page, "interaction_after_review")
    page.goto(site["base"] + "/qa")
    expect(page.locator("#qa-queue .ag-cell").first).to_be_visible(timeout=20000)
    expect(page.locator("#qa-queue")).not_to_contain_text(interaction_id)
    assert _agent_score(page, site, agent_id, team) != score_before  # the agent's QA score moved


def test_an_agent_disputes_qa_decides_and_the_agent_sees_the_decision(site: dict, browser) -> None:  # noqa: F811
    expect = playwright_api.expect
    path = site["base"] + f"/interactions/{site['agent_fail']}"
    agent = _page(browser, site, "aiko")
    agent.goto(path)
    expect(agent.locator("#interaction-dispute")).to_be_visible(timeout=20000)
    assert agent.locator("#interaction-save").count() == 0  # no review form for an agent
    agent.locator("#interaction-dispute-criterion").click()
    agent.get_by_role("option", name="第一声で社名と氏名を名乗る").click()
    agent.click("#interaction-dispute")
    expect(agent.locator("#interaction-dispute-status")).to_have_text("異議の理由を入力してください", timeout=10000)
    agent.fill("#interaction-dispute-reason", "最初のあいさつの後に名乗っています")
    agent.click("#interaction-dispute")
    expect(agent.locator("#interaction-dispute-status")).to_have_text("保存しました", timeout=10000)
    expect(agent.locator("#interaction-disputes")).to_contain_text("判断待ち", timeout=10000)
    qa = _page(browser, site, "quinn")
    qa.goto(path)
    qa.locator("#interaction-decide-dispute").click()
    qa.get_by_role("option", name="最初のあいさつの後に名乗っています").click()
    qa.fill("#interaction-decision-comment", "録音で名乗りを確認しました")
    qa.click("#interaction-decide")
    expect(qa.locator("#interaction-decide-status")).to_have_text("保存しました", timeout=10000)
    agent.reload()
    expect(agent.locator("#interaction-disputes")).to_contain_text("承認", timeout=20000)
    expect(agent.locator("#interaction-disputes")).to_contain_text("録音で名乗りを確認しました")
    expect(agent.locator("#interaction-criterion-ja_call_center-opening_greeting")).to_contain_text("異議の承認")
    _shot(agent, "dispute_decided")


def _choose(page, dropdown: str, typed: str, option: str) -> None:  # noqa: ANN001
    """Pick ``option`` in a dropdown whose options a callback fills: open it, put ``typed`` in its search box at once
    (typed key by key, the first keys could land before the search box had focus), wait for that option and click
    it. Pressing Enter instead takes whatever option is highlighted — the first one when the options or the search
    were not there yet: that is how coaching went to 'Agent 1' instead of 'Agent 7' (the flake of stop 11)."""
    page.locator(dropdown).click()
    page.locator("input.dash-dropdown-search").fill(typed)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    playwright_api.expect(page.locator(dropdown)).to_contain_text(option)


def test_coaching_from_the_heatmap_is_acknowledged_by_the_agent(site: dict, browser) -> None:  # noqa: F811
    expect = playwright_api.expect
    qa = _page(browser, site, "quinn")
    qa.goto(site["base"] + "/qa")
    qa.locator("#qa-heatmap .heatmaplayer").first.wait_for(state="attached", timeout=20000)  # drawn, not a placeholder
    expect(qa.locator("#qa-heatmap .yaxislayer-above")).to_contain_text("Agent 7")  # rows are agents' names, not ids
    _choose(qa, "#qa-coach-agent", "Agent 7", "Agent 7")
    _choose(qa, "#qa-coach-criteria", "第一声で社名", "第一声で社名と氏名を名乗る")
    qa.fill("#qa-coach-note", "名乗りをロールプレイで練習")
    qa.click("#qa-coach-assign")
    expect(qa.locator("#qa-coach-status")).to_have_text("保存しました", timeout=10000)
    expect(qa.locator("#qa-coaching .ag-row", has_text="未確認")).to_contain_text("Agent 7", timeout=10000)
    _shot(qa, "page")
    agent = _page(browser, site, "aiko")
    agent.goto(site["base"] + "/agents")
    expect(agent.locator("#agents-coaching")).to_contain_text("未確認", timeout=20000)
    _choose(agent, "#agents-ack-item", "第一声で社名", "第一声で社名と氏名を名乗る (quinn)")
    agent.click("#agents-ack")
    expect(agent.locator("#agents-ack-status")).to_have_text("保存しました", timeout=10000)
    expect(agent.locator("#agents-coaching")).to_contain_text("確認済み")
    agent.locator("#agents-coaching-card").scroll_into_view_if_needed()
    _shot(agent, "my_coaching")


def test_a_supervisor_sees_only_their_teams_agents(site: dict, browser) -> None:  # noqa: F811
    expect = playwright_api.expect
    page = _page(browser, site, "sven")
    page.goto(site["base"] + "/agents")
    expect(page.locator("#agents-table .ag-cell").first).to_be_visible(timeout=20000)
    teams = set(page.locator("#agents-table .ag-cell[col-id=team]").all_inner_texts())
    assert teams == {team_name("T1", "ja", names={})}
    assert page.goto(site["base"] + "/staffing").status == 403
