"""The landing folder: ``<landing>/<kind>/*.{csv,tsv,jsonl,parquet}``, with an optional ``mapping.yaml`` per kind."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from pathlib import Path

import duckdb

from pipelines.ingest.files import SUFFIXES, InputLimits
from pipelines.ingest.load import IngestResult, ingest_file
from transforms.ingest.mapping import ColumnMapping, load_mapping
from transforms.redaction.dialogue import DEFAULT_NAMES_OF

LOAD_ORDER = ("agents", "interactions", "messages", "surveys", "recordings", "names")


def landing_files(landing: Path, kind: str) -> list[Path]:
    folder = landing / kind
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def folder_mapping(landing: Path, kind: str) -> ColumnMapping:
    path = landing / kind / "mapping.yaml"
    return load_mapping(path if path.exists() else None)


def ingest_landing_kind(
    conn: duckdb.DuckDBPyConnection, landing: Path, kind: str,
    on_file: Callable[[IngestResult], None] | None = None,
    keep_original: bool = False,
    names_of: Collection[str] = DEFAULT_NAMES_OF,
    audio_root: Path | None = None,
    limits: InputLimits = InputLimits(),
    archive: Path | None = None,
) -> list[IngestResult]:
    """Load every file of one kind in the landing folder (files already loaded are skipped; with ``archive``,
    each loaded file is first copied there by sha256)."""
    mapping = folder_mapping(landing, kind)
    results = []
    for path in landing_files(landing, kind):
        result = ingest_file(conn, kind, path, mapping, keep_original, names_of, audio_root, limits, archive)
        results.append(result)
        if on_file:
            on_file(result)
    return results


def landing_fingerprint(landing: Path) -> str:
    """A sha256 that changes whenever a landing file is added, removed or rewritten (the sensor's cursor and run key:
    stable across processes, unlike ``hash()``, and short whatever the number of files)."""
    parts = []
    for kind in LOAD_ORDER:
        for path in landing_files(landing, kind):
            stat = path.stat()
            parts.append(f"{path.relative_to(landing)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest() if parts else ""
