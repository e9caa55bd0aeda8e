"""Multi-step SQL that the warehouse modules run, one statement per ``.sql`` file, loaded by name."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def statement(name: str) -> str:
    """The text of ``warehouse/sql/<name>.sql`` (e.g. ``statement("qa/pending")``)."""
    return (resources.files("warehouse.sql") / f"{name}.sql").read_text(encoding="utf-8")
