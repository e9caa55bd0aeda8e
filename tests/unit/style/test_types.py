"""The type hints of Koe's packages hold: ``mypy`` with the configuration in pyproject.toml ([tool.mypy]) finds nothing.

Its incremental cache lives in .venv/.mypy_cache (pyproject.toml), so a repeated run checks only what changed."""

from __future__ import annotations

import subprocess
import sys

from warehouse.settings import REPO_ROOT


def test_mypy_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr
