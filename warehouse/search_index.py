"""The full-text search index: an SQLite file (FTS5) next to the published snapshot (docs/search.md).

The pipeline is its only writer (``update_index``, one transaction per run, WAL so readers keep reading); the
dashboard and ``koe search`` open it read-only (``search``). Three tables:

* ``contacts``: one row per contact with the filter values (period, channel, queue, agent, team, language, theme,
  categories, customer sentiment) and the hashes that decide what a run must redo;
* ``messages``: the masked message texts, as shown in results (rowid = the token row's rowid);
* ``message_tokens``: a contentless FTS5 table of each message's search tokens and its contact's filter values as
  tokens (transforms.search_text), so that filters narrow the search inside the index.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from transforms.search_text import (
    SENTIMENT_BANDS,
    contact_sentiment,
    facet,
    facet_text,
    index_text,
    match_expression,
    period_facets,
    plan_changes,
)
from transforms.sentiment import model_version
from warehouse.connection import read
from warehouse.settings import published_dir
from warehouse.sql import statement

INDEX_NAME = "search.sqlite"
INDEX_VERSION = 2  # bump when the schema or the tokens change: the next run rebuilds the index from scratch
RESULT_LIMIT = 50
COUNT_CAP = 10_000  # "10,000+" beyond this: counting every hit of a common word would cost more than the search
COUNT_BUDGET_SECONDS = 0.15  # a count that takes longer stops and is shown as "at least N"
COUNT_CHECK_STEPS = 1000  # SQLite virtual-machine steps between two looks at the clock while counting
_CONTACT_COLUMNS = ("interaction_id", "created_at", "channel", "queue", "agent_id", "team", "language", "theme",
                    "categories", "sentiment", "content_hash", "attrs_hash")
def index_path(warehouse_file: str | os.PathLike[str] | None = None) -> Path:
    """The search index of a warehouse: ``published/search.sqlite`` next to the dashboard snapshot."""
    return published_dir(warehouse_file) / INDEX_NAME


@contextmanager
def _open(path: Path, *, write: bool) -> Iterator[sqlite3.Connection]:
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
        _drop_if_outdated(path)
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("pragma journal_mode = wal")
        conn.executescript(statement("search/schema"))
        conn.execute(f"pragma user_version = {INDEX_VERSION}")
    else:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    with closing(conn):
        yield conn


def _drop_if_outdated(path: Path) -> None:
    """Remove an index written by another version of this module (the next update then builds it anew)."""
    if not path.exists():
        return
    with closing(sqlite3.connect(path)) as conn:
        version = conn.execute("pragma user_version").fetchone()[0]
    if version != INDEX_VERSION:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)


def _current(path: Path) -> bool:
    with _open(path, write=False) as conn:
        return conn.execute("pragma user_version").fetchone()[0] == INDEX_VERSION


# --- what the pipeline reads from the warehouse -------------------------------------------------------------------

def warehouse_contacts(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every contact with messages: filter values, call sentiment, content and attribute hashes."""
    return read(conn, statement("search/contacts"))


def warehouse_messages(conn: duckdb.DuckDBPyConnection, interaction_ids: list[str]) -> pl.DataFrame:
    """The masked messages of the given contacts, in order, with each customer message's stored sentiment."""
    ids = pl.DataFrame({"interaction_id": interaction_ids}, schema={"interaction_id": pl.String})
    conn.register("search_pending", ids)
    try:
        return read(conn, statement("search/messages"), {"model": model_version()})
    finally:
        conn.unregister("search_pending")


# --- the pipeline's update -----------------------------------------------------------------------------------------

def indexed_state(path: Path) -> pl.DataFrame:
    """(interaction_id, content_hash, attrs_hash) of what the index holds now (empty before the first run)."""
    schema = {"interaction_id": pl.String, "content_hash": pl.String, "attrs_hash": pl.String}
    if not path.exists() or not _current(path):
        return pl.DataFrame(schema=schema)
    with _open(path, write=False) as conn:
        rows = conn.execute("select interaction_id, content_hash, attrs_hash from contacts").fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row")


@dataclass(frozen=True)
class IndexChanges:
    """What one run writes: contacts (re)indexed with their messages, and contacts gone from the warehouse."""

    reindexed: pl.DataFrame  # contact rows (as from warehouse_contacts) plus `sentiment`
    messages: pl.DataFrame  # interaction_id, seq, role, text of the reindexed contacts, in the order to number them
    removed: list[str] = field(default_factory=list)


def update_index(path: Path, changes: IndexChanges) -> dict[str, int]:
    """Apply one run's changes in one transaction; readers see the index before or after it, never between."""
    with _open(path, write=True) as conn:
        conn.execute("begin immediate")
        try:
            _delete_messages(conn, changes.removed + changes.reindexed["interaction_id"].to_list())
            conn.executemany("delete from contacts where interaction_id = ?", [(i,) for i in changes.removed])
            _upsert_contacts(conn, changes.reindexed)
            added = _insert_messages(conn, changes.reindexed, changes.messages)
            conn.execute("commit")
        except BaseException:
            conn.execute("rollback")
            raise
    return {"contacts_reindexed": changes.reindexed.height, "messages_indexed": added,
            "contacts_removed": len(changes.removed)}


