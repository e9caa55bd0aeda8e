"""Real exports through the shipped presets, beside the same figures computed independently from the raw files.

Reads ../shared/data (not part of the unit tests; the data stay outside the repository):
- the Technion "Anonymous Bank" call log (February 1999), loaded with the `acd_call_log` preset only: per queue
  (`type`) offered, answered, abandoned, service level (20 s), ASA and AHT from Koe's KPIs (marts.kpi_daily rolled up
  by queue, as `koe kpis --by queue`), beside polars on the raw file (ASA from the log's own q_time);
- the Helpdesk ticket event log, loaded with the `ticket_event_log` preset: tickets, the resolution-time
  distribution and the backlog per day, beside polars on the raw events.

Run: .venv/bin/python benchmarks/scripts/real_exports.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import warehouse  # noqa: E402
from pipelines.ingest.load import ingest_file  # noqa: E402
from pipelines.ingest.mappings import preset  # noqa: E402
from transforms.kpis import roll_up  # noqa: E402
from warehouse.incremental import update_kpi_daily  # noqa: E402
from warehouse.marts import kpi_components  # noqa: E402

SL_SECONDS = 20
QUEUE_COLUMNS = ["offered", "answered", "abandoned", "service_level", "asa_seconds", "aht_seconds"]


def _load(kind: str, path: Path, preset_name: str, tz: str, store: Path) -> pl.DataFrame:
    """Load ``path`` into a fresh warehouse with the preset, build kpi_daily, return its rows."""
    started = time.perf_counter()
    with warehouse.connect(store) as conn:
        result = ingest_file(conn, kind, path, preset(preset_name))
        update_kpi_daily(conn, {"tz": tz, "sl_seconds": SL_SECONDS, "fcr_days": 7})
    print(f"{path.name}: {result.status}, read {result.rows_read:,}, loaded {result.rows_loaded:,},"
          f" quarantined {result.rows_quarantined:,}, skipped {result.rows_skipped:,}"
          f" ({time.perf_counter() - started:.1f} s)")
    return kpi_components(store, None, None)


def calls_by_koe(path: Path, store: Path) -> pl.DataFrame:
    components = _load("calls", path, "acd_call_log", "Asia/Jerusalem", store)
    return roll_up(components, ["queue"]).select("queue", *QUEUE_COLUMNS)


def calls_independently(path: Path) -> pl.DataFrame:
    """The same KPIs from the raw log: offered = answered (AGENT) + abandoned (HANG after queueing); PHANTOM calls
    and hang-ups in the IVR are not offered; waits are the log's q_time, handle times its ser_time."""
    raw = pl.read_csv(path, separator="\t", infer_schema=False).with_columns(
        pl.col("q_time", "ser_time").cast(pl.Int64))
    answered = pl.col("outcome") == "AGENT"
    abandoned = (pl.col("outcome") == "HANG") & (pl.col("q_time") > 0)
    offered = raw.filter(answered | abandoned)
    return offered.group_by(pl.col("type").alias("queue")).agg(
        pl.len().alias("offered"),
        answered.sum().alias("answered"),
        abandoned.sum().alias("abandoned"),
        ((answered & (pl.col("q_time") <= SL_SECONDS)).sum() / pl.len() * 100).alias("service_level"),
        pl.col("q_time").filter(answered).mean().alias("asa_seconds"),
        pl.col("ser_time").filter(answered).mean().alias("aht_seconds"),
    ).sort("queue")


def _side_by_side(koe: pl.DataFrame, independent: pl.DataFrame, key: str, columns: list[str]) -> pl.DataFrame:
    both = koe.join(independent, on=key, how="full", coalesce=True, suffix="_polars").sort(key)
    checks = [(pl.col(c) - pl.col(f"{c}_polars")).abs().fill_null(float("inf")) < 1e-9 for c in columns]
    return both.select(key, *(x for c in columns for x in (pl.col(c).alias(f"{c} koe"), pl.col(f"{c}_polars")
                                                           .alias(f"{c} polars"))),
                       pl.all_horizontal(checks).alias("equal"))


