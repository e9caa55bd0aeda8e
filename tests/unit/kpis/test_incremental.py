"""Incremental kpi_daily: after any change, rebuilding only the planned days gives exactly the full rebuild."""

from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

import warehouse
from pipelines.ingest.load import ingest_file
from warehouse.incremental import update_kpi_daily

PARAMS = {"tz": "Asia/Tokyo", "sl_seconds": 20, "fcr_days": 7}
START = datetime(2026, 10, 1, 1, 0)  # naive JST in the files


def _contacts(first_day: int, days: int, per_day: int = 6, prefix: str = "I") -> pl.DataFrame:
    """Phone calls and e-mail tickets; customers repeat (FCR), some tickets stay open with an SLA due time."""
    rows = []
    for day in range(first_day, first_day + days):
        for n in range(per_day):
            created = START + timedelta(days=day, hours=n)
            email = n % 3 == 0
            rows.append({
                "interaction_id": f"{prefix}{day:03d}-{n}", "channel": "email" if email else "phone",
                "customer_id": f"C{(day * per_day + n) % 17}", "agent_id": f"A{n % 3}", "queue": "q", "team": "t",
                "created_at": created, "answered_at": None if email else created + timedelta(seconds=5 + 7 * n),
                "resolved_at": None if email and n % 2 == 0 else created + timedelta(hours=2),
                "sla_due_at": created + timedelta(days=2) if email else None, "talk_seconds": 60 * (n + 1),
            })
    return pl.DataFrame(rows).with_columns(pl.selectors.datetime().dt.strftime("%Y-%m-%d %H:%M:%S"))


def _load(warehouse_file: Path, frame: pl.DataFrame, path: Path) -> None:
    frame.write_csv(path)
    with warehouse.connect(warehouse_file) as conn:
        assert ingest_file(conn, "interactions", path).status == "loaded"


def _update(warehouse_file: Path, params: dict = PARAMS):
    with warehouse.connect(warehouse_file) as conn:
        plan, _ = update_kpi_daily(conn, params)
        kpis = warehouse.read(conn, "select * from marts.kpi_daily order by all")
    return plan, kpis


def _full(warehouse_file: Path, params: dict = PARAMS) -> pl.DataFrame:
    with warehouse.connect(warehouse_file) as conn:
        conn.execute("delete from marts.build_state")
        plan, _ = update_kpi_daily(conn, params)
        assert plan.full
        return warehouse.read(conn, "select * from marts.kpi_daily order by all")


@pytest.fixture
def built(warehouse_file: Path, tmp_path: Path) -> Path:
    _load(warehouse_file, _contacts(0, 20), tmp_path / "first.csv")
    plan, kpis = _update(warehouse_file)
    assert plan.full and plan.days == (date(2026, 10, 1), date(2026, 10, 20)) and kpis.height > 0
    return warehouse_file


def test_nothing_new_rebuilds_nothing(built: Path) -> None:
    plan, _ = _update(built)
    assert plan.days is None and not plan.full and plan.new_loads == ()


def test_a_new_day_rebuilds_it_and_the_fcr_window_only_and_equals_a_full_build(built: Path, tmp_path: Path) -> None:
    _load(built, _contacts(20, 1, prefix="N"), tmp_path / "new_day.csv")
    plan, incremental = _update(built)
    assert not plan.full and len(plan.new_loads) == 1
    # from 7 days before the previous "now" (contacts whose FCR window has closed since) to the new day
    assert plan.days == (date(2026, 10, 13), date(2026, 10, 21))
    assert incremental.equals(_full(built))


def test_a_changed_old_contact_rebuilds_from_its_old_day(built: Path, tmp_path: Path) -> None:
    moved = _contacts(3, 1).head(1).with_columns(pl.lit("2026-10-16 09:00:00").alias("created_at"))
    _load(built, moved, tmp_path / "moved.csv")
    plan, incremental = _update(built)
    assert plan.days == (date(2026, 10, 1), date(2026, 10, 20))  # its old day minus the FCR window, clipped
    assert incremental.filter(pl.col("day") == date(2026, 10, 4))["contacts"].sum() == 5  # it left day 4
    assert incremental.equals(_full(built))


def test_changed_settings_rebuild_everything(built: Path) -> None:
    plan, wider = _update(built, {**PARAMS, "sl_seconds": 30})
    assert plan.full
    assert wider.equals(_full(built, {**PARAMS, "sl_seconds": 30}))
