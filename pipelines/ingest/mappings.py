"""Mappings as the loader uses them: checked before any row loads, SQL columns computed, presets found by name."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import polars as pl

from transforms.ingest.mapping import ColumnMapping, expression_column, load_mapping
from transforms.ingest.schemas import InputKind
from warehouse.expressions import binding_problems, evaluate, expression_problem

PRESET_FOLDER = "presets"


class MappingError(ValueError):
    """A mapping that cannot be applied (to any file, or to this file's columns): nothing of the file is loaded."""


def check_mapping(mapping: ColumnMapping, kind: InputKind) -> None:
    """Refuse unknown Koe columns, and SQL that is not one expression, naming the mapping line."""
    unknown = sorted(set(mapping.columns) - set(kind.names))
    if unknown:
        raise MappingError(f"{mapping.where('columns')}: {kind.name} has no columns {unknown}"
                           f" (its columns: {', '.join(kind.names)})")
    for entry, sql in _entries(mapping).items():
        problem = expression_problem(sql)
        if problem:
            raise MappingError(f"{mapping.where(entry)}: {problem}: {sql}")


def _entries(mapping: ColumnMapping) -> dict[str, str]:
    """Mapping entry (``columns.created_at``, ``skip_rows[0]``) → its SQL."""
    entries = {f"columns.{name}": sql for name, sql in mapping.expressions().items()}
    entries.update({f"skip_rows[{i}]": sql for i, sql in enumerate(mapping.skip_rows)})
    return entries


def compute_columns(rows: pl.DataFrame, mapping: ColumnMapping, file: Path
                    ) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """(rows with the mapping's SQL columns added and the ``skip_rows`` removed; rows an expression failed on:
    ``source_row``, ``reason``; how many rows were skipped).

    Raises ``MappingError`` when an expression cannot run on this file's columns at all (a column it names is
    missing, types that do not fit), before anything is written.
    """
    entries = _entries(mapping)
    empty = pl.DataFrame(schema={"source_row": pl.Int64, "reason": pl.String})
    if not entries:
        return rows, empty, 0
    for entry, problem in binding_problems(rows.schema, entries).items():
        raise MappingError(f"{file}: {mapping.where(entry)}: {problem}")
    names = {entry: expression_column(entry.removeprefix("columns.")) for entry in entries}
    computed, failed = evaluate(rows, entries, names)
    reasons = failed.select(
        "source_row",
        pl.format("{} failed: {}", pl.col("name").map_elements(mapping.where, return_dtype=pl.String),
                  pl.col("error")).alias("reason"),
    ).group_by("source_row", maintain_order=True).agg(pl.col("reason").str.join("; "))
    skip_columns = [names[e] for e in entries if e.startswith("skip_rows")]
    skipped = pl.any_horizontal(pl.col(skip_columns).fill_null(False)) if skip_columns else pl.lit(False)
    failing = pl.col("source_row").is_in(reasons["source_row"].implode())
    kept = computed.filter(~skipped | failing).drop(skip_columns)
    return kept, reasons, computed.height - kept.height


def presets() -> dict[str, ColumnMapping]:
    """The mappings shipped with Koe, by name (file name without ``.yaml``)."""
    folder = resources.files("transforms.ingest") / PRESET_FOLDER
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            with resources.as_file(entry) as path:
                found[entry.name.removesuffix(".yaml")] = load_mapping(path)
    return found


def preset(name: str) -> ColumnMapping:
    """One shipped mapping by name; an unknown name lists the known ones."""
    shipped = presets()
    if name not in shipped:
        raise MappingError(f"no preset {name!r}; the presets are {', '.join(shipped)} (koe mappings)")
    return shipped[name]
