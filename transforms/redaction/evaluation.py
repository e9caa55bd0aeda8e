"""Recall and precision of the detectors against annotated texts (used by the benchmark and the tests)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from transforms.redaction.detect import find_entities
from transforms.redaction.entities import ENTITY_TYPES


def _overlaps(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return a["type"] == b["type"] and a["start"] < b["end"] and b["start"] < a["end"]


def score_corpus(rows: Iterable[Mapping[str, Any]], predicted: str | None = None) -> pl.DataFrame:
    """Per entity type: gold, predicted, true positives, recall, precision.

    A gold span counts as found when a predicted span of the same type overlaps it; a predicted span is correct
    when it overlaps a gold span of its type. Rows are ``{"text", "entities": [{"type", "start", "end"}]}``; the
    predictions are ``find_entities(text)``, or the row's own list under the key ``predicted`` (found in context).
    """
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        if predicted is not None:
            predicted_spans = row[predicted]
        else:
            predicted_spans = [{"type": e.type, "start": e.start, "end": e.end} for e in find_entities(row["text"])]
        for gold in row["entities"]:
            counts[gold["type"], "gold"] += 1
            counts[gold["type"], "found"] += any(_overlaps(gold, p) for p in predicted_spans)
        for p in predicted_spans:
            counts[p["type"], "predicted"] += 1
            counts[p["type"], "correct"] += any(_overlaps(p, g) for g in row["entities"])
    return pl.DataFrame(
        {
            "type": list(ENTITY_TYPES),
            "gold": [counts[t, "gold"] for t in ENTITY_TYPES],
            "predicted": [counts[t, "predicted"] for t in ENTITY_TYPES],
            "found": [counts[t, "found"] for t in ENTITY_TYPES],
            "correct": [counts[t, "correct"] for t in ENTITY_TYPES],
        }
    ).with_columns(
        recall=pl.col("found") / pl.col("gold"),
        precision=pl.col("correct") / pl.col("predicted"),
    )
