"""Stable theme ids across re-clusterings, by centroid similarity.

New clusters are matched one-to-one to the previous active themes with the Hungarian algorithm on centroid
cosine; a pair at or above ``threshold`` keeps the old id ("kept"). An unmatched new cluster that is still
close to an already-matched old theme is a "split" (new id, related to the old one), otherwise "new". An
unmatched old theme close to a surviving cluster was "merged" into it, otherwise it is "retired".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import polars as pl
from scipy.optimize import linear_sum_assignment

MATCH_THRESHOLD = 0.8
_ID_NUMBER = re.compile(r"^T(\d+)$")


def format_theme_id(number: int) -> str:
    return f"T{number:04d}"


def next_theme_number(known_ids: Iterable[str]) -> int:
    """1 + the highest number among ids ever issued (retired ones included, so ids are never reused)."""
    numbers = [int(m.group(1)) for m in map(_ID_NUMBER.match, known_ids) if m]
    return max(numbers, default=0) + 1


Event = tuple[str, str, str | None, float | None]  # theme_id, event, related_theme_id, similarity


def _ended(sims: np.ndarray, old_ids: list[str], new_ids: list[str], matched: set[int], threshold: float) -> list[Event]:
    """Old themes left without a match: merged into the closest new theme when close enough, else retired."""
    events: list[Event] = []
    for col, old_id in enumerate(old_ids):
        if col in matched:
            continue
        best = int(sims[:, col].argmax()) if sims.shape[0] else -1
        if best >= 0 and sims[best, col] >= threshold:
            events.append((old_id, "merged", new_ids[best], float(sims[best, col])))
        else:
            events.append((old_id, "retired", None, float(sims[best, col]) if best >= 0 else None))
    return events


def match_themes(
    new_centroids: np.ndarray,
    old_ids: list[str],
    old_centroids: np.ndarray,
    known_ids: Iterable[str] = (),
    threshold: float = MATCH_THRESHOLD,
) -> tuple[list[str], pl.DataFrame]:
    """(theme id per new cluster row, events frame: theme_id, event, related_theme_id, similarity)."""
    number = next_theme_number([*old_ids, *known_ids])
    sims = new_centroids @ old_centroids.T if len(old_ids) and len(new_centroids) else np.zeros((len(new_centroids), 0))
    rows, cols = linear_sum_assignment(-sims) if sims.size else (np.array([], int), np.array([], int))
    kept = {r: c for r, c in zip(rows, cols, strict=True) if sims[r, c] >= threshold}
    ids: list[str] = []
    events: list[Event] = []
    for row in range(len(new_centroids)):
        if row in kept:
            ids.append(old_ids[kept[row]])
            events.append((ids[-1], "kept", None, float(sims[row, kept[row]])))
            continue
        ids.append(format_theme_id(number))
        number += 1
        best = int(sims[row].argmax()) if sims.shape[1] else -1
        if best >= 0 and sims[row, best] >= threshold:
            events.append((ids[-1], "split", old_ids[best], float(sims[row, best])))
        else:
            events.append((ids[-1], "new", None, float(sims[row, best]) if best >= 0 else None))
    events += _ended(sims, old_ids, ids, set(kept.values()), threshold)
    frame = pl.DataFrame(
        events,
        schema={"theme_id": pl.String, "event": pl.String, "related_theme_id": pl.String, "similarity": pl.Float64},
        orient="row",
    )
    return ids, frame
