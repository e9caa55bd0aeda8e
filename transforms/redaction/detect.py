"""Find and mask personal data in one text (Japanese or English, typed or transcribed)."""

from __future__ import annotations

from collections.abc import Callable, Collection

from transforms.redaction.contact import find_addresses, find_emails
from transforms.redaction.cues import SPOKEN
from transforms.redaction.entities import Entity, EntityType, apply_masks, resolve_overlaps
from transforms.redaction.numbers import (
    find_bank_accounts,
    find_cards,
    find_my_numbers,
    find_phones,
    find_postal_codes,
)
from transforms.redaction.personal import find_dates_of_birth, find_names
from transforms.redaction.text_view import TextView, fold_width, spoken_digit_view

Detector = Callable[[str], list[tuple[int, int, EntityType]]]

# One detector per type; its cues (``transforms.redaction.cues``) are keyed by the same type.
DETECTORS: dict[EntityType, Detector] = {
    "PHONE": find_phones,
    "EMAIL": find_emails,
    "CARD": find_cards,
    "MY_NUMBER": find_my_numbers,
    "BANK_ACCOUNT": find_bank_accounts,
    "POSTAL_CODE": find_postal_codes,
    "ADDRESS": find_addresses,
    "DOB": find_dates_of_birth,
    "NAME": find_names,
}
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


def find_entities(text: str, cued: Collection[str] | None = None) -> list[Entity]:
    """Every piece of personal data in ``text``, non-overlapping, in order; spans index ``text`` itself.

    Detectors read a width-folded copy (０９０ → 090) and, when the text reads digits out one by one
    (ゼロキューゼロ, "four one one"), also a copy with those spoken digits written as digits. ``cued``: the cues
    (``transforms.redaction.cues``) the caller found in ``text``; only their detectors run, since the others have
    nothing to find (None: every detector).
    """
    folded = fold_width(text)
    detectors = tuple(d for kind, d in DETECTORS.items() if cued is None or kind in cued)
    found = _run(detectors, TextView(folded), text)
    if cued is not None and SPOKEN not in cued:
        return resolve_overlaps(found)
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


def redact_text(text: str) -> str:
    """``text`` with each entity replaced by its mask: ``[PHONE]``, ``[EMAIL]``, ``[CARD]``, ``[MY_NUMBER]``…"""
    return apply_masks(text, find_entities(text))
