"""Shared end-to-end fixtures: one run of the whole job over the demo (with its Japanese recorded call) plus the
planted personal-data files, made once per test session and read by every test that needs a real pipeline run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.demo.contact_center import DemoConfig
from pipelines.demo.generate import write_demo
from pipelines.runner import run_koe_job

PII_FIXTURES = Path(__file__).parent / "fixtures" / "pii_landing"


@pytest.fixture(scope="session")
def demo_with_pii(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse file after ``koe_job`` ran over the demo and the planted files; the landing folder is
    ``<warehouse folder>/landing``."""
    root = tmp_path_factory.mktemp("pii")
    landing, db = root / "landing", root / "koe.duckdb"
    write_demo(landing, DemoConfig(days=7, contacts_per_weekday=40, recorded_calls=1))
    shutil.copytree(PII_FIXTURES, landing, dirs_exist_ok=True)
    assert run_koe_job(str(db), str(landing)).success
    return db
