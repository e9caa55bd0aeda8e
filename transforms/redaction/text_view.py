"""Views of a text that detectors read: width-folded, and with spoken digits turned into digits.

Detectors run on a view and report spans in view coordinates; ``TextView.to_original`` maps them back, so masks
always land on the caller's text. Width folding is one character for one character, so it needs no map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASHES = "‐‑‒–—―−﹣"
FOLDED_CHARS: dict[str, str] = (
    {chr(0xFF01 + i): chr(0x21 + i) for i in range(94)} | {"\u3000": " "} | {d: "-" for d in _DASHES}
)
_FOLDABLE = re.compile(f"[{re.escape(''.join(FOLDED_CHARS))}]")
PROLONGED_MARKS = "ーｰ"  # a long-vowel mark between two digits is a dash
_PROLONGED_BETWEEN_DIGITS = re.compile(rf"(?<=\d)[{PROLONGED_MARKS}](?=\d)")


def fold_width(text: str) -> str:
    """Full-width ASCII to ASCII, dash look-alikes (and ー between digits) to ``-``; same length as ``text``.

    Only the characters to fold are looked up (``str.translate`` looks up every character, ~2x slower on Japanese)."""
    folded = _FOLDABLE.sub(lambda m: FOLDED_CHARS[m.group()], text)
    if any(mark in folded for mark in PROLONGED_MARKS):
        return _PROLONGED_BETWEEN_DIGITS.sub("-", folded)
    return folded


# Digits read out one by one. Japanese: kana, katakana and kanji readings, with the long vowels transcripts write
# ("ニー", "ゴー", "キュー"); "まる"/"〇" is how 0 is read in phone numbers. English: "oh" is zero in phone numbers.
_JA_DIGITS: dict[str, str] = {
    "0": "ゼロ ぜろ まる マル れい レイ 〇 ○ 零",
    "1": "いち イチ 一",
    "2": "にー ニー に ニ 二",
    "3": "さん サン 三",
    "4": "よん ヨン よ ヨ し シ 四",
    "5": "ごー ゴー ご ゴ 五",
    "6": "ろく ロク 六",
    "7": "なな ナナ しち シチ 七",
    "8": "はち ハチ 八",
    "9": "きゅう キュウ きゅー キュー く ク 九",
}
_EN_DIGIT_VALUE = dict(zip("one two three four five six seven eight nine".split(), "123456789", strict=True))
_EN_DIGIT_VALUE |= {"zero": "0", "oh": "0"}
_EN_DIGITS = list(_EN_DIGIT_VALUE)

SPOKEN_DIGIT: dict[str, str] = {form: d for d, forms in _JA_DIGITS.items() for form in forms.split()} | _EN_DIGIT_VALUE
# Single hiragana morae that are also particles or prefixes (に, ご, し, く, よ). At the ends of a run they are
# dropped in one view ("5678にご連絡") and kept in another ("まるごに です"), and detectors read both.
_AMBIGUOUS = {"に", "ご", "し", "く", "よ"}

_JA_TOKEN = "|".join(sorted((f for forms in _JA_DIGITS.values() for f in forms.split()), key=len, reverse=True))
_EN_TOKEN = r"\b(?:(?:double|triple)\s+)?(?:" + "|".join(_EN_DIGITS) + r")\b"
_TOKEN = re.compile(rf"(?i:{_EN_TOKEN})|{_JA_TOKEN}|\d")
_SEPARATOR = r"[\s、,・\-ーの]"
_SPOKEN = rf"(?:(?i:{_EN_TOKEN})|{_JA_TOKEN})"
_DIGIT = rf"(?:{_SPOKEN}|\d)"
_RUN = re.compile(rf"{_DIGIT}(?:{_SEPARATOR}*{_DIGIT}){{2,}}")
# A run of three digits or more of which one is spoken: whatever the first spoken one's place, two written digits
# before it, one on each side, or two after it. ``spoken_digit_view`` reads nothing in a text without one.
SPOKEN_RUN_CUE = (
    rf"\d{_SEPARATOR}*\d{_SEPARATOR}*{_SPOKEN}|\d{_SEPARATOR}*{_SPOKEN}{_SEPARATOR}*{_DIGIT}"
    rf"|{_SPOKEN}{_SEPARATOR}*{_DIGIT}{_SEPARATOR}*{_DIGIT}"
)
_GROUP_MARK = re.compile(r"[、,・\-ーの]")
_REPEAT = {"double": 2, "triple": 3}


@dataclass(frozen=True)
class TextView:
    """``text`` as detectors see it; ``starts``/``ends`` give each view character's span in the original."""

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _digits_of(token: str) -> str:
    words = token.lower().split()
    if len(words) == 2:
        return SPOKEN_DIGIT[words[1]] * _REPEAT[words[0]]
    return SPOKEN_DIGIT.get(token, SPOKEN_DIGIT.get(token.lower(), token))


def _run_tokens(text: str, run: re.Match[str], trim_particles: bool) -> list[re.Match[str]]:
    """The digit tokens of a run, if it has at least three and one of them is spoken."""
    tokens = list(_TOKEN.finditer(text, run.start(), run.end()))
    while trim_particles and tokens and tokens[0].group() in _AMBIGUOUS:
        tokens.pop(0)
    while trim_particles and tokens and tokens[-1].group() in _AMBIGUOUS:
        tokens.pop()
    spoken = sum(not t.group().isdigit() for t in tokens)
    return tokens if spoken and len(tokens) >= 3 else []


def spoken_digit_view(text: str, trim_particles: bool = True) -> TextView | None:
    """``text`` with digit runs read out ("ゼロキューゼロ", "four one one") as digits, or None if it has none.

    Inside a run, spaces vanish and a grouping mark (、 , - の) becomes one ``-``, so "five five five, one two
    three" reads "555-123".
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cursor = 0
    for run in _RUN.finditer(text):
        tokens = _run_tokens(text, run, trim_particles)
        if not tokens:
            continue
        for i in range(cursor, tokens[0].start()):
            _put(out, starts, ends, text[i], i, i + 1)
        for prev, token in zip([None, *tokens[:-1]], tokens, strict=True):
            if prev is not None and _GROUP_MARK.search(text, prev.end(), token.start()):
                _put(out, starts, ends, "-", prev.end(), token.start())
            for digit in _digits_of(token.group()):
                _put(out, starts, ends, digit, token.start(), token.end())
        cursor = tokens[-1].end()
    if not out:
        return None
    for i in range(cursor, len(text)):
        _put(out, starts, ends, text[i], i, i + 1)
    return TextView("".join(out), tuple(starts), tuple(ends))


def _put(out: list[str], starts: list[int], ends: list[int], char: str, start: int, end: int) -> None:
    """One character of the view and the span of the original text it stands for."""
    out.append(char)
    starts.append(start)
    ends.append(end)
