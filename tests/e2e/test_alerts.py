"""The demo's planted customer-harassment calls and its unresolved tickets close to their SLA raise alerts that
reach a local SMTP server and a local webhook receiver exactly once across two further runs of the whole job."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

import warehouse
from pipelines.runner import run_koe_job

pytestmark = pytest.mark.e2e


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802, ANN201 - aiosmtpd's hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_harassment_and_sla_alerts_arrive_once_across_two_runs(demo_with_pii: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "koe.duckdb"
    shutil.copy(demo_with_pii, db)  # the shared run already raised the alerts, with nowhere to send them
    mailbox, posts = _Mailbox(), []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            posts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    smtp_port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    controller.start()
    try:
        monkeypatch.setenv("KOE_ALERT_EMAIL_TO", "supervisor@example.jp")
        monkeypatch.setenv("KOE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("KOE_SMTP_PORT", str(smtp_port))
        monkeypatch.setenv("KOE_ALERT_WEBHOOK_URLS", f"http://127.0.0.1:{receiver.server_address[1]}/slack")
        monkeypatch.setenv("KOE_DASHBOARD_URL", "https://koe.example.jp")
        landing = demo_with_pii.parent / "landing"
        assert run_koe_job(str(db), str(landing)).success
        after_first = (len(mailbox.messages), len(posts))
        assert run_koe_job(str(db), str(landing)).success
    finally:
        controller.stop()
        receiver.shutdown()

    assert (len(mailbox.messages), len(posts)) == after_first, "the second run sent nothing again"
    with warehouse.connect(db, read_only=True) as conn:
        alerts = dict(conn.execute("select alert_key, interaction_id from rules.alerts where email").fetchall())
        posted = [row[0] for row in conn.execute("select alert_key from rules.alerts where webhook").fetchall()]
        abusive = {row[0] for row in conn.execute(
            "select distinct interaction_id from core.messages where role = 'customer'"
            " and (text like '%ふざけるな%' or text like '%sue you%')").fetchall()}
    keys = [post["koe_alert"]["key"] for post in posts]
    assert Counter(keys) == Counter(posted), "every webhook alert posted exactly once"
    assert set(alerts) <= set(posted)
    subjects = Counter(message["Subject"] for message in mailbox.messages)
    assert len(mailbox.messages) == len(alerts) and max(subjects.values()) == 1
    harassment = {key for key in alerts if key.startswith("customer_harassment_alert:")}
    assert abusive and abusive <= {alerts[key] for key in harassment}, "every planted abusive call alerted"
    assert any(key.startswith("sla_due_soon:") for key in alerts)
    planted = next(iter(sorted(harassment)))
    body = next(m.get_content() for m in mailbox.messages if planted.split(":")[1] in m["Subject"])
    assert f"https://koe.example.jp/interactions/{alerts[planted]}" in body
