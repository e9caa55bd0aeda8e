"""The repeat-contact FCR proxy is one rule (macros contact_fcr_eligible and contact_repeats, migration 0310):
marts.kpi_daily and the themes' contact costs (warehouse/sql/themes/contact_costs.sql) flag the same contacts.

Each contact is in its own queue, so a kpi_daily row is one contact. Window 7 days, times UTC; the data's "now" is
the latest contact, 2026-11-20 12:00.
"""

from datetime import date
from pathlib import Path

import polars as pl

import warehouse
from warehouse.build import data_as_of, rebuild_table
from warehouse.themes import read_contact_costs

# (interaction_id, customer_id, direction, abandoned, created_at)
CONTACTS = [
    ("A1", "C1", "inbound", False, "2026-11-01 10:00:00"),  # C1 again 2 days later: a repeat
    ("A2", "C1", "inbound", False, "2026-11-03 10:00:00"),  # nothing after it: resolved
    ("B1", "C2", "inbound", False, "2026-11-01 09:00:00"),  # C2 again exactly 7 days later: still a repeat
    ("B2", "C2", "outbound", False, "2026-11-08 09:00:00"),  # outbound: not counted, but repeats B1
    ("D1", "C3", "inbound", False, "2026-11-02 08:00:00"),  # C3 again after 7 days and 1 s: resolved
    ("D2", "C3", "inbound", True, "2026-11-09 08:00:01"),  # abandoned: not counted
    ("E1", None, "inbound", False, "2026-11-02 11:00:00"),  # unknown customer: not counted
    ("F1", "C4", "inbound", False, "2026-11-15 12:00:00"),  # window not yet observed on 11-20: not counted
    ("G1", "C5", "inbound", False, "2026-11-20 12:00:00"),
]
# interaction_id -> (counted towards FCR, resolved first time), worked out by hand from the rule
EXPECTED = {"A1": (True, False), "A2": (True, True), "B1": (True, False), "B2": (False, False),
            "D1": (True, True), "D2": (False, False), "E1": (False, False), "F1": (False, False),
            "G1": (False, False)}


def test_kpi_daily_and_theme_costs_flag_the_same_repeat_contacts(warehouse_file: Path) -> None:
    with warehouse.connect(warehouse_file) as conn:
        for interaction_id, customer, direction, abandoned, created_at in CONTACTS:
            conn.execute("insert into core.interactions (interaction_id, channel, direction, customer_id, agent_id,"
                         " queue, team, created_at, answered_at, abandoned)"
                         " values ($id, 'phone', $direction, $customer, 'A1', $id, 't', $at, $at, $abandoned)",
                         {"id": interaction_id, "direction": direction, "customer": customer, "at": created_at,
                          "abandoned": abandoned})
        as_of = data_as_of(conn)
        rebuild_table(conn, "marts.kpi_daily", "marts/kpi_daily",
                      {"tz": "UTC", "sl_seconds": 20, "fcr_days": 7, "as_of": as_of},
                      days=(date(2026, 11, 1), date(2026, 11, 20)))
        marts = warehouse.read(conn, "select queue as interaction_id, fcr_eligible, fcr_resolved from marts.kpi_daily"
                                     " where contacts > 0")
        costs = read_contact_costs(conn, 7)

    by_mart = {row["interaction_id"]: (row["fcr_eligible"] == 1, row["fcr_resolved"] == 1)
               for row in marts.iter_rows(named=True)}
    by_costs = {row["document_id"]: (row["fcr_eligible"], row["fcr_eligible"] and not row["has_repeat"])
                for row in costs.iter_rows(named=True)}
    assert by_mart == EXPECTED
    assert by_costs == EXPECTED
    assert costs.filter(pl.col("document_id").is_in(["A1", "B1"]))["has_repeat"].to_list() == [True, True]
