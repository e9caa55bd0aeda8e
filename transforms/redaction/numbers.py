"""Detectors for numbers that identify a person: phone, card, マイナンバー, bank account, postal code.

Each detector takes a width-folded text and returns ``(start, end, type)`` spans. Checksums come from
python-stdnum, phone numbers from Google's libphonenumber port (``phonenumbers``).
"""

from __future__ import annotations

import re

import phonenumbers
from stdnum import iban, luhn
from stdnum.jp import in_ as my_number

from transforms.redaction.entities import EntityType

Span = tuple[int, int, EntityType]

# Numbers introduced by these words are order, ticket or tracking numbers, not phone/マイナンバー/accounts.
NOT_PERSONAL_NUMBER = re.compile(
    r"(?:注文|受付|伝票|問い?合わ?せ|管理|会員|商品|品|型|予約|追跡|チケット|請求書?)(?:番号|No|ID|コード)"
    r"|(?i:order|ticket|invoice|tracking|case|reference|ref|confirmation|serial|model|sku)\b\s*(?:number|no|id|#)?",
)
_CONTEXT_CHARS = 16


def _preceded_by(pattern: re.Pattern[str], text: str, start: int, window: int = _CONTEXT_CHARS) -> bool:
    return pattern.search(text, max(0, start - window), start) is not None


# Seven or more digits joined only by the punctuation libphonenumber allows inside a number: no phone number is
# shorter. Texts without such a run skip the matcher (about 1 ms per candidate; a ticket's "#123" was one).
_PHONE_CANDIDATE = re.compile(r"\d(?:[\s\-x‐-―−ー－／­​⁠　()（）［］.\[\]/~⁓∼～]*\d){6,}")


# Cues (``transforms.redaction.cues``): each detector finds nothing in a (width-folded) text where none of its cues
# occurs; polars looks for them in many texts at once. Regexes both polars and ``re`` read: no look-around.
PHONE_CUES = (_PHONE_CANDIDATE.pattern,)


def find_phones(text: str) -> list[Span]:
    """Valid phone numbers: Japanese domestic and any +country number; North American ones in Latin text."""
    if not _PHONE_CANDIDATE.search(text):
        return []
    regions = ("JP", "US") if re.search(r"[A-Za-z]", text) else ("JP",)
    spans: set[Span] = {
        (m.start, m.end, "PHONE")
        for region in regions
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    }
    return [s for s in spans if not _preceded_by(NOT_PERSONAL_NUMBER, text, s[0])]


# Visa 4, Mastercard 51-55/22-27, Amex 34/37, JCB 35, Diners 30/36/38, Discover 60/64/65, UnionPay 62.
_CARD_PREFIX = re.compile(r"4|5[1-5]|2[2-7]|3[0-8]|6[0245]")
CARD_CUES = (r"\d(?:[ -]?\d){12}",)  # every card shape: 13 digits, at most one space or - between two
_CARD = re.compile(
    r"(?<![\d-])(?:\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}|\d{4}[ -]?\d{6}[ -]?\d{4,5}|\d{13,19})(?![\d-])"
)


def find_cards(text: str) -> list[Span]:
    """Payment card numbers: 13-19 digits, a known issuer prefix and a valid Luhn check digit."""
    spans: list[Span] = []
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and _CARD_PREFIX.match(digits) and luhn.is_valid(digits):
            spans.append((m.start(), m.end(), "CARD"))
    return spans


_TWELVE_DIGITS = re.compile(r"(?<![\d-])\d{4}([ -]?)\d{4}\1\d{4}(?![\d-])")
MY_NUMBER_CUES = (r"\d{4}[ -]?\d{4}[ -]?\d{4}",)


def find_my_numbers(text: str) -> list[Span]:
    """マイナンバー (Individual Number): 12 digits whose last is the check digit."""
    return [
        (m.start(), m.end(), "MY_NUMBER")
        for m in _TWELVE_DIGITS.finditer(text)
        if my_number.is_valid(m.group()) and not _preceded_by(NOT_PERSONAL_NUMBER, text, m.start())
    ]


_ACCOUNT_CONTEXT = re.compile(r"口座|普通|当座|貯蓄|(?i:account|acct|a/c)")
_ACCOUNT_NUMBER = re.compile(r"(?<![\d-])\d{6,8}(?![\d-])|(?<![\d-])\d{9,12}(?![\d-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_ACCOUNT_WINDOW = 24  # characters before the number in which 口座/account must be
BANK_ACCOUNT_CUES = (r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2}",
                     rf"(?:{_ACCOUNT_CONTEXT.pattern})(?s:.){{0,{_ACCOUNT_WINDOW}}}\d{{6}}")


def find_bank_accounts(text: str) -> list[Span]:
    """Account numbers right after 口座/普通/account (JP: 7 digits), and any IBAN with a valid checksum."""
    spans: list[Span] = [(m.start(), m.end(), "BANK_ACCOUNT") for m in _IBAN.finditer(text) if iban.is_valid(m.group())]
    for m in _ACCOUNT_NUMBER.finditer(text):
        if _preceded_by(_ACCOUNT_CONTEXT, text, m.start(), window=_ACCOUNT_WINDOW):
            spans.append((m.start(), m.end(), "BANK_ACCOUNT"))
    return spans


_JP_POSTAL = re.compile(r"(?<![\d-])\d{3}-\d{4}(?![\d-])")
_JP_POSTAL_MARKED = re.compile(r"(?:〒|郵便番号)\s*[:：は]?\s*(\d{3}-?\d{4})(?!\d)")
_ZIP_LEAD = r"(?:(?i:zip|postal code|post code)\s*(?:code)?\s*[:#]?\s*(?:is\s+)?|,\s?[A-Z]{2}\s)"
_ZIP = re.compile(rf"{_ZIP_LEAD}(\d{{5}}(?:-\d{{4}})?)(?!\d)")
POSTAL_CODE_CUES = (r"\d{3}-\d{4}", r"(?:〒|郵便番号)\s*[:：は]?\s*\d{3}-?\d{4}", rf"{_ZIP_LEAD}\d{{5}}")


def find_postal_codes(text: str) -> list[Span]:
    """Japanese 〒123-4567 (the 3-4 shape alone is enough), 郵便番号1234567, US ZIP after "zip"/a state code."""
    spans: list[Span] = [
        (m.start(), m.end(), "POSTAL_CODE")
        for m in _JP_POSTAL.finditer(text)
        if not _preceded_by(NOT_PERSONAL_NUMBER, text, m.start())
    ]
    for pattern in (_JP_POSTAL_MARKED, _ZIP):
        spans.extend((m.start(1), m.end(1), "POSTAL_CODE") for m in pattern.finditer(text))
    return spans
