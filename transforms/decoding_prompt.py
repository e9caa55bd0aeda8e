"""The domain vocabulary Whisper decodes with: company, product and agent names and the rubric phrases.

Whisper's initial prompt is read as the text that came before the audio, so words in it are more likely to be
written the same way (Koe rather than 経由い, 生年月日 rather than 青年学気). Only what an agent should say goes in:
the phrases of agent-scorecard detectors, never those inside a ``not`` (NG words) or a ``na_when`` (customer cues),
so the prompt cannot make Whisper write a word that fails an agent or makes a criterion N/A.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from qa_rubrics import Rubric, schema

MAX_PROMPT_CHARS = {"ja": 200, "en": 400}  # Whisper keeps the last 223 prompt tokens; a kana or kanji is ~1 token
_JOIN = {"ja": ("、", "。"), "en": (", ", ". ")}


def _said_by_agent(detector: schema.Detector | None) -> Iterator[list[str]]:
    """Phrase lists an agent passes a criterion with (``not`` branches skipped)."""
    match detector:
        case schema.PhraseDetector(speaker="agent" | "any"):
            yield list(detector.phrases)
        case schema.OrderDetector():
            yield from _said_by_agent(detector.first)
            yield from _said_by_agent(detector.then)
        case schema.AllOf():
            for child in detector.all_of:
                yield from _said_by_agent(child)
        case schema.AnyOf():
            for child in detector.any_of:
                yield from _said_by_agent(child)


def rubric_phrases(rubrics: Sequence[Rubric], language: str, per_list: int | None = 2) -> list[str]:
    """The first ``per_list`` phrases (None: all) of each agent phrase list of the language's agent scorecards, in rubric
    order, once each (a phrase inside one already taken is skipped)."""
    phrases: list[str] = []
    for rubric in rubrics:
        if rubric.kind != "agent_scorecard" or language not in rubric.languages or "phone" not in rubric.channels:
            continue
        for _, criterion in rubric.criteria():
            for listed in _said_by_agent(criterion.detector):
                for phrase in listed[:per_list]:
                    if not any(phrase.lower() in taken.lower() for taken in phrases):
                        phrases.append(phrase)
    return phrases


def decoding_prompt(language: str, names: Sequence[str], rubrics: Sequence[Rubric]) -> str:
    """Names first (they are what Whisper gets wrong most), then rubric phrases, cut to the language's budget."""
    word_sep, sentence_sep = _JOIN.get(language, _JOIN["en"])
    limit = MAX_PROMPT_CHARS.get(language, MAX_PROMPT_CHARS["en"])
    prompt = word_sep.join(dict.fromkeys(n.strip() for n in names if n.strip()))
    prompt = prompt + sentence_sep if prompt else ""
    for phrase in rubric_phrases(rubrics, language):
        sentence = phrase[:1].upper() + phrase[1:] + sentence_sep
        if len(prompt) + len(sentence) > limit:
            break
        prompt += sentence
    return prompt.strip()


def decoding_prompts(languages: Sequence[str], names: Sequence[str], rubrics: Sequence[Rubric]) -> tuple[tuple[str, str], ...]:
    """``TranscribeOptions.prompts``: one prompt per language."""
    return tuple((language, decoding_prompt(language, names, rubrics)) for language in languages)
