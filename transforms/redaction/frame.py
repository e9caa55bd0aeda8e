"""Redact text columns of a polars frame; rows that cannot hold personal data skip Python entirely."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial

import polars as pl

from transforms.ingest.values import parse_role
from transforms.redaction.cues import cue_names, cues_held
from transforms.redaction.dialogue import (
    DEFAULT_NAMES_OF,
    PARTIES,
    REQUESTING_ROLES,
    Turn,
    answered_entities,
    redact_turn,
)
from transforms.redaction.entities import Entity
from transforms.redaction.requests import asks_for

Redact = Callable[..., str]  # ``redact_turn`` for one side: (text, cued=the cues it holds) -> the text masked
Suspect = tuple[str, int]  # a text and which cues it holds (``cues_held``)

# Detector runs (a suspect text × a cue it holds) per worker process below which a pool costs more than it saves: a
# worker starts in about a second, a detector run takes ~0.01 ms.
RUNS_PER_WORKER = 100_000


def _redact_each(redact: Redact, cues: dict[int, frozenset[str]], suspects: list[Suspect]) -> list[str]:
    return [redact(text, cued=cues[held]) for text, held in suspects]


def _redact_many(suspects: list[Suspect], cues: dict[int, frozenset[str]], redact: Redact) -> list[str]:
    """``redact`` over ``suspects``; much work is shared out over one process per core, since matching the rules
    holds the GIL (the same rules, only run side by side)."""
    runs = sum(len(cues[held]) for _, held in suspects)
    workers = min(os.cpu_count() or 1, runs // RUNS_PER_WORKER)
    if workers < 2:
        return _redact_each(redact, cues, suspects)
    size = -(-len(suspects) // (workers * 4))  # a few chunks per worker, so one slow chunk does not hold the rest up
    chunks = [suspects[start:start + size] for start in range(0, len(suspects), size)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
            return [text for chunk in pool.map(partial(_redact_each, redact, cues), chunks) for text in chunk]
    except BrokenProcessPool:  # a worker died (out of memory, killed): the same work here, slower
        return _redact_each(redact, cues, suspects)


def _redact_distinct(texts: pl.Series, redact: Redact) -> pl.Series:
    """``texts`` with ``redact`` applied to each distinct text that holds a cue (others as they are), running only
    the detectors of the cues it holds (``transforms.redaction.cues``)."""
    suspects = cues_held(texts.drop_nulls().unique())
    cues = {held: cue_names(held) for held in suspects["held"].unique().to_list()}
    pairs = list(zip(suspects["text"].to_list(), suspects["held"].to_list(), strict=True))
    masked = dict(zip(suspects["text"].to_list(), _redact_many(pairs, cues, redact), strict=True))
    changed = {text: redacted for text, redacted in masked.items() if redacted != text}
    return texts.replace(changed) if changed else texts


def redact_series(
    texts: pl.Series, roles: pl.Series | None = None, names_of: Collection[str] = DEFAULT_NAMES_OF
) -> pl.Series:
    """``texts`` with personal data masked; with the speakers' ``roles``, an agent's own name is kept unless
    ``names_of`` includes "agent" (see ``transforms.redaction.dialogue``).

    Contact-center text repeats a lot (templates, bots, subjects), so each distinct text is checked once; only
    distinct texts that hold a cue (``transforms.redaction.cues``) reach Python, and only the detectors of their cues
    run.
    """
    other_side = partial(redact_turn, role=None, names_of=names_of)
    if roles is None or set(PARTIES) <= set(names_of):
        return _redact_distinct(texts, other_side)
    is_agent = (roles.cast(pl.String) == "agent").fill_null(value=False)
    redacted = texts.clone()
    for rows, redact in ((is_agent.arg_true(), partial(redact_turn, role="agent", names_of=names_of)),
                         ((~is_agent).arg_true(), other_side)):
        if len(rows):
            redacted = redacted.scatter(rows, _redact_distinct(texts.gather(rows), redact))
    return redacted


@dataclass(frozen=True)
class DialogueColumns:
    """Where a frame of turns keeps each turn's conversation, position and speaker role (ids, seq, role)."""

    conversation: str = "interaction_id"
    order: str = "seq"
    role: str = "role"


