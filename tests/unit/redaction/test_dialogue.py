"""Names in dialogue context: answers to a request for the name, whose names are masked, and QA verdicts kept."""

from __future__ import annotations

import polars as pl
import pytest

from qa_rubrics import load_all
from tests.unit.qa.casekit import CASES, case_frames, load_case
from transforms.qa.scoring import score_interactions
from transforms.redaction import redact_frame
from transforms.redaction.dialogue import Turn, answered_name, redact_dialogue
from transforms.redaction.frame import DialogueColumns
from transforms.redaction.transcript import redact_transcript

ASK_JA = Turn("agent", "ご本人様確認のため、お名前と生年月日をお願いいたします。")
ASK_EN = Turn("agent", "For verification, could you please confirm your full name and date of birth?")


@pytest.mark.parametrize(("ask", "answer", "masked"), [
    (ASK_JA, "山田花子です。生年月日は1985年4月12日です。", "[NAME]です。生年月日は[DOB]です。"),
    (ASK_JA, "山田鼻子です。", "[NAME]です。"),  # Whisper's spelling: the context carries it, not a name list
    (ASK_JA, "はい、ヤマダハナコと申します", "はい、[NAME]と申します"),
    (ASK_JA, "えっと、名前は鈴木翔太です", "えっと、名前は[NAME]です"),
    (Turn("agent", "ご契約者様のお名前をフルネームでお願いします"), "契約者は山田花子です", "契約者は[NAME]です"),
    (ASK_EN, "It's Jane Smith, born April 12, 1985.", "It's [NAME], born [DOB]."),
    (ASK_EN, "Jane Smith here", "[NAME] here"),
    (Turn("agent", "Who am I speaking with?"), "Sure, Jane Smith.", "Sure, [NAME]."),
])
def test_a_name_given_in_answer_to_a_request_is_masked(ask: Turn, answer: str, masked: str) -> None:
    assert redact_dialogue([ask, Turn("customer", answer)]) == [ask.text, masked]


def test_the_answer_may_come_a_turn_later_and_only_answers_count() -> None:
    turns = [ASK_JA, Turn("customer", "はい。"), Turn("customer", "山田花子です。")]
    assert redact_dialogue(turns)[2] == "[NAME]です。"
    # Without the request the same words are left alone: no name list, no guess.
    assert redact_dialogue([Turn("agent", "ご用件をお伺いします"), Turn("customer", "山田花子です。")])[1] == "山田花子です。"
    # Only the next two answering turns: a later 「携帯です」-like noun phrase is not a name.
    late = [ASK_JA, Turn("customer", "はい。"), Turn("customer", "少々お待ちください。"), Turn("customer", "田中です")]
    assert redact_dialogue(late)[3] == "田中です"


@pytest.mark.parametrize("answer", ["はい、お願いします", "本人です", "携帯です", "[DOB]です", "Yes.", "Okay, thank you.",
                                    "The order number is A12345.", "Hold on", "I'm calling about my bill"])
def test_answers_without_a_name_keep_every_word(answer: str) -> None:
    assert answered_name(answer) is None
    assert redact_dialogue([ASK_JA if answer[0] > "~" else ASK_EN, Turn("customer", answer)])[1] == answer


AGENT_JA = Turn("agent", "お電話ありがとうございます。Koeサポートセンターの佐藤でございます。")
AGENT_EN = Turn("agent", "Thank you for calling Koe support, this is Sato speaking.")
CLOSING_JA = Turn("agent", "本日は佐藤が承りました。山田様、お電話ありがとうございました。")


def test_agent_names_are_kept_by_default_and_masked_when_the_setting_says_so() -> None:
    turns = [AGENT_JA, AGENT_EN, CLOSING_JA]
    assert redact_dialogue(turns) == [AGENT_JA.text, AGENT_EN.text, "本日は佐藤が承りました。[NAME]様、お電話ありがとうございました。"]
    assert redact_dialogue(turns, names_of=("customer", "agent")) == [
        "お電話ありがとうございます。Koeサポートセンターの[NAME]でございます。",
        "Thank you for calling Koe support, this is [NAME] speaking.",
        "本日は[NAME]が承りました。[NAME]様、お電話ありがとうございました。",
    ]
    # names_of=("agent",): the customer's answered name stays, the agent's goes.
    assert redact_dialogue([AGENT_JA, ASK_JA, Turn("customer", "山田花子です")], names_of=("agent",))[::2] == [
        "お電話ありがとうございます。Koeサポートセンターの[NAME]でございます。", "山田花子です"]


def test_a_customer_introducing_themself_is_the_customers_name() -> None:
    assert redact_dialogue([Turn("customer", "山田と申します")]) == ["[NAME]と申します"]