def _delete_messages(conn: sqlite3.Connection, interaction_ids: list[str]) -> None:
    """Remove the contacts' messages and their tokens (a contentless table is told the tokens it forgets, rebuilt
    from the stored text and the contact's stored filter values)."""
    conn.row_factory = sqlite3.Row
    for start in range(0, len(interaction_ids), 500):
        chunk = interaction_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"select m.message_no, m.text, c.* from messages m join contacts c using (contact_no)"
                            f" where c.interaction_id in ({marks})", chunk).fetchall()
        conn.executemany("insert into message_tokens (message_tokens, rowid, tokens, facets) values ('delete', ?, ?, ?)",
                         [(row["message_no"], index_text(row["text"]), facet_text(dict(row))) for row in rows])
        conn.executemany("delete from messages where message_no = ?", [(row["message_no"],) for row in rows])
    conn.row_factory = None


def _timestamp(value: datetime | None) -> str | None:
    return value.isoformat(sep=" ") if value is not None else None


def _upsert_contacts(conn: sqlite3.Connection, contacts: pl.DataFrame) -> None:
    rows = [tuple(_timestamp(v) if isinstance(v, datetime) else v for v in row)
            for row in contacts.select(_CONTACT_COLUMNS).iter_rows()]
    updates = ", ".join(f"{c} = excluded.{c}" for c in _CONTACT_COLUMNS[1:])
    conn.executemany(f"insert into contacts ({', '.join(_CONTACT_COLUMNS)}) values ({', '.join('?' * len(_CONTACT_COLUMNS))})"
                     f" on conflict (interaction_id) do update set {updates}", rows)


def _insert_messages(conn: sqlite3.Connection, contacts: pl.DataFrame, messages: pl.DataFrame) -> int:
    if messages.is_empty():
        return 0
    ids = contacts["interaction_id"].to_list()
    numbers: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        numbers.update(conn.execute(f"select interaction_id, contact_no from contacts where interaction_id in"
                                    f" ({','.join('?' * len(chunk))})", chunk).fetchall())
    facets = {row["interaction_id"]: facet_text(row) for row in contacts.select(_CONTACT_COLUMNS).iter_rows(named=True)}
    start = conn.execute("select coalesce(max(message_no), 0) from messages").fetchone()[0] + 1
    rows = [(start + i, numbers[iid], seq, role, text)
            for i, (iid, seq, role, text) in enumerate(messages.select("interaction_id", "seq", "role", "text").iter_rows())]
    conn.executemany("insert into messages values (?, ?, ?, ?, ?)", rows)
    conn.executemany("insert into message_tokens (rowid, tokens, facets) values (?, ?, ?)",
                     [(number, index_text(text), facets[iid])
                      for (number, _, _, _, text), iid in zip(rows, messages["interaction_id"], strict=True)])
    return len(rows)


def refresh_index(conn: duckdb.DuckDBPyConnection, path: Path, score: Callable[[Sequence[str]], list[float]]) -> dict[str, int]:
    """Bring the index up to date with the warehouse: re-index contacts that are new or whose messages or filter
    values changed (oldest first, so the newest messages have the highest numbers), drop contacts that are gone."""
    reindex, removed = plan_changes(warehouse_contacts(conn), indexed_state(path))
    messages = warehouse_messages(conn, reindex["interaction_id"].to_list())
    order = reindex.select("interaction_id").with_row_index("_order")
    messages = messages.join(order, on="interaction_id").sort("_order", "seq").drop("_order")
    return update_index(path, IndexChanges(contact_sentiment(reindex, messages, score), messages, removed))


# --- reading ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchRequest:
    """A query and its filters. Dates are naive UTC bounds [start, end); empty tuples mean "all"."""

    query: str
    start_utc: datetime | None = None
    end_utc: datetime | None = None
    channel: tuple[str, ...] = ()
    queue: tuple[str, ...] = ()
    team: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    agent: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    sentiment: tuple[str, ...] = ()  # keys of SENTIMENT_BANDS
    limit: int = RESULT_LIMIT


@dataclass(frozen=True)
class Scope:
    """The signed-in role's rows, set on the server (never from the request): None means unrestricted. An agent
    sees only their own contacts; a supervisor only their teams' (an empty tuple: nothing)."""

    agent_id: str | None = None
    teams: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SearchResult:
    hits: pl.DataFrame  # interaction_id, seq, role, text, created_at, channel, queue, agent_id, team, theme, categories
    total: int  # matching messages, at most COUNT_CAP
    capped: bool  # there are more than `total` (the cap, or the count's time budget, was reached)


