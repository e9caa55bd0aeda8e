"""The entity record, the mask for each type, and how overlapping finds are resolved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

EntityType = Literal[
    "PHONE", "EMAIL", "CARD", "MY_NUMBER", "BANK_ACCOUNT", "POSTAL_CODE", "ADDRESS", "DOB", "NAME"
]

ENTITY_TYPES: tuple[EntityType, ...] = (
    "PHONE", "EMAIL", "CARD", "MY_NUMBER", "BANK_ACCOUNT", "POSTAL_CODE", "ADDRESS", "DOB", "NAME"
)

# When two finds overlap, checksummed types beat pattern-only ones (a Luhn-valid card wins over a phone-shaped
# fragment of it), and an account number (found only after 口座/account) beats a phone-shaped reading of it.
# The order of this tuple is that priority, highest first.
_PRIORITY_ORDER: tuple[EntityType, ...] = (
    "CARD", "MY_NUMBER", "EMAIL", "BANK_ACCOUNT", "PHONE", "DOB", "POSTAL_CODE", "ADDRESS", "NAME"
)
_PRIORITY: dict[EntityType, int] = {t: i for i, t in enumerate(_PRIORITY_ORDER)}


@dataclass(frozen=True, order=True)
class Entity:
    """A piece of personal data found in a text: ``text[start:end]`` is ``text``."""

    start: int
    end: int
    type: EntityType
    text: str

    @property
    def mask(self) -> str:
        return f"[{self.type}]"


def resolve_overlaps(entities: Iterable[Entity]) -> list[Entity]:
    """Keep a non-overlapping subset: longer spans first, then higher-priority types; result sorted by start."""
    distinct = set(entities)
    if len(distinct) < 2:  # nothing can overlap (most texts: one find)
        return sorted(distinct)
    ranked = sorted(distinct, key=lambda e: (-(e.end - e.start), _PRIORITY[e.type], e.start))
    kept: list[Entity] = []
    for entity in ranked:
        if all(entity.end <= k.start or entity.start >= k.end for k in kept):
            kept.append(entity)
    return sorted(kept)


def apply_masks(text: str, entities: Iterable[Entity]) -> str:
    """Replace each (non-overlapping) entity span with its mask, e.g. ``[PHONE]``."""
    pieces: list[str] = []
    cursor = 0
    for entity in sorted(entities):
        pieces.append(text[cursor : entity.start])
        pieces.append(entity.mask)
        cursor = entity.end
    pieces.append(text[cursor:])
    return "".join(pieces)
