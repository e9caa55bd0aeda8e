"""The real Dagster job into a temporary DuckDB file, on a small demo data set."""

import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

import warehouse
from pipelines.definitions import build_defs
from pipelines.defs.automation import landing_sensor
from pipelines.demo.contact_center import DemoConfig
from pipelines.demo.generate import write_demo
from pipelines.runner import run_koe_job

REPO = Path(__file__).resolve().parents[2]
CHANNELS = {"phone", "email", "chat", "sns", "web_form", "fax", "postal"}
COUNTED = ("core.interactions", "core.messages", "core.surveys", "core.agents", "marts.kpi_daily", "quarantine")


def _counts(path: Path) -> dict[str, int]:
    return {t: warehouse.query(path, f"select count(*) from {t}").item() for t in COUNTED}


@pytest.mark.e2e
def test_whole_job_materializes_and_rerun_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))  # a persistent instance in a temp folder
    landing, db = tmp_path / "landing", tmp_path / "koe.duckdb"
    write_demo(landing, DemoConfig(days=4, contacts_per_weekday=60, recorded_calls=2))
    first = run_koe_job(str(db), str(landing))
    assert first.success
    counts = _counts(db)
    assert counts["core.interactions"] > 100 and counts["quarantine"] == 3  # the three planted broken rows
    channels = set(warehouse.query(db, "select distinct channel from marts.kpi_daily")["channel"])
    assert channels == CHANNELS
    assert run_koe_job(str(db), str(landing)).success
    assert _counts(db) == counts


def test_definitions_load_with_job_schedule_sensor() -> None:
    defs = build_defs()
    assert defs.resolve_job_def("koe_job") is not None
    assert defs.resolve_schedule_def("koe_nightly").execution_timezone == "Asia/Tokyo"
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    kinds = ("interactions", "messages", "surveys", "agents", "recordings")
    assert {f"raw_{k}" for k in kinds} | {f"core_{k}" for k in kinds} | {"core_customers", "kpi_daily"} <= keys


@pytest.mark.e2e
def test_dagster_definitions_validate() -> None:
    done = subprocess.run([Path(sys.executable).parent / "dagster", "definitions", "validate", "-w", "workspace.yaml"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_landing_sensor_requests_a_run_only_for_new_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KOE_LANDING_DIR", str(tmp_path))
    assert isinstance(landing_sensor(dg.build_sensor_context()), dg.SkipReason)
    write_demo(tmp_path, DemoConfig(days=3, contacts_per_weekday=40, recorded_calls=0))
    context = dg.build_sensor_context()
    assert isinstance(landing_sensor(context), dg.RunRequest)
    assert isinstance(landing_sensor(dg.build_sensor_context(cursor=context.cursor)), dg.SkipReason)


def test_packages_resolve_inside_the_repo() -> None:
    import pipelines
    import transforms

    assert Path(pipelines.__file__).resolve().parent == REPO / "pipelines"
    assert Path(transforms.__file__).resolve().parent == REPO / "transforms"
