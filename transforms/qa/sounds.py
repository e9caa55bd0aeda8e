"""How a phrase sounds, so rubric phrases still match when Whisper spelled them wrong.

Whisper base writes what it heard with the wrong characters: 青年学気 for 生年月日, ごめんわく for ご迷惑,
受けたまわりました for 承りました, "Humber" for "number". Spelled differently, they sound (almost) the same:
Japanese is compared on its kana reading (MeCab with the IPA dictionary, already loaded for sentiment), English on
its letters and on its Metaphone keys. Both sides are folded the same way (katakana, long-vowel marks dropped,
ヲ/ヅ/ヂ → オ/ズ/ジ; a hard "c" written "k"; a run of one sound → one: を+お → オ, "ll" → "l"). A phrase matches where
some stretch of the text is within ``max_edits`` of it (Levenshtein distance to the best-matching substring, a
semi-global alignment): one edit per five kana or six letters, none below that, so a word that only shares a few
sounds never matches.

English letters miss a misheard vowel sound ("that is oil" for "that is all": 2 of 8 letters). Metaphone
(jellyfish) keeps each word's consonant sounds and only its first vowel, which is folded to "A" here (oil/all →
AL): "that is oil" and "that is all" both key 0TASAL. Keys are shorter than letters and lose the vowels, so they
get their own, stricter bound: one edit per seven key letters, none below.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
import numpy as np
from rapidfuzz import fuzz, process

from transforms.text_ja import is_japanese

KANA_PER_EDIT = 5  # a kana is a syllable: one edit per five of them
LETTERS_PER_EDIT = 6  # "thank you for holding" (3 edits) must not be "thank you for calling"
# Metaphone keys: none below 7 key letters ("that is it" 0TASAT must not be "that is all" 0TASAL, so "not in oil"
# NTANAL is not "not at all" NTATAL either); "thank you for holding" 0NKYFRHLTNK is 2 edits from 0NKYFRKLNK.
KEY_LETTERS_PER_EDIT = 7
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Within the bound, the best window's partial ratio stays above this; pairs below it are not aligned.
PREFILTER_RATIO = 60
_KANA_FOLD = {"ヲ": "オ", "ヅ": "ズ", "ヂ": "ジ", "ー": ""}


@dataclass(frozen=True)
class Reading:
    """The sound of a text and, for each of its characters, the stretch of the text it came from
    (``spans[i]`` = start, end), so a match can quote what was actually written."""

    text: str
    sound: str
    spans: tuple[tuple[int, int], ...]

    def written(self, start: int, end: int) -> str:
        """The text written for sound characters ``start:end``."""
        return self.text[self.spans[start][0] : self.spans[end - 1][1]] if end > start else ""


@dataclass(frozen=True)
class SoundMatch:
    phrase: str
    phrase_sound: str
    heard: str  # the words of the text that matched
    heard_sound: str
    distance: int

    form: str = ""  # "" for the reading or letters; "Metaphone" for English keys

    def evidence(self) -> str:
        """What a reviewer reads: which phrase, what was written, how both sound and how far apart they are."""
        form = f"{self.form} " if self.form else ""
        return (f"≈{self.phrase} (heard 「{self.heard}」, {form}{self.heard_sound} ~ {self.phrase_sound}, "
                f"distance {self.distance})")


@lru_cache(maxsize=2)
def _tagger(output: str = ""):  # noqa: ANN202 - MeCab has no stubs
    import ipadic
    import MeCab

    return MeCab.Tagger(f"{ipadic.MECAB_ARGS} {output}".strip())


def _fold(kana: str) -> str:
    """One morpheme's reading (or its letters) in the compared form, before runs are collapsed."""
    out = []
    for char in kana:
        if "\u3041" <= char <= "\u3096":  # hiragana (unknown words keep their surface)
            char = chr(ord(char) + 0x60)
        char = _KANA_FOLD.get(char, char)
        if char and ("\u30a1" <= char <= "\u30fa" or char.isascii() and char.isalnum()):
            out.append(char)
    return "".join(out)


def _hard_c(chars: list[str]) -> list[str]:
    """English "c" before a, o, u, a consonant or at the end sounds "k" ("co-support" / "koe support")."""
    return ["k" if c == "c" and (i + 1 == len(chars) or chars[i + 1] not in "eiyh") else c for i, c in enumerate(chars)]


def _collapse(chars: Sequence[str]) -> list[int]:
    """Indexes of the characters kept when runs of one character become one."""
    return [i for i, c in enumerate(chars) if i == 0 or chars[i - 1] != c]


def _fold_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=500_000)
def sound_of(text: str) -> str:
    """The compared form of a text (fast path: MeCab's reading in one call); equals ``reading_of(text).sound``."""
    folded = _fold_text(text)
    raw = _fold(_tagger("-Oyomi").parse(folded)) if is_japanese(folded) else "".join(_hard_c(list(_fold(folded))))
    return "".join(raw[i] for i in _collapse(raw))


