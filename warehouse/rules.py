"""Reads and writes of the rules stage: its inputs, the category tags, the alerts and their deliveries."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import polars as pl

from transforms.sentiment import model_version
from warehouse.connection import read, registered, transaction
from warehouse.sql import statement

ALERT_COLUMNS = ("alert_key", "rule_id", "rule_version", "subject", "interaction_id", "severity", "roles", "email",
                 "webhook", "title_ja", "title_en", "evidence", "evidence_seq", "link")


def changed_rules(conn: duckdb.DuckDBPyConnection, hashes: dict[str, str]) -> list[str]:
    """Rule ids that are new or whose content changed since they were last evaluated."""
    known = dict(conn.execute("select rule_id, content_hash from rules.rule_versions").fetchall())
    return sorted(rule_id for rule_id, digest in hashes.items() if known.get(rule_id) != digest)


def contact_inputs(conn: duckdb.DuckDBPyConnection, since: datetime | None
                   ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(contacts with their flags, their messages with their stored sentiment, their conversation metrics) created
    at or after `since`."""
    contacts = read(conn, statement("rules/contacts").format(harassment_flags=statement("qa/harassment_flags")),
                    {"since": since})
    with registered(conn, "rules_contacts", contacts.select("interaction_id")):
        messages = read(conn, statement("rules/messages"), {"model": model_version()})
        metrics = read(conn, "select * from core.conversation_metrics semi join rules_contacts using (interaction_id)")
    return contacts, messages, metrics


def intervals(conn: duckdb.DuckDBPyConnection, since: datetime | None) -> pl.DataFrame:
    """marts.arrivals_interval from the local day before `since` (all when None)."""
    first_day = (since - timedelta(days=1)).date() if since else None
    return read(conn, "select * from marts.arrivals_interval where $first_day is null or day >= $first_day",
                {"first_day": first_day})


def write_evaluation(conn: duckdb.DuckDBPyConnection, rule_hashes: dict[str, tuple[int, str]],
                     evaluated: pl.DataFrame, categories: pl.DataFrame, alerts: pl.DataFrame) -> dict[str, int]:
    """In one transaction: replace the evaluated contacts' tags, drop tags of rules that are gone, add the alerts
    not raised before (an alert key is raised once, ever) and record the rules' versions."""
    now = datetime.now().replace(tzinfo=None)
    with transaction(conn), registered(conn, "rules_evaluated", evaluated.select("interaction_id")), \
            registered(conn, "rules_tags", categories), registered(conn, "rules_new_alerts", alerts):
        conn.execute("delete from rules.contact_categories where interaction_id in (select interaction_id from rules_evaluated)"
                     " or not list_contains($rule_ids, rule_id)", {"rule_ids": list(rule_hashes)})
        conn.execute("insert into rules.contact_categories select interaction_id, rule_id, category, rule_version,"
                     " evidence, evidence_seq, $now from rules_tags", {"now": now})
        before = conn.execute("select count(*) from rules.alerts").fetchall()[0][0]
        columns = ", ".join(ALERT_COLUMNS)
        conn.execute(f"insert into rules.alerts ({columns}, raised_at) select {columns}, $now from rules_new_alerts"
                     " on conflict (alert_key) do nothing", {"now": now})
        raised = conn.execute("select count(*) from rules.alerts").fetchall()[0][0] - before
        conn.executemany("insert or replace into rules.rule_versions values (?, ?, ?, ?)",
                         [(rule_id, version, digest, now) for rule_id, (version, digest) in rule_hashes.items()])
    return {"contacts_evaluated": evaluated.height, "tags": categories.height, "alerts_raised": raised}


def pending_deliveries(conn: duckdb.DuckDBPyConnection, email_targets: list[str], webhook_targets: list[str]) -> pl.DataFrame:
    """(alert …, channel, target) for every alert a target of its channels has not accepted yet."""
    return read(conn, statement("rules/pending_deliveries"),
                {"email_targets": email_targets, "webhook_targets": webhook_targets})


def record_delivery(conn: duckdb.DuckDBPyConnection, alert_key: str, channel: str, target: str) -> None:
    conn.execute("insert into rules.deliveries values ($key, $channel, $target, now()::timestamp)"
                 " on conflict do nothing", {"key": alert_key, "channel": channel, "target": target})

