"""Find and mask personal data in one text (Japanese or English, typed or transcribed)."""

from __future__ import annotations

import re
from collections.abc import Callable

from transforms.redaction.contact import find_addresses, find_emails
from transforms.redaction.entities import Entity, EntityType, apply_masks, resolve_overlaps
from transforms.redaction.numbers import (
    find_bank_accounts,
    find_cards,
    find_my_numbers,
    find_phones,
    find_postal_codes,
)
from transforms.redaction.personal import find_dates_of_birth, find_names
from transforms.redaction.text_view import SPOKEN_RUN_PATTERN, TextView, fold_width, spoken_digit_view

Detector = Callable[[str], list[tuple[int, int, EntityType]]]

# Every detector needs one of these, so a row matching none of them has nothing to mask (a property test checks
# this against find_entities). Kanji numerals count only in pairs or before a counter (三丁目, 六十年).
# MAY_CONTAIN_PII is any of WRITTEN_CUES or a spoken digit run. A frame looks for each cue on its own (one
# alternation with \b in it takes polars' regex engine 10× longer) and for the slow spoken runs only in texts no
# written cue marks (``transforms.redaction.frame``).
WRITTEN_CUES = (
    r"[0-9０-９@＠〒]",
    r"[〇一二三四五六七八九十]{2}|[〇一二三四五六七八九十元](?:丁目|番|号|年|月|日)",
    r"様|さま|さん|氏|殿|申します|申しまして|言います|名前|名義|アット|あっと|でございます",
    r"(?:センター|窓口|係|サポート|デスク|担当|担当者)の|が(?:承|うけたまわ|担当|対応)",
    r"(?i:\b(?:mr|mrs|ms|miss|dr|mx|name|this is|speaking with|account holder)\b)",
    r"(?i:\bat\s*[a-z0-9-]+\s*(?:\.|dot\b|ドット))",
)
MAY_CONTAIN_PII = "|".join((*WRITTEN_CUES, SPOKEN_RUN_PATTERN))
_MAY_CONTAIN_PII = re.compile(MAY_CONTAIN_PII)

DETECTORS: tuple[Detector, ...] = (
    find_phones,
    find_emails,
    find_cards,
    find_my_numbers,
    find_bank_accounts,
    find_postal_codes,
    find_addresses,
    find_dates_of_birth,
    find_names,
)
# Only number-shaped entities can be read out digit by digit.
_SPOKEN_DETECTORS: tuple[Detector, ...] = (
    find_phones,
    find_cards,
    find_my_numbers,
    find_bank_accounts,
    find_postal_codes,
    find_dates_of_birth,
)


def _run(detectors: tuple[Detector, ...], view: TextView, original: str) -> list[Entity]:
    found: list[Entity] = []
    for detector in detectors:
        for start, end, kind in detector(view.text):
            o_start, o_end = view.to_original(start, end)
            found.append(Entity(o_start, o_end, kind, original[o_start:o_end]))
    return found


def find_entities(text: str) -> list[Entity]:
    """Every piece of personal data in ``text``, non-overlapping, in order; spans index ``text`` itself.

    Detectors read a width-folded copy (０９０ → 090) and, when the text reads digits out one by one
    (ゼロキューゼロ, "four one one"), also a copy with those spoken digits written as digits.
    """
    folded = fold_width(text)
    found = _run(DETECTORS, TextView(folded), text)
    trimmed = spoken_digit_view(folded, trim_particles=True)
    if trimmed is None:
        return resolve_overlaps(found)
    found += _run(_SPOKEN_DETECTORS, trimmed, text)
    # Reading a particle at a run's end as a digit (まるごに → 052) is the weaker reading: only where nothing else was.
    untrimmed = spoken_digit_view(folded, trim_particles=False)
    if untrimmed is not None and untrimmed.text != trimmed.text:
        found += [e for e in _run(_SPOKEN_DETECTORS, untrimmed, text) if not any(_overlap(e, f) for f in found)]
    return resolve_overlaps(found)


def _overlap(a: Entity, b: Entity) -> bool:
    return a.start < b.end and b.start < a.end


def may_hold_pii(text: str) -> bool:
    """False only when ``text`` cannot hold personal data (no digit, @, honorific, name or number word)."""
    return _MAY_CONTAIN_PII.search(text) is not None


def redact_text(text: str) -> str:
    """``text`` with each entity replaced by its mask: ``[PHONE]``, ``[EMAIL]``, ``[CARD]``, ``[MY_NUMBER]``…"""
    return apply_masks(text, find_entities(text))
