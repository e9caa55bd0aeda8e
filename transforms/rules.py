"""Rules over contacts and intervals: which contacts a rule tags, which alerts it raises (docs/rules.md).

Pure polars: the pipeline reads the inputs (pipelines/defs/rules.py through warehouse/rules.py) and hands them here.
Contact conditions reuse the QA detectors (transforms.qa.detectors: the same Japanese/English phrase matching,
ASR-robust option, positions, sentiment and metrics); interval KPIs reuse transforms.kpis.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from datetime import datetime, timedelta

import polars as pl

from rules.schema import Rule
from transforms.kpis import kpi_ratios, unit
from transforms.qa.context import ScoringContext, SentimentFn
from transforms.qa.detectors import compile_detector
from transforms.qa.prepare import interaction_metrics, prepare_messages

MATCH_SCHEMA = pl.Schema({"rule_id": pl.String(), "rule_version": pl.Int32(), "subject": pl.String(),
                          "interaction_id": pl.String(), "created_at": pl.Datetime("us"), "evidence": pl.String(),
                          "evidence_seq": pl.Int64()})
ALERT_SCHEMA = pl.Schema({"alert_key": pl.String(), "rule_id": pl.String(), "rule_version": pl.Int32(),
                          "subject": pl.String(), "interaction_id": pl.String(), "severity": pl.String(),
                          "roles": pl.List(pl.String()), "email": pl.Boolean(), "webhook": pl.Boolean(),
                          "title_ja": pl.String(), "title_en": pl.String(), "evidence": pl.String(),
                          "evidence_seq": pl.Int64(), "link": pl.String()})
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}
_OPEN = ~pl.col("status").fill_null("").is_in(["resolved", "closed"]) & pl.col("resolved_at").is_null()


def _applies(rule: Rule, frame: pl.DataFrame) -> pl.DataFrame:
    scope = rule.applies_to
    for column, values in (("channel", scope.channels), ("queue", scope.queues), ("language", scope.languages)):
        if values:
            frame = frame.filter(pl.col(column).is_in(values))
    return frame


def _flag_conditions(rule: Rule, as_of: datetime) -> list[tuple[pl.Expr, pl.Expr]]:
    """(condition, evidence) per flag the rule gives, over the contacts frame."""
    flags = rule.flags
    if flags is None:
        return []
    out = []
    for name, column, text in (("harassment", "harassment", "カスハラ flagged / harassment flagged"),
                               ("critical_qa_fail", "critical_fail", "critical QA criterion failed"),
                               ("emerging_theme", "emerging_theme", "emerging theme")):
        wanted = getattr(flags, name)
        if wanted is not None:
            out.append((pl.col(column).fill_null(False) == wanted, pl.lit(text)))
    if flags.sla_due_within_hours is not None:
        due = pl.col("sla_due_at")
        condition = _OPEN & due.is_not_null() & (due <= as_of + timedelta(hours=flags.sla_due_within_hours))
        hours = ((due - pl.lit(as_of)).dt.total_minutes() / 60).round(1)
        evidence = pl.format("SLA due {} UTC ({} h)", due.dt.strftime("%Y-%m-%d %H:%M"), hours)
        out.append((condition, evidence))
    return out


def contact_matches(rules: Sequence[Rule], contacts: pl.DataFrame, messages: pl.DataFrame,
                    conversation_metrics: pl.DataFrame | None, sentiment: SentimentFn, as_of: datetime) -> pl.DataFrame:
    """One row per (contact rule, contact it matches), with the evidence: the first matching turn of `when`, else
    the flag that holds. `contacts` carries the interaction columns plus harassment, critical_fail, emerging_theme."""
    prepared = prepare_messages(messages)
    metrics = interaction_metrics(contacts, prepared, conversation_metrics)
    found = []
    for rule in rules:
        if rule.scope != "contact":
            continue
        scoped = _applies(rule, contacts)
        conditions = _flag_conditions(rule, as_of)
        if conditions:
            scoped = scoped.filter(pl.all_horizontal([c for c, _ in conditions]))
        evidence = scoped.select("interaction_id", "created_at", evidence=conditions[0][1] if conditions else pl.lit(None, pl.String),
                                 evidence_seq=pl.lit(None, pl.Int64))
        if rule.when is not None and not scoped.is_empty():
            ids = scoped.select(pl.col("interaction_id").cast(pl.String))
            ctx = ScoringContext(ids, prepared.join(ids, on="interaction_id", how="semi"), metrics, sentiment)
            result = compile_detector(rule.when, f"{rule.id}.when").evaluate(ctx)
            first_hit = (result.hits.filter(~pl.col("negated")).sort("seq", nulls_last=True)
                         .group_by("interaction_id", maintain_order=True)
                         .agg(hit=pl.coalesce(pl.col("quote"), pl.col("matched")).first(), hit_seq=pl.col("seq").first()))
            fired = result.fired.filter("fired").select("interaction_id")
            evidence = (evidence.join(fired, on="interaction_id", how="semi").join(first_hit, on="interaction_id", how="left")
                        .select("interaction_id", "created_at", evidence=pl.coalesce("hit", "evidence"), evidence_seq="hit_seq"))
        found.append(evidence.select(rule_id=pl.lit(rule.id), rule_version=pl.lit(rule.version, pl.Int32),
                                     subject=pl.col("interaction_id"), interaction_id="interaction_id",
                                     created_at="created_at", evidence="evidence", evidence_seq="evidence_seq"))
    return pl.concat([f.cast(MATCH_SCHEMA) for f in found]) if found else pl.DataFrame(schema=MATCH_SCHEMA)


def interval_matches(rules: Sequence[Rule], intervals: pl.DataFrame) -> pl.DataFrame:
    """One row per (interval rule, queue, interval) whose KPI crosses the threshold. `intervals` is
    marts.arrivals_interval (local 30-minute intervals, additive components)."""
    found = []
    for rule in rules:
        if rule.scope != "interval" or rule.kpi is None:
            continue
        kpi = rule.kpi
        bucket = pl.col("interval_start").dt.truncate(f"{kpi.interval_minutes}m")
        components = [c for c in ("offered", "answered", "abandoned", "answered_within_sl", "handle_seconds_sum",
                                  "handle_timed") if c in intervals.columns]
        rolled = kpi_ratios(_applies(rule, intervals).group_by(bucket.alias("start"), "queue").agg(pl.col(components).sum()))
        crossed = rolled.filter((pl.col("offered") >= kpi.min_offered) & _OPS[kpi.op](pl.col(kpi.kpi), kpi.value))
        shown = "%" if unit(kpi.kpi) == "percent" else " s"
        found.append(crossed.select(
            rule_id=pl.lit(rule.id), rule_version=pl.lit(rule.version, pl.Int32),
            subject=pl.format("{}@{}", "queue", pl.col("start").dt.strftime("%Y-%m-%d %H:%M")),
            interaction_id=pl.lit(None, pl.String), created_at="start",
            evidence=pl.format(f"{{}} {kpi.kpi} {{}}{shown} ({kpi.op} {kpi.value:g}), {{}} offered",
                               pl.col("start").dt.strftime("%Y-%m-%d %H:%M"), pl.col(kpi.kpi).round(1), "offered"),
            evidence_seq=pl.lit(None, pl.Int64)))
    return pl.concat([f.cast(MATCH_SCHEMA) for f in found]) if found else pl.DataFrame(schema=MATCH_SCHEMA)


def categories(rules: Sequence[Rule], matches: pl.DataFrame) -> pl.DataFrame:
    """The category tags: interaction_id, rule_id, category, rule_version, evidence, evidence_seq."""
    tagging = pl.DataFrame({"rule_id": [r.id for r in rules if r.category],
                            "category": [r.category for r in rules if r.category]}, schema={"rule_id": pl.String, "category": pl.String})
    return matches.join(tagging, on="rule_id").select(
        "interaction_id", "rule_id", "category", "rule_version", "evidence", "evidence_seq")


def alerts(rules: Sequence[Rule], matches: pl.DataFrame, raise_since: datetime) -> pl.DataFrame:
    """Alerts of the matches whose contact or interval starts at or after `raise_since` (older matches are only
    tagged: switching a rule on must not page anyone about last year). alert_key = rule_id:subject."""
    alerting = [(r, r.alert) for r in rules if r.alert]
    if not alerting:
        return pl.DataFrame(schema=ALERT_SCHEMA)
    spec = pl.DataFrame({
        "rule_id": [r.id for r, _ in alerting], "severity": [a.severity for _, a in alerting],
        "roles": [list(a.roles) for _, a in alerting], "title_ja": [r.label.ja for r, _ in alerting],
        "title_en": [r.label.en for r, _ in alerting], "email": [a.email for _, a in alerting],
        "webhook": [a.webhook for _, a in alerting], "scope": [r.scope for r, _ in alerting]})
    turn = pl.when(pl.col("evidence_seq").is_not_null()).then(pl.format("?turn={}", "evidence_seq")).otherwise(pl.lit(""))
    link = pl.when(pl.col("interaction_id").is_not_null()).then(pl.format("/interactions/{}{}", "interaction_id", turn))
    return (matches.filter(pl.col("created_at") >= raise_since).join(spec, on="rule_id")
            .with_columns(alert_key=pl.format("{}:{}", "rule_id", "subject"),
                          link=link.otherwise(pl.lit("/staffing")))
            .select(list(ALERT_SCHEMA)).cast(ALERT_SCHEMA))


def alert_text(alert: dict, dashboard_url: str) -> tuple[str, str]:
    """(subject, body) of an alert e-mail or chat message, in Japanese and English, with the evidence's link."""
    link = dashboard_url.rstrip("/") + alert["link"]
    subject = f"[Koe {alert['severity']}] {alert['title_ja']} / {alert['title_en']}: {alert['subject']}"
    body = "\n".join([
        f"{alert['title_ja']} — {alert['title_en']}",
        f"対象 / subject: {alert['subject']}",
        f"根拠 / evidence: {alert['evidence'] or '—'}",
        f"確認 / open: {link}",
        f"ルール / rule: {alert['rule_id']} v{alert['rule_version']}",
    ])
    return subject, body


def webhook_payload(alert: dict, dashboard_url: str) -> dict:
    """JSON that Slack and Microsoft Teams incoming webhooks both accept (`text`, Markdown link), plus Koe's own
    fields for other receivers."""
    subject, body = alert_text(alert, dashboard_url)
    link = dashboard_url.rstrip("/") + alert["link"]
    return {"text": f"*{subject}*\n{body}", "koe_alert": {
        "key": alert["alert_key"], "rule_id": alert["rule_id"], "severity": alert["severity"],
        "subject": alert["subject"], "interaction_id": alert["interaction_id"], "evidence": alert["evidence"],
        "link": link}}
