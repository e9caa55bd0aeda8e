"""Whisper's initial prompt from the configured names and the rubric phrases (issue 18)."""

from __future__ import annotations

from qa_rubrics import load_all
from transforms.decoding_prompt import MAX_PROMPT_CHARS, decoding_prompt, rubric_phrases

RUBRICS = load_all()


def test_prompt_has_the_names_then_what_agents_should_say() -> None:
    prompt = decoding_prompt("ja", ["Koe", "佐藤", "Koe"], RUBRICS)
    assert prompt.startswith("Koe、佐藤。お電話ありがとうございます。")
    assert "お名前と生年月日" in prompt and len(prompt) <= MAX_PROMPT_CHARS["ja"]
    english = decoding_prompt("en", ["Koe support"], RUBRICS)
    assert english.startswith("Koe support. Thank you for calling.") and "date of birth" not in english.split(". ")[0]


def test_no_ng_word_or_customer_cue_can_be_primed() -> None:
    ja, en = rubric_phrases(RUBRICS, "ja", per_list=100), rubric_phrases(RUBRICS, "en", per_list=100)
    assert not {"知りません", "無理です", "了解しました", "届かない", "お電話代わりました"} & set(ja)
    assert not {"calm down", "whatever", "that's not my problem", "may be recorded"} & set(en)  # bot's IVR cue is N/A
    assert "ご迷惑をおかけして申し訳ございません" in ja and "i'm sorry to hear" in en


def test_no_rubric_of_the_language_no_phrases() -> None:
    assert decoding_prompt("fr", [], RUBRICS) == ""
    assert decoding_prompt("fr", ["Koe"], RUBRICS) == "Koe."
