"""Keyword verification by acoustic rescoring, the text side (issue 18): which stretches are checked against the
audio, what the reviewer reads, and how QA uses an accepted alternative — a phrase an agent passes with, never an
NG word or an N/A cue. The audio side (the engine's Δ log-likelihood) is tests/e2e/test_acoustic_check_whisper.py."""

from __future__ import annotations

import polars as pl

from qa_rubrics import load_all
from tests.unit.qa.casekit import case_frames
from transforms.acoustic_check import (
    ALTERNATIVE_TYPE,
    Alternative,
    Candidate,
    accepted,
    candidates,
    checked_phrases,
    evidence,
    still_heard,
)
from transforms.qa.scoring import score_interactions

RUBRICS = load_all()
JA = checked_phrases("ja", ["Koeサポートセンター", "佐藤"], RUBRICS)
EN = checked_phrases("en", ["Koe support", "Daniel"], RUBRICS)


def test_stretches_whisper_wrote_beyond_the_text_bound_are_candidates() -> None:
    (found,) = [c for c in candidates("さっき使えなければ、お名前をお願いします", JA) if c.phrase == "差し支えなければ"]
    assert found.heard == "さっき使えなければ"
    assert found.replaced("さっき使えなければ、お名前をお願いします") == "差し支えなければ、お名前をお願いします"
    (name,) = [c for c in candidates("Hi, or Immanuel speaking.", EN) if c.phrase == "Daniel"]
    assert name.heard == "Immanuel" and name.replaced("Hi, or Immanuel speaking.") == "Hi, or Daniel speaking."


def test_no_candidate_where_the_text_already_has_the_phrase_or_nothing_like_it() -> None:
    assert not [c for c in candidates("差し支えなければ、お名前をお願いします", JA) if c.phrase == "差し支えなければ"]
    assert not candidates("今日はいい天気ですね", JA)
    assert not [c for c in candidates("Thank you for calling Koe support.", EN) if "calling" in c.phrase]


def test_the_stretch_keeps_the_case_of_the_text() -> None:
    assert Candidate("Sank you", "thank you for calling", 0, 8).replaced("Sank you.") == "Thank you for calling."
    assert Candidate("so story to here", "i'm sorry to hear", 5, 21).replaced("I am so story to here that.") == (
        "I am I'm sorry to hear that.")


def test_no_ng_word_or_customer_cue_is_ever_checked() -> None:
    assert not {"知りません", "無理です", "届かない"} & set(JA)
    assert not {"calm down", "whatever", "that's not my problem"} & set(EN)
    assert {"差し支えなければ", "Koeサポートセンター"} <= set(JA) and {"Daniel", "i'm sorry to hear"} <= set(EN)
    assert "佐藤" not in JA  # two kana: too many stretches of any text sound like it


def test_the_rule_accepts_a_phrase_at_least_as_likely_as_whisper_s_text() -> None:
    assert accepted(0.0) and accepted(2.5)
    assert not accepted(-0.01)


def test_evidence_says_what_was_heard_and_what_the_audio_fits() -> None:
    assert evidence(Alternative("さっき使えなければ", "差し支えなければ", 1.2)) == (
        "「さっき使えなければ」と認識、音声は「差し支えなければ」に一致（音響照合）")
    assert evidence(Alternative("Immanuel", "Daniel", 0.4)) == (
        "heard “Immanuel”, the audio fits “Daniel” (acoustic check)")


def test_an_alternative_on_masked_text_is_dropped() -> None:
    frame = pl.DataFrame({"text": ["[NAME]です", "さっき使えなければ"], "alternatives": pl.Series(
        [[{"heard": "鈴木", "phrase": "佐藤", "delta": 0.2}],
         [{"heard": "さっき使えなければ", "phrase": "差し支えなければ", "delta": 1.0}]], dtype=ALTERNATIVE_TYPE)})
    assert still_heard(frame)["alternatives"].list.len().to_list() == [0, 1]


def _answers(language: str, texts: list[tuple[str, str]], alternatives: dict[int, Alternative]) -> dict[str, str]:
    case = {"interaction": {"language": language},
            "messages": [{"role": role, "at": 5 * i, "text": text} for i, (role, text) in enumerate(texts)]}
    interactions, messages = case_frames(case)
    column = [[alternatives[i].__dict__] if i in alternatives else [] for i in range(len(texts))]
    messages = messages.with_columns(alternatives=pl.Series(column, dtype=ALTERNATIVE_TYPE))
    scored = score_interactions(RUBRICS, interactions, messages)
    return dict(scored.answers.select("criterion_id", "answer").iter_rows())


ENGLISH_CALL = [("agent", "Thank you for calling Koe support, this is Daniel."),
                ("customer", "Hi. I can't log in to the app, it's really frustrating."),
                ("agent", "I am so story to here that."),
                ("agent", "Come down to the store tomorrow.")]


def test_an_accepted_alternative_passes_the_criterion_and_says_so() -> None:
    misheard = Alternative("I am so story to here", "i'm sorry to hear", 1.3)
    assert _answers("en", ENGLISH_CALL, {})["empathy"] == "fail"
    assert _answers("en", ENGLISH_CALL, {2: misheard})["empathy"] == "pass"


def test_an_alternative_never_adds_an_ng_word() -> None:
    """Checked phrases never hold one (above); the NG detectors (inside a ``not``) ignore alternatives anyway."""
    ng_word = Alternative("Come down", "calm down", 5.0)
    assert _answers("en", ENGLISH_CALL, {})["prohibited_language"] == "pass"
    assert _answers("en", ENGLISH_CALL, {3: ng_word})["prohibited_language"] == "pass"
