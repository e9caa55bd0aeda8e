"""Writing one input file's rows: quarantine, merge into core by natural key, and the load log.

The raw layer is the landing file itself (kept where it landed, or archived by sha256): core rows keep their
``load_id`` and ``source_row``, so every stored row points back to the file row it came from, and a load can be
re-read with another mapping (``retire_load`` + a new load, in one transaction).

Everything for one file happens in one transaction (``warehouse.connection.transaction``; big files are written batch by batch
inside it), so a load either lands whole or not at all.

A file is one load however it is read: its last good row with a key wins and the earlier ones are quarantined
(``transforms.ingest.validate`` within a batch; ``supersede_earlier_rows`` across batches), while a row of another
load with that key is replaced (``write_checked``) — the stored rows a file replaces leave core when the file is
written (``end_file``), so a later batch is still judged against them, as a file read in one batch would be.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import polars as pl

from warehouse.connection import one_row, one_value, transaction
from warehouse.sql import statement

EventSpan = tuple[datetime | None, datetime | None]  # first and last event time a load touched (naive UTC)


@dataclass(frozen=True)
class LoadRecord:
    load_id: str
    kind: str  # input kind name (interactions, messages, surveys, agents, recordings)
    source_file: str
    source_sha256: str
    encoding: str | None
    started_at: datetime
    archived_file: str | None = None  # the copy in the archive folder (setting archive_dir), if one was made


@dataclass(frozen=True)
class StoredLoad:
    """A load as the load log remembers it: enough to find its file again and to undo what it wrote."""

    load_id: str
    kind: str
    source_file: str
    source_sha256: str
    archived_file: str | None
    status: str
    event_span: EventSpan


def already_loaded(conn: duckdb.DuckDBPyConnection, kind: str, sha256: str) -> str | None:
    """The load id that already loaded this exact file for this kind, or found it unreadable, if any.

    Unreadable bytes stay unreadable, so a failed file is quarantined once, not again on every run.
    """
    row = conn.execute(
        "select load_id from load_log where kind = $kind and source_sha256 = $sha and status in ('loaded', 'failed')"
        " limit 1",
        {"kind": kind, "sha": sha256},
    ).fetchone()
    return row[0] if row else None


def stale_rows(conn: duckdb.DuckDBPyConnection, core_table: str, key: tuple[str, ...], good: pl.DataFrame,
               versioned_by: tuple[str, ...]) -> pl.DataFrame:
    """(``source_row``, ``reason``) of the rows of ``good`` older than the stored row with their key, by
    ``versioned_by`` (the source's last-change time, else the latest of the event times): a re-sent old export
    must not undo a newer state (a closed ticket opened again)."""
    empty = pl.DataFrame(schema={"source_row": pl.Int64, "reason": pl.String})
    if not versioned_by or good.is_empty():
        return empty
    _check_table_name(core_table)
    first, *rest = (_identifier(c) for c in versioned_by)

    def version(alias: str) -> str:
        return f"coalesce({alias}.{first}, greatest({', '.join(f'{alias}.{c}' for c in rest)}))"
    joined = " and ".join(f"n.{_identifier(k)} = s.{_identifier(k)}" for k in key)
    try:
        conn.register("koe_new_rows", good.select("source_row", *dict.fromkeys((*key, *versioned_by))))
        return conn.sql(
            f"select n.source_row::bigint as source_row, format('older than the stored row: changed {{}} (UTC; {first},"
            f" else its latest event time), the stored one {{}}: not applied',"
            f" strftime({version('n')}, '%Y-%m-%d %H:%M:%S'), strftime({version('s')}, '%Y-%m-%d %H:%M:%S')) as reason"
            f" from koe_new_rows n join {core_table} s on {joined} where {version('s')} > {version('n')}"
        ).pl()
    finally:
        conn.unregister("koe_new_rows")


def has_stored_keys(conn: duckdb.DuckDBPyConnection, core_table: str, key: tuple[str, ...], good: pl.DataFrame
                    ) -> bool:
    """Whether a row of ``good`` has its key in ``core_table`` already (from an earlier load, or an earlier batch
    of this file). A new file's contacts usually do not: then there is no stored row to be stale against or to
    merge with, nor an earlier row of the file to supersede, and the loader skips those joins
    (``supersede_earlier_rows``, ``stale_rows``; ``write_checked(replacing=False)``)."""
    if good.is_empty():
        return False
    _check_table_name(core_table)
    keys = ", ".join(_identifier(k) for k in key)
    try:
        conn.register("koe_new_keys", good.select(*key))
        found = conn.execute(f"select exists (select 1 from {core_table} where ({keys}) in"
                             f" (select ({keys}) from koe_new_keys))").fetchall()  # all: the result is finished
        return bool(found[0][0])
    finally:
        conn.unregister("koe_new_keys")


def write_checked(
    conn: duckdb.DuckDBPyConnection,
    load: LoadRecord,
    good: pl.DataFrame,
    bad: pl.DataFrame,
    core_table: str,
    key: tuple[str, ...],
    kept: tuple[str, ...] = (),
    replacing: bool = True,
) -> None:
    """Store one batch's checked rows (inside ``transaction``, between ``begin_file`` and ``end_file``): ``bad``
    (``source_row``, ``raw_content``, ``reason``) to the quarantine, ``good`` (typed, with its ``source_row``) into
    ``core_table``, where rows with a key stored by earlier loads replace the old ones (which leave core in
    ``end_file``; ``supersede_earlier_rows`` has taken out this file's own) — except in the ``kept`` columns (those
    the file does not carry), which keep their stored values: a file updates what it carries. ``replacing``:
    whether a key of ``good`` may be stored already (``has_stored_keys``); when not, the rows are simply inserted.
    """
    _check_table_name(core_table)
    try:
        write_quarantine(conn, load, bad)
        conn.register("koe_good_rows", good)
        key_list = ", ".join(_identifier(k) for k in key)
        replaced = f"from {core_table} where ({key_list}) in (select ({key_list}) from koe_good_rows)"
        kept = tuple(c for c in kept if c not in key) if replacing else ()
        if kept and not one_value(conn, f"select exists (select 1 {replaced})"):
            kept = ()  # nothing stored to keep: a plain insert (the first load of these keys)
        if kept:
            conn.execute(f"create or replace temp table koe_stored_rows as select {key_list},"
                         f" {', '.join(_identifier(c) for c in kept)}, true as koe_stored {replaced}")
        if replacing:
            conn.execute(f"insert into koe_file_replaced_keys select {key_list} from koe_good_rows")
        conn.execute(
            f"insert into {core_table} by name select {_merged(kept, key)}, $load_id as load_id from koe_good_rows as g"
            + (f" left join koe_stored_rows as s using ({key_list})" if kept else ""),
            {"load_id": load.load_id},
        )
        if kept:
            conn.execute("drop table koe_stored_rows")
    finally:
        conn.unregister("koe_good_rows")


def write_quarantine(conn: duckdb.DuckDBPyConnection, load: LoadRecord, bad: pl.DataFrame) -> None:
    """Quarantine rows of the load's file: ``bad`` has ``source_row``, ``raw_content`` (the row as read) and
    ``reason``."""
    try:
        conn.register("koe_bad_rows", bad.select("source_row", "raw_content", "reason"))
        conn.execute(
            "insert into quarantine (load_id, kind, source_file, source_row, raw_content, reason) "
            "select $load_id, $kind, $file, source_row, raw_content, reason from koe_bad_rows",
            {"load_id": load.load_id, "file": load.source_file, "kind": load.kind},
        )
    finally:
        conn.unregister("koe_bad_rows")


def begin_file(conn: duckdb.DuckDBPyConnection, core_table: str, key: tuple[str, ...]) -> None:
    """Set up what a load remembers of its file between batches (inside its ``transaction``; ``end_file`` drops
    it): the keys its rows replaced, its rows later rows superseded, its rows found older than the stored one."""
    _check_table_name(core_table)
    keys = ", ".join(_identifier(k) for k in key)
    conn.execute(f"create or replace temp table koe_file_replaced_keys as select {keys} from {core_table} limit 0")
    conn.execute(f"create or replace temp table koe_file_stale as select {keys}, source_row from {core_table} limit 0")
    conn.execute(f"create or replace temp table koe_file_superseded as select {keys}, ''::varchar as key_text,"
                 f" source_row, source_row as superseded_by, true as in_core from {core_table} limit 0")


def supersede_earlier_rows(conn: duckdb.DuckDBPyConnection, load: LoadRecord, core_table: str,
                           key: tuple[str, ...], good: pl.DataFrame) -> int:
    """Take out of core the rows earlier batches of this file stored with a key of ``good`` (a batch's last good
    row per key), and note them and the earlier rows found older than the stored one (``note_stale_rows``) as
    superseded by that row: the file's last row with a key wins, however the file is read. ``end_file`` gives them
    their reason. Returns how many rows left core (counted as quarantined, not loaded)."""
    _check_table_name(core_table)
    keys = ", ".join(_identifier(k) for k in key)
    winners = good.select(*key, pl.concat_str(list(key), separator="/").alias("key_text"),  # as validate names it
                          pl.col("source_row").alias("superseded_by"))
    try:
        conn.register("koe_winning_rows", winners)
        stored = conn.execute(
            f"insert into koe_file_superseded select {keys}, w.key_text, c.source_row, w.superseded_by, true"
            f" from {core_table} c join koe_winning_rows w using ({keys}) where c.load_id = $id",
            {"id": load.load_id}).fetchall()[0][0]
        conn.execute(f"insert into koe_file_superseded select {keys}, w.key_text, s.source_row, w.superseded_by, false"
                     f" from koe_file_stale s join koe_winning_rows w using ({keys})")
        if stored:  # the stored rows they replaced stay, unless the winner replaces them (``write_checked``)
            conn.execute(f"delete from {core_table} where load_id = $id and ({keys}) in"
                         f" (select ({keys}) from koe_winning_rows)", {"id": load.load_id})
            conn.execute(f"delete from koe_file_replaced_keys where ({keys}) in (select ({keys}) from koe_winning_rows)")
        conn.execute(f"delete from koe_file_stale where ({keys}) in (select ({keys}) from koe_winning_rows)")
        return int(stored)
    finally:
        conn.unregister("koe_winning_rows")


def note_stale_rows(conn: duckdb.DuckDBPyConnection, key: tuple[str, ...], stale: pl.DataFrame) -> None:
    """Remember the rows of ``stale`` (key columns, ``source_row``) quarantined as older than the stored row, so a
    later row of the file with their key supersedes them (``supersede_earlier_rows``)."""
    if stale.is_empty():
        return
    keys = ", ".join(_identifier(k) for k in key)
    try:
        conn.register("koe_stale_rows", stale.select(*key, "source_row"))
        conn.execute(f"insert into koe_file_stale select {keys}, source_row from koe_stale_rows")
    finally:
        conn.unregister("koe_stale_rows")


def end_file(conn: duckdb.DuckDBPyConnection, load: LoadRecord, core_table: str, key: tuple[str, ...]
             ) -> pl.DataFrame:
    """Finish the file's writes (inside its ``transaction``, after its last batch): remove the stored rows its
    rows replaced, and give every row a later batch superseded the reason a file read in one batch gives it
    (``duplicate key A: superseded by row 9``, naming the file's last row with the key) — in the quarantine
    where it is already, returned (``source_row``, ``reason``) for those that were in core, to be quarantined as
    read (their flags dropped: only kept rows are flagged). Drops what ``begin_file`` set up."""
    _check_table_name(core_table)
    keys = ", ".join(_identifier(k) for k in key)
    if one_value(conn, "select exists (select 1 from koe_file_replaced_keys)"):
        conn.execute(f"delete from {core_table} where load_id is distinct from $id and ({keys}) in"
                     f" (select ({keys}) from koe_file_replaced_keys)", {"id": load.load_id})
    superseded = pl.DataFrame(schema={"source_row": pl.Int64, "reason": pl.String})
    if one_value(conn, "select exists (select 1 from koe_file_superseded)"):
        def reason(row: str) -> str:
            return f"format('duplicate key {{}}: superseded by row {{}}', s.key_text, {row})"
        conn.execute(  # each superseded row: its reason, and the reason its own duplicates were given
            f"create temp table koe_file_reasons as select s.source_row, s.in_core,"
            f" {reason('f.last_row')} as reason, {reason('s.source_row')} as named_it"
            f" from koe_file_superseded s join (select {keys}, max(superseded_by) as last_row"
            f" from koe_file_superseded group by all) f using ({keys})")
        target = {"id": load.load_id}
        conn.execute("update quarantine q set reason = r.reason from koe_file_reasons r where q.load_id = $id"
                     " and q.source_row = r.source_row and not r.in_core", target)  # found older than stored
        conn.execute("update quarantine q set reason = r.reason from koe_file_reasons r where q.load_id = $id"
                     " and q.reason = r.named_it", target)
        conn.execute("delete from input_flags where load_id = $id and source_row in (select source_row from"
                     " koe_file_reasons where in_core)", target)  # flags are for kept rows
        superseded = conn.sql("select source_row::bigint as source_row, reason from koe_file_reasons where in_core"
                              " order by 1").pl()
        conn.execute("drop table koe_file_reasons")
    for table in ("koe_file_replaced_keys", "koe_file_stale", "koe_file_superseded"):
        conn.execute(f"drop table {table}")
    return superseded


def _merged(kept: tuple[str, ...], key: tuple[str, ...]) -> str:
    """The select list of a merge: the new row, but the stored value in each ``kept`` column when a row was stored."""
    if not kept:
        return "g.*"
    replaced = ", ".join(f"if(s.koe_stored, s.{_identifier(c)}, g.{_identifier(c)}) as {_identifier(c)}" for c in kept)
    keys = ", ".join(f"{_identifier(k)}" for k in key)
    return f"{keys}, g.* exclude ({keys}) replace ({replaced})"


def file_event_span(conn: duckdb.DuckDBPyConnection, load: LoadRecord, core_table: str, key: tuple[str, ...],
                    event_time: str | None) -> EventSpan:
    """The span of ``event_time`` over the rows the file leaves in core and the stored rows they replace: the
    times whose marts change (inside its ``transaction``, after its last batch, before ``end_file`` removes the
    replaced rows). Taken once the file is written, so a row a later row of the file superseded (taken out of core
    by ``supersede_earlier_rows``) does not count, as it would not in a file read whole. None ends: no time."""
    if event_time is None:
        return (None, None)
    _check_table_name(core_table)
    column, keys = _identifier(event_time), ", ".join(_identifier(k) for k in key)
    replaced = (f" union all select {column} from {core_table} where load_id is distinct from $id and ({keys}) in"
                f" (select ({keys}) from koe_file_replaced_keys)"
                if one_value(conn, "select exists (select 1 from koe_file_replaced_keys)") else "")
    row = one_row(conn, f"select min(t), max(t) from (select {column} as t from {core_table} where load_id = $id"
                        f"{replaced})", {"id": load.load_id})
    return (row[0], row[1])


def write_flags(conn: duckdb.DuckDBPyConnection, load: LoadRecord, flagged: pl.DataFrame) -> None:
    """Record the kept rows a cross-field check flagged (``source_row``, ``check``, ``reason``)."""
    if flagged.is_empty():
        return
    try:
        conn.register("koe_flagged_rows", flagged)
        conn.execute(
            "insert into input_flags (load_id, kind, source_file, source_row, check_name, reason)"
            " select $load_id, $kind, $file, source_row, \"check\", reason from koe_flagged_rows",
            {"load_id": load.load_id, "kind": load.kind, "file": load.source_file},
        )
    finally:
        conn.unregister("koe_flagged_rows")


def quarantine_file(conn: duckdb.DuckDBPyConnection, load: LoadRecord, reason: str, head: str) -> None:
    """Record a file that could not be read at all (its first bytes kept for inspection)."""
    with transaction(conn):
        conn.execute(
            "insert into quarantine (load_id, kind, source_file, source_row, raw_content, reason) "
            "values ($load_id, $kind, $file, null, $head, $reason)",
            {"load_id": load.load_id, "kind": load.kind, "file": load.source_file, "head": head, "reason": reason},
        )
        log_load(conn, load, rows_read=0, rows_loaded=0, rows_quarantined=0, status="failed", message=reason)


def log_load(
    conn: duckdb.DuckDBPyConnection,
    load: LoadRecord,
    *,
    rows_read: int,
    rows_loaded: int,
    rows_quarantined: int,
    status: str,
    message: str | None = None,
    event_span: EventSpan = (None, None),
    rows_skipped: int = 0,
) -> None:
    conn.execute(
        statement("loads/log_load"),
        {
            "load_id": load.load_id, "kind": load.kind, "file": load.source_file, "sha": load.source_sha256,
            "encoding": load.encoding, "read": rows_read, "loaded": rows_loaded, "quarantined": rows_quarantined,
            "skipped": rows_skipped,
            "status": status, "message": message, "started": load.started_at, "first": event_span[0],
            "last": event_span[1], "archived": load.archived_file,
        },
    )


def find_load(conn: duckdb.DuckDBPyConnection, load_id: str) -> StoredLoad | None:
    """The load log's row for ``load_id``, if there is one."""
    row = conn.execute(
        "select load_id, kind, source_file, source_sha256, archived_file, status, first_event_at, last_event_at"
        " from load_log where load_id = $id", {"id": load_id}).fetchone()
    if row is None:
        return None
    load_id, kind, source_file, sha256, archived_file, status, first, last = row
    return StoredLoad(load_id, kind, source_file, sha256, archived_file, status, event_span=(first, last))


def retire_load(conn: duckdb.DuckDBPyConnection, old: StoredLoad, new_load_id: str) -> None:
    """Undo what ``old`` wrote (inside the reload's ``transaction``): its core rows — those no later load replaced —,
    its quarantined and flagged rows and its kept originals; the log keeps it as ``reloaded``, pointing to the new
    load."""
    core_table = f"core.{old.kind}"
    _check_table_name(core_table)
    target = {"id": old.load_id}
    conn.execute(f"delete from {core_table} where load_id = $id", target)
    conn.execute("delete from quarantine where load_id = $id", target)
    conn.execute("delete from input_flags where load_id = $id", target)
    conn.execute("delete from restricted.original_text where starts_with(row_key, $id || ':')", target)
    conn.execute("update load_log set status = 'reloaded', reloaded_as = $new where load_id = $id",
                 {**target, "new": new_load_id})


def widen(span: EventSpan, other: EventSpan) -> EventSpan:
    """The smallest span covering both (None ends are ignored)."""
    starts = [t for t in (span[0], other[0]) if t is not None]
    ends = [t for t in (span[1], other[1]) if t is not None]
    return (min(starts) if starts else None, max(ends) if ends else None)


def _identifier(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"not a column name: {name!r}")
    return name


def _check_table_name(name: str) -> None:
    """Table names come from Koe's own input kinds, never from users; refuse anything else."""
    allowed = {f"core.{t}" for t in ("interactions", "messages", "surveys", "agents", "recordings", "names")}
    if name not in allowed:
        raise ValueError(f"not a loadable table: {name}")
