"""How an agent, a queue and a team are named on screen: one rule each for every page, table, filter, chart label
and drill-down.

An agent is shown by their name from ``core.agents``; an id with no row there (an agent missing from the roster
export) is shown as the id itself, so a row never loses its agent. The id stays in the frame as the drill-down and
scope key; pages show ``agent_name`` and not ``agent_id``.

The warehouse holds queue and team codes only (``core.interactions.queue``, ``core.agents.team``: whatever the ACD
or roster export says, e.g. ``billing_en``, ``T1``, ``東京1課``), so their names come from the UI text
(``queue_<code>`` / ``team_<code>`` in dashboards/i18n.py) and, for a code it does not know, from a rule that never
shows snake_case: a language suffix becomes the language's name (``orders_en`` → 注文 (英語) / Orders (English)),
``T3`` or ``team_3`` → チーム3 / Team 3, and any other code its words (``after_hours`` → After hours). A code that is
already a name (東京1課, Global) is shown as it is. Filters still send the code.
"""

from __future__ import annotations

import re

import duckdb
import polars as pl

from dashboards.i18n import keys, t
from dashboards.queries.base import read

_TEAM_NUMBER = re.compile(r"^(?:t|team)[ _-]?(\d+)$", re.IGNORECASE)
_LANGUAGE_SUFFIX = re.compile(r"^(?P<base>.+)[_-](?P<language>[a-z]{2})$")
_CODE = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")  # lower-case ASCII words joined by _ or -: a code, not a name


def _code_name(kind: str, code: str, lang: str) -> str:
    """The name of a ``kind`` ('queue' or 'team') code in ``lang``: the UI text's, else the rule above."""
    if f"{kind}_{code}" in keys():
        return t(f"{kind}_{code}", lang)
    if code == "unknown":  # the marts' and the snapshot's stand-in for a contact without one
        return t("unknown", lang)
    suffix = _LANGUAGE_SUFFIX.match(code)
    if suffix and f"language_{suffix['language']}" in keys():
        return f"{_code_name(kind, suffix['base'], lang)} ({t('language_' + suffix['language'], lang)})"
    number = _TEAM_NUMBER.match(code) if kind == "team" else None
    if number:
        return t("team_number", lang).format(number=int(number[1]))
    if _CODE.match(code):
        words = re.sub(r"[_-]+", " ", code)
        return words[:1].upper() + words[1:]
    return code


def queue_name(queue: str, lang: str) -> str:
    """A queue as shown: 請求 / Billing for ``billing``, never the raw code."""
    return _code_name("queue", queue, lang)


def team_name(team: str, lang: str) -> str:
    """A team as shown: チーム1 / Team 1 for ``T1``; a team the roster already names (東京1課) as it is."""
    return _code_name("team", team, lang)


def agent_display_names(conn: duckdb.DuckDBPyConnection, agent_ids: list[str]) -> dict[str, str]:
    """``{agent_id: name to show}`` for the given ids (the id itself when ``core.agents`` has no name for it)."""
    wanted = sorted({agent_id for agent_id in agent_ids if agent_id is not None})
    if not wanted:
        return {}
    known = read(conn, "select agent_id, name from core.agents where list_contains($ids, agent_id)"
                       " and nullif(trim(name), '') is not null", {"ids": wanted})
    names = dict(known.iter_rows())
    return {agent_id: names.get(agent_id, agent_id) for agent_id in wanted}


def with_agent_names(conn: duckdb.DuckDBPyConnection, frame: pl.DataFrame, id_column: str = "agent_id",
                     name_column: str = "agent_name") -> pl.DataFrame:
    """``frame`` with ``name_column`` (the agent's display name) right after ``id_column``; null where the id is
    null."""
    if id_column not in frame.columns:
        raise ValueError(f"with_agent_names: the frame has no column {id_column!r}")
    names = agent_display_names(conn, frame[id_column].drop_nulls().cast(pl.String).to_list())
    shown = pl.col(id_column).cast(pl.String).replace_strict(names, default=None, return_dtype=pl.String)
    order = [c for c in frame.columns if c != name_column]
    order.insert(order.index(id_column) + 1, name_column)
    return frame.with_columns(shown.alias(name_column)).select(order)
