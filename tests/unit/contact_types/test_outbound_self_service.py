"""Outbound and self-service marts against numbers computed by hand (times in UTC, business zone UTC).

Outbound, campaign "winback", agent A1, 2026-11-02:
  O1 09:00 no_answer, attempt 1, customer C1            O2 09:30 voicemail, attempt 1, C2
  O3 10:00 wrong_number (answered 10:00:10, talk 30)     O4 10:20 callback_requested (talk 60, ACW 20), C4
  O5 18:00 sale (answered 18:00:05, talk 240, ACW 60)    O6 18:30 do_not_call (talk 20), C6
  campaign "renewal", agent A2: O7 11:00 busy, O8 11:10 promise_to_pay (talk 120), C8
→ winback: 6 attempts, 4 connects (O3–O6), 3 right-party contacts (O4–O6), 1 conversion (O5):
  connect rate 66.7 %, right-party rate 50 %, conversion rate 33.3 % of right-party contacts.
  Hour 18: 2 attempts, 2 connects (100 %); hour 9: 0 of 2. A1 calls 09:00 → 18:30 + 20 s = 9 h 30 min 20 s:
  6 calls ÷ 9.5056 h = 0.631 calls per agent hour.
Self-service, 2026-11-03 (chat, queue "orders"):
  B1 bot 40 s, no agent, resolved, customer C20; C20 comes back 2 days later (B4) → a repeat
  B2 bot 60 s, no agent, resolved, C21, no later contact
  B3 bot 90 s, handed off (queued 90 s after, agent A3), reason "refund"
  B4 bot 30 s, handed off, reason "refund", C20 (2026-11-05)
  B5 bot 20 s, handed off, reason "login"
  (and an inbound phone call with no self-service time on 2026-11-15: not counted; it makes the data's "now"
  late enough for the 7-day repeat windows of B1 and B2 to be observed)
→ 5 entered, 2 contained (40 %), 3 handed off (60 %), 140 s ÷ 3 = 46.7 s before hand-off;
  resolved sessions 2, one repeated (50 %). Top hand-off reason: refund (2).
kpi_daily: B1 and B2 are not offered (they never reached a queue); direction splits the outbound calls off.
"""

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

import warehouse
from transforms.kpis import KPIS, roll_up, roll_up_flows
from warehouse.build import rebuild_table
from warehouse.contact_types import rebuild_outbound_marts, rebuild_self_service_daily

OUTBOUND = [  # id, campaign, agent, created, answered, talk, acw, disposition, attempt, customer
    ("O1", "winback", "A1", "2026-11-02 09:00:00", None, None, None, "no_answer", 1, "C1"),
    ("O2", "winback", "A1", "2026-11-02 09:30:00", None, None, None, "voicemail", 1, "C2"),
    ("O3", "winback", "A1", "2026-11-02 10:00:00", "2026-11-02 10:00:10", 30, 0, "wrong_number", 1, "C3"),
    ("O4", "winback", "A1", "2026-11-02 10:20:00", "2026-11-02 10:20:10", 60, 20, "callback_requested", 2, "C4"),
    ("O5", "winback", "A1", "2026-11-02 18:00:00", "2026-11-02 18:00:05", 240, 60, "sale", 1, "C5"),
    ("O6", "winback", "A1", "2026-11-02 18:30:00", "2026-11-02 18:30:00", 20, 0, "do_not_call", 3, "C6"),
    ("O7", "renewal", "A2", "2026-11-02 11:00:00", None, None, None, "busy", 1, "C7"),
    ("O8", "renewal", "A2", "2026-11-02 11:10:00", "2026-11-02 11:10:05", 120, 0, "promise_to_pay", 1, "C8"),
]
SELF_SERVICE = [  # id, customer, created, self-service s, agent, status, reason
    ("B1", "C20", "2026-11-03 09:00:00", 40, None, "resolved", "delivery"),
    ("B2", "C21", "2026-11-03 10:00:00", 60, None, "resolved", "delivery"),
    ("B3", "C22", "2026-11-03 11:00:00", 90, "A3", "closed", "refund"),
    ("B4", "C20", "2026-11-05 09:00:00", 30, "A3", "closed", "refund"),
    ("B5", "C23", "2026-11-03 12:00:00", 20, "A3", "closed", "login"),
]
AS_OF = datetime(2026, 11, 15, 13)


