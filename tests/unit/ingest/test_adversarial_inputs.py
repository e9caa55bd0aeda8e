"""Inputs that used to stop the nightly job or corrupt what managers see (issue 17). For each: the load completes,
the bad row is in quarantine with its reason, the file's other rows load, and a later file still loads."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import warehouse
from pipelines.cli.main import app
from pipelines.ingest.files import InputLimits
from pipelines.ingest.load import IngestResult, ingest_file
from warehouse.incremental import update_kpi_daily

HEADER = "interaction_id,channel,created_at,answered_at,talk_seconds,transfers,subject"
GOOD = "G{n},phone,2026-11-01 09:0{n}:00,2026-11-01 09:0{n}:15,120,0,ok"


def _file(folder: Path, name: str, bad_row: str, good_rows: int = 3) -> Path:
    """A CSV with good rows 1..good_rows around ``bad_row`` (the second data row)."""
    rows = [GOOD.format(n=1), bad_row, *(GOOD.format(n=n) for n in range(2, good_rows + 1))]
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _later_file_loads(conn, folder: Path) -> None:
    later = folder / "later.csv"
    later.write_text(f"{HEADER}\nL1,email,2026-11-02 10:00:00,,,0,later\n", encoding="utf-8")
    result = ingest_file(conn, "interactions", later)
    assert (result.status, result.rows_loaded) == ("loaded", 1)


def _load_one_bad_row(warehouse_file: Path, folder: Path, bad_row: str, **kwargs) -> tuple[IngestResult, str]:
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, "interactions", _file(folder, "export.csv", bad_row), **kwargs)
        reasons = conn.execute("select source_row, reason from quarantine").fetchall()
        _later_file_loads(conn, folder)
        update_kpi_daily(conn, {"tz": "Asia/Tokyo", "sl_seconds": 20, "fcr_days": 7})  # the next step runs
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 3, 1), result
    assert [row for row, _ in reasons] == [2]
    return result, reasons[0][1]


def test_a_count_beyond_integer_is_quarantined_not_fatal(warehouse_file: Path, tmp_path: Path) -> None:
    _, reason = _load_one_bad_row(warehouse_file, tmp_path, "B1,phone,2026-11-01 09:00:00,,60,3000000000,x")
    assert reason == "transfers: 3000000000 is outside 0..1000"


def test_a_date_before_the_floor_is_quarantined_and_kpis_still_build(warehouse_file: Path, tmp_path: Path) -> None:
    _, reason = _load_one_bad_row(warehouse_file, tmp_path, "B1,phone,0001-01-01 00:00:00,,60,0,x")
    assert reason.startswith("created_at: 0001-01-01 00:00:00 is before 1970-01-01")
    days = warehouse.query(warehouse_file, "select min(day), max(day) from marts.kpi_daily").row(0)
    assert [str(d) for d in days] == ["2026-11-01", "2026-11-02"]


def test_a_date_in_2099_is_quarantined_and_does_not_move_the_data_period(warehouse_file: Path,
                                                                         tmp_path: Path) -> None:
    _, reason = _load_one_bad_row(warehouse_file, tmp_path, "B1,phone,2099-01-01 09:00:00,,60,0,x")
    assert reason.startswith("created_at: 2099-01-01 09:00:00 is after ") and "now plus the margin" in reason
    latest = warehouse.query(warehouse_file, "select max(created_at) from core.interactions").item()
    assert latest.year == 2026


@pytest.mark.parametrize("value", ["inf", "1e309", "-inf", "NaN"])
def test_non_finite_durations_are_quarantined(warehouse_file: Path, tmp_path: Path, value: str) -> None:
    _, reason = _load_one_bad_row(warehouse_file, tmp_path, f"B1,phone,2026-11-01 09:00:00,,{value},0,x")
    assert reason == f"talk_seconds: {value} is not a finite number"


@pytest.mark.parametrize("value, shown", [("-3", "-3"), ("900000", "900000")])
def test_negative_or_huge_durations_are_quarantined(warehouse_file: Path, tmp_path: Path, value: str,
                                                    shown: str) -> None:
    _, reason = _load_one_bad_row(warehouse_file, tmp_path, f"B1,phone,2026-11-01 09:00:00,,{value},0,x")
    assert reason == f"talk_seconds: {shown} is outside 0..86400"


def test_a_field_over_the_size_limit_is_quarantined_cut_short(warehouse_file: Path, tmp_path: Path) -> None:
    _, reason = _load_one_bad_row(warehouse_file, tmp_path, "B1,email,2026-11-01 09:00:00,,,0," + "長" * 5_000,
                                  limits=InputLimits(max_field_bytes=10_000))
    assert reason == "subject: 15000 bytes, more than the 10,000 allowed per field (KOE_MAX_FIELD_BYTES)"
    kept = warehouse.query(warehouse_file, "select raw_content from quarantine").item()
    assert len(kept) < 400


def test_one_unbalanced_quote_quarantines_its_row_not_the_file(warehouse_file: Path, tmp_path: Path) -> None:
    _, reason = _load_one_bad_row(warehouse_file, tmp_path, 'B1,email,2026-11-01 09:00:00,,,0,"broken subject')
    assert reason == "malformed CSV row: a quote is not closed or is out of place"
    content = warehouse.query(warehouse_file, "select raw_content from quarantine").item()
    assert content == 'B1,email,2026-11-01 09:00:00,,,0,"broken subject'


def test_a_row_with_too_many_fields_is_quarantined_alone(warehouse_file: Path, tmp_path: Path) -> None:
    _, reason = _load_one_bad_row(warehouse_file, tmp_path, "B1,email,2026-11-01 09:00:00,,,0,x,extra,more")
    assert reason == "malformed CSV row: 9 fields, the header has 7"


def test_a_header_of_a_million_columns_is_refused_at_once(warehouse_file: Path, tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{n}" for n in range(1_000_000)) + "\n" + ",".join("1" * 1_000_000) + "\n")
    started = time.perf_counter()
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, "interactions", wide)
        seconds = time.perf_counter() - started
        _later_file_loads(conn, tmp_path)
    assert result.status == "failed" and seconds < 5
    assert result.message == (f"{wide}: cannot read as csv: the header has 1,000,000 columns, more than the 1,000"
                              " allowed (KOE_MAX_COLUMNS)")


def test_euc_jp_that_happens_to_decode_as_cp932_is_refused(warehouse_file: Path, tmp_path: Path) -> None:
    euc = tmp_path / "euc.csv"
    euc.write_bytes(f"{HEADER}\nE1,email,2026-11-01 09:00:00,,,0,配送について\nE2,email,2026-11-01 09:00:00,,,0,"
                    "返品したい\n".encode("euc-jp"))
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, "interactions", euc)
        _later_file_loads(conn, tmp_path)
    assert result.status == "failed" and "probably EUC-JP" in result.message
    assert warehouse.query(warehouse_file, "select count(*) from core.interactions where subject like '%ﾊ%'").item() == 0


def test_koe_ingest_of_a_bad_file_prints_one_line_and_no_traceback(warehouse_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x81 not text at all")
    result = CliRunner().invoke(app, ["ingest", "tickets", str(bad), "--warehouse", str(warehouse_file)])
    assert result.exit_code == 1 and not isinstance(result.exception, Exception)  # typer.Exit, not a crash
    assert "Traceback" not in result.output
    output = result.output.replace("\n", "")
    assert output.startswith(f"{bad}: failed, 0 loaded, 0 quarantined — {bad}: cannot read as csv: not UTF-8 or CP932")


def test_koe_ingest_with_a_statement_as_mapping_expression_names_the_line(warehouse_file: Path,
                                                                          tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("kind: tickets\ncolumns:\n  interaction_id: id\n  created_at:\n"
                       "    sql: \"1); drop table core.interactions; select (1\"\n", encoding="utf-8")
    source = _file(tmp_path, "t.csv", GOOD.format(n=9))
    result = CliRunner().invoke(app, ["ingest", "tickets", str(source), "--mapping", str(mapping),
                                      "--warehouse", str(warehouse_file)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{mapping} line 4 (columns.created_at): only one expression is allowed" in result.output.replace("\n", "")


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "bit-flipped":
        data[len(data) // 2] ^= 0x10
    else:
        data = data[: len(data) // 3]
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["bit-flipped", "truncated"])
def test_koe_status_says_plainly_when_the_warehouse_is_damaged(warehouse_file: Path, tmp_path: Path,
                                                               how: str) -> None:
    with warehouse.connect(warehouse_file) as conn:
        conn.execute("create table core.filler as select range as n, repeat('x', 80) as t from range(200000)")
    healthy = CliRunner().invoke(app, ["status", "--warehouse", str(warehouse_file)])
    assert healthy.exit_code == 0 and "whole" in healthy.output
    _damage(warehouse_file, how)
    result = CliRunner().invoke(app, ["status", "--warehouse", str(warehouse_file)])
    assert result.exit_code == 1 and not isinstance(result.exception, Exception)
    assert "is damaged and cannot be read" in result.output.replace("\n", "") and "Traceback" not in result.output
