"""A later copy of a key that is rejected goes to quarantine with its reason and supersedes nothing: the earlier
good row (of the same file, or stored by an earlier load) stays, for every input kind — manifests, call logs read
with a preset's expressions and ticket event logs included."""

from datetime import datetime
from functools import partial
from pathlib import Path

import pytest

import pipelines.ingest.load as load_module
import warehouse
from pipelines.ingest.batches import read_batches
from pipelines.ingest.files import InputLimits
from pipelines.ingest.load import ingest_file
from pipelines.ingest.mappings import preset


def _load(warehouse_file: Path, kind: str, path: Path, text: str, audio_root: Path | None = None) -> tuple[int, int]:
    path.write_text(text, encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, kind, path, audio_root=audio_root)
    assert result.status == "loaded", result
    return result.rows_loaded, result.rows_quarantined


def _quarantine(warehouse_file: Path) -> list[tuple]:
    return warehouse.query(warehouse_file, "select parse_filename(source_file), source_row, reason from quarantine"
                                           " order by all").rows()


@pytest.fixture
def audio_root(tmp_path: Path) -> Path:
    root = tmp_path / "landing" / "recordings"
    root.mkdir(parents=True)
    (root / "r1.wav").write_bytes(b"RIFF")
    return root


@pytest.mark.parametrize("batch_rows", [None, 1])
def test_a_later_copy_outside_the_audio_root_keeps_the_earlier_row_of_the_file(
        warehouse_file: Path, audio_root: Path, monkeypatch: pytest.MonkeyPatch, batch_rows: int | None) -> None:
    """Within one file the last good row wins; a later copy refused for its path is not a good row (the manifest
    read whole, or streamed a row per batch)."""
    if batch_rows:
        monkeypatch.setattr(load_module, "read_batches", partial(read_batches, batch_rows=batch_rows,
                                                                 whole_file_bytes=0))
    manifest = audio_root / "manifest.csv"
    loaded = _load(warehouse_file, "recordings", manifest,
                   "recording_id,path\nR1,r1.wav\nR1,../../../etc/passwd\n", audio_root)
    assert loaded == (1, 1)
    stored = warehouse.query(warehouse_file, "select recording_id, path, source_row from core.recordings").rows()
    assert stored == [("R1", str((audio_root / "r1.wav").resolve()), 1)]
    assert _quarantine(warehouse_file) == [
        ("manifest.csv", 2, f"path ../../../etc/passwd of recording R1 resolves outside the audio root"
                            f" {audio_root.resolve()} (KOE_AUDIO_ROOT; symlinks followed)")]


def test_a_later_file_outside_the_audio_root_keeps_the_stored_row(warehouse_file: Path, audio_root: Path) -> None:
    _load(warehouse_file, "recordings", audio_root / "first.csv", "recording_id,path\nR1,r1.wav\n", audio_root)
    assert _load(warehouse_file, "recordings", audio_root / "second.csv", "recording_id,path\nR1,/etc/passwd\n",
                 audio_root) == (0, 1)
    assert warehouse.query(warehouse_file, "select path from core.recordings").item() == str(
        (audio_root / "r1.wav").resolve())
    assert [row[:2] for row in _quarantine(warehouse_file)] == [("second.csv", 1)]


@pytest.mark.parametrize(("kind", "header", "good", "rejected", "reason"), [
    ("surveys", "survey_id,interaction_id,responded_at,csat", "S1,I1,2026-11-01 09:00:00,4",
     "S1,I1,2026-11-01 10:00:00,", "no score: csat, nps and ces are all empty"),
    ("surveys", "survey_id,interaction_id,responded_at,csat", "S1,I1,2026-11-01 09:00:00,4",
     "S1,I1,2026-11-01 10:00:00,9", "csat: 9 is outside 1..5"),
    ("names", "kind,code,name_ja,name_en", "queue,PS,請求,Billing", "queue,PS,,",
     "no name: name_ja and name_en are both empty for queue PS"),
    ("interactions", "interaction_id,channel,created_at,talk_seconds", "T1,phone,2026-11-01 09:00:00,60",
     "T1,phone,2026-11-01 10:00:00,-5", "talk_seconds: -5 is outside 0..86400"),
    ("messages", "interaction_id,seq,role,text", "T1,1,customer,hello", "T1,1,robot,hello",
     "role: cannot read robot as role"),
    ("agents", "agent_id,name,hired_on", "A1,Mika,2024-04-01", "A1,Mika,someday", "hired_on: cannot read someday as date"),
], ids=["survey_without_score", "survey_out_of_range", "name_without_names", "ticket_out_of_range",
        "message_unknown_role", "agent_unreadable_date"])
