"""A small generated warehouse and its published snapshot, shared by the dashboard unit tests."""

from pathlib import Path

import pytest

from tests.unit.dashboards.fake_warehouse import build_fake_warehouse

N_INTERACTIONS = 600


@pytest.fixture(scope="session")
def fake_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse file; its snapshot is ``published/dashboard.duckdb`` next to it."""
    path = tmp_path_factory.mktemp("dash") / "koe.duckdb"
    build_fake_warehouse(path, N_INTERACTIONS)
    return path


@pytest.fixture(scope="session")
def snapshot(fake_warehouse: Path) -> Path:
    return fake_warehouse.parent / "published" / "dashboard.duckdb"
