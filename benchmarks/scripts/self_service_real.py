"""IVR time and IVR-only hang-ups per queue on the real Anonymous Bank log (issue 21), through the acd_call_log
preset and marts.self_service_daily, beside polars on the raw file. Also checks that offered per queue (kpi_daily)
is unchanged by loading the IVR-only calls: it equals the raw calls that reached the queue or an agent.

Run: .venv/bin/python benchmarks/scripts/self_service_real.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import warehouse  # noqa: E402
from pipelines.ingest.load import ingest_file  # noqa: E402
from pipelines.ingest.mappings import preset  # noqa: E402
from transforms.kpis import roll_up, roll_up_flows  # noqa: E402
from warehouse.contact_types import rebuild_self_service_daily  # noqa: E402
from warehouse.incremental import update_kpi_daily  # noqa: E402

FLOWS = ["entered", "contained", "handed_off", "handoff_self_service_seconds_sum", "contained_self_service_seconds_sum"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    source = Path(parser.parse_args().data) / "call_center_anonymous_bank_1999_02" / "calls_1999_02.tsv"
    with tempfile.TemporaryDirectory() as folder, warehouse.connect(Path(folder) / "koe.duckdb") as conn:
        ingest_file(conn, "calls", source, preset("acd_call_log"))
        rebuild_self_service_daily(conn, "Asia/Jerusalem", 7)
        update_kpi_daily(conn, {"tz": "Asia/Jerusalem", "sl_seconds": 20, "fcr_days": 7})
        koe = roll_up_flows(warehouse.read(conn, "select * from marts.self_service_daily"), ["queue"], FLOWS)
        offered = roll_up(warehouse.read(conn, "select * from marts.kpi_daily"), ["queue"]).select("queue", "offered")
    raw = pl.read_csv(source, separator="\t", infer_schema_length=0).filter(pl.col("outcome") != "PHANTOM")
    raw = raw.with_columns(pl.col("vru_time", "q_time").cast(pl.Int64))
    expected = raw.group_by(pl.col("type").alias("queue")).agg(
        (pl.col("vru_time") >= 0).sum().alias("raw_entered"),
        ((pl.col("outcome") == "HANG") & (pl.col("q_time") == 0)).sum().alias("raw_ivr_hangups"),
        pl.col("vru_time").filter(pl.col("vru_time") >= 0).mean().alias("raw_mean_ivr_seconds"),
        (~((pl.col("outcome") == "HANG") & (pl.col("q_time") == 0))).sum().alias("raw_offered"),
    )
    koe = koe.with_columns(((pl.col("handoff_self_service_seconds_sum") + pl.col("contained_self_service_seconds_sum"))
                            / pl.col("entered")).alias("mean_ivr_seconds"))
    table = koe.select("queue", "entered", "contained", "containment_rate", "self_service_seconds_before_handoff",
                       "mean_ivr_seconds").join(expected, on="queue").join(offered, on="queue").sort("queue")
    with pl.Config(tbl_rows=20, tbl_cols=20, tbl_width_chars=200):
        print(table)
    same = (table["entered"] == table["raw_entered"]).all() and (table["contained"] == table["raw_ivr_hangups"]).all() \
        and (table["offered"] == table["raw_offered"]).all() \
        and ((table["mean_ivr_seconds"] - table["raw_mean_ivr_seconds"]).abs() < 1e-9).all()
    print("all equal" if same else "DIFFERENT")


if __name__ == "__main__":
    main()
