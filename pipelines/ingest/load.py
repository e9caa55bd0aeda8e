"""Load input files into the warehouse: read → map → validate → write, idempotent per file."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.batches import read_batches
from pipelines.ingest.files import InputFileError, InputLimits, archive_copy, file_sha256
from pipelines.ingest.mappings import MappingError, check_mapping
from pipelines.ingest.screen import Screened, screen_rows
from transforms.ingest.mapping import (
    ColumnMapping,
    apply_mapping,
    carried_columns,
    columns_to_redact,
    row_json,
    source_column,
)
from transforms.ingest.schemas import InputKind, input_kind
from transforms.ingest.validate import TimeBounds, split_valid
from transforms.redaction import original_texts, redact_frame
from transforms.redaction.dialogue import DEFAULT_NAMES_OF
from transforms.redaction.frame import DialogueColumns
from warehouse.audio_files import resolve_inside
from warehouse.connection import transaction
from warehouse.loads import (
    EventSpan,
    LoadRecord,
    StoredLoad,
    already_loaded,
    begin_file,
    end_file,
    file_event_span,
    find_load,
    has_stored_keys,
    log_load,
    note_stale_rows,
    quarantine_file,
    retire_load,
    stale_rows,
    supersede_earlier_rows,
    widen,
    write_checked,
    write_flags,
    write_quarantine,
)
from warehouse.redaction import save_original_texts


@dataclass(frozen=True)
class IngestResult:
    source_file: str
    kind: str
    status: str  # loaded | skipped_unchanged | failed | refused (the mapping does not fit it; nothing written)
    #              (a reload's earlier load is logged as ``reloaded``)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    message: str | None = None
    rows_skipped: int = 0


def ingest_file(
    conn: duckdb.DuckDBPyConnection,
    kind_name: str,
    path: Path,
    mapping: ColumnMapping | None = None,
    keep_original: bool = False,
    names_of: Collection[str] = DEFAULT_NAMES_OF,
    audio_root: Path | None = None,
    limits: InputLimits = InputLimits(),
    archive: Path | None = None,
    replaces: StoredLoad | None = None,
) -> IngestResult:
    """Load one file. The same bytes loaded twice change nothing; a bad file or row is quarantined, not fatal.

    The file itself is the raw layer: core rows keep ``load_id`` and ``source_row``; with ``archive`` (setting
    ``archive_dir``) the file is first copied there by sha256. ``replaces``: the earlier load of the same bytes
    that this one re-reads (``reload_file``): what it wrote is undone in the same transaction.

    Personal data in free text is masked before anything is stored (core and quarantine alike); with
    ``keep_original`` the unmasked cells go to ``restricted.original_text`` only. ``names_of``: whose names are
    masked in messages (the setting ``redact_names_of``). ``audio_root``: the folder every recording of a
    manifest must resolve inside (``KoeSettings.resolved_audio_root``; required for recordings). ``limits``:
    columns per file and bytes per field (settings ``max_columns``, ``max_field_bytes``).

    A mapping that does not fit the file (``MappingError``) ends as ``refused`` with nothing written, so the file
    loads once the mapping is fixed; a write the warehouse refuses ends as ``failed``, never as an exception.
    """
    if kind_name == "recordings" and audio_root is None:
        raise ValueError("loading recordings needs the audio root (KoeSettings.resolved_audio_root)")
    kind = input_kind(kind_name)
    mapping = mapping or ColumnMapping()
    path = Path(path)
    try:
        check_mapping(mapping, kind)
    except MappingError as err:
        return IngestResult(str(path), kind.name, "refused", message=str(err))
    sha256 = file_sha256(path)
    if replaces is None and already_loaded(conn, kind.name, sha256):
        return IngestResult(str(path), kind.name, "skipped_unchanged")
    archived = str(archive_copy(path, sha256, archive)) if archive else None
    load = LoadRecord(
        load_id=uuid.uuid4().hex, kind=kind.name, source_file=replaces.source_file if replaces else str(path),
        source_sha256=sha256, encoding=None, started_at=datetime.now(UTC).replace(tzinfo=None),
        archived_file=archived or (replaces.archived_file if replaces else None),
    )
    counts = [0, 0, 0, 0]  # rows read, loaded, quarantined, skipped
    span: EventSpan = replaces.event_span if replaces else (None, None)  # a reload's marts: old rows' days too
    times = mapping.time_bounds()
    try:
        # One writer thread: a batch is written while the next one is read and checked (DuckDB and polars release
        # the GIL). Batches are written in file order, each after the one before, inside the file's transaction.
        with transaction(conn), ThreadPoolExecutor(max_workers=1, thread_name_prefix="koe-ingest-writer") as writer:
            if replaces is not None:
                retire_load(conn, replaces, load.load_id)
            begin_file(conn, kind.table, kind.key)
            written: list[Future[tuple[int, int]]] = []
            for rows, encoding in read_batches(path, limits=limits):
                load = replace(load, encoding=encoding)
                screened = screen_rows(rows, mapping, limits, path)
                checked = _check_batch(kind, mapping, screened, path.parent, keep_original, names_of, audio_root,
                                       times, load)
                written.append(writer.submit(_store_batch, conn, load, kind, checked, bool(written)))
                counts = [counts[0] + rows.height, counts[1], counts[2], counts[3] + screened.skipped]
                if len(written) > 1:
                    written[-2].result()  # at most one batch waits, so memory stays at two batches
            for loaded, quarantined in (batch.result() for batch in written):
                counts = [counts[0], counts[1] + loaded, counts[2] + quarantined, counts[3]]
            span = widen(span, file_event_span(conn, load, kind.table, kind.key, kind.event_time))
            superseded = end_file(conn, load, kind.table, kind.key)
            if not superseded.is_empty():
                write_quarantine(conn, load, _superseded_as_read(superseded, path, kind, mapping, limits, names_of))
            log_load(conn, load, rows_read=counts[0], rows_loaded=counts[1], rows_quarantined=counts[2],
                     rows_skipped=counts[3], status="loaded", event_span=span)
    except MappingError as err:
        return IngestResult(str(path), kind.name, "refused", message=str(err))
    except (InputFileError, duckdb.Error) as err:
        reason = str(err) if isinstance(err, InputFileError) else f"{path}: the warehouse refused a write: {err}"
        quarantine_file(conn, load, reason.splitlines()[0], _head(path))
        return IngestResult(str(path), kind.name, "failed", message=reason.splitlines()[0])
    return IngestResult(str(path), kind.name, "loaded", rows_read=counts[0], rows_loaded=counts[1],
                        rows_quarantined=counts[2], rows_skipped=counts[3])


class ReloadError(ValueError):
    """A load that cannot be re-read: unknown, already reloaded, or its file is gone or changed."""


def reload_file(
    conn: duckdb.DuckDBPyConnection,
    load_id: str,
    mapping: ColumnMapping | None = None,
    keep_original: bool = False,
    names_of: Collection[str] = DEFAULT_NAMES_OF,
    audio_root: Path | None = None,
    limits: InputLimits = InputLimits(),
) -> IngestResult:
    """Re-read the file of load ``load_id`` with ``mapping`` (the current one) and replace what that load wrote,
    in one transaction. The file is read from its archive copy if there is one, else where it landed; it must
    still have the bytes that were loaded (same sha256). The other arguments are ``ingest_file``'s.
    """
    old = find_load(conn, load_id)
    if old is None:
        raise ReloadError(f"no load {load_id!r} in the load log (koe status lists the latest loads)")
    if old.status == "reloaded":
        raise ReloadError(f"load {load_id} was already reloaded; reload the newer load instead")
    source = next((Path(p) for p in (old.archived_file, old.source_file)
                   if p and Path(p).is_file() and file_sha256(Path(p)) == old.source_sha256), None)
    if source is None:
        raise ReloadError(f"load {load_id}: {old.source_file} is gone or changed since it was loaded (sha256"
                          f" {old.source_sha256[:12]}…) and no archive copy exists (set KOE_ARCHIVE_DIR to keep one)")
    return ingest_file(conn, old.kind, source, mapping, keep_original, names_of, audio_root, limits, replaces=old)


@dataclass(frozen=True)
class _CheckedBatch:
    """One batch, redacted, mapped and validated: what ``_store_batch`` writes (no warehouse access needed)."""

    good: pl.DataFrame  # typed rows to merge into core
    bad: pl.DataFrame  # source_row, reason
    redacted: pl.DataFrame  # the batch as read, masked: quarantined rows are kept from it
    malformed: pl.DataFrame  # rows that could not be parsed, as read (source_row, raw_content, reason)
    flagged: pl.DataFrame  # kept rows a cross-field check flagged
    kept: tuple[str, ...]  # core columns the file does not carry: stored values stay
    originals: pl.DataFrame | None  # unmasked cells, when the originals are kept


def _check_batch(
    kind: InputKind, mapping: ColumnMapping, screened: Screened, folder: Path, keep_original: bool,
    names_of: Collection[str], audio_root: Path | None, times: TimeBounds, load: LoadRecord,
) -> _CheckedBatch:
    """Redact, map and validate one batch of a file."""
    rows = screened.rows
    sensitive = columns_to_redact(rows.columns, kind, mapping)
    redacted = redact_frame(rows, sensitive, _dialogue(kind, mapping), names_of)
    mapped = apply_mapping(redacted, kind, mapping)
    problems, resolved = screened.problems, None
    if kind.name == "recordings":  # refused before the duplicate-key check, so a refused copy supersedes nothing
        assert audio_root is not None  # ingest_file refuses recordings without one
        resolved, outside = _inside_audio_root(mapped, folder, audio_root)
        problems = _reasons_by_row(problems, outside)
    split = split_valid(mapped, kind, mapping.timezone, times, mapping.checks.sanity(), problems)
    good = split.good if resolved is None else split.good.update(resolved, on="source_row")
    return _CheckedBatch(
        good=good, bad=split.bad, redacted=redacted, malformed=_malformed_as_read(screened.malformed, names_of),
        flagged=split.flagged, kept=tuple(c for c in kind.names if c not in carried_columns(rows.columns, kind, mapping)),
        originals=_originals(rows, redacted, sensitive, load) if keep_original else None,
    )


def _store_batch(conn: duckdb.DuckDBPyConnection, load: LoadRecord, kind: InputKind, batch: _CheckedBatch,
                 after_batches: bool) -> tuple[int, int]:
    """Write one checked batch; (rows loaded, rows quarantined). Runs after the batch before
    is written (``after_batches``: there was one): an earlier batch's row with a key of this batch is superseded,
    as in a file read whole, and rows older than the stored ones of earlier loads are quarantined."""
    replacing = has_stored_keys(conn, kind.table, kind.key, batch.good)
    good, bad = batch.good, batch.bad
    superseded = 0
    if replacing:
        if after_batches:
            superseded = supersede_earlier_rows(conn, load, kind.table, kind.key, good)
        stale = stale_rows(conn, kind.table, kind.key, good, kind.versioned_by)
        note_stale_rows(conn, kind.key, good.join(stale, on="source_row", how="semi"))
        good, bad = _with_problems(good, bad, stale)
    quarantined = pl.concat([_as_read(bad, batch.redacted), batch.malformed])
    write_checked(conn, load, good, quarantined, kind.table, kind.key, batch.kept, replacing)
    write_flags(conn, load, batch.flagged)
    if batch.originals is not None:
        save_original_texts(conn, batch.originals)
    return good.height - superseded, quarantined.height + superseded


def _superseded_as_read(superseded: pl.DataFrame, path: Path, kind: InputKind, mapping: ColumnMapping,
                        limits: InputLimits, names_of: Collection[str]) -> pl.DataFrame:
    """The rows of ``superseded`` (``source_row``, ``reason``: stored by an earlier batch, superseded by a later
    one) as read, masked, for the quarantine. Only the batch being written is held, so the file is read again —
    only when a key repeats across batches. Rows are screened and masked alone unless that depends on the rows
    around them (an event log folded into tickets; messages, masked as turns of their conversation)."""
    alone = mapping.events is None and _dialogue(kind, mapping) is None
    found = []
    for rows, _ in read_batches(path, limits=limits):
        wanted = superseded.join(rows.select("source_row"), on="source_row", how="semi")
        if wanted.is_empty():
            continue
        screened = screen_rows(rows.join(wanted, on="source_row", how="semi") if alone else rows, mapping, limits,
                               path).rows
        redacted = redact_frame(screened, columns_to_redact(screened.columns, kind, mapping),
                                _dialogue(kind, mapping), names_of)
        found.append(_as_read(wanted, redacted))
    return pl.concat(found)


def _with_problems(good: pl.DataFrame, bad: pl.DataFrame, problems: pl.DataFrame
                   ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Move the rows screening found a problem in from ``good`` to ``bad``, their reasons first."""
    if problems.is_empty():
        return good, bad
    return good.join(problems, on="source_row", how="anti"), _reasons_by_row(problems, bad.select("source_row", "reason"))


