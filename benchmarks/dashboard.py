"""Dashboard callback latency on a 1,000,000-interaction warehouse.

Builds a generated warehouse (tests/unit/dashboards/fake_warehouse.py: 1M interactions over a year, 3M messages,
QA results for a third), publishes the snapshot, then runs each callback's queries the way the callback does
(one short read-only connection per click) and prints p50/p95 in ms. Baseline, measured in the same run: the
overview tiles computed straight from core.interactions (what the app would do without marts).

Run: .venv/bin/python benchmarks/dashboard.py [--interactions 1000000] [--repeats 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboards import queries  # noqa: E402
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse  # noqa: E402
from transforms.staffing import StaffingTarget, required_agents  # noqa: E402

TARGET_P95_MS = 300
PERIOD = queries.Filters(date(2026, 12, 1), date(2026, 12, 28))
BASELINE_SQL = (
    "select count(*), count(answered_at), count(*) filter (where abandoned),"
    " avg(coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0))"
    " from core.interactions where cast(timezone('Asia/Tokyo', created_at at time zone 'UTC') as date)"
    " between $f and $t group by channel"
)


def callbacks(snapshot: Path) -> dict[str, Callable[[], object]]:
    """One entry per Dash callback: the queries it runs on one connection."""

    def on_snapshot(*steps: Callable) -> Callable[[], object]:
        def run() -> object:
            with queries.open_snapshot(snapshot) as conn:
                return [step(conn) for step in steps]
        return run

    phone_day = replace(PERIOD, extra={"day": date(2026, 12, 10), "channel": "phone"})
    return {
        "shell.filter_options": on_snapshot(queries.filter_options),
        "overview.update": on_snapshot(lambda c: queries.kpi_summary(c, PERIOD), lambda c: queries.volume_by_channel(c, PERIOD),
                                       lambda c: queries.arrival_heatmap(c, PERIOD)),
        "overview.update (channel=phone)": on_snapshot(lambda c: queries.kpi_summary(c, replace(PERIOD, channel=("phone",)))),
        "overview.drill (bar)": on_snapshot(lambda c: queries.interactions_list(c, phone_day)),
        "overview.drill (heatmap)": on_snapshot(lambda c: queries.interactions_list(c, replace(PERIOD, extra={"weekday": 2, "hour": 10}))),
        "agents.update": on_snapshot(lambda c: queries.agent_table(c, PERIOD), lambda c: queries.agent_trend(c, PERIOD),
                                     lambda c: queries.qa_score_distribution(c, PERIOD)),
        "agents.update (agent role)": on_snapshot(lambda c: queries.agent_table(c, replace(PERIOD, agent_id="A007"))),
        "staffing.update": on_snapshot(lambda c: required_agents(queries.arrival_profile(c, PERIOD, "phone", 1).with_columns(
            aht_seconds=pl.lit(queries.channel_aht(c, PERIOD, "phone") or 0.0)), StaffingTarget())),
        "qa.update": on_snapshot(lambda c: queries.review_queue(c, PERIOD)),
        "interaction.load": on_snapshot(lambda c: queries.interaction_detail(c, "I0500001", "Asia/Tokyo"),
                                        lambda c: queries.criteria_for(c, ["I0500001"])),
        "themes.update": on_snapshot(lambda c: queries.themes_table(c, PERIOD), lambda c: queries.theme_detail(c, "T0001")),
    }


def timed(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    run()  # warm the OS file cache, as a second click would
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        warehouse_file = Path(folder) / "koe.duckdb"
        start = time.perf_counter()
        snapshot = build_fake_warehouse(warehouse_file, args.interactions, days=365)
        print(f"built and published {args.interactions:,} interactions in {time.perf_counter() - start:.1f} s;"
              f" snapshot {snapshot.stat().st_size / 1e6:.0f} MB, warehouse {warehouse_file.stat().st_size / 1e6:.0f} MB")
        print(f"{'callback':34} {'p50 ms':>8} {'p95 ms':>8}")
        worst = 0.0
        for name, run in callbacks(snapshot).items():
            p50, p95 = timed(run, args.repeats)
            worst = max(worst, p95)
            print(f"{name:34} {p50:8.1f} {p95:8.1f}")
        import warehouse

        def baseline() -> object:
            return warehouse.query(warehouse_file, BASELINE_SQL, {"f": PERIOD.date_from, "t": PERIOD.date_to})

        base_p50, base_p95 = timed(baseline, args.repeats)
        overview_p50, overview_p95 = timed(callbacks(snapshot)["overview.update"], args.repeats)
        print(f"{'baseline: tiles from core (no marts)':34} {base_p50:8.1f} {base_p95:8.1f}")
        print(f"worst callback p95 {worst:.1f} ms (target < {TARGET_P95_MS} ms): {'OK' if worst < TARGET_P95_MS else 'MISSED'}")
        print(f"overview.update p95 / baseline p95 = {overview_p95 / base_p95:.2f}"
              f" (the marts path also draws two charts and the previous period)")


if __name__ == "__main__":
    main()
