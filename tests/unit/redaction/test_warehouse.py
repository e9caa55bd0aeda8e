"""The redaction tables: originals upsert, audio spans replace per interaction."""

from __future__ import annotations

from pathlib import Path

import polars as pl

import warehouse
from transforms.redaction import original_texts, redact_frame
from warehouse.redaction import audio_spans, replace_audio_spans, save_original_texts


def test_originals_and_audio_spans_round_trip(tmp_path: Path) -> None:
    df = pl.DataFrame({"message_id": ["m1", "m2"], "text": ["mail a@example.com", "hi"]})
    originals = original_texts(df, redact_frame(df, ["text"]), "message_id", ["text"], "core.messages")
    spans = pl.DataFrame({"entity_type": ["PHONE"], "start_seconds": [1.5], "end_seconds": [4.0]})
    with warehouse.connect(tmp_path / "w.duckdb") as conn:
        assert save_original_texts(conn, originals) == 1
        save_original_texts(conn, originals)  # re-run: no duplicate
        replace_audio_spans(conn, "i1", spans)
        replace_audio_spans(conn, "i1", spans)
        kept = warehouse.read(conn, "select row_key, text from restricted.original_text")
        assert kept.rows() == [("m1", "mail a@example.com")]
        assert audio_spans(conn, "i1").rows() == [("PHONE", 1.5, 4.0)]
