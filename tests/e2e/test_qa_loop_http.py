"""The QA loop over HTTP, as the browser drives it: an override takes effect on the interaction, in the queue and in
the agent's score; a dispute needs a reason, is one per criterion, is decided by QA and its outcome reaches the
agent; coaching is assigned and acknowledged; a supervisor sees only their team's agents and interactions."""

from __future__ import annotations

import json

import pytest

import warehouse
from dashboards.app import create_app
from dashboards.auth import hash_password
from dashboards.queries.names import team_name
from tests.e2e.dashboard_client import PASSWORD, USERS, add_users, call, sign_in
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse
from warehouse import app_store, review_store

pytestmark = pytest.mark.e2e
PERIOD = {"filters-dates.start_date": "2026-10-01", "filters-dates.end_date": "2026-10-29", "shell-lang.value": "en"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("qa_loop") / "koe.duckdb"
    snapshot = build_fake_warehouse(db, 600)
    app_db = db.parent / "app.sqlite"
    add_users(app_db)
    app_store.save_user(app_db, app_store.User("sven", "supervisor", None, hash_password(PASSWORD)))
    review_store.set_supervisor_teams(app_db, "sven", ["T1"])
    with warehouse.connect(snapshot, read_only=True) as conn:
        queued = conn.execute(
            "select q.interaction_id, q.agent_id, q.team from qa.review_queue q join qa.criteria c using (interaction_id)"
            " where c.criterion_id = 'closing_greeting' and c.answer = 'fail' and q.score > 0"
            " order by q.interaction_id").fetchall()
        agent_fail = conn.execute(
            "select c.interaction_id from qa.criteria c join qa.scores s using (interaction_id)"
            " where s.agent_id = $a and c.criterion_id = 'opening_greeting' and c.answer = 'fail'"
            " order by 1 limit 1", {"a": USERS["agent"][1]}).fetchall()[0][0]
    return {"app": create_app(db, app_db=app_db), "app_db": app_db, "queued": queued, "agent_fail": agent_fail}


def _client(site: dict, username: str):  # noqa: ANN202 - flask test client
    client = site["app"].server.test_client()
    assert sign_in(client, username).status_code == 302
    return client


def _out(response: object) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data(as_text=True))["response"]


def _text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _load(site: dict, client: object, interaction_id: str) -> dict:
    return _out(call(client, site["app"], "interaction-header.children",
                     {**PERIOD, "interaction-id.data": interaction_id, "interaction-refresh.data": 0}))


def _agent_score(site: dict, client: object, agent_id: str) -> float:
    rows = _out(call(client, site["app"], "agents-table.rowData", PERIOD))["agents-table"]["rowData"]
    return next(row["qa_score"] for row in rows if row["agent_id"] == agent_id)


def _queue_ids(site: dict, client: object) -> set[str]:
    rows = _out(call(client, site["app"], "qa-queue.rowData", PERIOD))["qa-queue"]["rowData"]
    return {row["interaction_id"].split("]")[0].lstrip("[") for row in rows}


def test_an_override_takes_effect_on_the_page_in_the_queue_and_in_the_agents_score(site: dict) -> None:
    interaction_id, agent_id, _ = site["queued"][0]
    qa = _client(site, USERS["qa"][0])
    before = _load(site, qa, interaction_id)
    assert "Found, against the rule" in _text(before) or "Expected, not found" in _text(before)
    assert interaction_id in _queue_ids(site, qa)
    score_before = _agent_score(site, qa, agent_id)
    saved = _out(call(qa, site["app"], "interaction-status.children...interaction-refresh", {
        **PERIOD, "interaction-id.data": interaction_id, "interaction-criterion.value": "ja_call_center:closing_greeting",
        "interaction-answer.value": "pass", "interaction-comment.value": "closing heard on the recording",
        "interaction-save.n_clicks": 1, "interaction-refresh.data": 0}))
    assert saved["interaction-status"]["children"] == "Saved"
    after = _load(site, qa, interaction_id)
    row = _text(after["interaction-criteria"]["children"])
    assert "Review (quinn)" in row and "Machine: fail" in row  # the reviewer's verdict, the machine's beside it
    assert interaction_id not in _queue_ids(site, qa)  # reviewed: it left the queue
    assert _agent_score(site, qa, agent_id) > score_before  # the agent's QA score uses the reviewer's verdict


