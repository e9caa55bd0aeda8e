from pathlib import Path

import pytest

import warehouse
from pipelines.cli.main import main
from transforms.ingest.schemas import KINDS
from warehouse.migrate import WarehouseOutdatedError, apply_migrations, migration_files


def test_migrations_are_numbered_in_order_and_recorded(warehouse_file: Path) -> None:
    with warehouse.connect(warehouse_file) as conn:
        recorded = conn.execute("select version, name from schema_version order by version").fetchall()
    assert recorded == [(v, name) for v, name, _ in migration_files()]
    assert recorded[0] == (1, "0001_raw.sql")


def test_applying_twice_is_a_no_op(warehouse_file: Path) -> None:
    with warehouse.connect(warehouse_file) as conn:
        before = conn.execute("select count(*) from schema_version").fetchone()
        assert apply_migrations(conn) == []
        assert conn.execute("select count(*) from schema_version").fetchone() == before


def test_layers_and_core_entities_exist(warehouse_file: Path) -> None:
    with warehouse.connect(warehouse_file) as conn:
        tables = {f"{s}.{t}" for s, t in conn.execute("select schema_name, table_name from duckdb_tables()").fetchall()}
    expected = {"core.interactions", "core.messages", "core.recordings", "core.surveys", "core.agents",
                "core.customers", "main.load_log", "main.quarantine", "marts.kpi_daily"}
    assert expected <= tables
    assert not any(t.startswith("raw.") for t in tables)  # the landing files are the raw layer (0180)


def test_core_tables_have_every_column_of_their_input_kind_and_the_file_row(warehouse_file: Path) -> None:
    with warehouse.connect(warehouse_file) as conn:
        columns = conn.execute("select schema_name || '.' || table_name, list(column_name) from duckdb_columns()"
                               " group by 1").fetchall()
    have = dict(columns)
    for kind in set(KINDS.values()):
        missing = {*kind.names, "load_id", "source_row"} - set(have[kind.table])
        assert not missing, (kind.name, missing)


def test_warehouse_path_follows_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KOE_WAREHOUSE", str(tmp_path / "x.duckdb"))
    assert warehouse.warehouse_path() == tmp_path / "x.duckdb"
    assert warehouse.warehouse_path(tmp_path / "y.duckdb") == tmp_path / "y.duckdb"


def _built_by_an_older_koe(path: Path) -> str:
    """The warehouse as an older Koe left it: its newest migration not recorded. Returns that migration's name."""
    newest = migration_files()[-1]
    with warehouse.connect(path) as conn:
        conn.execute("delete from schema_version where version = $v", {"v": newest[0]})
    return newest[1]


def test_a_read_only_open_of_an_older_warehouse_says_to_upgrade_it(warehouse_file: Path) -> None:
    newest = _built_by_an_older_koe(warehouse_file)
    with pytest.raises(WarehouseOutdatedError, match=f"older version of Koe.*{newest}.*koe run"):
        with warehouse.connect(warehouse_file, read_only=True):
            pass
    with warehouse.connect(warehouse_file):  # a read-write open upgrades it
        pass
    with warehouse.connect(warehouse_file, read_only=True) as conn:  # the check leaves no result open
        assert warehouse.read(conn, "select count(*) as n from schema_version")["n"].to_list() == [len(migration_files())]


def test_a_read_only_open_of_a_file_without_schema_version_leaves_the_connection_free(tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot.duckdb"  # like the dashboard's published snapshot: tables, no schema_version
    with warehouse.connect(snapshot, migrate=False) as conn:
        conn.execute("create table kpi as select 1 as n")
    with warehouse.connect(snapshot, read_only=True) as conn:
        assert warehouse.read(conn, "select n from kpi")["n"].to_list() == [1]


def test_the_cli_prints_one_line_for_an_older_warehouse(warehouse_file: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    _built_by_an_older_koe(warehouse_file)
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--from", "2026-10-01", "--to", "2026-10-07", "--out", str(tmp_path / "r.html"),
              "--warehouse", str(warehouse_file)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {warehouse_file} was built by an older version of Koe") and "Traceback" not in err
