from pathlib import Path

import warehouse
from transforms.ingest.schemas import KINDS
from warehouse.migrate import apply_migrations, migration_files


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
