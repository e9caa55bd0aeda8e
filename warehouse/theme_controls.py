"""Product teams' theme controls (rename, merge, track with a backlog link) in the app store (sqlite), keyed by
the stable theme ids. Writes check the role here, on the server, whatever the page showed."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import polars as pl

EDITOR_ROLES = frozenset({"manager", "product"})  # who may rename, merge and track themes
CONTROL_SCHEMA = {"theme_id": pl.String, "name": pl.String, "merged_into": pl.String, "backlog_url": pl.String}


@contextmanager
def _open(path: str | os.PathLike[str]) -> Iterator[sqlite3.Connection]:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10)
    try:
        conn.executescript((resources.files("warehouse") / "theme_controls.sql").read_text(encoding="utf-8"))
        yield conn
        conn.commit()
    finally:
        conn.close()


def _check_role(role: str) -> None:
    if role not in EDITOR_ROLES:
        raise PermissionError(f"role {role!r} may not change themes")


def _upsert(path: str | os.PathLike[str], theme_id: str, column: str, value: str | None, by: str) -> None:
    with _open(path) as conn:
        conn.execute(
            f"insert into theme_controls (theme_id, {column}, updated_by) values (?, ?, ?) on conflict (theme_id)"
            f" do update set {column} = excluded.{column}, updated_by = excluded.updated_by,"
            " updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')",
            (theme_id, value, by),
        )  # column is one of this module's constants, never a client value


def rename_theme(path: str | os.PathLike[str], theme_id: str, name: str, role: str, by: str) -> None:
    """Show ``theme_id`` as ``name`` (an empty name restores the keywords label)."""
    _check_role(role)
    _upsert(path, theme_id, "name", name.strip() or None, by)


def merge_theme(path: str | os.PathLike[str], theme_id: str, into: str, role: str, by: str) -> None:
    """Count and show ``theme_id`` as part of ``into`` (itself resolved to where it was merged). Merging a theme into
    itself, or into a theme merged into it, is refused."""
    _check_role(role)
    target = resolve_merges(read_controls(path)).get(into, into)
    if target == theme_id:
        raise ValueError(f"{theme_id} cannot be merged into itself")
    _upsert(path, theme_id, "merged_into", target, by)


def track_theme(path: str | os.PathLike[str], theme_id: str, backlog_url: str, role: str, by: str) -> None:
    """Mark ``theme_id`` tracked in the backlog item at ``backlog_url`` (empty: no longer tracked)."""
    _check_role(role)
    _upsert(path, theme_id, "backlog_url", backlog_url.strip() or None, by)


def read_controls(path: str | os.PathLike[str]) -> pl.DataFrame:
    """Every theme's controls (``CONTROL_SCHEMA``)."""
    with _open(path) as conn:
        rows = conn.execute("select theme_id, name, merged_into, backlog_url from theme_controls order by theme_id").fetchall()
    return pl.DataFrame(rows, schema=CONTROL_SCHEMA, orient="row")


def resolve_merges(controls: pl.DataFrame) -> dict[str, str]:
    """theme_id → the theme it is finally shown as, following chains of merges (a → b → c gives a → c)."""
    into = {row["theme_id"]: row["merged_into"] for row in controls.iter_rows(named=True) if row["merged_into"]}
    resolved = {}
    for theme in into:
        seen, current = {theme}, into[theme]
        while current in into and current not in seen:
            seen.add(current)
            current = into[current]
        resolved[theme] = current
    return resolved
