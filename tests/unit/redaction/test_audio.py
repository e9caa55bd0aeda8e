"""Audio redaction: entity time spans from transcript segments, and silencing them."""

from __future__ import annotations

import numpy as np
import pytest

from transforms.redaction.audio import TimeSpan, entity_time_spans, silence_spans


def test_spans_from_word_timestamps_are_padded_and_clipped() -> None:
    words = [(" call", 5.0, 5.3), (" 415", 6.0, 6.5), (" 555", 6.5, 7.0), (" 2671", 7.0, 7.8), (" ok", 7.8, 8.0)]
    segment = {
        "start": 5.0,
        "end": 8.0,
        "text": "".join(w for w, _, _ in words),
        "words": [{"word": w, "start": s, "end": e} for w, s, e in words],
    }
    assert entity_time_spans([segment]) == [TimeSpan(5.75, 8.0, "PHONE")]


def test_spans_interpolate_without_words_and_merge_overlaps() -> None:
    text = "電話は090-1234-5678です"  # the number is characters 3..16 of 18
    spans = entity_time_spans([{"start": 0.0, "end": 18.0, "text": text}], padding_seconds=0.0)
    assert spans == [TimeSpan(3.0, 16.0, "PHONE")]
    two = "mail a@example.com a@example.com"
    merged = entity_time_spans([{"start": 0.0, "end": 32.0, "text": two}], padding_seconds=1.0)
    assert merged == [TimeSpan(4.0, 32.0, "EMAIL")]


@pytest.mark.parametrize("shape", [(16000,), (16000, 2)])
def test_silence_spans_zeroes_only_the_spans(shape: tuple[int, ...]) -> None:
    samples = np.ones(shape, dtype=np.float32)
    out = silence_spans(samples, 8000, [TimeSpan(0.5, 1.5, "PHONE"), (1.9, 3.0)])
    assert out[:4000].min() == 1.0 and out[4000:12000].max() == 0.0
    assert out[12000:15200].min() == 1.0 and out[15200:].max() == 0.0
    assert samples.min() == 1.0  # input untouched
