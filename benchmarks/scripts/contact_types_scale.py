"""How long the issue-21 marts take on a year of synthetic contacts (default 1,000,000: inbound calls with IVR time,
bot chats, outbound campaign calls, surveys), on the machine at hand.

Run: .venv/bin/python benchmarks/scripts/contact_types_scale.py [--contacts N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import warehouse  # noqa: E402
from warehouse.contact_types import (  # noqa: E402
    rebuild_customer_health,
    rebuild_outbound_marts,
    rebuild_self_service_daily,
)
from warehouse.customers import rebuild_customer_contacts  # noqa: E402
from warehouse.sql import statement  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=1_000_000)
    contacts = parser.parse_args().contacts
    with tempfile.TemporaryDirectory() as folder, warehouse.connect(Path(folder) / "koe.duckdb") as conn:
        conn.execute(statement("contact_types_synthetic", "benchmarks.sql"), {"contacts": contacts})
        conn.execute("insert into core.surveys (survey_id, interaction_id, responded_at, csat, nps)"
                     " select 'S' || interaction_id, interaction_id, created_at + interval 2 hour,"
                     " 1 + hash(interaction_id) % 5, hash(interaction_id) % 11 from core.interactions"
                     " where hash(interaction_id) % 5 = 0")
        steps = {
            "customer_contacts (issue 20, needed by the lists and health)":
                lambda: rebuild_customer_contacts(conn, b"k" * 32, 7),
            "outbound marts": lambda: rebuild_outbound_marts(conn, "Asia/Tokyo"),
            "self_service_daily": lambda: rebuild_self_service_daily(conn, "Asia/Tokyo", 7),
            "customer_health (5 scoring days)": lambda: rebuild_customer_health(conn, "Asia/Tokyo"),
        }
        for name, step in steps.items():
            started = time.perf_counter()
            rows = step()
            print(f"{name}: {time.perf_counter() - started:.1f} s, rows {rows}")


if __name__ == "__main__":
    main()
