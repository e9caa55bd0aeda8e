"""How an agent, a queue, a team and a contact reason are named on screen: one rule each for every page, table,
filter, chart label and drill-down.

An agent is shown by their name from ``core.agents``; an id with no row there (an agent missing from the roster
export) is shown as the id itself, so a row never loses its agent. The id stays in the frame as the drill-down and
scope key; pages show ``agent_name`` and not ``agent_id``.

Contacts and the roster hold queue, team and contact-reason codes (``core.interactions.queue``, ``core.agents.team``,
``core.interactions.contact_reason``: whatever the ACD, helpdesk or roster export says, e.g. ``PS``, ``billing_en``,
``T1``, ``東京1課``, ``double_charge``). A code is shown by, in this order:

1. the contact center's own name for it in the page's language (``core.names``, loaded with ``koe ingest names``;
   docs/input-formats.md);
2. the UI text (``queue_<code>`` / ``team_<code>`` / ``contact_reason_<code>`` in dashboards/i18n.py: the demo's
   codes);
3. the center's name in the other language (better a Japanese name on an English page than a code);
4. a rule that never shows snake_case: a language suffix becomes the language's name (``orders_en`` → 注文 (英語) /
   Orders (English), the base named by 1–4 again), ``T3`` or ``team_3`` → チーム3 / Team 3, and any other code its
   words (``after_hours`` → After hours). A code that is already a name (東京1課, Global) is shown as it is.

Filters still send the code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path

import duckdb
import flask
import polars as pl

from dashboards.config import current_config
from dashboards.i18n import keys, t
from dashboards.queries.base import open_snapshot, present_tables, read

_TEAM_NUMBER = re.compile(r"^(?:t|team)[ _-]?(\d+)$", re.IGNORECASE)
_LANGUAGE_SUFFIX = re.compile(r"^(?P<base>.+)[_-](?P<language>[a-z]{2})$")
_CODE = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")  # lower-case ASCII words joined by _ or -: a code, not a name


CenterNames = Mapping[tuple[str, str], tuple[str | None, str | None]]  # (kind, code) -> (name_ja, name_en)


def read_center_names(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """The contact center's own names of its codes (``core.names``); none before a names file is loaded."""
    if "core.names" not in present_tables(conn):
        return {}
    rows = conn.execute("select kind, code, name_ja, name_en from core.names").fetchall()
    return {(kind, code): (name_ja, name_en) for kind, code, name_ja, name_en in rows}


@functools.lru_cache(maxsize=4)
def _snapshot_names(path: str, version: tuple[int, int]) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """``read_center_names`` of one published snapshot file (``version``: its inode and mtime, so a newly
    published snapshot is read again and the old one's names are not kept)."""
    with open_snapshot(path) as conn:
        return read_center_names(conn)


def current_center_names() -> CenterNames:
    """The names in the snapshot the current request reads; none outside a request (then only 2–4 apply)."""
    if not flask.has_app_context() or "KOE" not in flask.current_app.config:
        return {}
    path = Path(current_config().snapshot_path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    return _snapshot_names(str(path), (stat.st_ino, stat.st_mtime_ns))


def _code_name(kind: str, code: str, lang: str, names: CenterNames) -> str:
    """The name of a ``kind`` (queue, team, contact_reason) code in ``lang`` (the order of the module's docstring)."""
    name_ja, name_en = names.get((kind, code), (None, None))
    own, other = (name_ja, name_en) if lang == "ja" else (name_en, name_ja)
    if own:
        return own
    if f"{kind}_{code}" in keys():
        return t(f"{kind}_{code}", lang)
    if other:
        return other
    if code == "unknown":  # the marts' and the snapshot's stand-in for a contact without one
        return t("unknown", lang)
    suffix = _LANGUAGE_SUFFIX.match(code)
    if suffix and f"language_{suffix['language']}" in keys():
        return f"{_code_name(kind, suffix['base'], lang, names)} ({t('language_' + suffix['language'], lang)})"
    number = _TEAM_NUMBER.match(code) if kind == "team" else None
    if number:
        return t("team_number", lang).format(number=int(number[1]))
    if _CODE.match(code):
        words = re.sub(r"[_-]+", " ", code)
        return words[:1].upper() + words[1:]
    return code


def queue_name(queue: str, lang: str, names: CenterNames | None = None) -> str:
    """A queue as shown: 請求 / Billing for ``billing``, never the raw code. ``names``: the center's own
    (``read_center_names``); by default those of the snapshot the current request reads."""
    return _code_name("queue", queue, lang, current_center_names() if names is None else names)


def team_name(team: str, lang: str, names: CenterNames | None = None) -> str:
    """A team as shown: チーム1 / Team 1 for ``T1``; a team the roster already names (東京1課) as it is."""
    return _code_name("team", team, lang, current_center_names() if names is None else names)


def contact_reason_name(reason: str, lang: str, names: CenterNames | None = None) -> str:
    """A contact reason as shown (二重請求 / Charged twice for ``double_charge``); a theme label shown in its place
    (the self-service page's hand-off reasons) stays as it is."""
    return _code_name("contact_reason", reason, lang, current_center_names() if names is None else names)


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
