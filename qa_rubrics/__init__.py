"""QA rubrics are data: YAML files in this folder, validated by `qa_rubrics.schema`. Code here only loads them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from qa_rubrics.schema import Criterion, Detector, Rubric, Section

M = TypeVar("M", bound=BaseModel)

__all__ = [
    "Criterion", "Detector", "Rubric", "RubricError", "Section", "content_hash", "load_all", "load_rubric",
    "rubric_folder", "schema_json",
]


class RubricError(ValueError):
    """A rubric file that cannot be used: which file, where inside it, and why."""

    def __init__(self, file: str | Path, yaml_path: str, reason: str) -> None:
        self.file, self.yaml_path, self.reason = str(file), yaml_path, reason
        super().__init__(f"{self.file}: {yaml_path or '<root>'}: {reason}")


def rubric_folder() -> Path:
    return Path(str(resources.files("qa_rubrics")))


_DETECTOR_FIELDS = {"detector", "na_when", "when", "first", "then", "not", "not_"}
_LIST_OF_DETECTORS = {"all_of", "any_of"}


def _yaml_path(loc: Sequence[int | str]) -> str:
    """pydantic error location → `sections[0].criteria[2].detector.all_of[1].phrases` (union tags dropped)."""
    parts: list[str] = []
    expect_tag = False
    previous: int | str | None = None
    for part in loc:
        if expect_tag and isinstance(part, str):
            expect_tag = False
            previous = part
            continue
        parts.append(f"[{part}]" if isinstance(part, int) else f".{'not' if part == 'not_' else part}")
        expect_tag = part in _DETECTOR_FIELDS or (isinstance(part, int) and previous in _LIST_OF_DETECTORS)
        previous = part
    return "".join(parts).lstrip(".")


def load_validated(path: str | Path, model: type[M], error: Callable[[Path, str, str], Exception]) -> M:
    """Parse one YAML file into ``model``; raise ``error(file, yaml_path, reason)`` on any problem (rubrics and
    rules share this, so both name the file and the YAML path the same way)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise error(path, "", f"cannot read YAML: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise error(path, _yaml_path(first["loc"]), first["msg"]) from exc


def load_rubric(path: str | Path) -> Rubric:
    """Parse and validate one rubric file; raise RubricError(file, yaml_path, reason) on any problem."""
    return load_validated(path, Rubric, RubricError)


def load_all(folder: str | Path | None = None) -> list[Rubric]:
    """Every `*.yaml` rubric in the folder (default: the shipped rubrics), sorted by id; ids must be unique."""
    folder = Path(folder) if folder else rubric_folder()
    rubrics = [load_rubric(p) for p in sorted(folder.glob("*.yaml"))]
    seen: dict[str, int] = {}
    for rubric in rubrics:
        if rubric.id in seen:
            raise RubricError(folder / f"{rubric.id}.yaml", "id", f"rubric id {rubric.id!r} is used twice")
        seen[rubric.id] = 1
    return sorted(rubrics, key=lambda r: r.id)


def content_hash(rubric: Rubric) -> str:
    """Stable hash of a rubric's content: the warehouse uses it to spot an edit without a version bump."""
    return hashlib.sha256(rubric.model_dump_json(by_alias=True).encode()).hexdigest()[:16]


def schema_json() -> str:
    """The JSON Schema of a rubric file, as written to schema.json (editors validate YAML with it)."""
    return json.dumps(Rubric.model_json_schema(by_alias=True), indent=2, ensure_ascii=False) + "\n"
