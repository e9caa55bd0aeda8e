"""Soak: the daily job run day after day over growing data with random faults; row counts checked against an
independent count of the inputs (nothing lost, nothing doubled).

Run: .venv/bin/python benchmarks/soak.py [--days 20] [--seed 1]

Each day delivers new tickets, their messages and surveys (a few rows invalid on purpose), sometimes an update
of earlier tickets, and random faults: a corrupt file (random bytes), the same file delivered twice under another
name, and a run killed with SIGKILL part-way (the next run must finish the work). The expected counts come from
what this script wrote, never from Koe's code. Baseline: the same days without faults, in the same run.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import warehouse  # noqa: E402
from pipelines.runner import run_koe_job  # noqa: E402
from warehouse.sql import statement  # noqa: E402

SUBJECTS = ["荷物が届きません", "二重請求されています", "ログインできません", "My order hasn't arrived",
            "I was charged twice", "The item arrived broken", "解約したい", "Refund please"]
TURNS = ["注文した商品がまだ届きません。", "確認いたします。少々お待ちください。", "The app crashes at login.",
         "I have been charged twice this month.", "返金の手続きをお願いします。", "Thanks, that fixed it."]
KILL = "import sys\nfrom pipelines.runner import run_koe_job\nprint('go', flush=True)\nrun_koe_job(sys.argv[1], sys.argv[2])\n"


@dataclass
class Expected:
    """What the inputs say the warehouse must hold, counted by this script alone."""

    interactions: set[str] = field(default_factory=set)
    messages: set[str] = field(default_factory=set)
    surveys: set[str] = field(default_factory=set)
    bad_rows: int = 0  # invalid rows in readable files: one quarantine row each
    corrupt_files: set[str] = field(default_factory=set)


def _day_files(landing: Path, day: int, rng: random.Random, expected: Expected) -> None:
    """Write one day's delivery: tickets, messages, surveys (+ a few invalid rows) and maybe an update file."""
    start = datetime(2026, 10, 1) + timedelta(days=day)
    count = 80 + 15 * day
    ids = [f"D{day:02d}-{n:05d}" for n in range(count)]
    tickets = [{"interaction_id": i, "channel": rng.choice(["phone", "email", "chat"]),
                "created_at": f"{start + timedelta(minutes=5 * n):%Y-%m-%d %H:%M:%S}", "subject": rng.choice(SUBJECTS),
                "talk_seconds": str(rng.randint(30, 900))} for n, i in enumerate(ids)]
    bad = rng.randint(0, 3)
    tickets += [{"interaction_id": f"D{day:02d}-BAD{n}", "channel": "carrier_pigeon", "created_at": "2026-10-01",
                 "subject": "x", "talk_seconds": "1"} for n in range(bad)]
    messages = [{"interaction_id": i, "seq": str(s), "role": "customer" if s % 2 else "agent",
                 "text": rng.choice(TURNS)} for i in ids for s in range(1, rng.randint(2, 4) + 1)]
    surveys = [{"survey_id": f"S{i}", "interaction_id": i, "responded_at": f"{start + timedelta(hours=20):%Y-%m-%d %H:%M:%S}",
                "csat": str(rng.randint(1, 5))} for i in ids if rng.random() < 0.3]
    _write(landing / "interactions" / f"tickets_{day:02d}.csv", tickets)
    _write(landing / "messages" / f"messages_{day:02d}.csv", messages)
    _write(landing / "surveys" / f"surveys_{day:02d}.csv", surveys)
    expected.interactions.update(ids)
    expected.messages.update(f"{m['interaction_id']}-{m['seq']}" for m in messages)
    expected.surveys.update(s["survey_id"] for s in surveys)
    expected.bad_rows += bad
    if day > 1 and rng.random() < 0.4:  # an update of some earlier tickets: same keys, new subject
        earlier = rng.sample(sorted(expected.interactions - set(ids)), 20)
        updated = [{"interaction_id": i, "channel": "email", "created_at": "2026-10-01 09:00:00",
                    "subject": f"updated on day {day}", "talk_seconds": "10"} for i in earlier]
        _write(landing / "interactions" / f"update_{day:02d}.csv", updated)


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String) if rows else None).write_csv(path)


