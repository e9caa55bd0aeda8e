"""Multi-step SQL, one statement per ``.sql`` file next to the code that runs it, loaded by name.

Koe's one loader of packaged ``.sql`` files: the warehouse modules' live here (``warehouse/sql/<area>/<name>.sql``);
other code keeps its own folder and names its package (``statement("staffing/arrival_profile",
"dashboards.queries.sql")``). A ``{where}``-style placeholder takes only a clause of constant column names built in
Python; values are always bound parameters."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def statement(name: str, package: str = __name__) -> str:
    """The text of ``<package>/<name>.sql``; by default ``warehouse/sql/<name>.sql`` (``statement("qa/pending")``)."""
    return (resources.files(package) / f"{name}.sql").read_text(encoding="utf-8")
