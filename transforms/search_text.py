"""Search tokens for Japanese and English text (docs/search.md).

Japanese has no spaces between words, so whitespace tokens cannot find 解約 inside 解約したい. Text is folded (NFKC,
lower case, katakana → hiragana) and cut into runs: a run of Japanese characters becomes its overlapping character
pairs (解約したい → 解約 約し した たい), a run of letters or digits becomes one word. A query is cut the same way and
its tokens must appear next to each other (a phrase), so a Japanese query of two or more characters matches exactly
the texts that contain it as a substring, and an English query matches whole words (a trailing * matches a word's
beginning). The index stores these tokens only; the text shown is the masked message itself.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache

import polars as pl

_JAPANESE = r"\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # 々, kana, ー, CJK ideographs
_RUNS = re.compile(rf"([{_JAPANESE}]+)|([^\W{_JAPANESE}]+)")  # (Japanese run, word)
_JAPANESE_CHARACTER = re.compile(rf"[{_JAPANESE}]")
_KATAKANA = {cp: cp - 0x60 for cp in range(0x30A1, 0x30F7)}
_WORD_PREFIX = re.compile(r"^[^\W_]+\*$")


def fold(text: str) -> str:
    """The form both texts and queries are tokenised in: NFKC, lower case, katakana as hiragana."""
    return unicodedata.normalize("NFKC", text).lower().translate(_KATAKANA)


def _pairs(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """The tokens of a text, in order."""
    out: list[str] = []
    for japanese, word in _RUNS.findall(fold(text)):
        if japanese:
            out.extend(_pairs(japanese))
        else:
            out.append(word)
    return out


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
        if len(found) == 1 and _JAPANESE_CHARACTER.fullmatch(found[0]):
            phrases.append(f'"{found[0]}" *')
        elif found:
            phrases.append('"' + " ".join(found) + '"')
    if not phrases:
        raise ValueError(f"nothing to search for in {query!r}")
    return " AND ".join(phrases)


def plan_changes(current: pl.DataFrame, indexed: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """What a run must redo, from the warehouse's contacts and the index's (both with interaction_id, content_hash,
    attrs_hash): (contacts to re-index, oldest first: new, or with changed messages or filter values; ids to remove).
    A changed filter value re-indexes the contact's messages too, because the filter values are indexed with them."""
    joined = current.join(indexed.rename({"content_hash": "_content", "attrs_hash": "_attrs"}),
                          on="interaction_id", how="left")
    changed = (pl.col("_content").is_null() | (pl.col("_content") != pl.col("content_hash"))
               | (pl.col("_attrs") != pl.col("attrs_hash")))
    removed = indexed.join(current, on="interaction_id", how="anti")["interaction_id"].to_list()
    return joined.filter(changed).drop("_content", "_attrs").sort("created_at", "interaction_id"), removed


SENTIMENT_BANDS = {"negative": (-2.0, -0.2), "neutral": (-0.2, 0.2), "positive": (0.2, 2.0)}  # [low, high)
FACETS = ("channel", "queue", "agent_id", "team", "language", "theme")


@lru_cache(maxsize=65536)
def facet(name: str, value: str) -> str:
    """One filter value as an index token (any characters, any case): the field and a short hash of the value."""
    return f"{name}_{hashlib.blake2b(value.encode(), digest_size=6).hexdigest()}"


def sentiment_band(score: float | None) -> str | None:
    if score is None:
        return None
    return next((band for band, (low, high) in SENTIMENT_BANDS.items() if low <= score < high), None)


def facet_text(contact: dict) -> str:
    """The filter values of a contact as index tokens, so a filter narrows the search inside the index instead of
    after it: channel, queue, agent, team, language, theme, each category, sentiment band, UTC day and month."""
    tokens = [facet(name, str(contact[name])) for name in FACETS if contact.get(name) is not None]
    tokens += [facet("category", c) for c in (contact.get("categories") or "").split(",") if c]
    band = sentiment_band(contact.get("sentiment"))
    if band:
        tokens.append(facet("sentiment", band))
    created = contact["created_at"]
    day = created if isinstance(created, str) else created.isoformat(sep=" ")
    tokens += [facet("day", day[:10]), facet("month", day[:7])]
    return " ".join(tokens)


def period_facets(start: datetime | None, end: datetime | None) -> list[str]:
    """Index tokens covering the UTC days of [start, end): whole months inside it as months, the rest as days.
    (The exact bounds are still checked on the contact; these only narrow the search.)"""
    if start is None or end is None:
        return []
    out, day = [], start.date()
    last = (end - timedelta(microseconds=1)).date()
    while day <= last:
        month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if day.day == 1 and month_end <= last:
            out.append(facet("month", day.isoformat()[:7]))
            day = month_end + timedelta(days=1)
        else:
            out.append(facet("day", day.isoformat()))
            day += timedelta(days=1)
    return out


def contact_sentiment(contacts: pl.DataFrame, messages: pl.DataFrame,
                      score: Callable[[Sequence[str]], list[float]]) -> pl.DataFrame:
    """`contacts` with `sentiment`: the call's closing customer sentiment when transcribed, else the stored score of
    the customer's last written message (`messages`' optional `sentiment` column, core.message_sentiment); only a
    last message with no stored score is scored by `score`. Null when the customer wrote nothing."""
    if "sentiment" not in messages.columns:
        messages = messages.with_columns(sentiment=pl.lit(None, pl.Float64))
    last = (messages.filter(pl.col("role") == "customer").sort("seq")
            .group_by("interaction_id").agg(pl.col("text").last(), pl.col("sentiment").last().cast(pl.Float64)))
    needed = contacts.filter(pl.col("call_sentiment").is_null()).join(last, on="interaction_id", how="inner")
    unstored = needed.filter(pl.col("sentiment").is_null())
    computed = unstored.select("interaction_id", computed=pl.Series(score(unstored["text"].to_list()), dtype=pl.Float64))
    written = (needed.join(computed, on="interaction_id", how="left")
               .select("interaction_id", written=pl.coalesce("sentiment", "computed")))
    return (contacts.join(written, on="interaction_id", how="left")
            .with_columns(sentiment=pl.coalesce("call_sentiment", "written")).drop("written"))
