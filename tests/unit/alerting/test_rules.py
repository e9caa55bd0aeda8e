"""Rules as data: the schema, what a rule matches (phrases, flags, SLA, interval KPIs), and alerts that are raised
once and delivered once to a real local SMTP server and a real local HTTP receiver."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polars as pl
import pytest
from aiosmtpd.controller import Controller

import warehouse
from pipelines.alerting import deliver_alerts, evaluate_rules
from rules import RuleError, load_all, load_rule, rule_folder, schema_json
from rules.schema import Rule
from transforms.rules import alerts, categories, contact_matches, interval_matches
from warehouse.settings import load_settings

CLOCK = datetime(2026, 11, 20, 9, 0)


def _rule(**fields: object) -> Rule:
    return Rule.model_validate({"id": "r", "version": 1, "label": {"ja": "規則", "en": "Rule"}, **fields})


def _neutral(texts: list[str]) -> list[float]:
    return [0.0] * len(texts)


def test_schema_json_matches_the_models() -> None:
    assert (rule_folder() / "schema.json").read_text(encoding="utf-8") == schema_json(), (
        "rules/schema.json drifted: regenerate with "
        "python -c 'from rules import schema_json; open(\"rules/schema.json\",\"w\").write(schema_json())'")


def test_shipped_rules_load() -> None:
    assert {r.id for r in load_all()} >= {"cancellation_intent", "customer_harassment_alert", "sla_due_soon",
                                          "service_level_drop"}


@pytest.mark.parametrize(("text", "where", "reason"), [
    ("id: r\nversion: 1\nlabel: {ja: a, en: b}\nflags: {harassment: true}\n", "<root>", "needs a `category`"),
    ("id: r\nversion: 1\nlabel: {ja: a, en: b}\ncategory: c\n", "<root>", "needs `when` and/or `flags`"),
    ("id: r\nversion: 1\nlabel: {ja: a, en: b}\ncategory: c\nwhen: {type: phrase, phrases: []}\n",
     "when.phrases", "at least 1"),
    ("id: r\nversion: 1\nlabel: {ja: a, en: b}\nscope: interval\nkpi: {kpi: service_level, op: '<', value: 80}\n"
     "category: c\nalert: {roles: [manager]}\n", "<root>", "interval rule"),
    ("id: r\nversion: 1\nlabel: {ja: a, en: b}\nflags: {harassment: true}\nalert: {roles: [boss]}\n",
     "alert.roles[0]", "Input should be"),
])
def test_a_bad_rule_names_file_place_and_reason(tmp_path: Path, text: str, where: str, reason: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_rule(path)
    assert error.value.file == str(path) and reason in error.value.reason
    assert (error.value.yaml_path or "<root>") == where


def _contacts(**columns: list) -> pl.DataFrame:
    n = len(columns["interaction_id"])
    base = {"channel": ["phone"] * n, "queue": ["billing"] * n, "language": ["ja"] * n, "agent_id": ["A001"] * n,
            "created_at": [CLOCK - timedelta(hours=1)] * n, "status": ["closed"] * n, "resolved_at": [None] * n,
            "sla_due_at": [None] * n, "hold_seconds": [0.0] * n, "talk_seconds": [60.0] * n, "transfers": [0] * n,
            "first_response_at": [None] * n, "harassment": [False] * n, "critical_fail": [False] * n,
            "emerging_theme": [False] * n}
    return pl.DataFrame({**base, **columns}, schema_overrides={"resolved_at": pl.Datetime("us"),
                                                               "sla_due_at": pl.Datetime("us"),
                                                               "first_response_at": pl.Datetime("us")})


def _messages(rows: list[tuple[str, int, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(i, f"{i}-{s}", s, role, None, float(s * 5), float(s * 5 + 4), text) for i, s, role, text in rows],
        schema={"interaction_id": pl.String, "message_id": pl.String, "seq": pl.Int64, "role": pl.String,
                "sent_at": pl.Datetime("us"), "offset_seconds": pl.Float64, "end_offset_seconds": pl.Float64,
                "text": pl.String}, orient="row")


def test_a_phrase_rule_tags_japanese_and_english_contacts_at_the_matching_turn() -> None:
    rule = load_rule(rule_folder() / "cancellation_intent.yaml")
    contacts = _contacts(interaction_id=["I1", "I2", "I3", "I4"], language=["ja", "en", "ja", "ja"])
    messages = _messages([("I1", 1, "agent", "お電話ありがとうございます。"), ("I1", 2, "customer", "定期便を解約したいです。"),
                          ("I2", 1, "customer", "I want to cancel my subscription."),
                          ("I3", 1, "customer", "配送が遅れています。"),
                          ("I4", 1, "agent", "解約のご案内をいたします。")])  # the agent said it, not the customer
    matches = contact_matches([rule], contacts, messages, None, _neutral, CLOCK)
    tags = categories([rule], matches).sort("interaction_id")
    assert tags["interaction_id"].to_list() == ["I1", "I2"]
    assert tags["category"].unique().to_list() == ["cancellation_intent"]
    assert tags.filter(pl.col("interaction_id") == "I1")["evidence_seq"].item() == 2


def test_flags_and_the_sla_window_decide_which_contacts_alert() -> None:
    harassment = load_rule(rule_folder() / "customer_harassment_alert.yaml")
    sla = load_rule(rule_folder() / "sla_due_soon.yaml")
    contacts = _contacts(
        interaction_id=["H", "N", "DUE", "LATER", "DONE"],
        channel=["phone", "phone", "email", "email", "email"],
        harassment=[True, False, False, False, False],
        status=["closed", "closed", "open", "open", "resolved"],
        sla_due_at=[None, None, CLOCK + timedelta(hours=3), CLOCK + timedelta(hours=30), CLOCK - timedelta(hours=1)],
        resolved_at=[None, None, None, None, CLOCK - timedelta(hours=2)])
    matches = contact_matches([harassment, sla], contacts, _messages([]), None, _neutral, CLOCK)
    raised = alerts([harassment, sla], matches, CLOCK - timedelta(days=7)).sort("alert_key")
    assert raised["alert_key"].to_list() == ["customer_harassment_alert:H", "sla_due_soon:DUE"]
    assert raised.filter(pl.col("rule_id") == "customer_harassment_alert")["roles"].item().to_list() == ["manager", "qa"]
    assert raised["link"].to_list() == ["/interactions/H", "/interactions/DUE"]
    old = alerts([harassment], matches, CLOCK + timedelta(days=1))
    assert old.is_empty(), "matches older than the lookback are tagged, never alerted"


def test_an_interval_rule_alerts_per_queue_interval_below_the_service_level() -> None:
    rule = load_rule(rule_folder() / "service_level_drop.yaml")
    start = datetime(2026, 11, 20, 10, 0)
    intervals = pl.DataFrame({
        "interval_start": [start, start, start + timedelta(minutes=30), start],
        "channel": ["phone", "phone", "phone", "email"], "queue": ["billing", "billing", "billing", "orders"],
        "offered": [6, 4, 10, 50], "answered": [6, 4, 10, 50], "abandoned": [0, 0, 0, 0],
        "answered_within_sl": [3, 2, 10, 0], "handle_seconds_sum": [0.0] * 4, "handle_timed": [0] * 4})
    found = interval_matches([rule], intervals)
    assert found["subject"].to_list() == ["billing@2026-11-20 10:00"]  # 5 of 10 (50 %); email is not a queued channel
    assert "50.0%" in found["evidence"].item()


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802, ANN201 - aiosmtpd's hook
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture()
def smtp_server():
    inbox = _Inbox()
    with socket.socket() as probe:  # aiosmtpd 1.4 needs a fixed port: take one the OS says is free
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


@pytest.fixture()
def webhook_receiver():
    posts: list[dict] = []
    failing = {"on": False}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if failing["on"]:
                self.send_response(503)
            else:
                posts.append(json.loads(body))
                self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", posts, failing
    finally:
        server.shutdown()


def test_alerts_reach_smtp_and_webhook_exactly_once_across_runs(tmp_path: Path, smtp_server, webhook_receiver) -> None:
    port, inbox = smtp_server
    url, posts, failing = webhook_receiver
    db = tmp_path / "koe.duckdb"
    with warehouse.connect(db) as conn:
        conn.execute("insert into core.interactions (interaction_id, channel, direction, queue, language, created_at,"
                     " status, sla_due_at) values ('T1', 'email', 'inbound', 'orders', 'ja', $c, 'open', $due)",
                     {"c": CLOCK, "due": CLOCK + timedelta(hours=2)})
        conn.execute("insert into core.messages (message_id, interaction_id, seq, role, text) values"
                     " ('m1', 'T1', 1, 'customer', 'もう解約します')")
    settings = load_settings(warehouse=db, alert_email_to="sv@example.jp", smtp_host="127.0.0.1", smtp_port=port,
                             alert_webhook_urls=url, dashboard_url="https://koe.example")

    def connect():
        return warehouse.connect(db)

    rules = load_all()
    failing["on"] = True
    first = evaluate_rules(connect, rules, settings, _neutral)
    assert first["alerts_raised"] == 1
    assert deliver_alerts(connect, settings) == {"deliveries_sent": 1, "deliveries_failed": 1}
    failing["on"] = False
    assert evaluate_rules(connect, rules, settings, _neutral)["alerts_raised"] == 0
    assert deliver_alerts(connect, settings) == {"deliveries_sent": 1, "deliveries_failed": 0}  # the webhook retried
    assert deliver_alerts(connect, settings) == {"deliveries_sent": 0, "deliveries_failed": 0}
    assert len(inbox.messages) == 1 and len(posts) == 1
    mail = email.message_from_bytes(inbox.messages[0], policy=email.policy.default)
    assert mail["To"] == "sv@example.jp" and "SLA期限" in mail["Subject"]
    assert "https://koe.example/interactions/T1" in mail.get_content()
    assert posts[0]["text"].startswith("*[Koe warning]") and posts[0]["koe_alert"]["key"] == "sla_due_soon:T1"
    with warehouse.connect(db) as conn:
        tags = conn.execute("select interaction_id, category from rules.contact_categories").fetchall()
    assert tags == [("T1", "cancellation_intent")]


def test_every_example_in_the_docs_is_a_valid_rule() -> None:
    import re

    import yaml

    text = (Path(__file__).resolve().parents[3] / "docs" / "rules.md").read_text(encoding="utf-8")
    examples = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    assert len(examples) >= 6
    for example in examples:
        Rule.model_validate(yaml.safe_load(example))


def test_a_sentiment_rule_reads_the_stored_message_sentiment_instead_of_running_the_model(tmp_path: Path) -> None:
    """The rules stage reads each customer message's stored score (asset message_sentiment); only a message that has
    none is scored by the model."""
    from transforms.sentiment import model_version
    from warehouse.rules import contact_inputs

    db = tmp_path / "koe.duckdb"
    with warehouse.connect(db) as conn:
        conn.executemany("insert into core.interactions (interaction_id, channel, direction, queue, language,"
                         " created_at) values (?, 'chat', 'inbound', 'orders', 'en', ?)", [("S1", CLOCK), ("S2", CLOCK)])
        conn.executemany("insert into core.messages (message_id, interaction_id, seq, role, text) values (?, ?, ?, ?, ?)",
                         [("S1-1", "S1", 1, "customer", "Thanks, that fixed it."),
                          ("S2-1", "S2", 1, "customer", "Still broken.")])
        conn.execute("insert into core.message_sentiment (message_id, interaction_id, text_hash, model_version, label,"
                     " score) select message_id, interaction_id, md5(text), $model, 'negative', -0.9"
                     " from core.messages where message_id = 'S1-1'", {"model": model_version()})
        contacts, messages, metrics = contact_inputs(conn, None)
    asked: list[str] = []

    def model(texts: list[str]) -> list[float]:
        asked.extend(texts)
        return [0.4] * len(texts)

    rule = _rule(when={"type": "sentiment", "speaker": "customer", "measure": "end", "turns": 1, "op": "<",
                       "value": 0}, category="unhappy")
    matches = contact_matches([rule], contacts, messages, metrics, model, CLOCK)
    assert asked == ["Still broken."]  # S1's stored score was read, not recomputed
    assert categories([rule], matches)["interaction_id"].to_list() == ["S1"]  # the stored −0.9, not the model's 0.4