def _load(conn) -> None:
    for oid, campaign, agent, created, answered, talk, acw, disposition, attempt, customer in OUTBOUND:
        conn.execute(
            "insert into core.interactions (interaction_id, channel, direction, customer_id, agent_id, team, queue,"
            " created_at, answered_at, talk_seconds, acw_seconds, campaign, disposition, attempt, status)"
            " values ($1, 'phone', 'outbound', $2, $3, 't', 'outbound', $4, $5, $6, $7, $8, $9, $10, 'closed')",
            [oid, customer, agent, created, answered, talk, acw, campaign, disposition, attempt])
    for bid, customer, created, seconds, agent, status, reason in SELF_SERVICE:
        conn.execute(
            "insert into core.interactions (interaction_id, channel, direction, customer_id, agent_id, team, queue,"
            " created_at, queued_at, answered_at, talk_seconds, self_service_seconds, status, contact_reason)"
            " values ($1, 'chat', 'inbound', $2, $3, 't', 'orders', $4::timestamp,"
            " case when $3 is null then null else $4::timestamp + to_seconds($5) end,"
            " case when $3 is null then null else $4::timestamp + to_seconds($5 + 10) end,"
            " case when $3 is null then null else 100 end, $5, $6, $7)",
            [bid, customer, agent, created, seconds, status, reason])
    conn.execute("insert into core.interactions (interaction_id, channel, direction, customer_id, agent_id, team,"
                 " queue, created_at, queued_at, answered_at, talk_seconds) values ('P1', 'phone', 'inbound', 'C30',"
                 " 'A3', 't', 'orders', '2026-11-15 13:00:00', '2026-11-15 13:00:00', '2026-11-15 13:00:05', 50)")
    conn.execute("insert into marts.customer_contacts (interaction_id, customer_key, created_at, channel, direction,"
                 " queue, team, resolved, harassment, repeat_contact) select interaction_id, 'K-' || customer_id,"
                 " created_at, channel, direction, queue, team, true, false, false from core.interactions")


@pytest.fixture
def conn(warehouse_file: Path):
    with warehouse.connect(warehouse_file) as connection:
        _load(connection)
        rebuild_outbound_marts(connection, "UTC")
        rebuild_self_service_daily(connection, "UTC", 7)
        yield connection


FLOWS = ["attempts", "connects", "right_party_contacts", "conversions", "callbacks_requested", "do_not_call",
         "handle_seconds_sum", "handle_timed"]


def test_outbound_per_campaign(conn) -> None:
    hourly = warehouse.read(conn, "select * from marts.outbound_hourly")
    winback = roll_up_flows(hourly, ["campaign"], FLOWS).filter(pl.col("campaign") == "winback").row(0, named=True)
    assert (winback["attempts"], winback["connects"], winback["right_party_contacts"], winback["conversions"]) == (6, 4, 3, 1)
    assert winback["connect_rate"] == pytest.approx(400 / 6)
    assert winback["right_party_rate"] == pytest.approx(50.0)
    assert winback["conversion_rate"] == pytest.approx(100 / 3)
    assert winback["aht_seconds"] == pytest.approx((30 + 80 + 300 + 20) / 4)
    renewal = roll_up_flows(hourly, ["campaign"], FLOWS).filter(pl.col("campaign") == "renewal").row(0, named=True)
    assert (renewal["connect_rate"], renewal["conversion_rate"]) == (pytest.approx(50.0), pytest.approx(100.0))


