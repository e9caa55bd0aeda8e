"""The value a customer gives in answer to a request for it, found by its shape rather than a checksum.

Once the agent asked for the card number, the digits of the answer are the card number even where the speech engine
lost some of them (「カラド番号は421です」, "5, 5 nilo 4") or wrote them out (ゼロキューゼロ, "oh nine oh"): the request
(``transforms.redaction.requests``) says what they are, so no check digit or full length is needed. Names have their
own finder (``transforms.redaction.dialogue.answered_name``).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from transforms.redaction.contact import find_addresses
from transforms.redaction.entities import Entity, EntityType
from transforms.redaction.numbers import NOT_PERSONAL_NUMBER
from transforms.redaction.personal import DATE_PATTERN, tokenizer
from transforms.redaction.text_view import TextView, fold_width, spoken_digit_view

NUMBER_TYPES: tuple[EntityType, ...] = ("CARD", "MY_NUMBER", "PHONE")
MIN_DIGITS = 3  # fewer digits are a count or a time (「2枚」, "3 pm"), not what was asked for
# Digits of one number: separators, and up to two short Latin words the engine makes of a digit between them
# ("5, 5 nilo 4", "5, 5 nil o 4"); a longer word ends the number ("2 cards and 1").
_SEPARATOR = r"[\s、,・\-ー－の.()]"
_NUMBER = re.compile(rf"\d(?:(?:{_SEPARATOR}{{0,2}}[A-Za-z]{{1,4}}){{0,2}}{_SEPARATOR}{{0,2}}\d)*")
# How many digits each type has, to choose when one turn asks for several (a card and the phone on the account).
_LENGTHS: dict[EntityType, range] = {"MY_NUMBER": range(12, 13), "CARD": range(13, 20), "PHONE": range(10, 12)}

_N = r"[0-9〇一二三四五六七八九十]{1,4}"
# A date with a year, also when the engine lost the day or month (「1985年4月」, 「昭和60年」, "April 1985").
_PARTIAL_DATE = (
    rf"(?:(?:昭和|平成|令和|大正)(?:元|{_N})|\d{{4}})年(?:\s?{_N}月(?:\s?{_N}日)?)?"
    r"|(?i:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4})"
)
_DATE = re.compile(rf"{DATE_PATTERN}|{_PARTIAL_DATE}")
_YEAR_DATE = re.compile(_PARTIAL_DATE)

# Japanese: where an answer's value starts (after はい、/ 住所は) and ends (before です, 。).
_JA_LEAD = re.compile(r"^(?:(?:はい|ええ|えー|えっと|あの|あ|うん|そう|わたし|私)[、,\s]*|(?:ご?住所|お住まい|所在地)(?:は|が|[:：])\s*)*")
_JA_END = re.compile(r"\s*(?:です|でございます|になります|となります|だと思います)")
# An address names a place: an administrative unit or a block (a number alone is an order or a phone number).
_JA_PLACE_MARK = re.compile(r"[都道府県市区町村郡]|丁目|番地|[0-9〇一二三四五六七八九十](?:番|号)")
_EN_ADDRESS_ANSWER = re.compile(
    r"(?<![\w-])\d{1,6}[A-Za-z]?\s+(?:[A-Z][a-z]+\.?\s?){1,4}(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)*(?:,?\s[A-Z]{2})?"
    r"(?:\s\d{5})?"
)
_MAX_ADDRESS_CHARS = 60
# An English answer with no house number first ("Lakeview Drive, Seattle"; the engine's "My message for the two of
# Kevin, who, Portland"): the first sentence after its lead is the address when it is short and ends in a place
# name after a comma, as addresses do ("…, Seattle") — "Yes, that's right", "Hang on, let me ask Mike" stay.
_EN_ADDRESS_LEAD = re.compile(
    r"(?i:(?:yes|yeah|sure|ok|okay|um+|uh+|so|well|it's|it is|that's|that is|my address is|the address is"
    r"|address is|i live at|i live in|it would be|it's at)[,.]?\s+)*"
)
_EN_PLACE_END = re.compile(r",\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?$")
_MAX_ADDRESS_WORDS = 12


def _number_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, digit count) of each number in ``text`` with at least ``MIN_DIGITS`` digits, written or read
    out (ゼロキューゼロ, "oh nine oh"); spans index ``text``."""
    folded = fold_width(text)
    view = spoken_digit_view(folded) or TextView(folded)
    spans = []
    for m in _NUMBER.finditer(view.text):
        digits = sum(ch.isdigit() for ch in m.group())
        start, end = view.to_original(m.start(), m.end())
        if digits >= MIN_DIGITS and NOT_PERSONAL_NUMBER.search(folded, max(0, start - 16), start) is None:
            spans.append((start, end, digits))
    return spans


