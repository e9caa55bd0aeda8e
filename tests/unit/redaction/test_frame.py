"""redact_frame: masks the named columns, keeps everything else, and its prefilter never hides an entity."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from transforms.redaction import find_entities, may_contain_pii, original_texts, redact_frame

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
