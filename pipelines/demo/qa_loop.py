"""The demo's human QA loop, planted after the job as reviewers would have made it in the dashboard: reviews of
queued contacts (mostly agreeing with the machine), a decided and an open dispute of the demo agent, coaching items
(one acknowledged) and a calibration session scored by three reviewers. Then the reviews are imported and the
snapshot published again, so every QA page (queue, agreement, heatmap, coaching, calibration) has real content.

Deterministic: the same demo warehouse gets the same planted loop.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import cast

import polars as pl

import warehouse
from warehouse import app_store, review_store
from warehouse.publish import publish_snapshot
from warehouse.sql import statement

REVIEWERS = ("demo-qa", "demo-sv")
CALIBRATION_REVIEWERS = ("demo-qa", "demo-sv", "demo-manager")
DEMO_AGENT = "A005"


def _flip(answer: str) -> str:
    return "pass" if answer != "pass" else "fail"


def plant_qa_loop(warehouse_file: str | os.PathLike[str] | None = None) -> dict[str, int]:
    """Plant the loop into the dashboard's store, import it and publish; returns what was planted."""
    store = app_store.app_store_path(warehouse_file)
    if app_store.list_rows(store, "qa_overrides"):
        return {"reviews": 0}  # planted before (the demo was run again): keep what people may have added
    with warehouse.connect(warehouse_file, read_only=True) as conn:
        answers = warehouse.read(conn, statement("agent_answers", "pipelines.demo.sql"))
        queued = warehouse.read(conn, "select interaction_id from qa.review_queue order by priority, interaction_id")
    if answers.is_empty():
        return {"reviews": 0}
    counts = {"reviews": 0, "disputes": 0, "coaching": 0, "calibration_answers": 0}
    # Reviews: the first 40 queued contacts, every answered criterion; every 7th answer corrected by the reviewer.
    reviewed = answers.join(queued.head(40), on="interaction_id", how="semi")
    for n, row in enumerate(reviewed.iter_rows(named=True)):
        answer = _flip(row["answer"]) if n % 7 == 3 else row["answer"]
        app_store.add_override(store, row["interaction_id"], row["rubric_id"], row["criterion_id"], answer,
                               "確認済み" if answer == row["answer"] else "聞き直すと要件を満たしている",
                               REVIEWERS[n % 2])
        counts["reviews"] += 1
    # Disputes of the demo agent: one decided (accepted), one left open.
    failed = answers.filter((pl.col("agent_id") == DEMO_AGENT) & (pl.col("answer") == "fail"))
    for n, row in enumerate(failed.head(2).iter_rows(named=True)):
        dispute = review_store.open_dispute(store, row["interaction_id"], row["rubric_id"], row["criterion_id"],
                                            "お客様の話を遮らないよう、別の言い方で確認しています", "demo-agent")
        if n == 0:
            review_store.decide_dispute(store, dispute, "accepted", "demo-qa", "録音を確認し、確認ができていると判断しました",
                                        "pass")
        counts["disputes"] += 1
    # Coaching: each agent's weakest criterion for the three weakest pairs, assigned mid-month; the demo agent's
    # item is acknowledged.
    start, end = cast(datetime, answers["created_at"].min()), cast(datetime, answers["created_at"].max())
    middle = (start + (end - start) / 2).strftime("%Y-%m-%d %H:%M:%S")
    rates = answers.group_by("agent_id", "rubric_id", "criterion_id").agg(
        rate=(pl.col("answer") == "pass").mean(), n=pl.len()).filter(pl.col("n") >= 5).sort("rate", "agent_id")
    weakest = pl.concat([rates.filter(pl.col("agent_id") == DEMO_AGENT).head(1),
                         rates.filter(pl.col("agent_id") != DEMO_AGENT).unique("agent_id", keep="first").head(2)])
    for row in weakest.iter_rows(named=True):
        examples = answers.filter((pl.col("agent_id") == row["agent_id"]) & (pl.col("criterion_id") == row["criterion_id"])
                                  & (pl.col("answer") == "fail"))["interaction_id"].head(2).to_list()
        item = review_store.assign_coaching(store, row["agent_id"], [f"{row['rubric_id']}:{row['criterion_id']}"],
                                            examples, end.date().isoformat(), "ロールプレイで練習しましょう", "demo-qa",
                                            assigned_at=middle)
        if row["agent_id"] == DEMO_AGENT:
            review_store.acknowledge_coaching(store, item, DEMO_AGENT)
        counts["coaching"] += 1
    # Calibration: five contacts, every criterion, three reviewers; the third disagrees on every fourth answer.
    sample = answers.filter(pl.col("interaction_id").is_in(answers["interaction_id"].unique(maintain_order=True)
                                                          .gather_every(97).head(5).implode()))
    session = review_store.create_calibration(store, "11月 キャリブレーション", sample["interaction_id"].unique(
        maintain_order=True).to_list(), "demo-qa")
    for who, reviewer in enumerate(CALIBRATION_REVIEWERS):
        for n, row in enumerate(sample.iter_rows(named=True)):
            answer = _flip(row["answer"]) if who == 2 and n % 4 == 1 else row["answer"]
            app_store.add_override(store, row["interaction_id"], row["rubric_id"], row["criterion_id"], answer, "",
                                   reviewer, calibration_id=session)
            counts["calibration_answers"] += 1
    with warehouse.connect(warehouse_file) as conn:
        app_store.import_pending(conn, store)
        review_store.import_decisions(conn, store)
        publish_snapshot(conn, warehouse_file)
    return counts
