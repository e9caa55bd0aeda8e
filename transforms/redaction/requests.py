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
from rapidfuzz import fuzz, process

from transforms.qa.sounds import max_edits, sound_match, sound_of
from transforms.redaction.entities import ENTITY_TYPES, EntityType
from transforms.text_ja import is_japanese

# From this many kana, a Japanese phrase also matches as it sounds. English phrases match as written: Whisper spells
# English words right (a misheard one is another word), and one letter in six turns "calling number" into
# "callback number" and "your number" into "your my number".
SOUND_MIN_KANA = 6
# Shorter Japanese phrases of at least this many kana match where the text reads exactly as they do.
MIN_HOMOPHONE_KANA = 3


@dataclass(frozen=True)
class Request:
    """One phrasing of a request and the types its answer holds."""

    phrase: str
    asks_for: frozenset[EntityType]
    by_sound: bool  # long enough to match as it sounds within a few edits
    sound_cutoff: float  # the lowest partial ratio a text within those edits can have (skips aligning the rest)
    homophones: bool  # Japanese: also matches where the text reads exactly as it does (舞ナンバー ~ マイナンバー)


def _by_sound(phrase: str) -> bool:
    return is_japanese(phrase) and len(sound_of(phrase)) >= SOUND_MIN_KANA


def _sound_cutoff(phrase: str) -> float:
    """A stretch within k edits of the phrase's L sounds leaves some L-long window within 3k insertions and
    deletions of it, so its partial ratio is at least 100 (1 - 3k / 2L)."""
    sound = sound_of(phrase)
    return 100 * (1 - 3 * max_edits(sound) / (2 * len(sound))) if sound else 100.0


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
        requests += [Request(p.strip(), asks_for, _by_sound(p.strip()), _sound_cutoff(p.strip()),
                             _homophones(p.strip())) for p in phrases]
    return tuple(requests)


@cache
def requests() -> tuple[Request, ...]:
    """The packaged request phrasings (transforms/redaction/requests.yaml)."""
    text = (resources.files("transforms.redaction") / "requests.yaml").read_text(encoding="utf-8")
    return parse_requests(text)


@dataclass(frozen=True)
class _Script:
    """The requests of one script (Japanese or English), with one pattern for all their written phrases."""

    written: re.Pattern[str]
    types: dict[str, frozenset[EntityType]]  # lower-cased phrase -> what it asks for
    by_sound: tuple[Request, ...]  # Japanese: also matched as they sound
    sounds: tuple[str, ...]  # the sound of each of ``by_sound``


@cache
def _script(japanese: bool) -> _Script:
    own = [r for r in requests() if is_japanese(r.phrase) == japanese]
    types: dict[str, frozenset[EntityType]] = {}
    for r in own:
        types[r.phrase.lower()] = types.get(r.phrase.lower(), frozenset()) | r.asks_for
    alternatives = "|".join(re.escape(p) for p in sorted(types, key=len, reverse=True))
    written = re.compile(alternatives if japanese else rf"(?<![a-z])(?:{alternatives})(?![a-z])", re.IGNORECASE)
    by_sound = tuple(r for r in own if r.by_sound or r.homophones)
    return _Script(written, types, by_sound, tuple(sound_of(r.phrase) for r in by_sound))


def _heard(script: _Script, text: str) -> set[EntityType]:
    """What ``text`` asks for by sound: a phrase it reads exactly as (homophones), or one within its edits."""
    heard = sound_of(text)
    found: set[EntityType] = set()
    scores = process.extract(heard, script.sounds, scorer=fuzz.partial_ratio, limit=None,
                             score_cutoff=min((r.sound_cutoff for r in script.by_sound), default=100.0))
    close = {index for _, score, index in scores if score >= script.by_sound[index].sound_cutoff}
    for index, (request, sound) in enumerate(zip(script.by_sound, script.sounds, strict=True)):
        if request.asks_for <= found:
            continue
        if (request.homophones and sound in heard) or (
                request.by_sound and index in close and sound_match(request.phrase, text) is not None):
            found |= request.asks_for
    return found


@lru_cache(maxsize=100_000)
def asks_for(text: str) -> frozenset[EntityType]:
    """The types of personal data ``text`` asks for (empty when it asks for none).

    Phrases are looked for in texts of their own script: Japanese phrases in Japanese text, English in English.
    """
    script = _script(is_japanese(text))
    found: set[EntityType] = set()
    for m in script.written.finditer(text):
        found |= script.types[m.group().lower()]
    if script.by_sound:
        found |= _heard(script, text)
    return frozenset(found)


# A request by its shape, whatever it asks for: 「…をお願いいたします」「…を教えていただけますか」, "Can I have …?",
# "What is your …?". Alone it says nothing about personal data (「ご用件をお伺いします」, "May I have your order
# number?"); inside an identity check (``transforms.redaction.dialogue``) it is the next item of the check, also
# when the engine misheard what it names (「青年学帝をお願いいたします」 for 生年月日). Polite verbs come written in kana or
# kanji alike (いたします / 致します, ください / 下さい, いただけますか / 頂けますか): Whisper writes either.
_JA_REQUEST = re.compile(
    r"[をも](?:お願い(?:(?:いた|致)?します|できますか|(?:いた|致)したく|申し上げます)"
    r"|教えて(?:(?:くだ|下)さい|(?:いただ|頂)けますか|もらえますか)"
    r"|お伺い(?:します|(?:いた|致)します|できますか|してもよろしいですか)|伺えますか|頂戴(?:します|できますか|(?:いた|致)します)"
    r"|(?:いただ|頂)けますか|お聞かせ(?:くだ|下)さい|お知らせ(?:くだ|下)さい|おっしゃって(?:くだ|下)さい)"
)
_EN_REQUEST = re.compile(
    r"(?i)\b(?:(?:can|could|may) i (?:have|get|ask for|take|confirm)|(?:can|could|would) you (?:please )?"
    r"(?:give|tell|confirm|read|provide|spell|say|verify)|please (?:give|tell|confirm|read|provide|spell|say|verify)"
    r"|what(?:'s| is) (?:your|the)|(?:and|also|then|now) (?:your|the)\b[^.?!]*\?)"
)


def is_request(text: str) -> bool:
    """Whether ``text`` asks the other party for something (see above); what it asks for is ``asks_for``'s."""
    return (_JA_REQUEST if is_japanese(text) else _EN_REQUEST).search(text) is not None