def test_a_dispute_needs_a_reason_is_one_per_criterion_and_its_outcome_reaches_the_agent(site: dict) -> None:
    agent, qa = _client(site, USERS["agent"][0]), _client(site, USERS["qa"][0])
    interaction_id = site["agent_fail"]
    values = {**PERIOD, "interaction-id.data": interaction_id, "interaction-dispute.n_clicks": 1,
              "interaction-refresh.data": 0, "interaction-dispute-criterion.value": "ja_call_center:opening_greeting"}
    empty = _out(call(agent, site["app"], "interaction-dispute-status.children", {**values,
                                                                               "interaction-dispute-reason.value": " "}))
    assert empty["interaction-dispute-status"]["children"] == "Give a reason for the dispute"
    reason = {**values, "interaction-dispute-reason.value": "I gave my name after the greeting"}
    assert _out(call(agent, site["app"], "interaction-dispute-status.children", reason))[
        "interaction-dispute-status"]["children"] == "Saved"
    twice = _out(call(agent, site["app"], "interaction-dispute-status.children", reason))
    assert twice["interaction-dispute-status"]["children"] == "This criterion already has an open dispute"
    refused = call(qa, site["app"], "interaction-dispute-status.children", reason)  # QA may not dispute
    assert _out(refused)["interaction-dispute-status"]["children"] == "You may not see this page"
    [dispute] = review_store.disputes(site["app_db"], [interaction_id])
    decision = {**PERIOD, "interaction-id.data": interaction_id, "interaction-decide.n_clicks": 1,
                "interaction-refresh.data": 0, "interaction-decide-dispute.value": dispute["dispute_id"],
                "interaction-decision.value": "accepted", "interaction-granted.value": "pass"}
    assert _out(call(qa, site["app"], "interaction-decide-status.children", decision))[
        "interaction-decide-status"]["children"] == "Give a reason for the decision"
    decided = _out(call(qa, site["app"], "interaction-decide-status.children",
                        {**decision, "interaction-decision-comment.value": "name heard at 0:05"}))
    assert decided["interaction-decide-status"]["children"] == "Saved"
    seen = _text(_load(site, agent, interaction_id)["interaction-disputes"]["children"])
    assert "Accepted" in seen and "quinn: name heard at 0:05" in seen
    assert "Dispute granted (quinn)" in _text(_load(site, agent, interaction_id)["interaction-criteria"]["children"])


def test_coaching_is_assigned_from_a_failed_criterion_and_acknowledged_by_the_agent(site: dict) -> None:
    qa, agent = _client(site, USERS["qa"][0]), _client(site, USERS["agent"][0])
    interaction_id = site["agent_fail"]
    assigned = _out(call(qa, site["app"], "interaction-status.children@", {
        **PERIOD, "interaction-id.data": interaction_id, "interaction-coach.n_clicks": 1,
        "interaction-criterion.value": "ja_call_center:opening_greeting", "interaction-coach-due.date": "2026-11-06",
        "interaction-comment.value": "say your name"}))
    assert assigned["interaction-status"]["children"] == "Saved"
    [item] = review_store.coaching_items(site["app_db"], [USERS["agent"][1]])
    assert item["criteria"] == ["ja_call_center:opening_greeting"] and item["interaction_ids"] == [interaction_id]
    mine = _out(call(agent, site["app"], "agents-coaching.rowData", PERIOD))["agents-coaching"]["rowData"]
    assert [row["status"] for row in mine] == ["Not yet acknowledged"]
    acknowledged = _out(call(agent, site["app"], "agents-ack-status.children", {
        **PERIOD, "agents-ack.n_clicks": 1, "agents-ack-item.value": item["coaching_id"]}))
    assert [row["status"] for row in acknowledged["agents-coaching"]["rowData"]] == ["Acknowledged"]
    other = _out(call(qa, site["app"], "agents-ack-status.children", {
        **PERIOD, "agents-ack.n_clicks": 1, "agents-ack-item.value": item["coaching_id"]}))
    assert other["agents-ack-status"]["children"] == "You may not see this page"