def _reasons_by_row(*reasons: pl.DataFrame) -> pl.DataFrame:
    """One (``source_row``, ``reason``) per row, its reasons joined in the order given."""
    return pl.concat(reasons).group_by("source_row", maintain_order=True).agg(pl.col("reason").str.join("; ")) \
        .sort("source_row")


def _malformed_as_read(malformed: pl.DataFrame, names_of: Collection[str]) -> pl.DataFrame:
    """Rows that could not be parsed, kept as their text (masked like any free text)."""
    masked = redact_frame(malformed, ["text"], None, names_of)
    return masked.select("source_row", pl.col("text").alias("raw_content"), "reason")


def _dialogue(kind: InputKind, mapping: ColumnMapping) -> DialogueColumns | None:
    """Messages are turns of conversations: the file's columns that say which, in what order, and who spoke."""
    if kind.name != "messages":
        return None
    source = {name: source_column(mapping, name) for name in ("interaction_id", "seq", "role")}
    return DialogueColumns(conversation=source["interaction_id"], order=source["seq"], role=source["role"])


def _as_read(bad: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Quarantined rows with ``raw_content``: the row as read (file column names), as JSON."""
    if bad.is_empty():
        return pl.DataFrame(schema={"source_row": pl.Int64, "raw_content": pl.String, "reason": pl.String})
    columns = [c for c in rows.columns if c != "source_row"]
    content = rows.join(bad.select("source_row"), on="source_row", how="semi").select(
        "source_row", row_json(columns).alias("raw_content"))
    return bad.join(content, on="source_row", how="left").select("source_row", "raw_content", "reason")


def _originals(rows: pl.DataFrame, redacted: pl.DataFrame, columns: list[str], load: LoadRecord) -> pl.DataFrame:
    """Unmasked cells keyed by ``<load_id>:<source_row>`` (the row of ``core.<kind>`` with that load and row)."""
    row_key = (pl.lit(load.load_id + ":") + pl.col("source_row").cast(pl.String)).alias("row_key")
    return original_texts(rows.with_columns(row_key), redacted.with_columns(row_key), "row_key", columns,
                          f"core.{load.kind}")


def _inside_audio_root(recordings: pl.DataFrame, base: Path, audio_root: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(``source_row``, ``path``: each mapped manifest row's audio resolved inside ``audio_root``; ``source_row``,
    ``reason``: the rows whose audio resolves outside it). Rows without a path are in neither (validation
    quarantines them).

    A manifest's paths are relative to its folder (an absolute path stays as given); ``..`` and symlinks are
    resolved before the check, so neither can lead out of the root.
    """
    given = recordings.select("source_row", "recording_id", pl.col("path").cast(pl.String)) \
        .filter(pl.col("path").is_not_null())
    resolved = [resolve_inside(base / path, audio_root) for path in given["path"]]
    checked = given.with_columns(pl.Series("__resolved", [str(p) if p else None for p in resolved], pl.String))
    inside = pl.col("__resolved").is_not_null()
    outside = checked.filter(~inside).select(
        "source_row",
        pl.format("path {} {}resolves outside the audio root {} (KOE_AUDIO_ROOT; symlinks followed)", pl.col("path"),
                  pl.format("of recording {} ", pl.col("recording_id")).fill_null(""),  # no id: validation says so
                  pl.lit(str(audio_root.resolve()))).alias("reason"),
    )
    return checked.filter(inside).select("source_row", pl.col("__resolved").alias("path")), outside


def _head(path: Path, size: int = 200) -> str:
    with path.open("rb") as handle:
        return handle.read(size).decode("utf-8", errors="replace")
