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
get their own, stricter bound: equal keys below ten key letters, one edit from ten on, over whole words.

A kanji Whisper chose by its sound may be read another way by MeCab: お取れ入りますが (恐れ入りますが) is read
オトレハイリマスガ, 入り as ハイリ, 2 edits from オソレイリマスガ. When the closest stretch of a Japanese text misses by no
more than twice the bound, that stretch as written is also read the next most likely ways (``READINGS``, MeCab's
N-best): the third reads 入り as イリ, one edit. The bound is the same; only readings MeCab itself finds likely for
what was written are tried.
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
from rapidfuzz.distance import Levenshtein

from transforms.text_ja import is_japanese

KANA_PER_EDIT = 5  # a kana is a syllable: one edit per five of them
LETTERS_PER_EDIT = 6  # "thank you for holding" (3 edits) must not be "thank you for calling"
# Metaphone keys lose the vowels, so one key edit is often a whole other word ("order of birth" TRAFBR0 vs "date of
# birth" TTAFBR0): keys must be equal below 10 key letters, one edit from 10 on; and they are compared word by word
# (a stretch of whole words, never the tail of one word's key: "account to of birth" is not "date of birth").
KEY_LETTERS_PER_EDIT = 10
KEY_PREFILTER_RATIO = 85  # one substitution in 10 key letters still scores 90
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Within the bound, the best window's partial ratio stays above this; pairs below it are not aligned.
PREFILTER_RATIO = 60
_KANA_FOLD = {"ヲ": "オ", "ヅ": "ズ", "ヂ": "ジ", "ー": ""}
READINGS = 5  # MeCab's N most likely analyses a Japanese text is compared by (the first is ``sound_of``'s)


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


def _reading(folded: str, chars: list[str], spans: list[tuple[int, int]]) -> Reading:
    kept = _collapse(chars)
    return Reading(folded, "".join(chars[i] for i in kept),
                   tuple((spans[i][0], spans[j - 1][1]) for i, j in zip(kept, [*kept[1:], len(chars)], strict=True)))


def _japanese_reading(folded: str, node) -> Reading:  # noqa: ANN001 - a MeCab node (no stubs)
    """The reading of one MeCab analysis (its first node), morpheme by morpheme."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    while node is not None:
        if node.surface:
            start = folded.find(node.surface, position)
            position = start + len(node.surface)
            features = node.feature.split(",")
            kana = _fold(features[7] if len(features) > 7 and features[7] != "*" else node.surface)
            chars += kana
            spans += [(start, position)] * len(kana)
        node = node.next
    return _reading(folded, chars, spans)


def reading_of(text: str) -> Reading:
    """The sound of one text with where each sound came from (morpheme by morpheme for Japanese)."""
    folded = _fold_text(text)
    if is_japanese(folded):
        return _japanese_reading(folded, _tagger().parseToNode(folded))
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, char in enumerate(folded):
        letters = _fold(char)
        chars += letters
        spans += [(i, i + 1)] * len(letters)
    return _reading(folded, _hard_c(chars), spans)


@lru_cache(maxsize=50_000)
def other_readings(text: str) -> tuple[Reading, ...]:
    """A Japanese text's next most likely readings after the first (MeCab's N-best, distinct sounds; none for
    English): what else the kanji Whisper wrote can be read as."""
    folded = _fold_text(text)
    if not is_japanese(folded):
        return ()
    tagger = _tagger()
    tagger.parseNBestInit(folded)
    readings: dict[str, Reading] = {}
    for _ in range(READINGS):
        node = tagger.nextNode()
        if node is None:
            break
        reading = _japanese_reading(folded, node)
        readings.setdefault(reading.sound, reading)
    first = sound_of(text)
    return tuple(r for sound, r in readings.items() if sound != first)


def _word_key(word: str) -> str:
    """A word's Metaphone key, its first vowel folded to "A" (Whisper mishears vowels first); digits as written."""
    if word.isdigit():
        return word
    key = jellyfish.metaphone(word)
    return "A" + key[1:] if key[:1] in ("A", "E", "I", "O", "U") else key