def _inject_faults(landing: Path, day: int, rng: random.Random, expected: Expected) -> list[str]:
    faults = []
    if rng.random() < 0.3:
        path = landing / "interactions" / f"corrupt_{day:02d}.csv"
        path.write_bytes(bytes([0xFF, 0xFE, 0x81]) + rng.randbytes(2000))  # neither UTF-8 nor CP932
        expected.corrupt_files.add(str(path))
        faults.append("corrupt")
    if rng.random() < 0.3:
        shutil.copy(landing / "messages" / f"messages_{day:02d}.csv", landing / "messages" / f"resent_{day:02d}.csv")
        faults.append("resent")
    return faults


def _killed_run(db: Path, landing: Path, seconds: float) -> str:
    """Start the job in another process and SIGKILL it after ``seconds`` (if it is still running)."""
    process = subprocess.Popen([sys.executable, "-c", KILL, str(db), str(landing)], cwd=REPO, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    process.stdout.readline()
    time.sleep(seconds)
    running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return f"killed at {seconds:.1f}s" if running else "kill too late"


def _actual(db: Path) -> dict[str, int]:
    return warehouse.query(db, statement("soak_counts", "benchmarks.sql")).row(0, named=True)


def soak(days: int, seed: int, faults: bool, root: Path) -> list[dict]:
    rng, expected = random.Random(seed), Expected()
    landing, db = root / "landing", root / "koe.duckdb"
    table = []
    for day in range(1, days + 1):
        _day_files(landing, day, rng, expected)
        injected = _inject_faults(landing, day, rng, expected) if faults else []
        if faults and rng.random() < 0.5:
            injected.append(_killed_run(db, landing, rng.uniform(0.5, 5.0)))
        started = time.perf_counter()
        ok = run_koe_job(str(db), str(landing)).success
        actual = _actual(db)
        want = {"interactions": len(expected.interactions), "distinct_interactions": len(expected.interactions),
                "messages": len(expected.messages), "surveys": len(expected.surveys), "bad_rows": expected.bad_rows,
                "corrupt_files": len(expected.corrupt_files), "file_quarantine_rows": len(expected.corrupt_files)}
        table.append({"day": day, "faults": ", ".join(injected) or "-", "run_ok": ok,
                      "seconds": round(time.perf_counter() - started, 1), **actual,
                      "updated": (landing / "interactions" / f"update_{day:02d}.csv").exists(),
                      "match": {k: actual[k] for k in want} == want, "expected": str(want)})
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-days", type=int, default=3, help="fault-free days run first, for timing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="koe-soak-") as scratch:
        baseline = soak(args.baseline_days, args.seed, False, Path(scratch) / "baseline")
        table = soak(args.days, args.seed, True, Path(scratch) / "soak")
    pl.Config.set_tbl_rows(100), pl.Config.set_tbl_cols(20), pl.Config.set_tbl_width_chars(250)
    print(pl.DataFrame(table).drop("expected"))
    mismatches = [row for row in table if not row["match"] or not row["run_ok"]]
    for row in mismatches:
        print(f"day {row['day']}: expected {row['expected']}; run ok: {row['run_ok']}")
    base = sum(r["seconds"] for r in baseline) / len(baseline)
    soak_seconds = sum(r["seconds"] for r in table) / len(table)
    print(f"days: {len(table)}, with faults: {sum(r['faults'] != '-' for r in table)}, counts matching: "
          f"{sum(r['match'] for r in table)}/{len(table)}, runs ok: {sum(r['run_ok'] for r in table)}/{len(table)}")
    print(f"mean run after faults: {soak_seconds:.1f} s; baseline (first {len(baseline)} fault-free days): {base:.1f} s;"
          f" ratio {soak_seconds / base:.2f}")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
