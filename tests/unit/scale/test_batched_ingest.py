"""Big files load in batches inside one transaction: same rows, row numbers and rules as a whole-file read."""

from functools import partial
from pathlib import Path

import duckdb
import polars as pl
import pytest

import pipelines.ingest.load as load_module
import warehouse
from pipelines.ingest.batches import read_batches
from pipelines.ingest.load import ingest_file
from transforms.ingest.mapping import ColumnMapping

JAPANESE = "商品が届きません（①・髙橋様）"  # ① and 髙 exist only in CP932


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as big and batches hold 3 rows, so a 7-row file takes 3 batches."""
    monkeypatch.setattr(load_module, "read_batches", partial(read_batches, batch_rows=3, whole_file_bytes=0))


def _tickets(rows: int, bad_row: int | None = None, duplicate_of_first: bool = False) -> str:
    lines = ["interaction_id,channel,created_at,subject"]
    for n in range(1, rows + 1):
        channel = "carrier-pigeon" if n == bad_row else "email"
        lines.append(f"T{n},{channel},2026-11-01 09:{n:02d}:00,{JAPANESE}{n}")
    if duplicate_of_first:
        lines.append(f"T1,chat,2026-11-02 10:00:00,{JAPANESE}last")
    return "\n".join(lines) + "\n"


def _load(warehouse_file: Path, source: Path) -> load_module.IngestResult:
    with warehouse.connect(warehouse_file) as conn:
        return ingest_file(conn, "tickets", source)


def test_batches_keep_row_numbers_and_quarantine_across_batches(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(_tickets(7, bad_row=5), encoding="utf-8")
    result = _load(warehouse_file, source)
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("loaded", 7, 6, 1)
    assert warehouse.query(warehouse_file, "select list(source_row order by source_row) from core.interactions").item() \
        .to_list() == [1, 2, 3, 4, 6, 7]
    assert warehouse.query(warehouse_file, "select source_row from quarantine").item() == 5
    assert warehouse.query(warehouse_file, "select count(distinct load_id) from core.interactions").item() == 1


def test_cp932_big_file_is_transcoded_exactly(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_bytes(_tickets(4).encode("cp932"))
    assert _load(warehouse_file, source).rows_loaded == 4
    subjects = warehouse.query(warehouse_file, "select subject from core.interactions order by interaction_id")
    assert subjects["subject"].to_list() == [f"{JAPANESE}{n}" for n in range(1, 5)]
    assert warehouse.query(warehouse_file, "select encoding from load_log").item() == "cp932"


def test_a_key_repeated_in_a_later_batch_keeps_the_last_row(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(_tickets(5, duplicate_of_first=True), encoding="utf-8")
    _load(warehouse_file, source)
    rows = warehouse.query(warehouse_file, "select channel from core.interactions where interaction_id = 'T1'")
    assert rows["channel"].to_list() == ["chat"]
    assert warehouse.query(warehouse_file, "select count(*) from core.interactions").item() == 5


def test_a_later_batch_sees_the_rows_earlier_batches_wrote(warehouse_file: Path, tmp_path: Path) -> None:
    """Batches are written while the next one is checked, but each is judged against what the ones before stored:
    a copy of T1 in the third batch supersedes the first batch's row, as in a file read whole (the last row wins,
    even when its times are older: within a file, order decides), and the first row is quarantined as read."""
    source = tmp_path / "tickets.csv"
    source.write_text(_tickets(6) + f"T1,chat,2026-10-31 08:00:00,{JAPANESE}old\n", encoding="utf-8")
    result = _load(warehouse_file, source)
    assert (result.rows_loaded, result.rows_quarantined) == (6, 1)
    assert warehouse.query(warehouse_file, "select channel from core.interactions where interaction_id = 'T1'"
                           ).item() == "chat"
    assert warehouse.query(warehouse_file, "select source_file, source_row, reason, raw_content from quarantine"
                           ).row(0) == (str(source), 1, "duplicate key T1: superseded by row 7",
                                        '{"interaction_id":"T1","channel":"email","created_at":"2026-11-01 09:01:00",'
                                        f'"subject":"{JAPANESE}1"}}')


def _outcome(warehouse_file: Path, files: list[Path]) -> tuple[list[tuple], ...]:
    """Core, quarantine, flags and the load log's counts after loading ``files`` in turn (file names, not paths)."""
    mapping = ColumnMapping.model_validate({"checks": {"flag_only": ["resolved_before_created"]}})
    with warehouse.connect(warehouse_file) as conn:
        for file in files:
            ingest_file(conn, "tickets", file, mapping)
    core = warehouse.query(warehouse_file, "select interaction_id, channel, queue, subject, created_at,"
                                           " parse_filename(source_file), source_row from core.interactions"
                                           " join load_log using (load_id) order by all")
    quarantined = warehouse.query(warehouse_file, "select parse_filename(source_file), source_row, reason, raw_content"
                                                  " from quarantine order by all")
    counts = warehouse.query(warehouse_file, "select parse_filename(source_file), rows_read, rows_loaded,"
                                             " rows_quarantined from load_log order by all")
    flags = warehouse.query(warehouse_file, "select source_row, check_name from input_flags order by all")
    return core.rows(), quarantined.rows(), counts.rows(), flags.rows()


