"""Categories and alerts as data: YAML files in this folder, validated by `rules.schema` (docs/rules.md).

A folder of its own, next to qa_rubrics/, because rules are not scored: they tag contacts and raise alerts, are
edited by supervisors rather than QA, and change far more often than a scorecard.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

from qa_rubrics import load_validated  # one YAML loader and error format for rubrics and rules
from rules.schema import Rule

__all__ = ["Rule", "RuleError", "content_hash", "load_all", "load_rule", "rule_folder", "schema_json"]


class RuleError(ValueError):
    """A rule file that cannot be used: which file, where inside it, and why."""

    def __init__(self, file: str | Path, yaml_path: str, reason: str) -> None:
        self.file, self.yaml_path, self.reason = str(file), yaml_path, reason
        super().__init__(f"{self.file}: {yaml_path or '<root>'}: {reason}")


def rule_folder() -> Path:
    return Path(str(resources.files("rules")))


def load_rule(path: str | Path) -> Rule:
    """Parse and validate one rule file; raise RuleError(file, yaml_path, reason) on any problem."""
    return load_validated(path, Rule, RuleError)


def load_all(folder: str | Path | None = None) -> list[Rule]:
    """Every `*.yaml` rule in the folder (default: the shipped rules), sorted by id; ids must be unique."""
    folder = Path(folder) if folder else rule_folder()
    rules = [load_rule(p) for p in sorted(folder.glob("*.yaml"))]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(folder / f"{rule.id}.yaml", "id", f"rule id {rule.id!r} is used twice")
        seen.add(rule.id)
    return sorted(rules, key=lambda r: r.id)


def content_hash(rule: Rule) -> str:
    """Stable hash of a rule's content: a changed rule is evaluated again over every contact."""
    return hashlib.sha256(rule.model_dump_json(by_alias=True).encode()).hexdigest()[:16]


def schema_json() -> str:
    """The JSON Schema of a rule file, as written to schema.json (editors validate YAML with it)."""
    return json.dumps(Rule.model_json_schema(by_alias=True), indent=2, ensure_ascii=False) + "\n"
