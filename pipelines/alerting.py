"""The rules stage: evaluate rules/*.yaml over the warehouse, then send new alerts by e-mail and webhook.

Evaluation is transforms/rules.py; reads and writes are warehouse/rules.py; this module only decides what to read
(every contact when a rule changed, else the last `rules_lookback_days` of data) and does the sending.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from datetime import timedelta
from email.message import EmailMessage

import polars as pl

import warehouse.rules as store
from pipelines.defs.resources import Connect
from rules import Rule, content_hash
from transforms.qa.context import SentimentFn
from transforms.rules import alert_text, alerts, categories, contact_matches, interval_matches, webhook_payload
from warehouse.build import data_as_of
from warehouse.settings import KoeSettings

log = logging.getLogger(__name__)
SEND_TIMEOUT_SECONDS = 10


def evaluate_rules(connect: Connect, rules: list[Rule], settings: KoeSettings, sentiment: SentimentFn) -> dict[str, int]:
    """Tag contacts and raise alerts. A new or edited rule is evaluated over every contact (alerts still only for
    the lookback window); otherwise only the contacts of the last `rules_lookback_days` days of data."""
    hashes = {rule.id: (rule.version, content_hash(rule)) for rule in rules}
    with connect() as conn:
        clock = data_as_of(conn)
        if clock is None:
            return {"contacts_evaluated": 0, "tags": 0, "alerts_raised": 0}
        recent = clock - timedelta(days=settings.rules_lookback_days)
        since = None if store.changed_rules(conn, {k: v[1] for k, v in hashes.items()}) else recent
        contacts, messages, metrics = store.contact_inputs(conn, since)
        intervals = store.intervals(conn, recent)
    matches = pl.concat([contact_matches(rules, contacts, messages, metrics, sentiment, clock),
                         interval_matches(rules, intervals)])
    with connect() as conn:
        return store.write_evaluation(conn, hashes, contacts, categories(rules, matches), alerts(rules, matches, recent))


def _send_email(settings: KoeSettings, target: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.smtp_sender, target, subject
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SEND_TIMEOUT_SECONDS) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            password = settings.smtp_password_file.read_text().strip() if settings.smtp_password_file else ""
            smtp.login(settings.smtp_username, password)
        smtp.send_message(message)


def _post_webhook(target: str, payload: dict) -> None:
    request = urllib.request.Request(target, data=json.dumps(payload, ensure_ascii=False).encode(),
                                     headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_SECONDS) as response:  # noqa: S310 - operator's URL
        response.read()


def deliver_alerts(connect: Connect, settings: KoeSettings) -> dict[str, int]:
    """Send every alert a target has not accepted yet, and record each acceptance at once, so no alert is sent to
    a target twice across runs. A target that fails is tried again next run (logged, counted)."""
    with connect() as conn:
        pending = store.pending_deliveries(conn, list(settings.alert_email_to), list(settings.alert_webhook_urls))
    sent = failed = 0
    for alert in pending.iter_rows(named=True):
        try:
            if alert["channel"] == "email":
                _send_email(settings, alert["target"], *alert_text(alert, settings.dashboard_url))
            else:
                _post_webhook(alert["target"], webhook_payload(alert, settings.dashboard_url))
        except (OSError, smtplib.SMTPException) as error:
            failed += 1
            log.warning("alert %s not delivered by %s: %s", alert["alert_key"], alert["channel"], error)
            continue
        with connect() as conn:
            store.record_delivery(conn, alert["alert_key"], alert["channel"], alert["target"])
        sent += 1
    return {"deliveries_sent": sent, "deliveries_failed": failed}
