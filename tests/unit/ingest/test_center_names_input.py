"""The input kind ``names`` follows every input's rules: one row per key (kind and code) — the last row of a file
wins and the earlier ones are quarantined with the reason, read whole or in batches —, a later file renames, the
pipeline checks the key is unique, and ``koe status`` lists its loads."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

import pipelines.ingest.load as load_module
import warehouse
from pipelines.cli.main import app
from pipelines.defs.core import core_checks
from pipelines.defs.ingest import load_assets
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.ingest.batches import read_batches
from pipelines.ingest.load import ingest_file
from warehouse.checks import duplicate_keys

# PS named three times (キュー is read as queue), the last time in the third batch of 3 rows; T1 as a team and as a
# queue: two keys.
NAMES = """kind,code,name_ja,name_en
queue,PS,個人,Private
team,T1,東京1課,Tokyo 1
queue,PS,個人のお客様,Private customers
queue,T1,一般,General
queue,NW,新規,New
queue,PE,英語,English
キュー,PS,個人のお客様 (最終),Private customers (final)
"""


@pytest.fixture(params=["whole", "streamed"])
def read_as(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "streamed":
        monkeypatch.setattr(load_module, "read_batches", partial(read_batches, batch_rows=3, whole_file_bytes=0))
    return str(request.param)


def _ingest(path: Path, source: Path) -> load_module.IngestResult:
    with warehouse.connect(path) as conn:
        return ingest_file(conn, "names", source)


def test_a_code_named_twice_in_a_file_keeps_the_last_name(tmp_path: Path, read_as: str) -> None:
    source = tmp_path / "names.csv"
    source.write_text(NAMES, encoding="utf-8")
    result = _ingest(tmp_path / "koe.duckdb", source)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (7, 5, 2)
    names = warehouse.query(tmp_path / "koe.duckdb", "select kind, code, name_en, source_row from core.names"
                                                     " order by kind, code").rows()
    assert names == [("queue", "NW", "New", 5), ("queue", "PE", "English", 6),
                     ("queue", "PS", "Private customers (final)", 7), ("queue", "T1", "General", 4),
                     ("team", "T1", "Tokyo 1", 2)]
    quarantined = warehouse.query(tmp_path / "koe.duckdb", "select source_file, source_row, reason,"
                                                           " raw_content ->> 'name_en' from quarantine order by all")
    assert quarantined.rows() == [(str(source), 1, "duplicate key queue/PS: superseded by row 7", "Private"),
                                  (str(source), 3, "duplicate key queue/PS: superseded by row 7", "Private customers")]


def test_a_later_names_file_renames_without_quarantining(tmp_path: Path, read_as: str) -> None:
    """A re-sent or corrected names file is another load: its rows replace the stored ones with their key."""
    first, second = tmp_path / "names.csv", tmp_path / "names_2.csv"
    first.write_text(NAMES, encoding="utf-8")
    second.write_text("kind,code,name_ja,name_en\nqueue,PS,個人窓口,Personal desk\n", encoding="utf-8")
    _ingest(tmp_path / "koe.duckdb", first)
    renamed = _ingest(tmp_path / "koe.duckdb", second)
    assert (renamed.rows_loaded, renamed.rows_quarantined) == (1, 0)
    assert warehouse.query(tmp_path / "koe.duckdb", "select name_en from core.names where kind = 'queue' and"
                                                    " code = 'PS'").rows() == [("Personal desk",)]


def test_the_pipeline_checks_that_each_named_code_is_stored_once(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """core_names has the unique-key check every input has (on kind and code), and it counts a doubled key."""
    (tmp_path / "landing" / "names").mkdir(parents=True)
    (tmp_path / "landing" / "names" / "names.csv").write_text(NAMES, encoding="utf-8")
    monkeypatch.setenv("KOE_LANDING_DIR", str(tmp_path / "landing"))
    path = tmp_path / "koe.duckdb"
    load_names = next(asset for asset in load_assets if asset.node_def.name == "load_names")
    checks = [c for c in core_checks if dg.AssetKey("core_names") in {k.asset_key for k in c.check_keys}]
    result = dg.materialize([load_names, *checks], resources={"warehouse": WarehouseResource(path=str(path)),
                                                              "koe_settings": SettingsResource()})
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert evaluations["unique_key"].passed and evaluations["unique_key"].metadata["duplicate_keys"].value == 0
    with warehouse.connect(path) as conn:
        conn.execute("insert into core.names (kind, code, name_ja) values ('team', 'T1', '別名')")
        assert duplicate_keys(conn, "core.names", ("kind", "code")) == 1


def test_koe_status_lists_the_latest_names_load_after_many_contact_files(tmp_path: Path) -> None:
    """A names file is loaded rarely: after ten daily contact files it is still listed, with its load id."""
    path = tmp_path / "koe.duckdb"
    (tmp_path / "names.csv").write_text(NAMES, encoding="utf-8")
    names = _ingest(path, tmp_path / "names.csv")
    for day in range(1, 11):
        daily = tmp_path / f"contacts_{day:02d}.csv"
        daily.write_text(f"interaction_id,channel,created_at\nD{day},phone,2026-11-{day:02d} 09:00:00\n",
                         encoding="utf-8")
        with warehouse.connect(path) as conn:
            assert ingest_file(conn, "interactions", daily).status == "loaded"
    load_id = warehouse.query(path, "select load_id from load_log where kind = 'names'").item()
    shown = CliRunner().invoke(app, ["status", "--warehouse", str(path)], terminal_width=400)
    assert shown.exit_code == 0, shown.output
    listed = [line for line in shown.output.splitlines() if load_id in line]
    assert len(listed) == 1 and "│ names " in listed[0] and "│           5 │" in listed[0]
    assert sum("│ interactions " in line for line in shown.output.splitlines()) == 10
    assert names.rows_loaded == 5