def _number_type(digits: int, wanted: list[EntityType]) -> EntityType:
    return next((t for t in wanted if digits in _LENGTHS[t]), wanted[0])


def _numbers(text: str, wanted: Collection[EntityType]) -> list[Entity]:
    asked = [t for t in NUMBER_TYPES if t in wanted]
    if not asked:
        return []
    return [Entity(s, e, _number_type(n, asked), text[s:e]) for s, e, n in _number_spans(text)]


def _dates(text: str) -> list[Entity]:
    return [Entity(m.start(), m.end(), "DOB", m.group()) for m in _DATE.finditer(fold_width(text))]


def _ja_address(text: str) -> tuple[int, int] | None:
    for clause in re.finditer(r"[^。！？!?\n]+", text):
        lead = _JA_LEAD.match(clause.group())
        start = clause.start() + (lead.end() if lead else 0)
        end = next((m.start() for m in _JA_END.finditer(text, start, clause.end()) if m.start() > start), clause.end())
        value = text[start:end]
        if 0 < len(value) <= _MAX_ADDRESS_CHARS and not NOT_PERSONAL_NUMBER.search(value) and (
            _JA_PLACE_MARK.search(value) or any(m.part_of_speech()[2] == "地名" for m in tokenizer().tokenize(value))
        ):
            return start, end
    return None


def _en_address(text: str) -> tuple[int, int] | None:
    sentence = re.match(r"\s*([^.!?]+)(?![^.!?]*\?)", text)
    if sentence is None:
        return None
    lead = _EN_ADDRESS_LEAD.match(text, sentence.start(1))
    start, end = lead.end() if lead else sentence.start(1), len(sentence.group(1).rstrip()) + sentence.start(1)
    value = text[start:end]
    if len(value.split()) <= _MAX_ADDRESS_WORDS and _EN_PLACE_END.search(value):
        return start, end
    return None


def _addresses(text: str) -> list[Entity]:
    spans = [(s, e) for s, e, _ in find_addresses(fold_width(text))]
    if not spans:
        if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
            found = _ja_address(text)
            spans = [found] if found else []
        else:
            spans = [m.span() for m in _EN_ADDRESS_ANSWER.finditer(text) if m.end() - m.start() <= _MAX_ADDRESS_CHARS]
            spans = spans or [span for span in [_en_address(text)] if span]
    return [Entity(s, e, "ADDRESS", text[s:e]) for s, e in spans]


def answered_values(text: str, wanted: Collection[EntityType]) -> list[Entity]:
    """The values of the ``wanted`` types (numbers, dates of birth, addresses) in a turn answering a request for
    them; they may overlap each other and the detectors' finds (``resolve_overlaps`` decides)."""
    found = _numbers(text, wanted)
    if "DOB" in wanted:
        found += _dates(text)
    else:
        # A date with a year given in answer to any request for personal data is a date of birth, whatever was
        # asked (the engine misheard the birth-date request: 青年学期); masked whole, not only its year's digits.
        found += [Entity(m.start(), m.end(), "DOB", m.group()) for m in _YEAR_DATE.finditer(fold_width(text))]
    if "ADDRESS" in wanted:
        found += _addresses(text)
    return found
