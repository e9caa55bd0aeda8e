"""The lint rules in pyproject.toml ([tool.ruff.lint]) hold for the whole repository."""

from __future__ import annotations

import subprocess
import sys

from warehouse.settings import REPO_ROOT


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."],
                            cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