def test_a_supervisor_sees_only_their_teams_agents_and_interactions(site: dict) -> None:
    sven = _client(site, "sven")
    assert sven.get("/qa").status_code == 200 and sven.get("/staffing").status_code == 403
    agents = _out(call(sven, site["app"], "agents-table.rowData", PERIOD))["agents-table"]["rowData"]
    assert agents and {row["team"] for row in agents} == {team_name("T1", "en", names={})}
    queue = _out(call(sven, site["app"], "qa-queue.rowData", PERIOD))["qa-queue"]["rowData"]
    assert queue and {row["team"] for row in queue} == {team_name("T1", "en", names={})}
    other = next(i for i, _, team in site["queued"] if team != "T1")
    own = next(i for i, _, team in site["queued"] if team == "T1")
    assert "This interaction has" not in _text(_load(site, sven, own)) and "interaction-audio" not in _text(
        _load(site, sven, other))
    assert _load(site, sven, other)["interaction-criteria"]["children"] == []  # nothing of another team's
    assert _load(site, sven, own)["interaction-criteria"]["children"]
    override = call(sven, site["app"], "interaction-status.children...interaction-refresh", {
        **PERIOD, "interaction-id.data": other, "interaction-criterion.value": "ja_call_center:closing_greeting",
        "interaction-answer.value": "pass", "interaction-save.n_clicks": 1, "interaction-refresh.data": 0})
    assert _out(override)["interaction-status"]["children"] == "You may not see this page"


def test_a_calibration_session_is_scored_blind_and_kept_apart(site: dict) -> None:
    interaction_id = site["queued"][-1][0]
    session = review_store.create_calibration(site["app_db"], "October calibration", [interaction_id], "quinn")
    qa = _client(site, USERS["qa"][0])
    assert qa.get(f"/interactions/{interaction_id}/calibration/{session}").status_code == 200
    blind = _out(call(qa, site["app"], "interaction-header.children", {
        **PERIOD, "interaction-id.data": interaction_id, "interaction-refresh.data": 0,
        "interaction-calibration.data": session}))
    shown = _text(blind["interaction-criteria"]["children"])
    assert "Closing greeting with own name" in shown  # the rubric's wording ...
    assert "answer answer-" not in shown and "Machine" not in shown and "Expected" not in shown  # no answers
    assert "answer answer-" in _text(_load(site, qa, interaction_id)["interaction-criteria"]["children"])
    assert blind["interaction-headline"]["children"] == [] and blind["interaction-reviews"]["rowData"] == []
    assert blind["interaction-reviews-empty"]["children"] == "Other people's reviews are hidden while you score blind"
    saved = _out(call(qa, site["app"], "interaction-status.children...interaction-refresh", {
        **PERIOD, "interaction-id.data": interaction_id, "interaction-criterion.value": "ja_call_center:closing_greeting",
        "interaction-answer.value": "pass", "interaction-save.n_clicks": 1, "interaction-refresh.data": 0,
        "interaction-calibration.data": session}))
    assert saved["interaction-status"]["children"] == "Saved"
    assert [row["answer"] for row in review_store.calibration_answers(site["app_db"], session)] == ["pass"]
    assert interaction_id not in {row["interaction_id"] for row in review_store.pending_human_answers(site["app_db"])}
    rows = _out(call(qa, site["app"], "qa-queue.rowData", PERIOD))["qa-calibration"]["rowData"]
    assert [row["session"] for row in rows] == ["October calibration"]


