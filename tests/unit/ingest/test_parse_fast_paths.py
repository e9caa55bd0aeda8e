"""The column-wide fast paths (numbers by direct cast, codes once per distinct value) give what the general,
row-by-row parsers give, and a file's odd values still reach the general path."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_series_equal

import warehouse
from pipelines.ingest.load import ingest_file
from transforms.ingest import values

NUMBERS = ["1", "0", "-4", "+5", "007", "1,200", "3.0", "1e3", "2.5", "-0.5", "x", "", "1,2,3", None, "inf", "-inf",
           "NaN", "1e30"]
CODES = ["phone", "Phone", " PHONE", "電話", "メール", "E-mail", "web", "fax", "letter", "unknown!", "", None,
         "in", "着信", "OUT", "customer", "オペレーター", "bot", "no-answer", "話中", "DNC", "no answer"]


@pytest.mark.parametrize("whole", [False, True])
def test_numbers_by_direct_cast_equal_the_general_parser(whole: bool) -> None:
    raw = pl.Series(NUMBERS, dtype=pl.String)
    general = pl.select(values.parse_number(pl.lit(raw), whole)).to_series()
    assert_series_equal(values.parse_number_series(raw, whole), general, check_names=False)  # NaN equals NaN here


@pytest.mark.parametrize("parse", [values.parse_channel, values.parse_direction, values.parse_role,
                                   values.parse_disposition])
def test_codes_parsed_once_per_distinct_value_equal_the_row_by_row_parser(parse) -> None:
    raw = pl.Series(CODES * 3, dtype=pl.String)
    assert values.parse_codes_series(raw, parse).to_list() == pl.select(parse(pl.lit(raw))).to_series().to_list()


def test_an_empty_code_column_stays_empty() -> None:
    assert values.parse_codes_series(pl.Series([None, None], dtype=pl.String), values.parse_channel).to_list() == [
        None, None]


def test_a_file_with_odd_numbers_and_codes_loads_what_it_can(warehouse_file: Path, tmp_path: Path) -> None:
    """Direct cast for '2', the general path for '1,001' (out of range), '3.0', '2.5' (not whole) and 'inf'."""
    path = tmp_path / "tickets.csv"
    path.write_text("interaction_id,channel,created_at,transfers,talk_seconds\n"
                    "T1,電話,2026-11-01 09:00:00,2,\"1,200\"\n"
                    "T2,EMAIL,2026-11-01 09:00:00,3.0,60\n"
                    "T3,phone,2026-11-01 09:00:00,\"1,001\",60\n"
                    "T4,chat,2026-11-01 09:00:00,2.5,60\n"
                    "T5,pigeon,2026-11-01 09:00:00,0,60\n"
                    "T6,chat,2026-11-01 09:00:00,inf,60\n", encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, "tickets", path)
        loaded = conn.execute("select interaction_id, channel, transfers, talk_seconds from core.interactions"
                              " order by 1").fetchall()
        reasons = dict(conn.execute("select source_row, reason from quarantine").fetchall())
    assert (result.rows_loaded, result.rows_quarantined) == (2, 4)
    assert loaded == [("T1", "phone", 2, 1200.0), ("T2", "email", 3, 60.0)]
    assert "transfers: 1,001 is outside 0..1000" in reasons[3]
    assert "transfers: cannot read 2.5 as int" in reasons[4]
    assert "channel: cannot read pigeon as channel" in reasons[5]
    assert "transfers: cannot read inf as int" in reasons[6]
