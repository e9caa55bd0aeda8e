"""SELECT-only SQL shipped with Koe, loaded by name (``sql("marts/kpi_daily")``)."""

from __future__ import annotations

from importlib import resources


def sql(name: str) -> str:
    """The text of ``transforms/sql/<name>.sql``."""
    return (resources.files("transforms.sql") / f"{name}.sql").read_text(encoding="utf-8")
