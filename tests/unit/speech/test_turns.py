"""Segments → turns: merge order, roles by channel, hallucination and loop filtering."""

from __future__ import annotations

import polars as pl
import pytest

from transforms.transcripts import collapse_repetitions, flag_hallucinations, merge_turns


def _segments(rows: list[tuple[int, float, float, str]], no_speech: float = 0.1, ratio: float = 1.2) -> pl.DataFrame:
    channel, start, end, text = zip(*rows, strict=True)
    n = len(rows)
    return pl.DataFrame({
        "recording_id": ["r"] * n, "channel": list(channel), "start_seconds": list(start), "end_seconds": list(end),
        "text": list(text), "avg_logprob": [-0.3] * n, "no_speech_prob": [no_speech] * n,
        "compression_ratio": [ratio] * n,
    })


def _recording(channels: int = 2, agent_channel: int = 1, language: str = "en") -> pl.DataFrame:
    return pl.DataFrame({"recording_id": ["r"], "channels": [channels], "agent_channel": [agent_channel],
                         "language": [language]})


def test_channels_merge_in_time_order_and_same_role_neighbours_join() -> None:
    # agent on channel 1; channel 0's segments come first in the input but not in time
    segments = _segments([
        (0, 3.0, 5.0, "My order is late."), (0, 5.4, 6.0, "Again."), (1, 0.5, 2.5, "Thank you for calling."),
        (1, 4.8, 8.0, "Sorry about that."), (0, 12.0, 13.0, "Thanks."),
    ])
    turns = merge_turns(segments, _recording())
    # "Again." starts after the agent's overlapping 4.8 s turn, so it is a new customer turn; "Thanks." is 6 s later
    assert turns.select("seq", "role", "text").rows() == [
        (1, "agent", "Thank you for calling."),
        (2, "customer", "My order is late."),
        (3, "agent", "Sorry about that."),
        (4, "customer", "Again."),
        (5, "customer", "Thanks."),
    ]
    assert turns["start_seconds"].to_list() == [0.5, 3.0, 4.8, 5.4, 12.0]


def test_same_role_segments_within_a_second_form_one_turn_japanese_without_spaces() -> None:
    segments = _segments([(0, 0.5, 2.0, "お電話ありがとうございます。"), (0, 2.5, 4.0, "佐藤でございます。"),
                          (1, 5.0, 6.0, "はい"), (0, 7.0, 8.0, "承知しました。"), (0, 9.5, 10.0, "少々お待ちください。")])
    turns = merge_turns(segments, _recording(agent_channel=0, language="ja"))
    assert turns.select("role", "start_seconds", "end_seconds", "text").rows() == [
        ("agent", 0.5, 4.0, "お電話ありがとうございます。佐藤でございます。"),
        ("customer", 5.0, 6.0, "はい"),
        ("agent", 7.0, 8.0, "承知しました。"),
        ("agent", 9.5, 10.0, "少々お待ちください。"),  # 1.5 s gap > 1 s: a new turn
    ]


@pytest.mark.parametrize(
    ("text", "no_speech", "ratio", "reason"),
    [
        ("ご視聴ありがとうございました", 0.1, 1.0, "hallucination_phrase"),
        ("Thanks for watching!", 0.1, 1.0, "hallucination_phrase"),
        ("字幕作成：田中", 0.1, 1.0, "hallucination_phrase"),
        ("ありがとうございました", 0.9, 1.0, "no_speech"),
        ("ありがとうございました", 0.1, 1.0, None),  # said by a caller: kept
        ("a " * 40, 0.1, 3.1, "repetition_loop"),
        ("  ", 0.1, 1.0, "empty"),
        ("。", 0.9, 1.0, "empty"),  # what Whisper writes on line hiss with the gate off
        ("ご注文番号を教えていただけますか", 0.1, 1.0, None),
    ],
)
def test_hallucination_filter(text: str, no_speech: float, ratio: float, reason: str | None) -> None:
    flagged = flag_hallucinations(_segments([(0, 0.0, 1.0, text)], no_speech=no_speech, ratio=ratio))
    assert flagged["dropped_reason"].item() == reason


def test_dropped_segments_never_become_turns_and_music_is_a_hold_marker() -> None:
    segments = _segments([(1, 0.0, 2.0, "Thank you for calling."), (1, 3.0, 20.0, "♪"),
                          (0, 25.0, 27.0, "ご視聴ありがとうございました")])
    turns = merge_turns(segments, _recording())
    assert turns.select("role", "text").rows() == [("agent", "Thank you for calling."), ("system", "♪")]


def test_loops_inside_text_are_collapsed() -> None:
    assert collapse_repetitions("はいはいはいはいはい") == "はい"
    assert collapse_repetitions("I see. I see. I see. I see. Okay.") == "I see. Okay."
    assert collapse_repetitions("はいはい、わかりました") == "はいはい、わかりました"  # twice is speech, not a loop


def test_mono_recordings_are_unknown_unless_an_agent_phrase_decides() -> None:
    segments = _segments([(0, 0.0, 2.0, "Thank you for calling Koe."), (0, 4.0, 6.0, "My order is late.")])
    turns = merge_turns(segments, _recording(channels=1, agent_channel=None))
    assert turns["role"].to_list() == ["agent", "unknown"]