def test_reviewers_who_disagree_in_calibration_put_the_criterion_on_the_needs_tuning_list(site: dict) -> None:
    interactions = [row[0] for row in site["queued"][:4]]
    session = review_store.create_calibration(site["app_db"], "disagreement", interactions, "quinn")
    for n, interaction_id in enumerate(interactions):
        for reviewer, answer in (("quinn", "pass"), ("mika", "fail" if n % 2 else "pass")):
            app_store.add_override(site["app_db"], interaction_id, "ja_call_center", "closing_greeting", answer, "",
                                   reviewer, calibration_id=session)
    qa = _client(site, USERS["qa"][0])
    tuning = _text(_out(call(qa, site["app"], "qa-queue.rowData", PERIOD))["qa-needs-tuning"]["children"])
    assert "Closing greeting with own name" in tuning


def test_partial_credit_is_offered_and_accepted_only_where_the_criterion_has_it(site: dict) -> None:
    interaction_id = site["queued"][1][0]
    qa = _client(site, USERS["qa"][0])
    options = _load(site, qa, interaction_id)["interaction-options"]["data"]
    offered = _out(call(qa, site["app"], "interaction-answer.options", {
        **PERIOD, "interaction-criterion.value": "ja_call_center:closing_greeting", "interaction-options.data": options}))
    assert [o["value"] for o in offered["interaction-answer"]["options"]] == ["pass", "fail", "na"]  # a binary item
    forged = call(qa, site["app"], "interaction-status.children...interaction-refresh", {
        **PERIOD, "interaction-id.data": interaction_id, "interaction-criterion.value": "ja_call_center:closing_greeting",
        "interaction-answer.value": "partial", "interaction-save.n_clicks": 1, "interaction-refresh.data": 0})
    assert forged.status_code == 400 and "scale" in forged.get_data(as_text=True)
    assert "partial" not in {row["answer"] for row in app_store.list_rows(site["app_db"], "qa_overrides", interaction_id)}


def test_the_qa_page_names_agents_and_shows_scores_on_one_scale(site: dict) -> None:
    qa = _client(site, USERS["qa"][0])
    page = _out(call(qa, site["app"], "qa-queue.rowData", PERIOD))
    rows, columns = page["qa-queue"]["rowData"], {c["field"]: c for c in page["qa-queue"]["columnDefs"]}
    assert rows and all(row["agent_name"].startswith("Agent ") for row in rows) and "agent_id" not in columns
    assert all("、" not in row["reasons"] and row["reviewer"] for row in rows)  # English list; "Unassigned" named
    assert columns["score"]["valueFormatter"] == columns["auto_score"]["valueFormatter"]  # one format for both scores ...
    assert "(0–100)" in columns["score"]["headerName"] and "(0–100)" in columns["auto_score"]["headerName"]  # ... with the scale
    heatmap = _out(call(qa, site["app"], "qa-heatmap.figure", PERIOD))
    assert all(label.startswith("Agent ") for label in heatmap["qa-heatmap"]["figure"]["data"][0]["y"])
    assert {"label": "Agent 7", "value": "A007"} in heatmap["qa-coach-agent"]["options"]


