"""Detectors for dates of birth and personal names: only where context makes them reliable.

A date is a DOB only next to 生年月日/誕生日/生まれ/DOB/born; a name only before 様/さん/氏 or after
"my name is", 名義, Mr./Ms. and the like. Free-standing names are not detected (no NER model is shipped).
"""

from __future__ import annotations

import re
from functools import cache

from sudachipy import Dictionary, SplitMode, Tokenizer

from transforms.redaction.entities import EntityType

Span = tuple[int, int, EntityType]

_N = r"[0-9〇一二三四五六七八九十]{1,4}"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_PATTERN = (  # a written date (Japanese era or western, numeric or month name); a DOB only in context
    rf"(?:(?:昭和|平成|令和|大正|[SHRT]\s?)(?:元|{_N})|{_N})年\s?{_N}月\s?{_N}日"
    r"|(?:[SHR]\s?)?\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}"
    rf"|{_MONTH}\s\d{{1,2}}(?:st|nd|rd|th)?,?\s\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH},?\s\d{{4}}"
)
_DOB_BEFORE = re.compile(
    r"(?:生年月日|誕生日|(?i:date of birth|birth ?date|birthday|born(?: on| in)?|d\.?o\.?b\.?))"
    rf"[^\n。]{{0,12}}?({DATE_PATTERN})"
)
_DOB_AFTER = re.compile(rf"({DATE_PATTERN})\s?(?:生まれ|生)")
# Cues (see ``transforms.redaction.numbers``): the detectors' own patterns, which have no look-around.
DOB_CUES = (_DOB_BEFORE.pattern, _DOB_AFTER.pattern)


def find_dates_of_birth(text: str) -> list[Span]:
    """Dates next to a birth word: 生年月日は1985年3月3日, S60.3.3生, DOB 03/04/1985, born on March 3, 1985."""
    return [(m.start(1), m.end(1), "DOB") for p in (_DOB_BEFORE, _DOB_AFTER) for m in p.finditer(text)]


# Words that take 様/さん but are not names ("お客様", "皆さん", "担当者様").
_NOT_NAMES = set(
    "客 皆 奥 神 王 仏 子 殿 様 同 各 貴 上 女王 王子 お子 娘 息子 旦那 主人 ご主人 家族 ご家族 担当 担当者 会員 利用者 契約者 "
    "申込者 購入者 名義人 取引先 先方 相手 業者 店員 社員 職員 係員 運転手 患者 先生 大家 隣 お隣 仲居 女将 "
    "スタッフ オペレーター ドライバー ユーザー メンバー ゲスト オーナー".split()
)
_JA_NAME = r"[一-龥々ァ-ヶー]{1,6}(?:[ 　][一-龥々ァ-ヶー]{1,6})?"
_JA_HONORIFIC = re.compile(rf"({_JA_NAME})(?:様|さま|さん|氏|殿)")
_JA_NAME_PATTERNS = (
    re.compile(rf"(?:わたくし|私|担当の?|担当者の?)?({_JA_NAME})と(?:申します|申しまして|言います)"),
    re.compile(rf"(?:氏名|お名前|名前|名義|名義人)(?:は|が|[:：])?\s?({_JA_NAME})"),
)
_EN_WORD = r"(?:[A-Z]'[A-Z][a-z]+|[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?)"  # O'Brien, McDonald, Smith-Jones
EN_NAME = rf"{_EN_WORD}(?:\s{_EN_WORD}){{0,2}}"
_EN_THIS_IS = rf"\b(?i:this is)\s({EN_NAME})"
_EN_NAME_PATTERNS = (
    re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s({EN_NAME})"),
    re.compile(
        rf"\b(?i:my name is|my name's|name is|name on the (?:card|account) is|account holder is|speaking with)"
        rf"\s({EN_NAME})"
    ),
    re.compile(rf"{_EN_THIS_IS}(?=\s(?:from|speaking|calling|with|at|here)\b)"),
)
EN_NOT_NAMES = {"The", "A", "An", "It", "This", "That", "Not", "Very", "Sorry", "Customer", "Support", "Service"}


def _is_name(candidate: str) -> bool:
    return candidate not in _NOT_NAMES and candidate.split()[0] not in EN_NOT_NAMES


@cache
def tokenizer() -> Tokenizer:
    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def _person_name_suffix(candidate: str) -> int | None:
    """Offset in ``candidate`` where its trailing person name starts (Sudachi 固有名詞 with a 人名), else None.

    様/さん also follow job words (仲居さん, 女将さん) and set phrases (ご苦労様, お陰様), so the words before an
    honorific count as a name only when the dictionary knows them as one.
    """
    tokens = list(tokenizer().tokenize(candidate))
    start, has_person = None, False
    for token in reversed(tokens):
        pos = token.part_of_speech()
        if pos[1] != "固有名詞" and pos[0] != "空白":
            break
        start, has_person = token.begin(), has_person or pos[2] == "人名"
    return start if has_person and start is not None and candidate[start] != " " else None


# How a speaker gives their own name: an agent's greeting (センターの佐藤でございます, 本日は佐藤が承りました,
# "this is Sato speaking") or anyone's self-introduction (と申します, "my name is"). In an agent's turn these are the
# agent's name, which QA needs (see transforms.redaction.dialogue); the words before them must be a name to Sudachi.
_JA_SELF_INTRODUCTIONS = (
    re.compile(rf"(?:センター|窓口|係|サポート|デスク|担当|担当者)の?\s?({_JA_NAME})(?:でございます|です|が)"),
    re.compile(rf"(?:本日は|わたくし|私)、?\s?({_JA_NAME})(?:が(?:承|うけたまわ|担当|対応)|でございます)"),
)
_EN_SELF_INTRODUCTIONS = (
    re.compile(rf"\b(?i:my name is|my name's|you're speaking with|you are speaking with)\s({EN_NAME})"),
    _EN_NAME_PATTERNS[2],  # this is X from/speaking/…
)


def _sudachi_names(text: str, patterns: tuple[re.Pattern[str], ...]) -> list[Span]:
    spans: list[Span] = []
    for m in (m for p in patterns for m in p.finditer(text)):
        offset = _person_name_suffix(m.group(1)) if _is_name(m.group(1)) else None
        if offset is not None:
            spans.append((m.start(1) + offset, m.end(1), "NAME"))
    return spans


# Cues: every pattern ``find_names`` reads (the look-ahead after "this is X" left out).
NAME_CUES = tuple(p.pattern for p in (_JA_HONORIFIC, *_JA_SELF_INTRODUCTIONS, *_JA_NAME_PATTERNS,
                                      *_EN_NAME_PATTERNS[:2])) + (_EN_THIS_IS,)


def self_introductions(text: str) -> list[Span]:
    """Names the speaker gives as their own (山田と申します, センターの佐藤でございます, this is Sato speaking)."""
    return _sudachi_names(text, _JA_SELF_INTRODUCTIONS) + [
        (m.start(1), m.end(1), "NAME")
        for p in (_JA_NAME_PATTERNS[0], *_EN_SELF_INTRODUCTIONS)
        for m in p.finditer(text)
        if _is_name(m.group(1))
    ]


def find_names(text: str) -> list[Span]:
    """Names in honorific or self-introduction context (田中様, 山田と申します, my name is John Smith)."""
    return _sudachi_names(text, (_JA_HONORIFIC, *_JA_SELF_INTRODUCTIONS)) + [
        (m.start(1), m.end(1), "NAME")
        for p in (*_JA_NAME_PATTERNS, *_EN_NAME_PATTERNS)
        for m in p.finditer(text)
        if _is_name(m.group(1))
    ]