_HIT_SCHEMA = {"interaction_id": pl.String, "seq": pl.Int64, "role": pl.String, "text": pl.String,
               "created_at": pl.String, "channel": pl.String, "queue": pl.String, "agent_id": pl.String,
               "team": pl.String, "theme": pl.String, "categories": pl.String, "sentiment": pl.Float64}


def _filters(request: SearchRequest, scope: Scope) -> tuple[str, dict[str, object]]:
    """WHERE clauses over ``c`` (contacts): the client's filters as bound values, the role's scope last under the
    reserved ``scope_`` names (the same rule as dashboards/queries/base.py)."""
    clauses: list[str] = []
    params: dict[str, object] = {}
    if request.start_utc:
        clauses.append("c.created_at >= :start_utc")
        params["start_utc"] = _timestamp(request.start_utc)
    if request.end_utc:
        clauses.append("c.created_at < :end_utc")
        params["end_utc"] = _timestamp(request.end_utc)
    for column in ("channel", "queue", "team", "language", "theme"):
        values = getattr(request, column)
        if values:
            clauses.append(f"c.{column} in (select value from json_each(:{column}))")
            params[column] = _json(values)
    if request.agent:
        clauses.append("c.agent_id in (select value from json_each(:agent))")
        params["agent"] = _json(request.agent)
    if request.category:
        clauses.append("exists (select 1 from json_each(:category) w"
                       " where instr(',' || c.categories || ',', ',' || w.value || ',') > 0)")
        params["category"] = _json(request.category)
    if request.sentiment:
        bands = [SENTIMENT_BANDS[band] for band in request.sentiment]
        clauses.append("(" + " or ".join(f"(c.sentiment >= :s{i}_low and c.sentiment < :s{i}_high)"
                                          for i in range(len(bands))) + ")")
        for i, (low, high) in enumerate(bands):
            params[f"s{i}_low"], params[f"s{i}_high"] = low, high
    if scope.agent_id is not None:
        clauses.append("c.agent_id = :scope_agent_id")
        params["scope_agent_id"] = scope.agent_id
    if scope.teams is not None:
        clauses.append("c.team in (select value from json_each(:scope_teams))")
        params["scope_teams"] = _json(scope.teams)
    return " and ".join(clauses) or "1", params


def _full_match(request: SearchRequest, scope: Scope) -> str:
    """The FTS5 expression: the query over the tokens, and each filter (and the scope) as an OR of facet tokens, so
    the index intersects them; `_filters` checks the same values exactly on the contact afterwards."""
    groups = [period_facets(request.start_utc, request.end_utc)]
    groups += [[facet(name, v) for v in getattr(request, field_name)] for field_name, name in (
        ("channel", "channel"), ("queue", "queue"), ("team", "team"), ("language", "language"), ("theme", "theme"),
        ("agent", "agent_id"), ("category", "category"), ("sentiment", "sentiment"))]
    if scope.agent_id is not None:
        groups.append([facet("agent_id", scope.agent_id)])
    if scope.teams:
        groups.append([facet("team", team) for team in scope.teams])
    parts = [f"tokens : ({match_expression(request.query)})"]
    parts += ["facets : (" + " OR ".join(f'"{token}"' for token in group) + ")" for group in groups if group]
    return " AND ".join(parts)


def _json(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def search(path: Path, request: SearchRequest, scope: Scope = Scope()) -> SearchResult:
    """Messages matching the query (newest indexed first), with their contact's filter values.

    Raises ValueError when the query has nothing to search for. An index not built yet answers nothing.
    """
    match = _full_match(request, scope)
    if not path.exists() or not _current(path):
        return SearchResult(pl.DataFrame(schema=_HIT_SCHEMA), 0, False)
    where, params = _filters(request, scope)
    params |= {"match": match, "limit": request.limit, "cap": COUNT_CAP}
    with _open(path, write=False) as conn:
        rows = conn.execute(statement("search/hits").format(where=where), params).fetchall()
        count = statement("search/count") if where != "1" else statement("search/count_unfiltered")
        total, complete = _count(conn, count.format(where=where), params)
    hits = pl.DataFrame(rows, schema=_HIT_SCHEMA, orient="row")
    return SearchResult(hits, min(total, COUNT_CAP), total > COUNT_CAP or not complete)


def _count(conn: sqlite3.Connection, sql: str, params: dict[str, object]) -> tuple[int, bool]:
    """(matching messages counted, whether the count is complete). Counting stops at COUNT_CAP + 1 or after
    COUNT_BUDGET_SECONDS: a query whose words and filters are all common has to walk long lists in the index to
    count, while its newest 50 hits come at once; the page then says "at least N"."""
    deadline = time.perf_counter() + COUNT_BUDGET_SECONDS
    conn.set_progress_handler(lambda: time.perf_counter() > deadline, COUNT_CHECK_STEPS)
    counted = 0
    try:
        for _ in conn.execute(sql, params):
            counted += 1
    except sqlite3.OperationalError as error:
        if "interrupted" not in str(error):
            raise
        return counted, False
    finally:
        conn.set_progress_handler(None, 0)
    return counted, True
