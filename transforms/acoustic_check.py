"""Keyword verification by acoustic rescoring: where a segment may hold a rubric phrase or a configured name that
Whisper wrote as something else, and the rule that decides whether the audio says the phrase.

Whisper base sometimes writes a phrase so far from what was said that no text bound can match it without also
matching near-misses: 「さっき使えなければ」 for 差し支えなければ, "or Immanuel" for "I'm Daniel". The text alone cannot
tell; the model can. A stretch of a segment that sounds loosely like a phrase (its kana reading, or for English its
letters, within one edit per ``LOOSE_PER_EDIT`` sounds — looser than ``transforms.qa.sounds``) is a *candidate*:
the engine teacher-forces the segment's 30 s pass twice on the same audio and the same prompt, once as Whisper wrote
it and once with the stretch replaced by the phrase, and returns the difference of the two log-likelihoods (Δ,
``pipelines.speech.engines``). The phrase is *accepted* when the model finds the phrase version at least as likely
as its own output (Δ ≥ 0, no tuned margin): beam search missed it, the audio fits it. A near-miss the agent did not
say (「お待たせしました」 for お待たせいたしました) leaves Whisper's own, correct text the more likely one.

The phrases are the ones the decoding prompt is built from (``transforms.decoding_prompt``): configured names and
what an agent passes a criterion with — never an NG word or a customer cue, so an accepted alternative can only add
words an agent passes with. The QA detectors read the accepted ones (``transforms.qa.detectors``) beside the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from rapidfuzz import fuzz

from qa_rubrics import Rubric
from transforms.decoding_prompt import rubric_phrases
from transforms.qa.sounds import closest, max_edits, reading_of, sound_of
from transforms.text_ja import is_japanese

ACOUSTIC_CHECK_VERSION = 1  # part of the transcription key: raise it when the candidates or the rule change
LOOSE_PER_EDIT = 3  # a candidate: one edit per three kana or letters (the text matcher allows one per five or six)
MIN_SOUNDS = 4  # shorter phrases are not checked: too many stretches of any text sound like them
PREFILTER_RATIO = 50  # rapidfuzz partial ratio below which a pair is not aligned
_PRONOUN_I = re.compile(r"\bi\b")
ALTERNATIVE_TYPE = pl.List(pl.Struct({"heard": pl.String, "phrase": pl.String, "delta": pl.Float64}))


@dataclass(frozen=True)
class Candidate:
    """A stretch of a segment's text (``text[start:end]`` = ``heard``) that may be ``phrase`` misheard."""

    heard: str
    phrase: str
    start: int
    end: int

    def replaced(self, text: str) -> str:
        """The segment's text with the stretch replaced by the phrase, written as Whisper writes (its first letter
        cased as the stretch's, "I" capital): the model is asked about the words, not about their case."""
        phrase = self.phrase if is_japanese(self.phrase) else _PRONOUN_I.sub("I", self.phrase)  # rubrics: "i'm"
        if self.heard[:1].isupper() and phrase[:1].islower():
            phrase = phrase[:1].upper() + phrase[1:]
        return text[: self.start] + phrase + text[self.end :]


@dataclass(frozen=True)
class Alternative:
    """An accepted candidate: what Whisper wrote, the phrase the audio fits, and by how much (Δ log-likelihood)."""

    heard: str
    phrase: str
    delta: float


def checked_phrases(language: str, names: Sequence[str], rubrics: Sequence[Rubric]) -> tuple[str, ...]:
    """Names and every phrase an agent passes a criterion with, in the language (the decoding prompt's source)."""
    phrases = [n.strip() for n in names if n.strip()] + rubric_phrases(rubrics, language, per_list=None)
    return tuple(p for p in dict.fromkeys(phrases) if len(sound_of(p)) >= MIN_SOUNDS)


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """An English stretch widened to whole words."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "'"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "'"):
        end += 1
    return start, end


def _candidate(text: str, phrase: str) -> Candidate | None:
    """The stretch of ``text`` closest to ``phrase`` by sound, if loosely near but not near enough for the text
    matcher (that one already finds it) and not the phrase as written."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if phrase.lower() in folded or len(folded) != len(text):  # positions of the folded text must be the text's
        return None
    wanted, reading = sound_of(phrase), reading_of(text)
    if not wanted or fuzz.partial_ratio(wanted, reading.sound) < PREFILTER_RATIO:
        return None
    distance, first, last = closest(wanted, reading.sound)
    if distance <= max_edits(wanted) or distance > len(wanted) // LOOSE_PER_EDIT or last <= first:
        return None
    start, end = reading.spans[first][0], reading.spans[last - 1][1]
    if not is_japanese(wanted):
        start, end = _word_bounds(text, start, end)
    heard = text[start:end]
    return Candidate(heard, phrase, start, end) if heard.strip() and heard.lower() != phrase.lower() else None


def _written_phrases(text: str, phrases: Sequence[str]) -> list[tuple[int, int]]:
    """Where the text already has one of the phrases as written."""
    folded = unicodedata.normalize("NFKC", text).lower()
    spans = []
    for phrase in phrases:
        start = folded.find(phrase.lower())
        while start >= 0:
            spans.append((start, start + len(phrase)))
            start = folded.find(phrase.lower(), start + 1)
    return spans


def candidates(text: str, phrases: Sequence[str]) -> list[Candidate]:
    """Every phrase that may have been said where the text has something else, one stretch per phrase; never over
    a stretch that already is a checked phrase as written ("thank you for holding" is not checked for "calling")."""
    written = _written_phrases(text, phrases)
    found = [c for phrase in phrases if (c := _candidate(text, phrase)) is not None
             and not any(c.start < end and start < c.end for start, end in written)]
    return list({(c.start, c.end, c.phrase): c for c in found}.values())


def accepted(delta: float) -> bool:
    """The rule: the phrase is heard when the model scores it at least as likely as what it wrote."""
    return delta >= 0.0


def evidence(alternative: Alternative) -> str:
    """What a reviewer reads, in the phrase's language."""
    if is_japanese(alternative.phrase):
        return f"「{alternative.heard}」と認識、音声は「{alternative.phrase}」に一致（音響照合）"
    return f"heard “{alternative.heard}”, the audio fits “{alternative.phrase}” (acoustic check)"


def still_heard(frame: pl.DataFrame) -> pl.DataFrame:
    """``alternatives`` kept only where the text still holds what was heard: a stretch the redaction masked (a
    name, a number) is not stored unmasked in an alternative."""
    if "alternatives" not in frame.columns:
        return frame
    kept = [[a for a in (alts or []) if a["heard"] in text] for text, alts in
            zip(frame["text"].to_list(), frame["alternatives"].to_list(), strict=True)]
    return frame.with_columns(pl.Series("alternatives", kept, ALTERNATIVE_TYPE))
