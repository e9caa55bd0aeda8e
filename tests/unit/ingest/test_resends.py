"""Re-sent files keep the newest, fullest state: a file updates the columns it carries, and a row older than the
stored one (by source_updated_at, else its latest event time) does not replace it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import warehouse
from pipelines.ingest.load import ingest_file


def _load(warehouse_file: Path, path: Path, text: str, newline: str = "\n"):
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    with warehouse.connect(warehouse_file) as conn:
        return ingest_file(conn, "tickets", path)


def _ticket(warehouse_file: Path, columns: str) -> tuple:
    return warehouse.query(warehouse_file, f"select {columns} from core.interactions where interaction_id = 'T1'").row(0)


def test_columns_absent_from_a_resent_file_keep_their_values(warehouse_file: Path, tmp_path: Path) -> None:
    _load(warehouse_file, tmp_path / "full.csv",
          "interaction_id,channel,created_at,subject,agent_id,talk_seconds,abandoned\n"
          "T1,phone,2026-11-01 09:00:00,請求について,A7,300,true\n")
    result = _load(warehouse_file, tmp_path / "status.csv",
                   "interaction_id,channel,created_at,status\nT1,phone,2026-11-01 09:00:00,closed\n")
    assert result.rows_loaded == 1
    assert _ticket(warehouse_file, "subject, agent_id, talk_seconds, abandoned, status") == (
        "請求について", "A7", 300.0, True, "closed")


def test_an_older_export_resent_does_not_reopen_a_closed_ticket(warehouse_file: Path, tmp_path: Path) -> None:
    """The same old export with other bytes (CRLF) is a new file to Koe; by its event times it is older."""
    old = "interaction_id,channel,created_at,resolved_at,status\nT1,email,2026-11-01 09:00:00,,open\n"
    new = "interaction_id,channel,created_at,resolved_at,status\nT1,email,2026-11-01 09:00:00,2026-11-02 10:00:00,closed\n"
    _load(warehouse_file, tmp_path / "monday.csv", old)
    _load(warehouse_file, tmp_path / "tuesday.csv", new)
    resent = _load(warehouse_file, tmp_path / "monday-again.csv", old, newline="\r\n")
    assert (resent.status, resent.rows_loaded, resent.rows_quarantined) == ("loaded", 0, 1)
    assert _ticket(warehouse_file, "status, resolved_at") == ("closed", datetime(2026, 11, 2, 1, 0))
    reason = warehouse.query(warehouse_file, "select reason from quarantine").item()
    assert reason == ("older than the stored row: changed 2026-11-01 00:00:00 (UTC; source_updated_at, else its latest"
                      " event time), the stored one 2026-11-02 01:00:00: not applied")


def test_source_updated_at_decides_which_copy_is_newer(warehouse_file: Path, tmp_path: Path) -> None:
    """With the source's own change time, a reopened ticket (resolved_at cleared) is newer, an old copy is not."""
    header = "interaction_id,channel,created_at,resolved_at,status,source_updated_at\n"
    _load(warehouse_file, tmp_path / "a.csv", header + "T1,email,2026-11-01 09:00:00,2026-11-02 10:00:00,closed,"
                                                       "2026-11-02 10:00:00\n")
    reopened = _load(warehouse_file, tmp_path / "b.csv", header + "T1,email,2026-11-01 09:00:00,,open,"
                                                                  "2026-11-03 08:00:00\n")
    assert reopened.rows_loaded == 1 and _ticket(warehouse_file, "status, resolved_at") == ("open", None)
    stale = _load(warehouse_file, tmp_path / "c.csv", header + "T1,email,2026-11-01 09:00:00,2026-11-02 10:00:00,"
                                                               "closed,2026-11-02 10:00:00\n", newline="\r\n")
    assert (stale.rows_loaded, stale.rows_quarantined) == (0, 1)
    assert _ticket(warehouse_file, "status") == ("open",)