def test_loaded_messages_are_redacted_as_dialogue_with_raw_roles_and_string_seq() -> None:
    rows = pl.DataFrame({
        "call": ["a", "a", "a", "b", "b"], "n": ["10", "2", "1", "1", "2"],
        "speaker": ["お客様", "オペレーター", "オペレーター", "agent", "customer"],
        "body": ["山田鼻子です", ASK_JA.text, AGENT_JA.text, ASK_EN.text, "Jane Smith here"],
    })
    out = redact_frame(rows, ["body"], DialogueColumns("call", "n", "speaker"))
    assert out["body"].to_list() == ["[NAME]です", ASK_JA.text, AGENT_JA.text, ASK_EN.text, "[NAME] here"]
    everyone = redact_frame(rows, ["body"], DialogueColumns("call", "n", "speaker"), ("customer", "agent"))
    assert "[NAME]" in everyone["body"][2]


def _segments(texts: list[tuple[int, float, float, str]], words: list[list[dict]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"recording_id": "r1", "channel": [t[0] for t in texts], "start_seconds": [t[1] for t in texts],
         "end_seconds": [t[2] for t in texts], "text": [t[3] for t in texts], "avg_logprob": -0.2,
         "no_speech_prob": 0.01, "compression_ratio": 1.2, "words": words},
        schema_overrides={"words": pl.List(pl.Struct({"word": pl.String, "start": pl.Float64, "end": pl.Float64}))},
    )


def test_whisper_segments_are_masked_with_the_time_spans_of_masked_words() -> None:
    words = [{"word": w, "start": s, "end": e} for w, s, e in
             [("山田", 10.0, 10.4), ("鼻", 10.4, 10.6), ("子", 10.6, 10.8), ("です", 10.8, 11.2), ("。", 11.2, 11.3)]]
    segments = _segments([(0, 0.0, 4.0, AGENT_JA.text), (0, 5.0, 9.0, ASK_JA.text), (1, 10.0, 12.0, "山田鼻子です。")],
                         [[], [], words])
    recordings = pl.DataFrame({"recording_id": ["r1"], "channels": [2], "agent_channel": [0]})
    result = redact_transcript(segments, recordings)
    assert result.segments["text"].to_list() == [AGENT_JA.text, ASK_JA.text, "[NAME]です。"]
    assert "words" not in result.segments.columns  # they hold the unmasked text
    assert result.spans.rows() == [("r1", "NAME", 10.0, 11.05)]  # 山田鼻子 said 10.0-10.8 s, padded 0.25 s
    both = redact_transcript(segments, recordings, names_of=("customer", "agent"))
    assert both.segments["text"][0].endswith("Koeサポートセンターの[NAME]でございます。")
    assert both.spans.height == 2 and both.spans["start_seconds"][0] < 4.0


EN_GREETING_ONLY = {"interaction": {"channel": "phone", "language": "en"}, "messages": [
    {"role": "agent", "at": 0, "text": AGENT_EN.text}, {"role": "customer", "at": 4, "text": "Hi, my card was charged twice."},
    {"role": "agent", "at": 8, "text": ASK_EN.text}, {"role": "customer", "at": 12, "text": "Jane Smith here"}]}


@pytest.mark.parametrize(("rubric_id", "case"), [
    ("ja_call_center", load_case(CASES / "ja_call_center" / "model_call.yaml")),
    ("en_call_center", load_case(CASES / "en_call_center" / "model_call.yaml")),
    ("en_call_center", EN_GREETING_ONLY),  # "this is [NAME] speaking" is the only self-introduction
])
def test_masking_every_name_changes_no_qa_verdict(rubric_id: str, case: dict) -> None:
    rubric = {r.id: r for r in load_all()}[rubric_id]
    interactions, messages = case_frames(case)
    masked = redact_frame(messages, ["text"], DialogueColumns(), names_of=("customer", "agent"))
    assert masked["text"].str.contains(r"\[NAME\]").sum() >= 2  # the agent's greeting and the customer's answer

    def verdicts(frame: pl.DataFrame) -> dict[str, str]:
        return dict(score_interactions([rubric], interactions, frame).answers.select("criterion_id", "answer").rows())

    assert verdicts(masked) == verdicts(messages)


def test_a_date_answered_to_a_birth_date_request_is_masked_whatever_the_engine_wrote_for_the_word() -> None:
    """Whisper wrote 生年学期 for 生年月日 in the demo's call: the request, not the word in the answer, makes it a DOB."""
    from transforms.redaction.dialogue import Turn, redact_dialogue

    turns = [Turn("agent", "ご本人様確認のため、お名前と生年月日をお願いいたします。"),
             Turn("customer", "山田鼻子です。生年学期は1985年4月12日です。"),
             Turn("agent", "Could I have your date of birth?"), Turn("customer", "Sure, it's March 3, 1985."),
             Turn("agent", "ご予約の日はいつですか。"), Turn("customer", "2026年12月3日です。")]
    assert redact_dialogue(turns) == [
        turns[0].text, "[NAME]です。生年学期は[DOB]です。", turns[2].text, "Sure, it's [DOB].",
        turns[4].text, "2026年12月3日です。"]  # a date with no birth-date request stays
