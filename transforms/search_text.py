"""Search tokens for Japanese and English text (docs/search.md).

Japanese has no spaces between words, so whitespace tokens cannot find 解約 inside 解約したい. Text is folded (NFKC,
lower case, katakana → hiragana) and cut into runs: a run of Japanese characters becomes its overlapping character
pairs (解約したい → 解約 約し した たい), a run of letters or digits becomes one word. A query is cut the same way and
its tokens must appear next to each other (a phrase), so a Japanese query of two or more characters matches exactly
the texts that contain it as a substring, and an English query matches whole words (a trailing * matches a word's
beginning). The index stores these tokens only; the text shown is the masked message itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import polars as pl

_JAPANESE = r"\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # 々, kana, ー, CJK ideographs
_RUNS = re.compile(rf"[{_JAPANESE}]+|[^\W{_JAPANESE}]+")
_KATAKANA = {cp: cp - 0x60 for cp in range(0x30A1, 0x30F7)}
_WORD_PREFIX = re.compile(r"^[^\W_]+\*$")


def fold(text: str) -> str:
    """The form both texts and queries are tokenised in: NFKC, lower case, katakana as hiragana."""
    return unicodedata.normalize("NFKC", text).lower().translate(_KATAKANA)


def _run_tokens(run: str) -> list[str]:
    if re.match(rf"[{_JAPANESE}]", run):
        return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
    return [run]


def tokens(text: str) -> list[str]:
    """The tokens of a text, in order."""
    return [token for run in _RUNS.findall(fold(text)) for token in _run_tokens(run)]


def index_text(text: str) -> str:
    """The tokens of a text as one space-separated string (what the full-text index stores)."""
    return " ".join(tokens(text))


def match_expression(query: str) -> str:
    """An SQLite FTS5 MATCH expression: every whitespace-separated term (or "quoted phrase") must be found.

    Each term is the phrase of its tokens. A lone Japanese character matches the pairs that start with it; an
    English term ending in * matches words that start with it. Raises ValueError when the query has nothing to find.
    """
    terms = [quoted or bare for quoted, bare in re.findall(r'"([^"]*)"|(\S+)', query)]
    phrases = []
    for term in terms:
        if _WORD_PREFIX.match(fold(term)):
            phrases.append(f'"{fold(term)[:-1]}" *')
            continue
        found = tokens(term)
        if len(found) == 1 and len(found[0]) == 1 and re.match(rf"[{_JAPANESE}]", found[0]):
            phrases.append(f'"{found[0]}" *')
        elif found:
            phrases.append('"' + " ".join(found) + '"')
    if not phrases:
        raise ValueError(f"nothing to search for in {query!r}")
    return " AND ".join(phrases)


def plan_changes(current: pl.DataFrame, indexed: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, list[str]]:
    """What a run must redo, from the warehouse's contacts and the index's (both with interaction_id, content_hash,
    attrs_hash): (contacts to re-index, oldest first; contacts whose filter values changed only; ids to remove)."""
    joined = current.join(indexed.rename({"content_hash": "_content", "attrs_hash": "_attrs"}),
                          on="interaction_id", how="left")
    reindex = joined.filter(pl.col("_content").is_null() | (pl.col("_content") != pl.col("content_hash")))
    attributes = joined.filter((pl.col("_content") == pl.col("content_hash")) & (pl.col("_attrs") != pl.col("attrs_hash")))
    removed = indexed.join(current, on="interaction_id", how="anti")["interaction_id"].to_list()
    return (reindex.drop("_content", "_attrs").sort("created_at", "interaction_id"),
            attributes.drop("_content", "_attrs"), removed)


def contact_sentiment(contacts: pl.DataFrame, messages: pl.DataFrame,
                      score: Callable[[Sequence[str]], list[float]]) -> pl.DataFrame:
    """`contacts` with `sentiment`: the call's closing customer sentiment when transcribed, else the score of the
    customer's last written message (null when the customer wrote nothing)."""
    last = (messages.filter(pl.col("role") == "customer").sort("seq")
            .group_by("interaction_id").agg(pl.col("text").last()))
    needed = contacts.filter(pl.col("call_sentiment").is_null()).join(last, on="interaction_id", how="inner")
    scored = needed.select("interaction_id", written=pl.Series(score(needed["text"].to_list()), dtype=pl.Float64))
    return (contacts.join(scored, on="interaction_id", how="left")
            .with_columns(sentiment=pl.coalesce("call_sentiment", "written")).drop("written"))
