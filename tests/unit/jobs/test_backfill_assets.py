"""The daily backfill (``koe backfill``, pipelines/backfill.py) writes the same tables for its days as ``koe_job``: every
asset that ``koe_job`` runs between a day's transcripts and its QA scores / theme assignment is in the backfill job."""

from __future__ import annotations

import dagster as dg

from pipelines.backfill import daily_backfill_job
from pipelines.definitions import build_defs

START = dg.AssetKey("call_transcripts")
ENDS = {dg.AssetKey("qa_scores"), dg.AssetKey("theme_assignments")}
NOT_A_DAYS_WORK = {dg.AssetKey("complaint_themes")}  # fitting the themes: done before a backfill assigns days to them


def _closure(graph, start: set[dg.AssetKey], step: str) -> set[dg.AssetKey]:  # noqa: ANN001 — Dagster's asset graph
    seen, todo = set(start), list(start)
    while todo:
        for key in getattr(graph.get(todo.pop()), step):
            if key not in seen:
                seen.add(key)
                todo.append(key)
    return seen


def test_the_daily_backfill_has_every_asset_between_the_transcripts_and_the_days_scores() -> None:
    graph = build_defs().resolve_asset_graph()
    between = _closure(graph, {START}, "child_keys") & _closure(graph, ENDS, "parent_keys")
    assert dg.AssetKey("message_sentiment") in between  # the customer turns' sentiment, read by the call metrics
    assert between - NOT_A_DAYS_WORK <= set(daily_backfill_job().asset_layer.executable_asset_keys)
