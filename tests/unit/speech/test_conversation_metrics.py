"""Conversation metrics against hand-computed values."""

from __future__ import annotations

import polars as pl
import pytest

from transforms.conversation import conversation_metrics

# A 60 s English call (times in seconds):
#   agent     1-5   "Thank you for calling how can I help"        8 words, 4 s
#   customer  6-14  "my order is late again"                     5 words, 8 s
#   agent    13-15  "I am sorry"   (starts 1 s before the customer ends: agent interrupts, 1 s overlap)
#   ♪        16-40  hold music (system)
#   agent    41-43  "thanks for waiting"                        3 words
#   customer 55-58  "great thank you"                             3 words
TURNS = [
    (1, "agent", 1.0, 5.0, "Thank you for calling how can I help"),
    (2, "customer", 6.0, 14.0, "my order is late again"),
    (3, "agent", 13.0, 15.0, "I am sorry"),
    (4, "system", 16.0, 40.0, "♪"),
    (5, "agent", 41.0, 43.0, "thanks for waiting"),
    (6, "customer", 55.0, 58.0, "great thank you"),
]


def _metrics(turns: list[tuple], duration: float = 60.0, language: str = "en") -> dict:
    seq, role, start, end, text = zip(*turns, strict=True)
    frame = pl.DataFrame({"recording_id": "r", "seq": list(seq), "role": list(role), "start_seconds": list(start),
                          "end_seconds": list(end), "text": list(text)})
    calls = pl.DataFrame({"recording_id": ["r"], "duration_seconds": [duration], "language": [language]})
    fake_sentiment = lambda texts: [-0.5 if "late" in t else 0.8 for t in texts]  # noqa: E731
    return conversation_metrics(frame, calls, score_texts=fake_sentiment).row(0, named=True)


def test_talk_silence_hold_overlap_and_rates_match_hand_computation() -> None:
    m = _metrics(TURNS)
    assert m["agent_talk_seconds"] == pytest.approx(4 + 2 + 2)
    assert m["customer_talk_seconds"] == pytest.approx(8 + 3)
    assert m["agent_talk_ratio"] == pytest.approx(8 / 19)
    # talk union: 1-5, 6-15, 41-43, 55-58 = 4 + 9 + 2 + 3 = 18 s → silence 42 s (hold music is not talk)
    assert m["silence_seconds"] == pytest.approx(42.0)
    assert m["silence_ratio"] == pytest.approx(0.7)
    assert m["longest_silence_seconds"] == pytest.approx(26.0)  # 15 → 41 (music included: nobody talks)
    # holds: the 26 s and 12 s silences (>= 10 s) + one music mark of 24 s
    assert (m["hold_count"], m["hold_seconds"]) == (3, pytest.approx(26 + 12 + 24))
    assert (m["overlap_count"], m["overlap_seconds"]) == (1, pytest.approx(1.0))
    assert (m["agent_interruptions"], m["customer_interruptions"]) == (1, 0)
    assert m["agent_speaking_rate"] == pytest.approx((8 + 3 + 3) / 8 * 60)  # words per minute
    assert m["customer_speaking_rate"] == pytest.approx((5 + 3) / 11 * 60)
    assert m["speaking_rate_unit"] == "words_per_minute"
    assert m["time_to_first_agent_seconds"] == 1.0
    assert (m["customer_sentiment_start"], m["customer_sentiment_end"]) == (-0.5, 0.8)


def test_japanese_rate_counts_characters_without_punctuation() -> None:
    m = _metrics([(1, "agent", 0.0, 6.0, "お電話、ありがとうございます。"), (2, "customer", 7.0, 10.0, "はい")], 10.0, "ja")
    assert m["agent_speaking_rate"] == pytest.approx(13 / 6 * 60)  # お電話ありがとうございます = 13 characters
    assert m["speaking_rate_unit"] == "chars_per_minute"


def test_a_silent_call_is_all_silence_with_no_rates() -> None:
    calls = pl.DataFrame({"recording_id": ["r"], "duration_seconds": [30.0], "language": [None]},
                         schema_overrides={"language": pl.String})
    empty = pl.DataFrame(schema={"recording_id": pl.String, "seq": pl.Int32, "role": pl.String,
                                 "start_seconds": pl.Float64, "end_seconds": pl.Float64, "text": pl.String})
    m = conversation_metrics(empty, calls, score_texts=lambda texts: [0.0] * len(texts)).row(0, named=True)
    assert (m["silence_seconds"], m["silence_ratio"], m["agent_talk_seconds"]) == (30.0, 1.0, 0.0)
    assert m["agent_talk_ratio"] is None and m["customer_sentiment_start"] is None


def test_stored_turn_sentiment_is_read_and_only_unstored_turns_are_scored() -> None:
    """A call's start and end are the mean of its customer turns' stored scores (asset message_sentiment), the
    definition of marts.contact_sentiment; the model runs only for a turn that has no stored score."""
    turns = [(1, "customer", 0.0, 2.0, "hello"), (2, "customer", 3.0, 5.0, "my order is late"),
             (3, "agent", 6.0, 8.0, "sorry"), (4, "customer", 9.0, 11.0, "ok then"),
             (5, "customer", 12.0, 14.0, "thanks a lot")]
    seq, role, start, end, text = zip(*turns, strict=True)
    frame = pl.DataFrame({"recording_id": "r", "seq": list(seq), "role": list(role), "start_seconds": list(start),
                          "end_seconds": list(end), "text": list(text),
                          "sentiment": [0.2, -0.8, None, 0.0, None]})
    calls = pl.DataFrame({"recording_id": ["r"], "duration_seconds": [20.0], "language": ["en"]})
    asked: list[str] = []

    def scorer(texts: list[str]) -> list[float]:
        asked.extend(texts)
        return [0.6] * len(texts)

    m = conversation_metrics(frame, calls, score_texts=scorer).row(0, named=True)
    assert asked == ["thanks a lot"]  # the agent's unscored turn is not customer sentiment; stored turns not rescored
    assert m["customer_sentiment_start"] == pytest.approx((0.2 - 0.8) / 2)
    assert m["customer_sentiment_end"] == pytest.approx((0.0 + 0.6) / 2)
