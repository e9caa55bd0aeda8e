"""Fuzzing the file loaders: whatever bytes arrive, a load ends whole (rows loaded or quarantined, with reasons)
or as a failed file naming the file and why — never an exception, never part of a file."""

from __future__ import annotations

import functools
import io
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipelines.ingest.load
import warehouse
from pipelines.ingest.batches import read_batches
from pipelines.ingest.load import IngestResult, ingest_file

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SUFFIXES = (".csv", ".tsv", ".jsonl", ".parquet")
COLUMNS = ("interaction_id", "channel", "created_at", "subject", "talk_seconds")
_names = itertools.count()

# A valid-looking cell or something that is not: wrong types, odd characters, quotes, separators, line breaks.
cell = st.one_of(
    st.sampled_from(["T1", "email", "phone", "2026-11-01 09:00:00", "12.5", "-3", "", "NaN", "true", "1e309"]),
    st.text(max_size=30),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
)
rows = st.lists(st.fixed_dictionaries({c: cell for c in COLUMNS}), max_size=15)


@pytest.fixture(params=["whole", "streamed"])
def conn(request: pytest.FixtureRequest, warehouse_file: Path,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[duckdb.DuckDBPyConnection]:
    """A warehouse, with files read whole (small files) or streamed in batches of 3 rows (big files)."""
    if request.param == "streamed":
        monkeypatch.setattr("pipelines.ingest.load.read_batches",
                            functools.partial(read_batches, batch_rows=3, whole_file_bytes=0))
    with warehouse.connect(warehouse_file) as connection:
        yield connection


def _write(folder: Path, data: bytes, suffix: str) -> Path:
    path = folder / f"fuzz_{next(_names)}{suffix}"
    path.write_bytes(data)
    return path


def _encode(records: list[dict[str, str]], suffix: str) -> bytes:
    """The records written as a well-formed file of that type (the fuzzing then corrupts or retypes them)."""
    frame = pl.DataFrame(records, schema=dict.fromkeys(COLUMNS, pl.String))
    buffer = io.BytesIO()
    if suffix == ".parquet":
        frame.write_parquet(buffer)
    elif suffix == ".jsonl":
        frame.write_ndjson(buffer)
    else:
        frame.write_csv(buffer, separator="\t" if suffix == ".tsv" else ",")
    return buffer.getvalue()


def _streamed() -> bool:
    return pipelines.ingest.load.read_batches is not read_batches


def assert_whole_outcome(conn: duckdb.DuckDBPyConnection, path: Path, result: IngestResult) -> None:
    """The invariant every load must keep, whatever the input, read whole or streamed in batches."""
    assert result.status in {"loaded", "failed", "skipped_unchanged"}, result
    if result.status == "skipped_unchanged":
        return
    load_id, status, rows_read, loaded, quarantined = conn.execute(
        "select load_id, status, rows_read, rows_loaded, rows_quarantined from load_log"
        " where source_file = $f order by started_at desc limit 1", {"f": str(path)}).fetchone()
    core, bad, no_row = conn.execute(
        "select (select count(*) from core.interactions where load_id = $id),"
        " (select count(*) from quarantine where load_id = $id),"
        " (select count(*) from core.interactions where load_id = $id and source_row is null)",
        {"id": load_id}).fetchone()
    if result.status == "failed":
        assert str(path) in result.message and status == "failed"
        assert (core, bad) == (0, 1)  # one quarantine row for the whole file, nothing else
        assert conn.execute("select reason from quarantine where load_id = $id", {"id": load_id}).fetchone()[0]
        return
    assert status == "loaded" and rows_read == result.rows_read and no_row == 0  # each core row names its file row
    assert loaded + quarantined == rows_read and bad == quarantined
    assert core == loaded
    assert conn.execute("select count(*) from quarantine where load_id = $id and (source_row is null or"
                        " coalesce(reason, '') = '')", {"id": load_id}).fetchone()[0] == 0


def _load(conn: duckdb.DuckDBPyConnection, path: Path) -> IngestResult:
    result = ingest_file(conn, "interactions", path)
    assert_whole_outcome(conn, path, result)
    return result


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(conn: duckdb.DuckDBPyConnection, tmp_path: Path, data: bytes, suffix: str) -> None:
    _load(conn, _write(tmp_path, data, suffix))


@FUZZ
@given(records=rows, suffix=st.sampled_from(SUFFIXES), cut=st.floats(0, 1))
def test_truncated_files(conn: duckdb.DuckDBPyConnection, tmp_path: Path, records: list, suffix: str,
                         cut: float) -> None:
    data = _encode(records, suffix)
    _load(conn, _write(tmp_path, data[: int(len(data) * cut)], suffix))


@FUZZ
@given(records=rows, encoding=st.sampled_from(["utf-16", "utf-16-be", "euc_jp", "iso2022_jp", "latin-1", "utf-32"]),
       text=st.text(alphabet="お届け予定日髙橋様ÄéÑ①～ abc", min_size=1, max_size=20))
def test_wrong_encodings(conn: duckdb.DuckDBPyConnection, tmp_path: Path, records: list, encoding: str,
                         text: str) -> None:
    body = _encode([{**r, "subject": text} for r in records], ".csv").decode("utf-8")
    try:
        data = body.encode(encoding)
    except UnicodeEncodeError:
        data = body.encode(encoding, errors="replace")
    _load(conn, _write(tmp_path, data, ".csv"))


@FUZZ
@given(records=rows, suffix=st.sampled_from(SUFFIXES))
def test_wrong_types_and_odd_values_quarantine_rows_with_reasons(conn: duckdb.DuckDBPyConnection, tmp_path: Path,
                                                               records: list, suffix: str) -> None:
    result = _load(conn, _write(tmp_path, _encode(records, suffix), suffix))
    if records and suffix == ".parquet":  # a well-formed file is never rejected whole
        assert result.status in {"loaded", "skipped_unchanged"}


@FUZZ
@given(keys=st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=30), suffix=st.sampled_from(SUFFIXES))
def test_duplicate_keys_last_row_wins_and_the_rest_are_quarantined(
        conn: duckdb.DuckDBPyConnection, tmp_path: Path, keys: list[str], suffix: str) -> None:
    tag = f"k{next(_names)}-"
    records = [{"interaction_id": tag + k, "channel": "email", "created_at": "2026-11-01 09:00:00",
                "subject": f"row {n}", "talk_seconds": "1"} for n, k in enumerate(keys, start=1)]
    path = _write(tmp_path, _encode(records, suffix), suffix)
    result = _load(conn, path)
    assert (result.rows_loaded, result.rows_quarantined) == (len(set(keys)), len(keys) - len(set(keys)))
    last_row = {k: n for n, k in enumerate(keys, start=1)}
    stored = dict(conn.execute("select interaction_id, subject from core.interactions where starts_with("
                               "interaction_id, $tag)", {"tag": tag}).fetchall())
    assert stored == {tag + k: f"row {n}" for k, n in last_row.items()}
    quarantined = conn.execute("select source_row, reason, raw_content ->> 'subject' from quarantine"
                               " where source_file = $f order by source_row", {"f": str(path)}).fetchall()
    assert quarantined == [(n, f"duplicate key {tag}{k}: superseded by row {last_row[k]}", f"row {n}")
                           for n, k in enumerate(keys, start=1) if n < last_row[k]]


