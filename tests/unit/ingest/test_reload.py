"""The landing file is the raw layer: core rows point to it, an archive keeps it, `reload` re-reads it."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

import warehouse
from pipelines.cli.main import app
from pipelines.ingest.files import file_sha256
from pipelines.ingest.load import ReloadError, ingest_file, reload_file
from transforms.ingest.mapping import load_mapping

EXPORT = "番号,経路,受付日時\nH-1,電話,2026/11/01 09:30\nH-2,店頭,2026/11/01 10:00\nH-3,メール,2026/11/01 11:00\n"
MAPPING = "kind: tickets\ntimezone: Asia/Tokyo\ncolumns:\n  interaction_id: 番号\n  channel: 経路\n  created_at: 受付日時\n"


def _mapping(tmp_path: Path, values: str = ""):
    path = tmp_path / "mapping.yaml"
    path.write_text(MAPPING + values, encoding="utf-8")
    return load_mapping(path)


def _state(path: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(core rows, quarantine rows, load log rows) in a stable order."""
    core = warehouse.query(path, "select interaction_id, channel, source_row from core.interactions order by 1").rows()
    bad = warehouse.query(path, "select source_row, reason from quarantine order by 1").rows()
    log = warehouse.query(path, "select status, rows_loaded, rows_quarantined from load_log order by started_at").rows()
    return core, bad, log


def test_reload_reads_the_file_again_with_the_current_mapping(warehouse_file: Path, tmp_path: Path) -> None:
    export = tmp_path / "helpdesk.csv"
    export.write_text(EXPORT, encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        first = ingest_file(conn, "tickets", export, _mapping(tmp_path))
        load_id = conn.execute("select load_id from load_log").fetchone()[0]
    core, bad, _ = _state(warehouse_file)
    assert (first.rows_loaded, first.rows_quarantined) == (2, 1)
    assert [r[0] for r in core] == ["H-1", "H-3"] and bad[0][0] == 2 and "店頭" in bad[0][1]

    with warehouse.connect(warehouse_file) as conn:
        again = reload_file(conn, load_id, _mapping(tmp_path, "values:\n  channel: {電話: phone, 店頭: other}\n"))
        new_id = conn.execute("select reloaded_as from load_log where load_id = $id", {"id": load_id}).fetchone()[0]
    core, bad, log = _state(warehouse_file)
    assert again.status == "loaded" and (again.rows_loaded, again.rows_quarantined) == (3, 0)
    assert core == [("H-1", "phone", 1), ("H-2", "other", 2), ("H-3", "email", 3)]
    assert bad == []  # the old load's quarantined row went with it
    assert log == [("reloaded", 2, 1), ("loaded", 3, 0)]
    assert warehouse.query(warehouse_file, "select distinct load_id from core.interactions").item() == new_id

    with warehouse.connect(warehouse_file) as conn, pytest.raises(ReloadError, match="already reloaded"):
        reload_file(conn, load_id, _mapping(tmp_path))


def test_reload_does_not_undo_a_newer_row_of_a_later_load(warehouse_file: Path, tmp_path: Path) -> None:
    first, later = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(EXPORT, encoding="utf-8")
    later.write_text("番号,経路,受付日時\nH-1,チャット,2026/11/02 09:30\n", encoding="utf-8")
    mapping = _mapping(tmp_path, "values:\n  channel: {電話: phone, チャット: chat}\n")
    with warehouse.connect(warehouse_file) as conn:
        ingest_file(conn, "tickets", first, mapping)
        load_id = conn.execute("select load_id from load_log").fetchone()[0]
        ingest_file(conn, "tickets", later, mapping)
        reload_file(conn, load_id, mapping)
    core, bad, _ = _state(warehouse_file)
    # the later file's newer H-1 (a chat on 11/02) stays; the reload's older H-1 is refused, as for any re-send
    assert core == [("H-1", "chat", 1), ("H-3", "email", 3)]
    assert [r[0] for r in bad] == [1, 2] and bad[0][1].startswith("older than the stored row")


def test_reload_reads_the_archive_copy_when_the_landing_file_changed(warehouse_file: Path, tmp_path: Path) -> None:
    export, archive = tmp_path / "helpdesk.csv", tmp_path / "archive"
    export.write_text(EXPORT, encoding="utf-8")
    sha = file_sha256(export)
    with warehouse.connect(warehouse_file) as conn:
        ingest_file(conn, "tickets", export, _mapping(tmp_path), archive=archive)
        load_id, archived = conn.execute("select load_id, archived_file from load_log").fetchone()
    assert archived == str(archive / sha[:2] / sha / "helpdesk.csv")
    assert Path(archived).read_text(encoding="utf-8") == EXPORT

    export.write_text("番号,経路,受付日時\n", encoding="utf-8")  # the landing folder was cleaned up or overwritten
    with warehouse.connect(warehouse_file) as conn:
        result = reload_file(conn, load_id, _mapping(tmp_path, "values:\n  channel: {店頭: other}\n"))
    assert result.rows_loaded == 3
    assert warehouse.query(warehouse_file, "select distinct source_file from load_log").item() == str(export)


def test_reload_refuses_a_changed_file_without_an_archive(warehouse_file: Path, tmp_path: Path) -> None:
    export = tmp_path / "helpdesk.csv"
    export.write_text(EXPORT, encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        ingest_file(conn, "tickets", export, _mapping(tmp_path))
        load_id = conn.execute("select load_id from load_log").fetchone()[0]
        export.write_text(EXPORT.replace("H-3", "H-4"), encoding="utf-8")
        with pytest.raises(ReloadError, match="helpdesk.csv is gone or changed"):
            reload_file(conn, load_id, _mapping(tmp_path))
        with pytest.raises(ReloadError, match="no load 'nope'"):
            reload_file(conn, "nope")
    core, _, log = _state(warehouse_file)
    assert [r[0] for r in core] == ["H-1", "H-3"] and log == [("loaded", 2, 1)]  # nothing changed


def test_koe_status_names_the_load_and_koe_reload_rereads_it(warehouse_file: Path, tmp_path: Path) -> None:
    export = tmp_path / "helpdesk.csv"
    export.write_text(EXPORT, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    ingest = ["ingest", "tickets", str(export), "--mapping", str(tmp_path / "mapping.yaml"), "--warehouse",
              str(warehouse_file)]
    assert CliRunner().invoke(app, ingest).exit_code == 0
    load_id = warehouse.query(warehouse_file, "select load_id from load_log").item()
    status = CliRunner().invoke(app, ["status", "--warehouse", str(warehouse_file)]).output
    assert load_id in status

    (tmp_path / "mapping.yaml").write_text(MAPPING + "values:\n  channel: {店頭: other}\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["reload", load_id, "--mapping", str(tmp_path / "mapping.yaml"), "--warehouse",
                                    str(warehouse_file)])
    assert done.exit_code == 0 and "loaded, 3 loaded, 0 quarantined" in done.output
    again = CliRunner().invoke(app, ["reload", load_id, "--warehouse", str(warehouse_file)])
    assert again.exit_code == 2 and "already reloaded" in again.output and "Traceback" not in again.output
