"""The search and alerts page over HTTP, signed in as each role: a search finds 解約 and links to the matching turn,
an agent finds only their own contacts, the category chart and inbox follow the role, repeat callers are the
managers', the interaction page lists the customer's other contacts, and forged values are refused."""

from __future__ import annotations

from datetime import datetime

import pytest

import warehouse
from dashboards.app import create_app
from dashboards.i18n import t
from tests.e2e.dashboard_client import add_users, call, sign_in
from warehouse.customers import load_secret, rebuild_customer_contacts, secret_path
from warehouse.publish import publish_snapshot
from warehouse.search_index import index_path, refresh_index

pytestmark = pytest.mark.e2e
PERIOD = {"filters-dates.start_date": "2026-11-01", "filters-dates.end_date": "2026-11-30", "shell-lang.value": "ja"}
CONTACTS = [  # id, customer, agent, created_at (UTC)
    ("I1", "CUST-1", "A007", datetime(2026, 11, 2, 1)), ("I2", "CUST-1", "A001", datetime(2026, 11, 4, 1)),
    ("I3", "CUST-2", "A001", datetime(2026, 11, 6, 1)),
]
MESSAGES = [("I1", 1, "agent", "お電話ありがとうございます。"), ("I1", 2, "customer", "定期便を解約したいです。"),
            ("I2", 1, "customer", "先日の解約の件です。"), ("I3", 1, "customer", "ログインできません。")]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("search") / "koe.duckdb"
    with warehouse.connect(db) as conn:
        conn.executemany("insert into core.interactions (interaction_id, channel, direction, customer_id, agent_id,"
                         " team, queue, language, created_at) values (?, 'phone', 'inbound', ?, ?, '東京1課', 'billing',"
                         " 'ja', ?)", CONTACTS)
        conn.executemany("insert into core.messages (message_id, interaction_id, seq, role, text) values (?, ?, ?, ?, ?)",
                         [(f"{i}-{s}", i, s, r, t) for i, s, r, t in MESSAGES])
        conn.execute("insert into rules.contact_categories values ('I2', 'cancellation_intent', 'cancellation_intent',"
                     " 1, '先日の解約の件です。', 1, now()::timestamp)")
        conn.execute("insert into rules.alerts values ('customer_harassment_alert:I2', 'customer_harassment_alert', 1,"
                     " 'I2', 'I2', 'critical', ['manager', 'qa'], true, true, 'カスハラの疑い', 'Possible customer"
                     " harassment', 'カスハラ flagged', null, '/interactions/I2', now()::timestamp)")
        conn.execute("insert into core.conversation_metrics (recording_id, interaction_id, agent_talk_ratio,"
                     " silence_ratio, longest_silence_seconds, hold_count, hold_seconds, overlap_count,"
                     " agent_interruptions, customer_interruptions, time_to_first_agent_seconds,"
                     " customer_sentiment_start, customer_sentiment_end, computed_at)"
                     " values ('R2', 'I2', 0.62, 0.18, 24.5, 1, 40.0, 3, 2, 1, 1.5, -0.4, 0.3, now()::timestamp)")
        rebuild_customer_contacts(conn, load_secret(secret_path(db)), fcr_window_days=7)
        refresh_index(conn, index_path(db), lambda texts: [-0.5] * len(texts))
        publish_snapshot(conn, db)
    dash_app = create_app(db, app_db=db.parent / "app.sqlite")
    add_users(dash_app.server.config["KOE"].app_db)
    return dash_app


def _client(app, user: str):
    client = app.server.test_client()
    assert sign_in(client, user).status_code == 302
    return client


def _response(reply, component: str) -> dict:
    assert reply.status_code == 200, reply.data[:300]
    return reply.get_json()["response"][component]


