"""Cues: what a text must hold for a detector to find anything in it, looked for in many texts at once.

Each detector (``transforms.redaction.detect``) reads its patterns over the width-folded text and then checks what
they matched (a check digit, a dictionary name, a context word); a text in which none of its patterns occurs gives
it nothing. So the cues of a detector are its own patterns, or looser ones (never with look-around, which polars'
regex engine lacks), and a frame runs in Python only the detectors whose cues a text holds
(``transforms.redaction.frame``). A unit test runs the screened and the full path over the corpus and generated
texts and asserts the same masks.

polars (Rust ``regex``) and Python's ``re`` read these patterns alike but for a few classes, which ``cue_view``
folds so that polars never matches less than ``re``: ``\\s`` (``re`` also counts U+001C-U+001F), ``\\b`` (here
ASCII-only: every ``\\b`` in the patterns has an ASCII letter on one side), and four letters that ``re``'s
case-insensitive match equates to ASCII ones (İ ı ſ K).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from transforms.redaction.contact import ADDRESS_CUES, EMAIL_CUES
from transforms.redaction.entities import EntityType
from transforms.redaction.numbers import BANK_ACCOUNT_CUES, CARD_CUES, MY_NUMBER_CUES, PHONE_CUES, POSTAL_CODE_CUES
from transforms.redaction.personal import DOB_CUES, NAME_CUES
from transforms.redaction.text_view import FOLDED_CHARS, PROLONGED_MARKS, SPOKEN_RUN_CUE, fold_width

SPOKEN = "SPOKEN"  # a run of digits read out: the detectors of numbers also read the text with them as digits
CUES: dict[EntityType | str, tuple[str, ...]] = {
    "PHONE": PHONE_CUES,
    "EMAIL": EMAIL_CUES,
    "CARD": CARD_CUES,
    "MY_NUMBER": MY_NUMBER_CUES,
    "BANK_ACCOUNT": BANK_ACCOUNT_CUES,
    "POSTAL_CODE": POSTAL_CODE_CUES,
    "ADDRESS": ADDRESS_CUES,
    "DOB": DOB_CUES,
    "NAME": NAME_CUES,
    SPOKEN: (SPOKEN_RUN_CUE,),
}
EVERY_CUE: frozenset[str] = frozenset(CUES)

_ANY_CUE = re.compile("|".join(f"(?:{pattern})" for patterns in CUES.values() for pattern in patterns))
_RE_ONLY = {chr(c): " " for c in range(0x1C, 0x20)} | {"İ": "I", "ı": "i", "ſ": "s", "\u212a": "K"}


def may_hold_pii(text: str) -> bool:
    """False only when no detector can find anything in ``text``."""
    return _ANY_CUE.search(fold_width(text)) is not None


def cue_view(text: pl.Expr) -> pl.Expr:
    """``fold_width`` in polars (and the few characters polars' regex would read otherwise than ``re``)."""
    folded = text.str.replace_many(FOLDED_CHARS | _RE_ONLY)
    for _ in range(2):  # non-overlapping matches: 1ー2ー3 needs a second pass for the 2ー3
        folded = folded.str.replace_all(rf"(\d)[{PROLONGED_MARKS}](\d)", "${1}-${2}")
    return folded


def _for_polars(pattern: str) -> str:
    return pattern.replace(r"\b", r"(?-u:\b)")  # ASCII word boundary: fast in polars, and never narrower here


def _union(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{_for_polars(p)})" for p in patterns)


# The texts that hold any cue are found with three regexes, each the union of a few cues' patterns; only those texts
# are then looked at cue by cue. One regex for all cues overflows the regex engine's cache on long, varied texts
# (0.09 s CPU for 15k review sentences against 0.02 s), one per cue pays the per-text cost ten times (1.3 s for the
# benchmark's 1M ticket subjects against 0.5 s).
_SCREEN_GROUPS = (("PHONE", "CARD", "MY_NUMBER", "BANK_ACCOUNT", "POSTAL_CODE"), ("EMAIL", "ADDRESS", "DOB"))
_SCREENS = tuple(
    _union(p for cue in group for p in CUES[cue])
    for group in (*_SCREEN_GROUPS, [c for c in CUES if not any(c in group for group in _SCREEN_GROUPS)])  # the rest
)


def _holds_any(view: pl.Expr) -> pl.Expr:
    return pl.any_horizontal(view.str.contains(screen) for screen in _SCREENS).fill_null(False)


def may_contain_pii(column: str) -> pl.Expr:
    """True where ``column`` could hold personal data (a cheap, vectorised superset of ``find_entities``)."""
    return _holds_any(cue_view(pl.col(column)))


def cues_held(texts: pl.Series) -> pl.DataFrame:
    """The texts that hold a cue (``text``), with which (``held``: bit i for the i-th key of ``CUES``, see
    ``cue_names``); texts that hold none (and nulls) are left out."""
    view = pl.col("view")
    return (
        pl.DataFrame({"text": texts.cast(pl.String)})
        .with_columns(cue_view(pl.col("text")).alias("view"))
        .filter(_holds_any(view))
        .select("text", pl.sum_horizontal(view.str.contains(_union(CUES[cue])).cast(pl.Int64) * (1 << bit)
                                          for bit, cue in enumerate(CUES)).alias("held"))
    )


def cue_names(held: int) -> frozenset[str]:
    """The ``CUES`` keys of a ``held`` value from ``cues_held``."""
    return frozenset(cue for bit, cue in enumerate(CUES) if held >> bit & 1)
