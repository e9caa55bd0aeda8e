"""One definition per KPI (transforms/kpis.py), the same number on every screen for the same filter: the overview
tile, the agents page's totals line, the staffing page's history AHT, the product-feedback report and `koe kpis`.

Before issue 15 the agents page showed CSAT 0.635 (a fraction, by contact day) against the overview's 58.0 % (by
answer day), transfer rate as a fraction, and AHT was computed in four places with different contact sets; each
test below fails on any of those."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboards import queries
from dashboards.components import format_value
from dashboards.reports.product_feedback import load_report_data, render_html
from pipelines.cli.main import app

PHONE = queries.Filters(date(2026, 10, 5), date(2026, 10, 18), channel=("phone",))


def _overview(snapshot: Path, column: str, filters: queries.Filters = PHONE) -> str:
    with queries.open_snapshot(snapshot) as conn:
        summary = queries.kpi_summary(conn, filters)
    return format_value(summary.filter(summary["period"] == "current")[column][0], column, "ja")


def _agents(snapshot: Path, column: str, filters: queries.Filters = PHONE) -> str:
    with queries.open_snapshot(snapshot) as conn:
        return format_value(queries.agent_totals(conn, filters)[column], column, "ja")


def _cli(warehouse_file: Path, header: str, row: str, by: str = "channel") -> float:
    """The value ``koe kpis`` prints in column ``header`` of the row starting with ``row``."""
    result = CliRunner().invoke(app, ["kpis", "--warehouse", str(warehouse_file), "--from", "2026-10-05",
                                      "--to", "2026-10-18", "--by", by])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "┃" in line or "│" in line]
    headers = [cell.strip() for cell in re.split(r"[┃│]", lines[0])[1:-1]]
    cells = next([cell.strip() for cell in re.split(r"[┃│]", line)[1:-1]] for line in lines[1:]
                 if re.split(r"[┃│]", line)[1].strip() == row)
    return float(cells[headers.index(header)])


def test_aht_is_the_same_on_overview_agents_staffing_and_cli(snapshot: Path, fake_warehouse: Path) -> None:
    overview = _overview(snapshot, "aht_seconds")
    with queries.open_snapshot(snapshot) as conn:
        staffing = format_value(queries.channel_aht(conn, replace(PHONE, channel=()), "phone"), "aht_seconds", "ja")
    assert overview == _agents(snapshot, "aht_seconds") == staffing
    assert overview.endswith(" 秒")  # the unit, in Japanese
    assert float(overview.removesuffix(" 秒").replace(",", "")) == pytest.approx(_cli(fake_warehouse, "AHT s", "phone"), abs=0.5)


def test_csat_is_one_percentage_on_overview_agents_report_and_cli(snapshot: Path, fake_warehouse: Path) -> None:
    overview = _overview(snapshot, "csat_pct")
    assert overview == _agents(snapshot, "csat_pct") and overview.endswith("%")
    assert float(overview.rstrip("%")) == pytest.approx(_cli(fake_warehouse, "CSAT %", "phone"), abs=0.05)
    everything = replace(PHONE, channel=())
    report = load_report_data(fake_warehouse, everything.date_from, everything.date_to)
    shown = _overview(snapshot, "csat_pct", everything)
    assert f"{report.overall['csat']:.1f}%" == shown  # the report's overall CSAT is the overview's, in %
    assert f"CSAT (4–5の割合): {shown}" in render_html(report, "ja")


def test_transfer_rate_is_a_percentage_on_overview_agents_and_cli(snapshot: Path, fake_warehouse: Path) -> None:
    overview = _overview(snapshot, "transfer_rate")
    assert overview == _agents(snapshot, "transfer_rate") and overview.endswith("%")
    assert 1 < float(overview.rstrip("%")) < 100  # a percentage, not a fraction like 0.051
    assert float(overview.rstrip("%")) == pytest.approx(_cli(fake_warehouse, "transfer %", "phone"), abs=0.05)


def test_a_team_filter_gives_the_same_kpis_on_overview_and_agents_page(snapshot: Path) -> None:
    team = replace(PHONE, channel=(), team=("T2",))
    for column in ("aht_seconds", "csat_pct", "transfer_rate", "escalation_rate"):
        assert _overview(snapshot, column, team) == _agents(snapshot, column, team), column


def test_koe_kpis_headers_are_in_one_language(fake_warehouse: Path) -> None:
    result = CliRunner().invoke(app, ["kpis", "--warehouse", str(fake_warehouse), "--from", "2026-10-05",
                                      "--to", "2026-10-18", "--by", "channel"])
    header = next(line for line in result.output.splitlines() if "┃" in line)
    assert "answer %" in header and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", header)  # was 応答率 % beside SL %


def test_nps_is_the_same_on_overview_report_and_cli(snapshot: Path, fake_warehouse: Path) -> None:
    everything = replace(PHONE, channel=())
    shown = _overview(snapshot, "nps", everything)
    report = load_report_data(fake_warehouse, everything.date_from, everything.date_to)
    assert f"{report.overall['nps']:.1f}" == shown.replace(",", "")
    assert f"NPS: {shown}" in render_html(report, "en")  # shown as the overview shows it (was rounded to -48)
    assert float(_overview(snapshot, "nps")) == pytest.approx(_cli(fake_warehouse, "NPS", "phone"), abs=0.05)


@pytest.mark.parametrize("column", ["service_level", "answer_rate", "abandon_rate", "asa_seconds", "fcr_rate",
                                    "ces_avg", "sla_breach_rate"])
def test_queue_and_survey_kpis_are_the_same_on_overview_and_cli(snapshot: Path, fake_warehouse: Path,
                                                                column: str) -> None:
    """The KPIs the overview and `koe kpis` both show (the agents, staffing and report pages show the ones above)."""
    from pipelines.cli.core import KPI_HEADERS

    shown = _overview(snapshot, column)
    unit = {"asa_seconds": " 秒", "ces_avg": ""}.get(column, "%")
    assert shown.endswith(unit), shown  # with its unit, as the tile shows it
    value = float(shown.removesuffix(unit).replace(",", ""))
    rounding = 0.5 if unit == " 秒" else 0.051  # the tile shows whole seconds, the CLI one decimal
    assert value == pytest.approx(_cli(fake_warehouse, KPI_HEADERS[column], "phone"), abs=rounding)