@FUZZ
@given(value=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                                       max_size=3), max_leaves=8),
       column=st.sampled_from(COLUMNS))
def test_json_with_nested_values(conn: duckdb.DuckDBPyConnection, tmp_path: Path, value: object, column: str) -> None:
    record = {"interaction_id": f"N{next(_names)}", "channel": "chat", "created_at": "2026-11-01 09:00:00",
              column: value}
    _load(conn, _write(tmp_path, json.dumps(record, ensure_ascii=False).encode() + b"\n", ".jsonl"))


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\xef\xbb\xbf", ",".join(COLUMNS).encode() + b"\n", b"{}\n"])
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_files(conn: duckdb.DuckDBPyConnection, tmp_path: Path, data: bytes, suffix: str) -> None:
    result = _load(conn, _write(tmp_path, data, suffix))
    assert result.rows_loaded == 0


def test_huge_fields_load_or_quarantine_whole(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """A 3 MB subject (over KOE_MAX_FIELD_BYTES) quarantines its row, kept cut short; a 200k-character id loads;
    a 400-digit number overflows to infinity and is quarantined as not finite; the rest of the file is unaffected."""
    records = [{"interaction_id": "H1", "channel": "email", "created_at": "2026-11-01 09:00:00",
                "subject": "長い本文。" * 200_000, "talk_seconds": "1"},
               {"interaction_id": "H" * 200_000, "channel": "email", "created_at": "2026-11-01 09:00:00",
                "subject": "x", "talk_seconds": "2"},
               {"interaction_id": "H3", "channel": "email", "created_at": "2026-11-01 09:00:00",
                "subject": "short", "talk_seconds": "3" * 400},
               {"interaction_id": "H4", "channel": "email", "created_at": "2026-11-01 09:00:00",
                "subject": "本文。" * 100_000, "talk_seconds": "4"}]
    result = _load(conn, _write(tmp_path, _encode(records, ".csv"), ".csv"))
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 2, 2)
    assert conn.execute("select max(length(subject)), max(length(interaction_id)) from core.interactions"
                        ).fetchone() == (300_000, 200_000)
    reasons = dict(conn.execute("select source_row, reason from quarantine").fetchall())
    assert reasons[1] == "subject: 3000000 bytes, more than the 1,048,576 allowed per field (KOE_MAX_FIELD_BYTES)"
    assert reasons[3].startswith("talk_seconds: 33333") and reasons[3].endswith("is not a finite number")
    assert conn.execute("select max(length(raw_content)) from quarantine").fetchone()[0] < 2_000