STORED = ("interaction_id,channel,created_at,queue\n"
          "T1,phone,2026-11-01 09:00:00,billing\nT2,phone,2026-11-01 09:00:00,billing\n"
          "T3,phone,2026-11-01 09:00:00,billing\n")
# Batches of 3: [1 2 3] [4 5 6] [7 8 9] [10]. T1 in three batches (twice in the second), each newer than the stored
# row, the last older than the first; T2's last row older than the stored one; T3's first row older than the
# stored one, its last newer; T5 only in this file, in two batches. The file has no queue: stored queues stay.
# Rows 1 and 10 are flagged (resolved before created, a flag-only check): only the kept row 10 stays flagged.
RESENT = ("interaction_id,channel,created_at,subject,resolved_at\n"
          "T1,email,2026-11-01 11:00:00,a,2026-11-01 10:00:00\nT2,email,2026-11-01 10:00:00,b,\n"
          "T3,email,2026-11-01 08:00:00,c,\nT1,chat,2026-11-01 12:00:00,d,\nT5,chat,2026-11-01 12:00:00,e,\n"
          "T1,email,2026-11-01 13:00:00,f,\nT1,sns,2026-11-01 09:30:00,g,\nT2,sns,2026-11-01 08:00:00,h,\n"
          "T3,sns,2026-11-01 10:00:00,i,\nT5,fax,2026-11-01 12:00:00,j,2026-11-01 11:00:00\n")


def test_a_streamed_file_ends_as_the_same_file_read_whole(warehouse_file: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys repeated across batches, rows older than the stored ones before and after, columns the file does not
    carry: read in batches of 3 rows, the file ends exactly as read whole — the same rows in core, the same rows
    quarantined with the same reasons (each superseded row naming the file's last row with its key) and contents,
    the same counts. A key stored by an earlier file is still replaced (a re-send), not quarantined."""
    (tmp_path / "stored.csv").write_text(STORED, encoding="utf-8")
    (tmp_path / "resent.csv").write_text(RESENT, encoding="utf-8")
    files = [tmp_path / "stored.csv", tmp_path / "resent.csv"]
    streamed = _outcome(warehouse_file, files)
    monkeypatch.setattr(load_module, "read_batches", read_batches)
    whole = _outcome(tmp_path / "whole.duckdb", files)
    assert streamed == whole
    core, quarantined, counts, flags = streamed
    assert [(r[0], r[1], r[2], r[3]) for r in core] == [
        ("T1", "sns", "billing", "g"), ("T2", "phone", "billing", None), ("T3", "sns", "billing", "i"),
        ("T5", "fax", None, "j")]
    assert [(r[1], r[2]) for r in quarantined] == [
        (1, "duplicate key T1: superseded by row 7"), (2, "duplicate key T2: superseded by row 8"),
        (3, "duplicate key T3: superseded by row 9"), (4, "duplicate key T1: superseded by row 7"),
        (5, "duplicate key T5: superseded by row 10"), (6, "duplicate key T1: superseded by row 7"),
        (8, "older than the stored row: changed 2026-10-31 23:00:00 (UTC; source_updated_at, else its latest event"
            " time), the stored one 2026-11-01 00:00:00: not applied")]
    assert counts == [("resent.csv", 10, 3, 7), ("stored.csv", 3, 3, 0)]
    assert flags == [(10, "resolved_before_created")]
def test_a_write_refused_in_an_early_batch_fails_the_file_cleanly(warehouse_file: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The warehouse refusing the first batch's write (on the writer thread) ends the load as failed, nothing kept."""
    write = load_module.write_checked

    def refuse_first(*args: object, **kwargs: object) -> object:
        if not refused:
            refused.append(True)
            raise duckdb.ConstraintException("refused for the test")
        return write(*args, **kwargs)  # type: ignore[arg-type]
    refused: list[bool] = []
    monkeypatch.setattr(load_module, "write_checked", refuse_first)
    source = tmp_path / "tickets.csv"
    source.write_text(_tickets(7), encoding="utf-8")
    result = _load(warehouse_file, source)
    assert (result.status, result.message) == ("failed", f"{source}: the warehouse refused a write: refused for the test")
    assert warehouse.query(warehouse_file, "select count(*) from core.interactions").item() == 0
    assert warehouse.query(warehouse_file, "select status from load_log").item() == "failed"


def test_an_unreadable_later_batch_rolls_back_the_whole_file(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(_tickets(6) + "T99,email,2026-11-01 09:00:00,x,surplus,fields\n", encoding="utf-8")
    result = _load(warehouse_file, source)
    assert result.status == "failed"
    assert warehouse.query(warehouse_file, "select count(*) from core.interactions").item() == 0
    assert warehouse.query(warehouse_file, "select status from load_log").item() == "failed"


def test_parquet_batches_match_a_whole_file_read(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.parquet"
    pl.read_csv(_tickets(7).encode(), infer_schema=False).with_columns(
        pl.col("created_at").str.to_datetime()).write_parquet(source, row_group_size=2)
    batches = list(read_batches(source, batch_rows=3))
    assert [b.height for b, _ in batches] == [3, 3, 1]
    assert pl.concat([b for b, _ in batches])["source_row"].to_list() == list(range(1, 8))
    assert _load(warehouse_file, source).rows_loaded == 7
    assert warehouse.query(warehouse_file, "select min(created_at)::varchar from core.interactions").item() \
        .startswith("2026-11-01")
