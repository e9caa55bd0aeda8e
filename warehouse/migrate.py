"""Versioned schema: numbered SQL files in ``migrations/``, recorded in ``schema_version``."""

from __future__ import annotations

import re
from importlib import resources

import duckdb

from warehouse.connection import transaction

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migration_files() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration, in version order."""
    folder = resources.files("warehouse") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    versions = [v for v, _, _ in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"two migrations share a version number: {sorted(versions)}")
    return sorted(found)


class WarehouseOutdatedError(RuntimeError):
    """A warehouse opened read-only was built by an older Koe: its tables lack what this version reads."""


def require_current_schema(conn: duckdb.DuckDBPyConnection, target: object) -> None:
    """Raise ``WarehouseOutdatedError`` when a Koe warehouse misses migrations this version has.

    Read-only opens cannot migrate; without this check a report on a warehouse from before an upgrade fails deep in
    a query with a missing column. A file without ``schema_version`` (a published snapshot, a scratch file) is not
    checked.
    """
    recorded = conn.execute(  # fetchall: a result left unfinished would block the caller's next statement
        "select count(*) from duckdb_tables() where table_name = 'schema_version' and schema_name = 'main'"
    ).fetchall()
    if not recorded[0][0]:
        return
    done = {row[0] for row in conn.execute("select version from schema_version").fetchall()}
    missing = [name for version, name, _ in migration_files() if version not in done]
    if missing:
        raise WarehouseOutdatedError(
            f"{target} was built by an older version of Koe ({len(missing)} schema change(s) not applied, from "
            f"{missing[0]}); run `koe run` (or any loading command) once to upgrade it, then try again"
        )


def apply_migrations(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet recorded; return the names applied (empty when up to date)."""
    conn.execute(
        "create table if not exists schema_version ("
        " version integer primary key, name varchar not null,"
        " applied_at timestamp not null default current_timestamp)"
    )
    done = {row[0] for row in conn.execute("select version from schema_version").fetchall()}
    applied = []
    for version, name, sql in migration_files():
        if version in done:
            continue
        with transaction(conn):
            conn.execute(sql)
            conn.execute("insert into schema_version (version, name) values ($v, $n)", {"v": version, "n": name})
        applied.append(name)
    return applied