def test_a_qa_lead_creates_a_calibration_session_in_the_ui_and_only_its_reviewers_score_it(site: dict) -> None:
    from dashboards import pages

    assert "qa-cal-create" in str(pages.render("/qa", "qa", "en"))
    assert all("qa-cal-create" not in str(pages.render("/qa", role, "en")) for role in ("manager", "supervisor"))
    qa, sven = _client(site, USERS["qa"][0]), _client(site, "sven")
    choices = _out(call(qa, site["app"], "qa-cal-rubric.options", PERIOD))
    assert [o["value"] for o in choices["qa-cal-rubric"]["options"]] == ["ja_call_center"]  # scorecards scored
    offered = [o["value"] for o in choices["qa-cal-interactions"]["options"]]
    assert {"mika", "quinn", "sven"} <= {o["value"] for o in choices["qa-cal-reviewers"]["options"]}
    form = {**PERIOD, "qa-cal-create.n_clicks": 1, "qa-cal-name.value": "Week 48", "qa-cal-rubric.value": "ja_call_center",
            "qa-cal-interactions.value": offered[:3], "qa-cal-reviewers.value": ["quinn"]}
    too_few = _out(call(qa, site["app"], "qa-cal-status.children", form))
    assert too_few["qa-cal-status"]["children"] == "Choose at least two interactions and two reviewers"
    refused = _out(call(sven, site["app"], "qa-cal-status.children", {**form, "qa-cal-reviewers.value": ["quinn", "sven"]}))
    assert refused["qa-cal-status"]["children"] == "You may not see this page"  # a supervisor may not create one
    made = _out(call(qa, site["app"], "qa-cal-status.children", {**form, "qa-cal-reviewers.value": ["quinn", "sven"]}))
    assert made["qa-cal-status"]["children"] == "Saved"
    assert "Week 48" in {row["session"] for row in made["qa-calibration"]["rowData"]}
    [session] = [s for s in review_store.calibration_sessions(site["app_db"]) if s["name"] == "Week 48"]
    assert session["reviewers"] == ["quinn", "sven"] and session["interaction_ids"] == offered[:3]
    mika = _client(site, USERS["manager"][0])
    blind = {**PERIOD, "interaction-id.data": offered[0], "interaction-criterion.value": "ja_call_center:closing_greeting",
             "interaction-answer.value": "pass", "interaction-save.n_clicks": 1, "interaction-refresh.data": 0,
             "interaction-calibration.data": session["session_id"]}
    answered = _out(call(mika, site["app"], "interaction-status.children...interaction-refresh", blind))
    assert answered["interaction-status"]["children"] == "You may not see this page"  # not one of its reviewers
    assert _out(call(qa, site["app"], "interaction-status.children...interaction-refresh", blind))[
        "interaction-status"]["children"] == "Saved"


def test_only_a_qa_lead_marks_a_criterion_needs_tuning_and_the_page_says_when_it_takes_effect(site: dict) -> None:
    from dashboards import pages

    assert "qa-tuning-mark" in str(pages.render("/qa", "qa", "en"))
    assert all("qa-tuning-mark" not in str(pages.render("/qa", role, "en")) for role in ("manager", "supervisor"))
    qa, mika = _client(site, USERS["qa"][0]), _client(site, USERS["manager"][0])
    form = {**PERIOD, "qa-tuning-mark.n_clicks": 1, "qa-tuning-criterion.value": "ja_call_center:paraphrase_confirmation",
            "qa-tuning-reason.value": "calibration α 0.41", "qa-needs-tuning.children": []}
    refused = _out(call(mika, site["app"], "qa-tuning-status.children", form))
    assert refused["qa-tuning-status"]["children"] == "You may not see this page"
    marked = _out(call(qa, site["app"], "qa-tuning-status.children", form))
    assert marked["qa-tuning-status"]["children"] == "Saved"
    listed = _text(_out(call(qa, site["app"], "qa-queue.rowData", PERIOD))["qa-needs-tuning"]["children"])
    assert "Needs tuning (machine answers provisional) — Takes effect at the next run · quinn: calibration α 0.41" in listed
    again = _out(call(qa, site["app"], "qa-tuning-status.children", form))
    assert again["qa-tuning-status"]["children"] == "This item is already marked"
    assert ("ja_call_center", "paraphrase_confirmation") in review_store.tuning_marks(site["app_db"])
