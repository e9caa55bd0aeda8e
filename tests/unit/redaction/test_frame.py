"""redact_frame: masks the named columns, keeps everything else, and its prefilter never hides an entity."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from transforms.redaction import find_entities, frame, may_contain_pii, original_texts, redact_frame, redact_text

CORPUS = Path(__file__).resolve().parents[2] / "data" / "redaction" / "corpus.jsonl"


def test_redact_frame_masks_only_named_columns() -> None:
    df = pl.DataFrame(
        {
            "message_id": ["m1", "m2", "m3"],
            "text": ["電話は090-1234-5678", None, "ありがとうございました"],
            "subject": ["a@example.com", "b@example.com", None],
        }
    )
    out = redact_frame(df, ["text"])
    expected = df.with_columns(pl.Series("text", ["電話は[PHONE]", None, "ありがとうございました"]))
    assert_frame_equal(out, expected)


def test_original_texts_lists_changed_cells_only() -> None:
    df = pl.DataFrame({"message_id": ["m1", "m2"], "text": ["mail a@example.com", "hello"]})
    kept = original_texts(df, redact_frame(df, ["text"]), "message_id", ["text"], "core.messages")
    assert kept.rows() == [("core.messages", "m1", "text", "mail a@example.com")]


def test_prefilter_passes_every_corpus_text_with_a_find() -> None:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    texts = pl.DataFrame({"text": [r["text"] for r in rows if find_entities(r["text"])]})
    assert texts.height > 350
    assert texts.select(may_contain_pii("text").all()).item()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcxyz ATMN@.-019０ゼロキューにごイチ様さん田中東京都丁目番号の、")), max_size=40))
def test_prefilter_is_a_superset_of_the_detectors(text: str) -> None:
    flagged = pl.DataFrame({"text": [text]}).select(may_contain_pii("text")).item()
    assert flagged or find_entities(text) == []


def test_many_texts_are_masked_the_same_in_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past RUNS_PER_WORKER detector runs per core, the texts are shared out over processes; the result is the
    one-process result, row for row (here with 2 runs per worker, so 40 texts use every core)."""
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()][:40]
    texts = pl.Series("text", [r["text"] for r in rows] + [None])
    alone = redact_frame(texts.to_frame(), ["text"])
    monkeypatch.setattr(frame, "RUNS_PER_WORKER", 2)
    monkeypatch.setattr(frame.os, "cpu_count", lambda: 2)  # a pool even where the runner has one core
    pools: list[int] = []
    real_pool = frame.ProcessPoolExecutor

    def counted_pool(workers: int, **kwargs: Any) -> ProcessPoolExecutor:
        pools.append(workers)
        return real_pool(workers, **kwargs)
    monkeypatch.setattr(frame, "ProcessPoolExecutor", counted_pool)
    shared = redact_frame(texts.to_frame(), ["text"])
    assert pools == [2]  # the texts did go through two worker processes
    assert_frame_equal(shared, alone)
    assert (alone["text"] != texts).sum() > 10  # the corpus texts do hold personal data to mask


def test_texts_whose_only_cue_is_a_spoken_run_are_masked() -> None:
    """Texts whose only cue is a read-out digit run (SPOKEN) are masked as one by one."""
    texts = ["電話はゼロキューゼロ、いちにいちに、よんごよんごです", "call me at four one five five five five one two one two",
             "注文番号は#123です", "お電話ありがとうございます"]
    masked = redact_frame(pl.DataFrame({"text": texts}), ["text"])["text"].to_list()
    assert masked == [redact_text(t) for t in texts]
    assert masked[:2] == ["電話は[PHONE]です", "call me at [PHONE]"]
