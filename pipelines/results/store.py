"""The shared results folder: ``<root>/<step>/<day>/<attempt>.<table>.parquet``, then ``<attempt>._SUCCESS``.

Every attempt (a worker's try at one step of one day) writes its own files under a fresh attempt id, so two
workers never write the same name. The manifest ``<attempt>._SUCCESS`` is written last and appears whole (a
temporary name renamed into place; on an object store a PUT is atomic in the same way): it lists each table's
file, row count and SHA-256. An attempt without a manifest is unfinished — a worker still writing or killed
mid-write — and is never read; a file whose hash differs from its manifest is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

MANIFEST_SUFFIX = "._SUCCESS"


class IncompleteResult(ValueError):
    """A manifest names a file that is missing or whose content is not what was written."""


@dataclass(frozen=True)
class Manifest:
    step: str
    day: str
    attempt: str
    finished_at: str
    tables: dict[str, dict[str, Any]]  # table → {"file", "rows", "sha256"}
    meta: dict[str, Any]
    path: Path


def new_attempt_id() -> str:
    """Sortable by start time, unique across machines."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _publish(path: Path, write: Any) -> None:
    """Write through a temporary name in the same folder, then rename: readers see nothing or the whole file."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    write(temporary)
    os.replace(temporary, path)


class ResultStore:
    """A results folder on storage every worker and the writer can reach."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def folder(self, step: str, day: str) -> Path:
        return self.root / step / day

    def write(self, step: str, day: str, tables: dict[str, pl.DataFrame], meta: dict[str, Any] | None = None,
              attempt: str | None = None) -> Manifest:
        """One attempt's tables as Parquet, then its manifest (last). Returns the manifest."""
        attempt = attempt or new_attempt_id()
        folder = self.folder(step, day)
        folder.mkdir(parents=True, exist_ok=True)
        listed: dict[str, dict[str, Any]] = {}
        for table, frame in tables.items():
            target = folder / f"{attempt}.{table}.parquet"
            _publish(target, frame.write_parquet)
            listed[table] = {"file": target.name, "rows": frame.height, "sha256": _sha256(target)}
        manifest = {"step": step, "day": day, "attempt": attempt, "tables": listed, "meta": meta or {},
                    "finished_at": datetime.now(UTC).isoformat()}
        path = folder / f"{attempt}{MANIFEST_SUFFIX}"
        _publish(path, lambda temporary: temporary.write_text(json.dumps(manifest, indent=1), encoding="utf-8"))
        return _manifest(path)

    def finished(self, step: str, day: str) -> list[Manifest]:
        """The finished attempts of ``step`` for ``day``, oldest first (by finish time, then attempt id)."""
        folder = self.folder(step, day)
        found = [_manifest(path) for path in folder.glob(f"*{MANIFEST_SUFFIX}")] if folder.is_dir() else []
        return sorted(found, key=lambda m: (m.finished_at, m.attempt))

    def latest(self, step: str, day: str) -> Manifest | None:
        attempts = self.finished(step, day)
        return attempts[-1] if attempts else None

    def read(self, manifest: Manifest) -> dict[str, pl.DataFrame]:
        """Every table of a finished attempt, each checked against the manifest's hash and row count."""
        frames = {}
        for table, entry in manifest.tables.items():
            path = manifest.path.parent / entry["file"]
            if not path.is_file() or _sha256(path) != entry["sha256"]:
                raise IncompleteResult(f"{path}: missing or not the file its manifest {manifest.path.name} lists")
            frames[table] = pl.read_parquet(path)
            if frames[table].height != entry["rows"]:
                raise IncompleteResult(f"{path}: {frames[table].height} rows, the manifest says {entry['rows']}")
        return frames


def _manifest(path: Path) -> Manifest:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Manifest(step=data["step"], day=data["day"], attempt=data["attempt"], finished_at=data["finished_at"],
                    tables=data["tables"], meta=data["meta"], path=path)
