"""One settings source: the environment reaches Dagster runs, partitions and schedules (issue 14)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

import warehouse
from pipelines.defs.kpis import kpi_daily
from pipelines.defs.resources import SettingsResource, WarehouseResource
from warehouse.settings import REPO_ROOT, load_settings

# Phone calls answered after 10, 25 and 35 s: service level 1/3 at 20 s, 2/3 at 30 s.
CALLS = [("I1", "2026-11-02 01:00:00", 10), ("I2", "2026-11-02 02:00:00", 25), ("I3", "2026-11-02 03:00:00", 35)]


def _service_level(db: Path, settings: SettingsResource) -> float:
    with warehouse.connect(db) as conn:
        for interaction_id, created, wait in CALLS:
            conn.execute(
                "insert into core.interactions (interaction_id, channel, direction, created_at, queued_at, answered_at,"
                " abandoned, talk_seconds, transfers, escalated)"
                " values ($1, 'phone', 'inbound', $2::timestamp, $2::timestamp,"
                " $2::timestamp + to_seconds($3), false, 60, 0, false)",
                [interaction_id, created, wait])
    result = dg.materialize([kpi_daily], resources={"warehouse": WarehouseResource(path=str(db)),
                                                     "koe_settings": settings})
    assert result.success
    totals = warehouse.query(db, "select sum(answered_within_sl), sum(offered) from marts.kpi_daily").row(0)
    return float(totals[0]) / float(totals[1])


def test_service_level_seconds_from_the_environment_reaches_a_dagster_run(
        warehouse_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOE_SERVICE_LEVEL_SECONDS", "30")
    assert _service_level(warehouse_file, SettingsResource()) == pytest.approx(2 / 3)


def test_service_level_default_and_run_config_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOE_SERVICE_LEVEL_SECONDS", raising=False)
    first, second = tmp_path / "a" / "koe.duckdb", tmp_path / "b" / "koe.duckdb"
    assert _service_level(first, SettingsResource()) == pytest.approx(1 / 3)
    monkeypatch.setenv("KOE_SERVICE_LEVEL_SECONDS", "30")
    assert _service_level(second, SettingsResource(service_level_seconds=40)) == pytest.approx(1.0)


def test_partitions_and_schedules_follow_koe_timezone() -> None:
    """The code location is loaded in a fresh process, as Dagster does, with another zone in the environment."""
    probe = (
        "import json; from pipelines.definitions import defs; from pipelines.defs.partitions import call_days;"
        "print(json.dumps({'partitions': call_days.timezone,"
        " 'schedules': sorted({s.execution_timezone for s in defs.schedules})}))"
    )
    env = {"KOE_TIMEZONE": "Europe/London", "PATH": "/usr/bin:/bin", "HOME": str(REPO_ROOT)}
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"partitions": "Europe/London", "schedules": ["Europe/London"]}


def test_bad_values_are_refused_with_the_setting_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOE_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        load_settings()
    monkeypatch.setenv("KOE_TIMEZONE", "UTC")
    monkeypatch.setenv("KOE_FCR_WINDOW_DAYS", "0")
    with pytest.raises(ValueError, match="fcr_window_days"):
        load_settings()


def test_comma_separated_parties(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOE_REDACT_NAMES_OF", "customer, agent")
    assert load_settings().redact_names_of == ("customer", "agent")
    monkeypatch.setenv("KOE_REDACT_NAMES_OF", "customer,boss")
    with pytest.raises(ValueError, match="redact_names_of"):
        load_settings()


def test_docs_table_is_the_settings_object() -> None:
    from warehouse.settings import settings_table

    assert settings_table() in (REPO_ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