def reading_of(text: str) -> Reading:
    """The sound of one text with where each sound came from (morpheme by morpheme for Japanese)."""
    folded = _fold_text(text)
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    if is_japanese(folded):
        node, position = _tagger().parseToNode(folded), 0
        while node is not None:
            if node.surface:
                start = folded.find(node.surface, position)
                position = start + len(node.surface)
                features = node.feature.split(",")
                kana = _fold(features[7] if len(features) > 7 and features[7] != "*" else node.surface)
                chars += kana
                spans += [(start, position)] * len(kana)
            node = node.next
    else:
        for i, char in enumerate(folded):
            letters = _fold(char)
            chars += letters
            spans += [(i, i + 1)] * len(letters)
        chars = _hard_c(chars)
    kept = _collapse(chars)
    return Reading(folded, "".join(chars[i] for i in kept),
                   tuple((spans[i][0], spans[j - 1][1]) for i, j in zip(kept, [*kept[1:], len(chars)], strict=True)))


def _word_key(word: str) -> str:
    """A word's Metaphone key, its first vowel folded to "A" (Whisper mishears vowels first); digits as written."""
    if word.isdigit():
        return word
    key = jellyfish.metaphone(word)
    return "A" + key[1:] if key[:1] in ("A", "E", "I", "O", "U") else key


def key_reading_of(text: str) -> Reading:
    """An English text's Metaphone keys, word by word, with the word each key letter came from."""
    folded = _fold_text(text)
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for word in _WORD.finditer(folded):
        key = _word_key(word.group())
        chars += key
        spans += [word.span()] * len(key)
    return Reading(folded, "".join(chars), tuple(spans))


@lru_cache(maxsize=500_000)
def key_of(text: str) -> str:
    """The Metaphone form of an English text (empty for Japanese)."""
    return "" if is_japanese(_fold_text(text)) else key_reading_of(text).sound


def max_edits(phrase_sound: str) -> int:
    """Edits allowed between a phrase and what was heard: none below five kana or six letters."""
    return len(phrase_sound) // (KANA_PER_EDIT if is_japanese(phrase_sound) else LETTERS_PER_EDIT)


def closest(pattern: str, text: str) -> tuple[int, int, int]:
    """(distance, start, end): the substring ``text[start:end]`` with the least Levenshtein distance to ``pattern``
    (ties: the length closest to the pattern's)."""
    previous = [(0, j) for j in range(len(text) + 1)]  # (cost, start of the substring in text); start anywhere
    for i, p in enumerate(pattern, start=1):
        current = [(i, 0)]
        for j, t in enumerate(text, start=1):
            diagonal, up, left = previous[j - 1], previous[j], current[j - 1]
            current.append(min((diagonal[0] + (p != t), diagonal[1]), (up[0] + 1, up[1]), (left[0] + 1, left[1])))
        previous = current
    end = min(range(len(text) + 1), key=lambda j: (previous[j][0], abs(j - previous[j][1] - len(pattern))))
    return previous[end][0], previous[end][1], end


def _aligned(wanted: str, heard: str, bound: int) -> tuple[int, int, int] | None:
    """(distance, start, end) of the phrase's form in the text's, if within ``bound``."""
    if not wanted or len(heard) < len(wanted) - bound or fuzz.partial_ratio(wanted, heard) < PREFILTER_RATIO:
        return None
    found = closest(wanted, heard)
    return found if found[0] <= bound else None


def sound_match(phrase: str, text: str) -> SoundMatch | None:
    """The phrase as heard in the text, if some stretch of the text sounds within the bound of it: by its reading
    (Japanese) or letters (English), else, for English, by its Metaphone keys."""
    wanted, heard = sound_of(phrase), sound_of(text)
    found = _aligned(wanted, heard, max_edits(wanted))
    if found is not None:
        distance, start, end = found
        reading = reading_of(text)  # only for a match: where the matched sounds were written
        return SoundMatch(phrase, wanted, reading.written(start, end), heard[start:end], distance)
    wanted_key, heard_key = key_of(phrase), key_of(text)
    found = _aligned(wanted_key, heard_key, len(wanted_key) // KEY_LETTERS_PER_EDIT)
    if found is None:
        return None
    distance, start, end = found
    return SoundMatch(phrase, wanted_key, key_reading_of(text).written(start, end), heard_key[start:end], distance,
                      "Metaphone")


def sound_matches(phrases: Sequence[str], texts: Sequence[str]) -> dict[str, SoundMatch]:
    """For each text that sounds like one of the phrases, the closest (fewest edits, then the longest phrase).

    rapidfuzz scores every phrase against every text at once (in C); only pairs above the prefilter are aligned.
    """
    if not texts or not phrases:
        return {}
    candidates = np.zeros((len(phrases), len(texts)), dtype=bool)
    for form in (sound_of, key_of):
        scores = process.cdist([form(p) for p in phrases], [form(t) for t in texts], scorer=fuzz.partial_ratio,
                               score_cutoff=PREFILTER_RATIO, workers=1)
        candidates |= scores > 0
    found: dict[str, SoundMatch] = {}
    for p_index, t_index in zip(*candidates.nonzero(), strict=True):
        match = sound_match(phrases[p_index], texts[t_index])
        best = found.get(texts[t_index])
        if match and (best is None or (match.distance, -len(match.phrase_sound)) < (best.distance, -len(best.phrase_sound))):
            found[texts[t_index]] = match
    return found