def test_best_hours_by_connect_rate(conn) -> None:
    hourly = warehouse.read(conn, "select * from marts.outbound_hourly where campaign = 'winback'")
    by_hour = roll_up_flows(hourly, ["hour"], FLOWS)
    rates = dict(by_hour.select("hour", "connect_rate").iter_rows())
    assert rates == {9: 0.0, 10: 100.0, 18: 100.0}


def test_calls_per_agent_hour(conn) -> None:
    daily = warehouse.read(conn, "select * from marts.outbound_agent_daily where agent_id = 'A1'")
    a1 = roll_up_flows(daily, ["agent_id"], ["calls", "calling_seconds"]).row(0, named=True)
    assert a1["calling_seconds"] == pytest.approx(9.5 * 3600 + 20)
    assert a1["calls_per_agent_hour"] == pytest.approx(6 / ((9.5 * 3600 + 20) / 3600))
    assert KPIS["calls_per_agent_hour"].unit == "per_hour"


def test_follow_up_lists(conn) -> None:
    lists = warehouse.read(conn, "select customer_key, disposition from marts.outbound_followups order by 1")
    assert lists.rows() == [("K-C4", "callback_requested"), ("K-C6", "do_not_call")]


def test_self_service(conn) -> None:
    daily = warehouse.read(conn, "select * from marts.self_service_daily")
    flows = ["entered", "contained", "handed_off", "handoff_self_service_seconds_sum", "bot_resolved",
             "bot_resolved_repeat"]
    total = roll_up_flows(daily, [], flows).row(0, named=True)
    assert (total["entered"], total["contained"], total["handed_off"]) == (5, 2, 3)
    assert total["containment_rate"] == pytest.approx(40.0)
    assert total["handoff_rate"] == pytest.approx(60.0)
    assert total["self_service_seconds_before_handoff"] == pytest.approx(140 / 3)
    assert (total["bot_resolved"], total["bot_resolved_repeat"]) == (2, 1)
    assert total["bot_repeat_rate"] == pytest.approx(50.0)
    reasons = roll_up_flows(daily.filter(pl.col("handed_off") > 0), ["handoff_reason"], ["handed_off"])
    assert reasons.sort("handed_off", descending=True).row(0, named=True) == {"handoff_reason": "refund",
                                                                               "handed_off": 2}


def test_kpi_daily_splits_direction_and_leaves_contained_contacts_unoffered(conn) -> None:
    params = {"tz": "UTC", "sl_seconds": 20, "fcr_days": 7, "as_of": AS_OF}
    rebuild_table(conn, "marts.kpi_daily", "marts/kpi_daily", params, days=(date(2026, 11, 2), date(2026, 11, 15)))
    by_direction = roll_up(warehouse.read(conn, "select * from marts.kpi_daily"), ["direction"])
    rows = {row["direction"]: row for row in by_direction.iter_rows(named=True)}
    assert rows["outbound"]["contacts"] == 8 and rows["outbound"]["offered"] == 0
    assert rows["inbound"]["contacts"] == 6
    assert rows["inbound"]["offered"] == 4  # B3, B4, B5 and the phone call; B1 and B2 stayed in the bot


def test_outbound_page_queries_keep_the_role_scope(conn) -> None:
    from dashboards.queries import contact_types as queries
    from dashboards.queries.base import Filters

    period = {"date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30), "timezone": "UTC"}
    everyone = queries.outbound_summary(conn, Filters(**period))
    assert everyone["total"]["attempts"].item() == 8
    assert queries.outbound_summary(conn, Filters(**period, scope_teams=("another team",))) == {}
    own = queries.outbound_summary(conn, Filters(**period, agent_id="A2"))
    assert own["total"]["attempts"].item() == 2  # an agent sees only the calls they placed
    assert queries.outbound_followups(conn, Filters(**period, agent_id="A2")).is_empty()
    assert queries.outbound_followups(conn, Filters(**period)).height == 2