def test_a_later_copy_with_an_oversized_value_supersedes_nothing(conn: duckdb.DuckDBPyConnection,
                                                                  tmp_path: Path) -> None:
    """A key's last row quarantined for a value over KOE_MAX_FIELD_BYTES does not take the earlier good row with it:
    the last *good* row wins, as with any other bad row (read whole or in batches, the copy in a later batch)."""
    records = [{"interaction_id": "L1", "channel": "email", "created_at": "2026-11-01 09:00:00", "subject": "first",
                "talk_seconds": "1"},
               {"interaction_id": "L2", "channel": "email", "created_at": "2026-11-01 09:00:00", "subject": "x",
                "talk_seconds": "1"},
               {"interaction_id": "L3", "channel": "email", "created_at": "2026-11-01 09:00:00", "subject": "y",
                "talk_seconds": "1"},
               {"interaction_id": "L1", "channel": "email", "created_at": "2026-11-01 09:00:00",
                "subject": "長い本文。" * 200_000, "talk_seconds": "2"}]
    result = _load(conn, _write(tmp_path, _encode(records, ".csv"), ".csv"))
    assert (result.rows_loaded, result.rows_quarantined) == (3, 1)
    assert conn.execute("select subject from core.interactions where interaction_id = 'L1'").fetchall() == [("first",)]
    assert conn.execute("select source_row, reason from quarantine").fetchall() == [
        (4, "subject: 3000000 bytes, more than the 1,048,576 allowed per field (KOE_MAX_FIELD_BYTES)")]


def test_unsupported_suffix_is_refused_by_name(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = _write(tmp_path, b"interaction_id\nT1\n", ".xlsx")
    result = _load(conn, path)
    assert result.status == "failed" and "unsupported file type '.xlsx'" in result.message


def test_an_unreadable_file_is_quarantined_once_however_often_it_is_seen(conn: duckdb.DuckDBPyConnection,
                                                                         tmp_path: Path) -> None:
    path = _write(tmp_path, b"\xff\xfe\x81 not text", ".csv")
    results = [ingest_file(conn, "interactions", path) for _ in range(3)]
    assert [r.status for r in results] == ["failed", "skipped_unchanged", "skipped_unchanged"]
    assert conn.execute("select count(*) from quarantine where source_file = $f", {"f": str(path)}).fetchall() == [(1,)]