def test_a_later_rejected_copy_keeps_the_earlier_good_row(warehouse_file: Path, tmp_path: Path, kind: str,
                                                          header: str, good: str, rejected: str, reason: str) -> None:
    """In the same file and in a later file: the rejected copy is quarantined with its reason, the good row stays."""
    assert _load(warehouse_file, kind, tmp_path / "one.csv", f"{header}\n{good}\n{rejected}\n") == (1, 1)
    assert _load(warehouse_file, kind, tmp_path / "two.csv", f"{header}\n{rejected}\n") == (0, 1)
    stored = warehouse.query(warehouse_file, f"select parse_filename(l.source_file), c.source_row from core.{kind} c"
                                             " join load_log l using (load_id)").rows()
    assert stored == [("one.csv", 1)]
    quarantined = _quarantine(warehouse_file)
    assert [row[:2] for row in quarantined] == [("one.csv", 2), ("two.csv", 1)]
    assert all(reason in row[2] for row in quarantined), quarantined


ACD_HEADER = ("vru+line,call_id,customer_id,priority,type,date,vru_entry,vru_exit,vru_time,q_start,q_exit,q_time,outcome,"
              "ser_start,ser_exit,ser_time,server\n")


def _call(call_id: str, vru_entry: str = "0:00:31", outcome: str = "AGENT") -> str:
    return (f"AA0101,{call_id},9664491,2,PS,990101,{vru_entry},0:00:36,5,0:00:36,0:03:09,153,{outcome},0:03:09,0:06:46,"
            f"217,MICHAL\n")


def test_a_later_copy_in_a_phone_log_its_preset_cannot_read_keeps_the_other_rows(warehouse_file: Path,
                                                                                  tmp_path: Path) -> None:
    """A call log read with the acd_call_log preset: a later copy of call 1 with an unreadable IVR entry time (which
    three of the preset's expressions cast) is quarantined naming the mapping line; the earlier copy and the other
    call load, the phantom call is skipped."""
    source = tmp_path / "calls.csv"
    source.write_text(ACD_HEADER + _call("1") + _call("2") + _call("1", vru_entry="zz:00:31") +
                      _call("3", outcome="PHANTOM"), encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, "calls", source, preset("acd_call_log"))
    assert (result.rows_loaded, result.rows_quarantined, result.rows_skipped) == (2, 1, 1)
    stored = warehouse.query(warehouse_file, "select interaction_id, source_row from core.interactions order by 1")
    assert stored.rows() == [("AA0101-1", 1), ("AA0101-2", 2)]
    (row, reason), = warehouse.query(warehouse_file, "select source_row, reason from quarantine").rows()
    assert row == 3
    assert ("acd_call_log.yaml line 15 (columns.created_at) failed: Conversion Error: Could not convert string"
            " 'zz:00:31' to INTERVAL") in reason


def test_a_ticket_with_a_bad_later_event_is_quarantined_and_keeps_the_stored_ticket(warehouse_file: Path,
                                                                                    tmp_path: Path) -> None:
    """An event log (ticket_event_log preset) folds a ticket's events into one row, the row of its first event. A
    later event with a value over the size limit puts the whole ticket in quarantine, naming that event's row, as a
    bad first event does: the ticket stored from the earlier log stays, the other ticket loads."""
    header = "CaseID,ActivityID,CompleteTimestamp,subject\n"
    limits = InputLimits(max_field_bytes=100)
    with warehouse.connect(warehouse_file) as conn:
        (tmp_path / "first.csv").write_text(header + "C1,1,2026-11-01 09:00:00,hello\n", encoding="utf-8")
        ingest_file(conn, "tickets", tmp_path / "first.csv", preset("ticket_event_log"), limits=limits)
        (tmp_path / "second.csv").write_text(header + "C1,1,2026-11-01 09:00:00,hello\nC2,1,2026-11-01 09:00:00,ok\n"
                                             f"C1,2,2026-11-01 10:00:00,{'x' * 300}\n", encoding="utf-8")
        result = ingest_file(conn, "tickets", tmp_path / "second.csv", preset("ticket_event_log"), limits=limits)
    assert (result.rows_loaded, result.rows_quarantined, result.rows_skipped) == (1, 1, 1)
    stored = warehouse.query(warehouse_file, "select interaction_id, parse_filename(l.source_file), subject,"
                                             " resolved_at from core.interactions join load_log l using (load_id)"
                                             " order by 1")
    assert stored.rows() == [("C1", "first.csv", "hello", datetime(2026, 11, 1, 9)),
                             ("C2", "second.csv", "ok", datetime(2026, 11, 1, 9))]
    assert _quarantine(warehouse_file) == [
        ("second.csv", 1, "event row 3: subject: 300 bytes, more than the 100 allowed per field (KOE_MAX_FIELD_BYTES)")]
