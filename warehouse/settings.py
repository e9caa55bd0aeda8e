"""Where the warehouse lives. Nothing here runs at import time."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "koe.duckdb"


def warehouse_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The DuckDB file to use: an explicit path, else ``KOE_WAREHOUSE``, else ``warehouse/koe.duckdb``."""
    if path:
        return Path(path)
    return Path(os.environ.get("KOE_WAREHOUSE") or DEFAULT_WAREHOUSE)


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """A writable folder next to the warehouse for derived artefacts (converted models, published marts)."""
    return warehouse_path(path).parent / "cache"


def published_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Where the pipeline publishes read-only snapshots for the dashboard (see docs/architecture.md)."""
    return warehouse_path(path).parent / "published"
