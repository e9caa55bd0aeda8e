"""KPI marts against numbers computed by hand on a five-contact fixture (times in UTC, business zone UTC).

Phone, 2026-11-01:  I1 answered after 10 s (talk 100 + hold 20 + ACW 30, 1 transfer), customer C1
                    I2 answered after 30 s (talk 200 + ACW 40, escalated), customer C2
                    I3 abandoned after 50 s, customer C3
Email, 2026-11-01:  I4 C1, first reply after 2 h, resolved after 24 h, SLA due after 12 h → breached
                    I5 C4, no reply, unresolved, SLA due 2026-11-02 13:00, data as of 2026-11-10 → breached
Surveys: I1 csat 5 / nps 10 / ces 2; I2 csat 3 / nps 6 / ces 5 (both 11-01); I4 csat 4 / nps 8 / ces 3 (11-02).
"""

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

import warehouse
from transforms.kpis import roll_up
from warehouse.build import rebuild_table

INTERACTIONS = [
    ("I1", "phone", "C1", "A1", "2026-11-01 10:00:00", "2026-11-01 10:00:10", None, None, None, False, 100, 20, 30, 1, False, None),
    ("I2", "phone", "C2", "A1", "2026-11-01 10:05:00", "2026-11-01 10:05:30", None, None, None, False, 200, 0, 40, 0, True, None),
    ("I3", "phone", "C3", None, "2026-11-01 10:10:00", None, None, None, "2026-11-01 10:10:50", True, None, None, None, 0, False, None),
    ("I4", "email", "C1", "A2", "2026-11-01 12:00:00", None, "2026-11-01 14:00:00", "2026-11-02 12:00:00", None, False, None, None, None, 0, False, "2026-11-02 00:00:00"),
    ("I5", "email", "C4", "A2", "2026-11-01 13:00:00", None, None, None, None, False, None, None, None, 0, False, "2026-11-02 13:00:00"),
]
SURVEYS = [("S1", "I1", "2026-11-01 11:00:00", 5, 10, 2), ("S2", "I2", "2026-11-01 12:00:00", 3, 6, 5),
           ("S3", "I4", "2026-11-02 09:00:00", 4, 8, 3)]


@pytest.fixture
def kpis(warehouse_file: Path) -> pl.DataFrame:
    with warehouse.connect(warehouse_file) as conn:
        for row in INTERACTIONS:
            conn.execute(
                "insert into core.interactions (interaction_id, channel, direction, customer_id, agent_id, queue, team,"
                " created_at, queued_at, answered_at, first_response_at, resolved_at, closed_at, abandoned,"
                " talk_seconds, hold_seconds, acw_seconds, transfers, escalated, sla_due_at)"
                " values ($1, $2, 'inbound', $3, $4, 'q', 't', $5, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                list(row),
            )
        for row in SURVEYS:
            conn.execute("insert into core.surveys (survey_id, interaction_id, responded_at, csat, nps, ces)"
                         " values ($1, $2, $3, $4, $5, $6)", list(row))
        params = {"tz": "UTC", "sl_seconds": 20, "fcr_days": 7, "as_of": datetime(2026, 11, 10)}
        rebuild_table(conn, "marts.kpi_daily", "marts/kpi_daily", params, days=(date(2026, 11, 1), date(2026, 11, 2)))
        return warehouse.read(conn, "select * from marts.kpi_daily")


def _channel(kpis: pl.DataFrame, channel: str) -> dict:
    return roll_up(kpis, ["channel"]).filter(pl.col("channel") == channel).row(0, named=True)


def test_phone_kpis(kpis: pl.DataFrame) -> None:
    phone = _channel(kpis, "phone")
    assert (phone["contacts"], phone["offered"], phone["answered"], phone["abandoned"]) == (3, 3, 2, 1)
    assert phone["service_level"] == pytest.approx(100 / 3)  # only I1 within 20 s
    assert phone["answer_rate"] == pytest.approx(200 / 3)  # 応答率
    assert phone["abandon_rate"] == pytest.approx(100 / 3)  # 放棄呼率
    assert phone["asa_seconds"] == pytest.approx(20.0)  # (10 + 30) / 2
    assert phone["aht_seconds"] == pytest.approx(195.0)  # (150 + 240) / 2
    assert phone["transfer_rate"] == pytest.approx(50.0)
    assert phone["escalation_rate"] == pytest.approx(50.0)
    assert phone["fcr_rate"] == pytest.approx(50.0)  # I1 has a repeat (I4, same customer, 2 h later); I2 not
    assert phone["csat_pct"] == pytest.approx(50.0)  # 5 good, 3 not
    assert phone["nps"] == pytest.approx(0.0)  # one promoter (10), one detractor (6)
    assert phone["ces_avg"] == pytest.approx(3.5)
    assert phone["backlog_end_of_day"] == 0


def test_email_kpis(kpis: pl.DataFrame) -> None:
    email = _channel(kpis, "email")
    assert (email["contacts"], email["offered"]) == (2, 0)  # tickets are not queued calls: no service level
    assert email["service_level"] is None and email["asa_seconds"] is None
    assert email["first_response_seconds"] == pytest.approx(7200.0)  # only I4 replied
    assert email["resolution_seconds"] == pytest.approx(86400.0)
    assert email["sla_breach_rate"] == pytest.approx(100.0)  # I4 late, I5 unresolved past due
    assert email["fcr_rate"] == pytest.approx(100.0)
    assert email["csat_pct"] == pytest.approx(100.0) and email["nps"] == pytest.approx(0.0)
    assert email["ces_avg"] == pytest.approx(3.0)


def test_backlog_is_open_tickets_at_end_of_each_day(kpis: pl.DataFrame) -> None:
    by_day = roll_up(kpis.filter(pl.col("channel") == "email"), ["day"])
    assert dict(zip(by_day["day"], by_day["backlog_end_of_day"], strict=True)) == {
        date(2026, 11, 1): 2,  # I4 and I5 open
        date(2026, 11, 2): 1,  # I4 resolved at noon, I5 still open
    }
    assert _channel(kpis, "email")["backlog_end_of_day"] == 1  # a stock: the period's last day, not a sum


def test_service_level_threshold_is_a_parameter(warehouse_file: Path, kpis: pl.DataFrame) -> None:
    with warehouse.connect(warehouse_file) as conn:
        params = {"tz": "UTC", "sl_seconds": 30, "fcr_days": 7, "as_of": datetime(2026, 11, 10)}
        rebuild_table(conn, "marts.kpi_daily", "marts/kpi_daily", params, days=(date(2026, 11, 1), date(2026, 11, 2)))
        wider = warehouse.read(conn, "select * from marts.kpi_daily")
    assert _channel(wider, "phone")["service_level"] == pytest.approx(200 / 3)


def test_daily_rebuild_touches_only_its_days(warehouse_file: Path, kpis: pl.DataFrame) -> None:
    with warehouse.connect(warehouse_file) as conn:
        params = {"tz": "UTC", "sl_seconds": 20, "fcr_days": 7, "as_of": datetime(2026, 11, 10)}
        conn.execute("update marts.kpi_daily set contacts = 99 where day = date '2026-11-01'")
        rebuild_table(conn, "marts.kpi_daily", "marts/kpi_daily", params, days=(date(2026, 11, 2), date(2026, 11, 2)))
        kept = conn.execute("select count(*) from marts.kpi_daily where contacts = 99").fetchone()[0]
    assert kept > 0
