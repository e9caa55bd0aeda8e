"""Detectors for e-mail addresses (written and spoken) and street addresses (Japanese and English)."""

from __future__ import annotations

import re

from transforms.redaction.entities import EntityType

Span = tuple[int, int, EntityType]

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# "taro dot yamada at example dot co dot jp", "taro アットマーク example ドット com": the last label must be a
# common top-level domain, or "at" in ordinary speech would match.
_DOT = r"(?:\s*(?:\.|ドット|どっと|(?i:\bdot\b))\s*)"
_AT = r"(?:\s*(?:アットマーク|アット|あっとまーく|あっと|(?i:\bat\b))\s*)"
_TLD = r"(?i:com|net|org|jp|co|ne|or|ac|go|io|info|biz|edu|gov|uk|us|de)(?![A-Za-z0-9])"
_SPOKEN_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9])[A-Za-z0-9_\-]+(?:{_DOT}[A-Za-z0-9_\-]+)*{_AT}[A-Za-z0-9\-]+(?:{_DOT}[A-Za-z0-9\-]+)*{_DOT}{_TLD}"
)


# Cues (see ``transforms.redaction.numbers``): an @, or a spoken "at" with a domain label and "dot" after it.
EMAIL_CUES = ("@", rf"{_AT}[A-Za-z0-9\-]+{_DOT}")


def find_emails(text: str) -> list[Span]:
    """E-mail addresses as written, and as read out in a call ("at", "dot", アットマーク, ドット)."""
    return [(m.start(), m.end(), "EMAIL") for p in (_EMAIL, _SPOKEN_EMAIL) for m in p.finditer(text)]


PREFECTURES = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 新潟県 富山県 "
    "石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 "
    "岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()
_N = r"[0-9〇一二三四五六七八九十]+"
# A Japanese address ends in a block number: 1丁目2番3号, 1-2-3, 三丁目5番地, optionally a building and room.
_BLOCK = rf"{_N}(?:丁目|番地?|号|-|の){_N}?(?:(?:番地?|号|-|の){_N})*(?:号|番地?)?"
_ROOM = r"(?:\s?[A-Za-zァ-ヶー一-龥]{1,12}\s?\d{1,4}(?:号室|階|F)?)?"
_JA_ADDRESS = re.compile(
    rf"(?:{'|'.join(PREFECTURES)})[一-龥ァ-ヶーぁ-んA-Za-z0-9]{{0,16}}?{_BLOCK}{_ROOM}"
    rf"|[一-龥]{{1,5}}[市区][一-龥ァ-ヶーぁ-ん]{{1,10}}?{_N}(?:丁目|-){_N}(?:(?:番地?|号|-){_N})*(?:号|番地?)?{_ROOM}"
)
_STREET = r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway)"
_EN_STREET = rf"\d{{1,5}}\s(?:[A-Z][a-z]+\s){{1,3}}{_STREET}"
_EN_ADDRESS = re.compile(
    rf"\b{_EN_STREET}\b\.?"
    r"(?:,?\s(?:Apt|Apartment|Suite|Unit|#)\.?\s?[\w-]+)?(?:,\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=,|\s[A-Z]{2}\b|$|\.))?"
)


ADDRESS_CUES = (_JA_ADDRESS.pattern, _EN_STREET)


def find_addresses(text: str) -> list[Span]:
    """Street addresses: 都道府県 (or 市/区) through the block number and room; English number + street name."""
    return [(m.start(), m.end(), "ADDRESS") for p in (_JA_ADDRESS, _EN_ADDRESS) for m in p.finditer(text)]
