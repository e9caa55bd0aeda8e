"""Is the warehouse file whole? Every table is read end to end, so DuckDB verifies each block's checksum."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from warehouse.settings import warehouse_path


def warehouse_damage(path: str | os.PathLike[str] | None = None) -> str | None:
    """Why the warehouse file is damaged (a flipped bit, a cut file), in one plain line; None when it is whole.

    A file another process holds open is not damaged: that is reported as in use. Reading everything costs about
    a second per few million rows.
    """
    target = Path(warehouse_path(path))
    if not target.exists():
        return None
    try:
        conn = duckdb.connect(str(target), read_only=True)
    except duckdb.Error as err:
        return _plain(target, err)
    try:
        tables = conn.execute("select schema_name, table_name from duckdb_tables()").fetchall()
        for schema, table in tables:
            conn.execute(f'select bit_xor(hash(t)) from "{schema}"."{table}" as t').fetchall()
    except duckdb.Error as err:
        return _plain(target, err)
    finally:
        conn.close()
    return None


def _plain(target: Path, err: duckdb.Error) -> str:
    first = (str(err).strip().splitlines() or [type(err).__name__])[0]
    if "could not set lock" in first.lower() or "conflicting lock" in first.lower():
        return f"{target} is in use by another process (a running job?): {first}"
    return (f"{target} is damaged and cannot be read ({first}). Restore it from a backup, or move it aside and run"
            " `koe run` to rebuild it from the landing files.")
