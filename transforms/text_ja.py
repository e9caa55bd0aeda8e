"""Japanese (and English) text normalisation for phrase matching.

`normalize_text` folds the variation that agents' speech and ASR output show but that does not change meaning:
NFKC (full-width ASCII and half-width katakana to their standard forms), case, katakana → hiragana, long-vowel
marks and punctuation/whitespace removed, and a few polite-form and pronoun variants folded to one spelling
(わたくし/私 → わたし, 申し訳ありません → 申し訳ございません ...). Phrase lists and transcripts are both normalised with
the same function, so a phrase written once matches all its variants.
"""

from __future__ import annotations

import unicodedata

import polars as pl

_KATAKANA_START, _KATAKANA_END = 0x30A1, 0x30F6
_KANA_PAIRS = {chr(cp): chr(cp - 0x60) for cp in range(_KATAKANA_START, _KATAKANA_END + 1)}

# Applied after kana folding, so keys are in hiragana where kana is involved. Order matters (longest first).
POLITE_VARIANTS: dict[str, str] = {
    "わたくしども": "わたしども",
    "わたくし": "わたし",
    "私ども": "わたしども",
    "私": "わたし",
    "申し訳ありません": "申し訳ございません",
    "申しわけございません": "申し訳ございません",
    "もうしわけございません": "申し訳ございません",
    "申し訳ないです": "申し訳ございません",
    "すみません": "申し訳ございません",
    "有難う": "ありがとう",
    "お待たせしました": "お待たせいたしました",
    "お待たせいたしました": "お待たせいたしました",
    "お願いします": "お願いいたします",
    "お願い致します": "お願いいたします",
    "致します": "いたします",
    "致しました": "いたしました",
    "下さい": "ください",
    "頂け": "いただけ",
    "頂き": "いただき",
    "出来": "でき",
    "御座います": "ございます",
    "恐れいります": "恐れ入ります",
    "おそれいります": "恐れ入ります",
    "恐れ入りますが": "恐れ入りますが",
}

# Punctuation, spaces, long-vowel marks and wave dashes: they vary between writers and ASR runs.
_NOISE_PATTERN = r"[\s、。，．,.!?・「」『』()\[\]【】…‥ー〜~\-'\"’“”:;]+"


def fold_expr(column: str | pl.Expr) -> pl.Expr:
    """NFKC + lower case only: the form regular expressions run on (spaces and punctuation kept)."""
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.fill_null("").str.normalize("NFKC").str.to_lowercase()


def normalize_expr(column: str | pl.Expr) -> pl.Expr:
    """The matching form of a string column, fully vectorised (Aho-Corasick replacements, no Python per row)."""
    return (
        fold_expr(column)
        .str.replace_many(_KANA_PAIRS)
        .str.replace_many(POLITE_VARIANTS, leftmost=True)
        .str.replace_all(_NOISE_PATTERN, "")
    )


def normalize_text(text: str) -> str:
    """Return the matching form of one utterance or phrase (same rules as `normalize_expr`)."""
    return pl.select(normalize_expr(pl.lit(text))).item()


def fold_text(text: str) -> str:
    """NFKC + lower case of one string (the regex form)."""
    return unicodedata.normalize("NFKC", text).lower()


def is_japanese(text: str) -> bool:
    """True when the text contains hiragana, katakana or CJK ideographs."""
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff66" <= ch <= "\uff9f" for ch in text)
