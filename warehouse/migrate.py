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
