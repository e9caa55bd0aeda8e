"""Cross-field sanity checks: one test per check (the failing row quarantined with a reason naming the fields and
their values, a correct row beside it kept), flag-only checks keep and flag, and koe status counts both."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import warehouse
from pipelines.cli.main import app
from pipelines.ingest.load import ingest_file
from transforms.ingest.mapping import ColumnMapping, apply_mapping, load_mapping
from transforms.ingest.sanity import CHECKS
from transforms.ingest.schemas import INTERACTIONS, MESSAGES, InputKind
from transforms.ingest.validate import Split, split_valid
from warehouse.marts import load_status

T0 = "2026-11-01 09:00:00"

# check → (kind, the failing row's values, the expected reason). Row 2 of each test is the same row made correct.
CASES = {
    "queued_before_created": (INTERACTIONS, {"created_at": "2026-11-01 09:00:00", "queued_at": "2026-11-01 08:59:00"},
                              "queued_before_created: queued_at 2026-11-01 08:59:00 is before created_at"
                              " 2026-11-01 09:00:00 (UTC)"),
    "answered_before_queued": (INTERACTIONS, {"queued_at": "2026-11-01 23:59:40", "answered_at": "2026-11-01 00:01:10"},
                               "answered_before_queued: answered_at 2026-11-01 00:01:10 is before queued_at"
                               " 2026-11-01 23:59:40 (UTC; created_at when not queued)"),
    "first_response_before_created": (INTERACTIONS, {"first_response_at": "2026-11-01 08:00:00"},
                                      "first_response_before_created: first_response_at 2026-11-01 08:00:00 is"
                                      " before created_at 2026-11-01 09:00:00 (UTC)"),
    "resolved_before_created": (INTERACTIONS, {"resolved_at": "2026-10-31 09:00:00"},
                                "resolved_before_created: resolved_at 2026-10-31 09:00:00 is before created_at"
                                " 2026-11-01 09:00:00 (UTC)"),
    "closed_before_created": (INTERACTIONS, {"closed_at": "2026-11-01 08:59:59"},
                              "closed_before_created: closed_at 2026-11-01 08:59:59 is before created_at"
                              " 2026-11-01 09:00:00 (UTC)"),
    "wait_beyond_bound": (INTERACTIONS, {"queued_at": "2026-11-01 09:00:00", "answered_at": "2026-11-01 14:00:00"},
                          "wait_beyond_bound: answered_at 2026-11-01 14:00:00 - queued_at 2026-11-01 09:00:00 is"
                          " 18000 s, more than 14400 s (checks.max_wait_seconds)"),
    "handle_beyond_bound": (INTERACTIONS, {"talk_seconds": "30000", "hold_seconds": "1000"},
                            "handle_beyond_bound: talk_seconds 30000.0 + hold_seconds 1000.0 + acw_seconds 0.0 is more"
                            " than 28800 s (checks.max_handle_seconds)"),
    "service_ends_before_start": (MESSAGES, {"offset_seconds": "12.5", "end_offset_seconds": "3"},
                                  "service_ends_before_start: end_offset_seconds 3.0 is before offset_seconds 12.5"),
}
CORRECT = {"queued_at": T0, "answered_at": "2026-11-01 09:00:30", "first_response_at": "2026-11-01 10:00:00",
           "resolved_at": "2026-11-02 09:00:00", "closed_at": "2026-11-02 09:00:00", "talk_seconds": "300",
           "hold_seconds": "10", "offset_seconds": "1", "end_offset_seconds": "4"}


def _rows(kind: InputKind, failing: dict[str, str]) -> pl.DataFrame:
    base = ({"interaction_id": "X", "seq": "1", "text": "hello"} if kind is MESSAGES
            else {"interaction_id": "X", "channel": "phone", "created_at": T0})
    columns = [c for c in {**base, **failing} if c in kind.names]
    bad = {**base, **failing, "interaction_id": "BAD"}
    good = {**base, **{c: CORRECT.get(c, bad[c]) for c in failing}, "interaction_id": "GOOD"}
    if kind is MESSAGES:
        bad["seq"], good["seq"] = "1", "2"
    return pl.DataFrame({"source_row": [1, 2], **{c: [bad[c], good[c]] for c in columns}})


def _split(kind: InputKind, rows: pl.DataFrame, mapping: ColumnMapping) -> Split:
    return split_valid(apply_mapping(rows, kind, mapping), kind, "UTC", mapping.time_bounds(), mapping.checks.sanity())


def test_every_check_has_a_case() -> None:
    assert set(CASES) == set(CHECKS)


@pytest.mark.parametrize("check", sorted(CASES))
def test_a_row_failing_a_check_is_quarantined_with_fields_and_values(check: str) -> None:
    kind, failing, reason = CASES[check]
    split = _split(kind, _rows(kind, failing), ColumnMapping(timezone="UTC"))
    assert split.bad.rows() == [(1, reason)]
    assert split.good["source_row"].to_list() == [2]


@pytest.mark.parametrize("check", sorted(CASES))
def test_a_flag_only_check_keeps_the_row_and_flags_it(check: str) -> None:
    kind, failing, reason = CASES[check]
    mapping = ColumnMapping.model_validate({"timezone": "UTC", "checks": {"flag_only": [check]}})
    split = _split(kind, _rows(kind, failing), mapping)
    assert split.bad.is_empty() and split.good["source_row"].to_list() == [1, 2]
    assert split.flagged.rows() == [(1, check, reason)]


def test_the_bounds_come_from_the_mapping() -> None:
    rows = _rows(INTERACTIONS, {"queued_at": T0, "answered_at": "2026-11-01 09:10:00"})
    strict = ColumnMapping.model_validate({"timezone": "UTC", "checks": {"max_wait_seconds": 300}})
    assert _split(INTERACTIONS, rows, strict).bad["reason"].str.starts_with("wait_beyond_bound").to_list() == [True]
    assert _split(INTERACTIONS, rows, ColumnMapping(timezone="UTC")).bad.is_empty()


def test_an_unknown_check_in_a_mapping_is_refused(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("checks:\n  flag_only: [answered_after_lunch]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown checks \\['answered_after_lunch'\\]"):
        load_mapping(mapping)


def test_koe_status_counts_quarantined_and_flagged_rows_per_check(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "calls.csv"
    source.write_text("interaction_id,channel,created_at,queued_at,answered_at,resolved_at\n"
                      f"C1,phone,{T0},{T0},2026-11-01 08:00:00,\n"
                      f"C2,phone,{T0},{T0},2026-11-01 09:00:20,2026-11-01 08:00:00\n"
                      f"C3,phone,{T0},{T0},2026-11-01 09:00:20,\n", encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("checks:\n  flag_only: [resolved_before_created]\n", encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, "interactions", source, load_mapping(mapping))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert load_status(warehouse_file, list(CHECKS)).checks.rows() == [
        ("interactions", "answered_before_queued", 1, 0), ("interactions", "resolved_before_created", 0, 1)]
    output = CliRunner().invoke(app, ["status", "--warehouse", str(warehouse_file)]).output
    shown = output[output.index("Sanity checks"):output.index("Last loads")]
    assert "answered_before_queued" in shown and "resolved_before_created" in shown
