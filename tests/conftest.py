"""Shared fixtures: a fresh, migrated warehouse file per test."""

from __future__ import annotations

from pathlib import Path

import pytest

import warehouse


@pytest.fixture
def warehouse_file(tmp_path: Path) -> Path:
    path = tmp_path / "koe.duckdb"
    with warehouse.connect(path):
        pass
    return path
