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

SYNTHETIC = """
insert into core.interactions (interaction_id, channel, direction, customer_id, agent_id, team, queue, created_at,
    queued_at, answered_at, talk_seconds, acw_seconds, status, contact_reason, campaign, disposition, attempt,
    self_service_seconds, resolved_at, sla_due_at)
select 'I' || n,
       case when n % 10 < 6 then 'phone' when n % 10 < 8 then 'chat' else 'email' end,
       case when n % 10 = 0 then 'outbound' else 'inbound' end,
       'C' || (hash(n) % ($contacts // 4)),
       case when n % 7 = 0 then null else 'A' || (n % 200) end,
       'T' || (n % 10), 'Q' || (n % 6),
       timestamp '2025-01-01' + to_seconds(cast(n * (31536000 / $contacts) as bigint)),
       null, null, 120, 30, 'closed', 'R' || (n % 12),
       case when n % 10 = 0 then 'campaign ' || (n % 3) end,
       case when n % 10 = 0 then ['no_answer', 'busy', 'voicemail', 'connected', 'sale', 'do_not_call',
                                   'callback_requested', 'wrong_number'][1 + (n // 10) % 8] end,
       case when n % 10 = 0 then 1 + (n // 30) % 3 end,
       case when n % 10 between 1 and 7 then 10 + n % 90 end,
       null, case when n % 10 >= 8 then timestamp '2025-01-02' + to_seconds(cast(n * (31536000 / $contacts) as bigint)) end
from range($contacts) t(n)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=1_000_000)
    contacts = parser.parse_args().contacts
    with tempfile.TemporaryDirectory() as folder, warehouse.connect(Path(folder) / "koe.duckdb") as conn:
        conn.execute(SYNTHETIC, {"contacts": contacts})
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