def _answered_rows(df: pl.DataFrame, text: str, dialogue: DialogueColumns) -> dict[int, list[Entity]]:
    """Row index → the values the row gives in answer to a request, for conversations that ask for any."""
    if dialogue.conversation not in df.columns:
        return {}
    turns = df.select(
        pl.int_range(pl.len()).alias("row"), pl.col(dialogue.conversation).alias("conversation"),
        (pl.col(dialogue.order).cast(pl.Float64, strict=False) if dialogue.order in df.columns else pl.lit(0.0))
        .alias("order"),
        _role(df, dialogue).alias("role"), pl.col(text).cast(pl.String).alias("text"),
    )
    requesting = turns.filter(pl.col("role").is_in(REQUESTING_ROLES))["text"].drop_nulls().unique()
    requests = [t for t in requesting.to_list() if asks_for(t)]
    asking = turns.filter(pl.col("role").is_in(REQUESTING_ROLES) & pl.col("text").is_in(requests))
    if asking.is_empty():
        return {}
    in_dialogue = turns.filter(pl.col("conversation").is_in(asking["conversation"].unique().implode()))
    answers: dict[int, list[Entity]] = {}
    for _, group in in_dialogue.sort("conversation", "order", "row").group_by("conversation", maintain_order=True):
        found = answered_entities([Turn(r, t or "") for r, t in zip(group["role"], group["text"], strict=True)])
        answers |= {row: values for row, values in zip(group["row"], found, strict=True) if values}
    return answers


def redact_frame(
    df: pl.DataFrame, columns: Sequence[str], dialogue: DialogueColumns | None = None,
    names_of: Collection[str] = DEFAULT_NAMES_OF,
) -> pl.DataFrame:
    """``df`` with each of ``columns`` redacted (as text: a number can be a phone or card number); other columns,
    order and nulls unchanged.

    When the rows are turns of conversations (``dialogue``), the speakers' roles decide whose names are masked
    (``names_of``) and what a turn gives in answer to a request (a name, a birth date, a card number…) is masked
    too (``transforms.redaction.dialogue``).
    """
    roles = None if dialogue is None else df.select(_role(df, dialogue)).to_series()
    redacted = df.with_columns(
        redact_series(df.get_column(c).cast(pl.String), roles, names_of).alias(c) for c in columns
    )
    if dialogue is None:
        return redacted
    for column in columns:
        answers = _answered_rows(df, column, dialogue)
        if answers:
            rows = sorted(answers)
            originals = df.get_column(column).cast(pl.String)
            fixed = [redact_turn(originals[r], roles[r] if roles is not None else None, names_of, answers[r])
                     for r in rows]
            redacted = redacted.with_columns(redacted.get_column(column).scatter(rows, fixed))
    return redacted


def _role(df: pl.DataFrame, dialogue: DialogueColumns) -> pl.Expr:
    """The speaker's role as the loader parses it (オペレーター → agent); "unknown" when the frame has none."""
    if dialogue.role not in df.columns:
        return pl.lit("unknown")
    return parse_role(pl.col(dialogue.role).cast(pl.String)).fill_null("unknown")


def original_texts(
    before: pl.DataFrame, after: pl.DataFrame, key: str, columns: Sequence[str], source_table: str
) -> pl.DataFrame:
    """Rows for ``restricted.original_text``: the original of every cell that ``redact_frame`` changed.

    Only for ``redaction.keep_original``; ``before`` and ``after`` are the same rows in the same order.
    """
    parts = [
        pl.DataFrame(
            {
                "source_table": source_table,
                "row_key": before.get_column(key).cast(pl.String),
                "column_name": column,
                "text": before.get_column(column),
                "changed": before.get_column(column) != after.get_column(column),
            }
        ).filter(pl.col("changed"))
        for column in columns
    ]
    schema = {"source_table": pl.String, "row_key": pl.String, "column_name": pl.String, "text": pl.String}
    if not parts:
        return pl.DataFrame(schema=schema)
    return pl.concat(parts).drop("changed")
