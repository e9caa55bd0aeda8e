"""The redaction that picks the segments whose words are timed is the one stored: computed once per transcript."""

from __future__ import annotations

from dataclasses import replace

import pytest
from polars.testing import assert_frame_equal

from pipelines.speech import transcriber
from pipelines.speech.options import Segment
from pipelines.speech.transcriber import MaskedSegments, RecordingTranscript, redact_recording

NAMES_OF = ("customer",)


def _call(answer: str) -> RecordingTranscript:
    return RecordingTranscript(
        duration_seconds=10.0, channels=2, language="ja", language_probability=None, speech_seconds=8.0,
        processing_seconds=0.1, segments=[Segment(0, 0.5, 2.0, "お電話番号をお願いします。"), Segment(1, 2.5, 4.0, answer),
                                          Segment(0, 4.5, 6.0, "ありがとうございます。")])


@pytest.fixture
def redactions(monkeypatch: pytest.MonkeyPatch) -> list[RecordingTranscript]:
    """The transcripts the real ``redact_recording`` is run on, in order."""
    seen: list[RecordingTranscript] = []

    def counted(transcript: RecordingTranscript, *args: object) -> object:
        seen.append(transcript)
        return redact_recording(transcript, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(transcriber, "redact_recording", counted)
    return seen


def test_the_transcript_asked_about_is_redacted_once(redactions: list[RecordingTranscript]) -> None:
    call = _call("090-1234-5678です。")
    masked = MaskedSegments("r1", 0, NAMES_OF)
    assert masked(call) == [1]  # the customer's phone number
    stored = masked.redacted(call)
    assert redactions == [call]  # not redacted a second time for storing
    assert stored.segments["text"].to_list() == ["お電話番号をお願いします。", "[PHONE]です。", "ありがとうございます。"]
    assert_frame_equal(stored.segments, redact_recording(call, "r1", 0, NAMES_OF).segments)
    assert_frame_equal(stored.spans, redact_recording(call, "r1", 0, NAMES_OF).spans)


def test_a_new_transcript_is_redacted_anew(redactions: list[RecordingTranscript]) -> None:
    """After words were aligned the transcript is a new one (times moved): its own redaction is stored, not the
    previous transcript's."""
    before = _call("090-1234-5678です。")
    masked = MaskedSegments("r1", 0, NAMES_OF)
    masked(before)
    after = replace(before, segments=[*before.segments[:1], replace(before.segments[1], start=2.7),
                                      *before.segments[2:]])
    assert masked.redacted(after).segments["start_seconds"].to_list() == [0.5, 2.7, 4.5]
    assert redactions == [before, after]


def test_nothing_masked_asks_for_no_words(redactions: list[RecordingTranscript]) -> None:
    call = _call("はい、わかりました。")
    masked = MaskedSegments("r1", 0, NAMES_OF)
    assert masked(call) == []
    assert masked.redacted(call).segments["text"].to_list()[1] == "はい、わかりました。"
    assert len(redactions) == 1