def test_a_manager_finds_every_mention_and_each_links_to_its_turn(app) -> None:
    client = _client(app, "mika")
    assert client.get("/search").status_code == 200
    found = _response(call(client, app, "search-results.rowData", {"search-query.value": "解約", **PERIOD}),
                      "search-results")
    assert sorted(row["interaction_id"] for row in found["rowData"]) == [
        "[I1 #2](/interactions/I1?turn=2)", "[I2 #1](/interactions/I2?turn=1)"]
    filtered = _response(call(client, app, "search-results.rowData", {
        "search-query.value": "解約", "search-category.value": ["cancellation_intent"], **PERIOD}), "search-results")
    assert [row["interaction_id"] for row in filtered["rowData"]] == ["[I2 #1](/interactions/I2?turn=1)"]
    overview = call(client, app, "search-categories.figure", PERIOD).get_json()["response"]
    assert overview["search-categories"]["figure"]["data"][0]["y"] == ["解約の意向"]
    assert overview["search-category"]["options"] == [{"label": "解約の意向", "value": "cancellation_intent"}]
    assert [row["alert_subject"] for row in overview["search-inbox"]["rowData"]] == ["[I2](/interactions/I2)"]
    repeats = _response(call(client, app, "search-repeats.rowData", PERIOD), "search-repeats")
    assert [(row["contacts"], row["repeats"], row["first_contact"], row["last_contact"]) for row in repeats["rowData"]] == [
        (2, 1, "2026-11-02 10:00", "2026-11-04 10:00")]  # JST
    timeline = _response(call(client, app, "interaction-timeline.rowData", {"interaction-id.data": "I2",
                                                                         "shell-lang.value": "en"}),
                         "interaction-timeline")
    assert [(row["interaction_id"], row["repeat_contact"], row["harassment"]) for row in timeline["rowData"]] == [
        ("[I1](/interactions/I1)", "No", "No")]


def test_an_agent_searches_only_their_own_contacts_and_sees_no_one_elses(app) -> None:
    client = _client(app, "aiko")  # agent A007
    found = _response(call(client, app, "search-results.rowData", {"search-query.value": "解約", **PERIOD}),
                      "search-results")
    assert [row["interaction_id"] for row in found["rowData"]] == ["[I1 #2](/interactions/I1?turn=2)"]
    overview = call(client, app, "search-categories.figure", PERIOD).get_json()["response"]
    assert overview["search-inbox"]["rowData"] == [] and overview["search-category"]["options"] == []
    assert _response(call(client, app, "search-repeats.rowData", PERIOD), "search-repeats")["rowData"] == []
    reply = call(client, app, "interaction-timeline.rowData", {"interaction-id.data": "I1", "shell-lang.value": "ja"})
    assert _response(reply, "interaction-timeline")["rowData"] == []  # the customer's other contact is another agent's
    assert _response(reply, "interaction-timeline-empty")["children"] == t("timeline_none_in_scope", "ja")


def test_the_timeline_says_why_it_is_empty_and_lists_nothing_on_a_contact_the_role_may_not_see(app) -> None:
    """I2 is another agent's contact whose customer also wrote I1 (the agent's own): the agent's page of I2 lists
    not even I1, and says the contact is not theirs to see, not that nothing matches."""
    reply = call(_client(app, "aiko"), app, "interaction-timeline.rowData", {"interaction-id.data": "I2",
                                                                             "shell-lang.value": "en"})
    assert _response(reply, "interaction-timeline")["rowData"] == []
    assert _response(reply, "interaction-timeline-empty")["children"] == t("timeline_no_access", "en")
    alone = call(_client(app, "mika"), app, "interaction-timeline.rowData", {"interaction-id.data": "I3",
                                                                             "shell-lang.value": "ja"})
    assert _response(alone, "interaction-timeline")["rowData"] == []  # CUST-2 wrote only I3
    assert _response(alone, "interaction-timeline-empty")["children"] == t("timeline_none", "ja")


def test_the_product_role_is_refused_and_forged_values_get_400(app) -> None:
    assert _client(app, "pat").get("/search").status_code == 403
    client = _client(app, "mika")
    too_long = call(client, app, "search-results.rowData", {"search-query.value": "解" * 201, **PERIOD})
    bad_band = call(client, app, "search-results.rowData", {"search-query.value": "解約",
                                                         "search-sentiment.value": ["furious"], **PERIOD})
    assert too_long.status_code == 400 and bad_band.status_code == 400


def _texts(component: object) -> list[str]:
    """The strings inside a Dash component tree as JSON (html.Dl of Dt/Dd)."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list):
        return [text for child in component for text in _texts(child)]
    if isinstance(component, dict):
        return _texts(component.get("props", {}).get("children"))
    return []


def test_the_interaction_page_shows_the_calls_conversation_metrics_in_the_roles_scope(app) -> None:
    values = {"interaction-id.data": "I2", "shell-lang.value": "en"}
    shown = _texts(_response(call(_client(app, "mika"), app, "interaction-metrics.children", values),
                             "interaction-metrics")["children"])
    assert shown[:6] == ["Agent talk share", "62%", "Silence share", "18%", "Longest silence", "24.5 s"]
    assert "−0.40 → +0.30".replace("−", "-") in shown and "2 / 1" in shown
    hidden = _texts(_response(call(_client(app, "aiko"), app, "interaction-metrics.children", values),
                              "interaction-metrics")["children"])
    assert hidden == ["No conversation metrics (recorded calls only)"]  # I2 is another agent's call