@lru_cache(maxsize=500_000)
def word_keys(text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """An English text's words as (Metaphone key, where the word is in the folded text); none for Japanese."""
    folded = _fold_text(text)
    if is_japanese(folded):
        return ()
    return tuple((_word_key(word.group()), word.span()) for word in _WORD.finditer(folded))


@lru_cache(maxsize=500_000)
def key_of(text: str) -> str:
    """The Metaphone form of an English text (empty for Japanese): its words' keys, run together."""
    return "".join(key for key, _ in word_keys(text))


def key_match(phrase: str, text: str) -> SoundMatch | None:
    """The phrase in the text by Metaphone keys: the stretch of whole words (as many as the phrase has, one more or
    one fewer) whose keys are closest to the phrase's, if within the key bound."""
    wanted, words = key_of(phrase), word_keys(text)
    size, bound = len(word_keys(phrase)), len(wanted) // KEY_LETTERS_PER_EDIT
    best: tuple[int, int, int, int] | None = None  # distance, length difference, first word, end word
    for first in range(len(words)):
        for end in range(first + max(1, size - 1), min(len(words), first + size + 1) + 1):
            heard = "".join(key for key, _ in words[first:end])
            candidate = (Levenshtein.distance(wanted, heard), abs(len(heard) - len(wanted)), first, end)
            best = candidate if best is None or candidate[:2] < best[:2] else best
    if not wanted or best is None or best[0] > bound:
        return None
    distance, _, first, end = best
    folded = _fold_text(text)
    return SoundMatch(phrase, wanted, folded[words[first][1][0] : words[end - 1][1][1]],
                      "".join(key for key, _ in words[first:end]), distance, "Metaphone")


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
    wanted, heard, bound = sound_of(phrase), sound_of(text), max_edits(sound_of(phrase))
    japanese = is_japanese(wanted)
    found = _aligned(wanted, heard, 2 * bound if japanese else bound)
    if found is not None:
        distance, start, end = found
        reading = reading_of(text)  # only for a match or a near one: where the matched sounds were written
        if distance <= bound:
            return SoundMatch(phrase, wanted, reading.written(start, end), heard[start:end], distance)
        # near (within twice the bound): the closest stretch as written, read the other ways MeCab finds likely
        for other in other_readings(reading.written(start, end)):
            again = _aligned(wanted, other.sound, bound)
            if again is not None:
                distance, start, end = again
                return SoundMatch(phrase, wanted, other.written(start, end), other.sound[start:end], distance)
    return key_match(phrase, text)


def sound_matches(phrases: Sequence[str], texts: Sequence[str]) -> dict[str, SoundMatch]:
    """For each text that sounds like one of the phrases, the closest (fewest edits, then the longest phrase).

    rapidfuzz scores every phrase against every text at once (in C); only pairs above the prefilter are aligned.
    """
    if not texts or not phrases:
        return {}
    candidates = np.zeros((len(phrases), len(texts)), dtype=bool)
    for form, cutoff in ((sound_of, PREFILTER_RATIO), (key_of, KEY_PREFILTER_RATIO)):
        scores = process.cdist([form(p) for p in phrases], [form(t) for t in texts], scorer=fuzz.partial_ratio,
                               score_cutoff=cutoff, workers=1)
        candidates |= scores > 0
    found: dict[str, SoundMatch] = {}
    for p_index, t_index in zip(*candidates.nonzero(), strict=True):
        match = sound_match(phrases[p_index], texts[t_index])
        best = found.get(texts[t_index])
        if match and (best is None or (match.distance, -len(match.phrase_sound)) < (best.distance, -len(best.phrase_sound))):
            found[texts[t_index]] = match
    return found
