"""Which personal data a turn asks for (お名前と生年月日をお願いします → NAME, DOB), from the phrasings in
``requests.yaml``: as written, or as they sound when the speech engine spelt them wrong (「青年学気」 for 生年月日).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import cast

import yaml

from transforms.qa.sounds import sound_match, sound_of
from transforms.redaction.entities import ENTITY_TYPES, EntityType
from transforms.text_ja import is_japanese

# From this many kana (Japanese) or letters (English) of sound, a phrase also matches as it sounds.
SOUND_MIN_KANA, SOUND_MIN_LETTERS = 6, 10
# Shorter Japanese phrases of at least this many kana match where the text reads exactly as they do.
MIN_HOMOPHONE_KANA = 3


@dataclass(frozen=True)
class Request:
    """One phrasing of a request and the types its answer holds."""

    phrase: str
    asks_for: frozenset[EntityType]
    by_sound: bool  # long enough to match as it sounds within a few edits
    homophones: bool  # Japanese: also matches where the text reads exactly as it does (舞ナンバー ~ マイナンバー)


def _by_sound(phrase: str) -> bool:
    sound = sound_of(phrase)
    return len(sound) >= (SOUND_MIN_KANA if is_japanese(phrase) else SOUND_MIN_LETTERS)


def _homophones(phrase: str) -> bool:
    return is_japanese(phrase) and len(sound_of(phrase)) >= MIN_HOMOPHONE_KANA


def parse_requests(text: str, source: str = "requests.yaml") -> tuple[Request, ...]:
    """The requests in a YAML list of ``{asks_for: [TYPE…], ja: [phrase…], en: [phrase…]}``; a clear error names
    the entry that is wrong."""
    entries = yaml.safe_load(text)
    if not isinstance(entries, list):
        raise ValueError(f"{source}: expected a list of requests")
    requests: list[Request] = []
    for number, entry in enumerate(entries, start=1):
        types = entry.get("asks_for") if isinstance(entry, dict) else None
        if not types or not set(types) <= set(ENTITY_TYPES):
            raise ValueError(f"{source}, request {number}: asks_for must list types among {', '.join(ENTITY_TYPES)}")
        phrases = [p for language in ("ja", "en") for p in entry.get(language) or []]
        if not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise ValueError(f"{source}, request {number}: give at least one phrase under ja or en, each a text")
        asks_for = frozenset(cast(list[EntityType], types))
        requests += [Request(p.strip(), asks_for, _by_sound(p.strip()), _homophones(p.strip())) for p in phrases]
    return tuple(requests)


@cache
def requests() -> tuple[Request, ...]:
    """The packaged request phrasings (transforms/redaction/requests.yaml)."""
    text = (resources.files("transforms.redaction") / "requests.yaml").read_text(encoding="utf-8")
    return parse_requests(text)


@cache
def _written_pattern(phrase: str) -> re.Pattern[str]:
    if is_japanese(phrase):
        return re.compile(re.escape(phrase))
    return re.compile(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", re.IGNORECASE)


@lru_cache(maxsize=100_000)
def asks_for(text: str) -> frozenset[EntityType]:
    """The types of personal data ``text`` asks for (empty when it asks for none).

    Each phrase is looked for in texts of its own script: Japanese phrases in Japanese text, English in English.
    """
    japanese = is_japanese(text)
    found: set[EntityType] = set()
    for request in requests():
        if request.asks_for <= found or is_japanese(request.phrase) != japanese:
            continue
        if (_written_pattern(request.phrase).search(text)
                or (request.homophones and sound_of(request.phrase) in sound_of(text))
                or (request.by_sound and sound_match(request.phrase, text))):
            found |= request.asks_for
    return frozenset(found)