def tickets_independently(path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(one row per ticket: created = first event, resolved = last event; backlog per day: tickets created by the
    end of the day and resolved on a later day), from the raw events."""
    events = pl.read_csv(path, infer_schema=False).with_columns(
        pl.col("CompleteTimestamp").str.to_datetime("%Y-%m-%d %H:%M:%S"))
    tickets = events.group_by("CaseID").agg(pl.col("CompleteTimestamp").min().alias("created_at"),
                                            pl.col("CompleteTimestamp").max().alias("resolved_at"))
    days = pl.date_range(tickets["created_at"].min().date(), tickets["resolved_at"].max().date(), eager=True)
    created, resolved = tickets["created_at"].dt.date(), tickets["resolved_at"].dt.date()
    backlog = pl.DataFrame({"day": days, "backlog": [int(((created <= d) & (resolved > d)).sum()) for d in days]})
    return tickets, backlog


def _distribution(hours: pl.Series) -> dict[str, float]:
    return {"tickets": float(hours.len()), "mean h": hours.mean(), "p50 h": hours.quantile(0.5, "nearest"),
            "p90 h": hours.quantile(0.9, "nearest"), "max h": hours.max()}


def tickets_compared(path: Path, store: Path) -> None:
    components = _load("tickets", path, "ticket_event_log", "UTC", store)
    koe_hours = warehouse.query(store, "select date_diff('second', created_at, resolved_at) / 3600.0 as h"
                                       " from core.interactions")["h"]
    tickets, backlog = tickets_independently(path)
    raw_hours = ((tickets["resolved_at"] - tickets["created_at"]).dt.total_seconds() / 3600).alias("h")
    kpi_mean = roll_up(components, []).select("resolution_seconds").item() / 3600
    rows = [{"source": "koe", **_distribution(koe_hours)}, {"source": "polars", **_distribution(raw_hours)}]
    print(pl.DataFrame(rows))
    print(f"resolution time from Koe's KPI (marts.kpi_daily): {kpi_mean:.4f} h")
    koe_backlog = components.group_by("day").agg(pl.col("backlog_end_of_day").sum().alias("backlog koe"))
    last_built = components["day"].max()  # kpi_daily ends on the last day a contact was created
    compared = backlog.join(koe_backlog, on="day", how="left").with_columns(pl.col("backlog koe").fill_null(0))
    inside = compared.filter(pl.col("day") <= last_built)
    after = compared.filter(pl.col("day") > last_built)
    differing = inside.filter(pl.col("backlog") != pl.col("backlog koe"))
    print(f"backlog per day, {inside.height} days up to the last ticket created ({last_built}): {differing.height}"
          f" differ; peak {inside['backlog'].max()} (polars) / {inside['backlog koe'].max()} (koe); sum of daily"
          f" backlogs {inside['backlog'].sum():,} / {inside['backlog koe'].sum():,}")
    print(f"after it: {after.height} days with tickets still open (up to {after['backlog'].max()}) that"
          " marts.kpi_daily does not cover")
    print(inside.filter(pl.col("day").dt.day() == 1).head(12))
    if not differing.is_empty():
        print(differing.head(10))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    pl.Config.set_tbl_rows(40)
    pl.Config.set_tbl_cols(20)
    pl.Config.set_tbl_width_chars(200)
    calls = args.data / "call_center_anonymous_bank_1999_02" / "calls_1999_02.tsv"
    events = args.data / "helpdesk_event_logs" / "helpdesk.csv"
    with tempfile.TemporaryDirectory(prefix="koe-real-") as scratch:
        koe = calls_by_koe(calls, Path(scratch) / "calls.duckdb")
        independent = calls_independently(calls)
        total = roll_up(kpi_components(Path(scratch) / "calls.duckdb", None, None), []).select(
            pl.lit("all").alias("queue"), *QUEUE_COLUMNS)
        print(_side_by_side(koe, independent, "queue", QUEUE_COLUMNS))
        print(total)
        tickets_compared(events, Path(scratch) / "tickets.duckdb")


if __name__ == "__main__":
    main()
