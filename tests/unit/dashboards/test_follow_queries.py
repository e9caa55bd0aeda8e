"""The customer's timeline under a keyed-hash customer key, the repeat chain, repeat callers, rule categories and the
alert inbox, from a real warehouse through a real published snapshot."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

import warehouse
from dashboards.queries import follow
from dashboards.queries.base import Filters, open_snapshot
from transforms.customers import customer_key
from warehouse.customers import load_secret, rebuild_customer_contacts, secret_path
from warehouse.publish import publish_snapshot

PERIOD = Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
CONTACTS = [  # id, customer, agent, team, created_at (UTC)
    ("I1", "CUST-1", "A001", "東京1課", datetime(2026, 11, 2, 1)),
    ("I2", "CUST-1", "A002", "大阪課", datetime(2026, 11, 5, 1)),  # 3 days later: a repeat (FCR window 7 days)
    ("I3", "CUST-1", "A001", "東京1課", datetime(2026, 11, 20, 1)),  # 15 days later: not a repeat
    ("I4", "CUST-2", "A002", "大阪課", datetime(2026, 11, 6, 1)),
    ("I5", None, "A001", "東京1課", datetime(2026, 11, 7, 1)),
]


@pytest.fixture()
def snapshot(tmp_path: Path) -> Path:
    db = tmp_path / "koe.duckdb"
    with warehouse.connect(db) as conn:
        conn.executemany("insert into core.interactions (interaction_id, channel, direction, customer_id, agent_id,"
                         " team, created_at, status) values (?, 'email', 'inbound', ?, ?, ?, ?, 'resolved')", CONTACTS)
        conn.execute("insert into rules.contact_categories values ('I2', 'cancellation_intent', 'cancellation_intent',"
                     " 1, null, null, now()::timestamp)")
        conn.execute("insert into rules.alerts values ('sla_due_soon:I4', 'sla_due_soon', 1, 'I4', 'I4', 'warning',"
                     " ['manager', 'agent'], true, true, 'SLA', 'SLA', null, null, '/interactions/I4', now()::timestamp)")
        rebuild_customer_contacts(conn, load_secret(secret_path(db)), fcr_window_days=7)
        publish_snapshot(conn, db)
    return tmp_path / "published" / "dashboard.duckdb"


def test_the_key_is_a_keyed_hash_kept_outside_the_warehouse_and_the_snapshot(tmp_path: Path, snapshot: Path) -> None:
    secret_file = secret_path(tmp_path / "koe.duckdb")
    assert secret_file.parent == tmp_path and secret_file.stat().st_mode & 0o077 == 0
    secret = load_secret(secret_file)
    assert customer_key("CUST-1", secret) != customer_key("CUST-1", b"another secret")
    with open_snapshot(snapshot) as conn:
        keys = dict(conn.execute("select interaction_id, customer_key from marts.customer_contacts").fetchall())
        dumped = str(conn.execute("select * from marts.customer_contacts").fetchall())
    assert keys["I1"] == keys["I2"] == keys["I3"] == customer_key("CUST-1", secret) != keys["I4"]
    assert "I5" not in keys and "CUST-1" not in dumped
    assert secret.hex() not in snapshot.read_bytes().hex()


def test_the_timeline_lists_the_customers_other_contacts_with_the_repeat_chain(snapshot: Path) -> None:
    with open_snapshot(snapshot) as conn:
        timeline = follow.customer_timeline(conn, "I3", PERIOD)
        agent_view = follow.customer_timeline(conn, "I3", Filters(PERIOD.date_from, PERIOD.date_to, agent_id="A001"))
        team_view = follow.customer_timeline(conn, "I1", Filters(PERIOD.date_from, PERIOD.date_to, scope_teams=("大阪課",)))
    assert timeline.select("interaction_id", "repeat_contact", "previous_interaction_id").rows() == [
        ("I2", True, "I1"), ("I1", False, None)]
    assert agent_view["interaction_id"].to_list() == ["I1"]  # an agent sees only their own contacts
    assert team_view["interaction_id"].to_list() == ["I2"]


def test_repeat_callers_categories_and_the_inbox(snapshot: Path) -> None:
    with open_snapshot(snapshot) as conn:
        callers = follow.repeat_callers(conn, PERIOD)
        categories = follow.category_counts(conn, PERIOD)
        others = follow.category_counts(conn, Filters(PERIOD.date_from, PERIOD.date_to, agent_id="A001"))
        manager, qa = follow.inbox(conn, "manager", PERIOD), follow.inbox(conn, "qa", PERIOD)
        own = follow.inbox(conn, "agent", Filters(PERIOD.date_from, PERIOD.date_to, agent_id="A002"))
        not_own = follow.inbox(conn, "agent", Filters(PERIOD.date_from, PERIOD.date_to, agent_id="A001"))
    assert callers.select("contacts", "repeats", "latest_interaction_id").rows() == [(3, 1, "I3")]
    assert categories.rows() == [("cancellation_intent", 1)] and others.is_empty()
    assert manager["link"].to_list() == ["/interactions/I4"] and qa.is_empty()
    assert own.height == 1 and not_own.is_empty()
