"""Run every benchmark in benchmarks/ and write benchmarks/RESULTS.md (machine, date, each benchmark's own figures).

Run: .venv/bin/python benchmarks/run_all.py [--scale quick|full|year] [--only scale ingest ...] [--timeout 7200]

Each benchmark prints its figure, the baseline it measured in the same run and the ratio; this script runs them
one after another in their own processes, captures what they print and copies it into the report verbatim, so
no figure is ever typed in by hand. ``quick`` is a smoke run (minutes), ``full`` each benchmark's own default
(what its issue asked for), ``year`` the 10-million-interaction scale of issue 8 where the benchmark takes a size.
A benchmark that fails or runs out of time is reported as such, with the end of its output: that is the gap.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent

# name: arguments per scale (None: the benchmark's own default sizes)
ARGUMENTS: dict[str, dict[str, list[str] | None]] = {
    "ingest": {"quick": ["--rows", "100000"], "full": None, "year": ["--rows", "10000000"]},
    "scale": {"quick": ["--interactions", "50000", "--messages-per-interaction", "2"], "full": None,
              "year": None},
    "redaction": {"quick": ["--rows", "20000"], "full": None, "year": None},
    "scoring": {"quick": ["5000"], "full": None, "year": None},  # 10M at once needs ~200 GB: scored per day
    "themes": {"quick": ["--skip-bertopic", "--skip-scale"], "full": None, "year": None},
    "dashboard": {"quick": ["--interactions", "50000", "--repeats", "3"], "full": None,
                  "year": ["--interactions", "10000000"]},
    "transcription": {"quick": ["--engines", "faster-whisper", "--demo-calls", "1"], "full": None, "year": None},
    "backfill": {"quick": ["--days", "4", "--calls-per-day", "3"], "full": ["--baseline-days", "8"],
                 "year": ["--baseline-days", "8"]},
    "soak": {"quick": ["--days", "3", "--baseline-days", "1"], "full": None, "year": None},
    "search": {"quick": ["--messages", "200000", "--repeats", "5"], "full": None, "year": None},  # full: 10M messages
    "spoken_pii": {"quick": ["--calls", "1", "--no-demo-calls"], "full": None, "year": None},
    "qa_calls": {"quick": ["--calls", "2"], "full": None, "year": None},
}
FIGURE_LINE = re.compile(r"\d")  # a printed line with a number is a figure


@dataclass
class Outcome:
    name: str
    command: list[str]
    seconds: float
    status: str  # ok | failed (exit N) | timed out
    output: str
    scale: str = ""
    finished_at: str = ""  # UTC, when the run ended
    commit: str = ""
    load_before: float = 0.0  # 1-minute load average when it started: other work on the machine skews timings


def discover() -> list[str]:
    """Every benchmark script, known ones first in a stable order."""
    found = sorted(p.stem for p in BENCHMARKS.glob("*.py") if p.stem != "run_all" and not p.stem.startswith("_"))
    return [n for n in ARGUMENTS if n in found] + [n for n in found if n not in ARGUMENTS]


def run_one(name: str, scale: str, timeout: float) -> Outcome:
    arguments = ARGUMENTS.get(name, {}).get(scale) or []
    command = [sys.executable, str(BENCHMARKS / f"{name}.py"), *arguments]
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
        status = "ok" if done.returncode == 0 else f"failed (exit {done.returncode})"
        output = done.stdout + ("" if done.returncode == 0 else "\n" + done.stderr[-3000:])
    except subprocess.TimeoutExpired as expired:
        status, output = f"timed out after {timeout:.0f} s", _text(expired.stdout)
    return Outcome(name, command, time.perf_counter() - start, status, output.strip(), scale,
                   f"{datetime.now(UTC):%Y-%m-%d %H:%M}", _commit(), load_before)


def _text(data: bytes | str | None) -> str:
    return data.decode(errors="replace") if isinstance(data, bytes) else (data or "")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (f"{cpu}, {os.cpu_count()} logical CPUs (usable: {len(os.sched_getaffinity(0))}), "
            f"{memory_gb:.0f} GB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}")


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def report(outcomes: list[Outcome]) -> str:
    lines = [
        "# Koe benchmark results", "",
        f"- Machine: {machine()}",
        "- Written by `.venv/bin/python benchmarks/run_all.py` (all benchmarks, or `--only NAME...` to re-run some;",
        "  the others keep their last run, each with its own date, commit and scale below).",
        "- Every figure below is copied from the benchmark's own output in that run. 'load before' is the machine's",
        "  1-minute load average when the benchmark started (2 cores: above ~0.5 other work was competing).", "",
        "| benchmark | scale | run (UTC), commit, load before | status | wall time | figures, baselines and ratios (as printed) |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        figures = [line.strip() for line in o.output.splitlines() if FIGURE_LINE.search(line)]
        cell = "<br>".join(f.replace("|", "\\|") for f in figures[:12]) or "(no figure printed)"
        lines.append(f"| {o.name} | {o.scale} | {o.finished_at}, {o.commit}, {o.load_before:.1f} | {o.status} "
                     f"| {o.seconds:,.0f} s | {cell} |")
    for o in outcomes:
        shown = " ".join(Path(o.command[1]).relative_to(ROOT).as_posix() if i == 1 else part
                         for i, part in enumerate(o.command) if i)
        lines += ["", f"## {o.name}", "", f"`python {shown}` — {o.status}, {o.seconds:,.0f} s, {o.finished_at} UTC", "",
                  "```", o.output[-6000:] or "(no output)", "```"]
    return "\n".join(lines) + "\n"


def load_outcomes(path: Path) -> dict[str, Outcome]:
    """Outcomes kept from earlier runs (``results.json`` beside the report)."""
    if not path.exists():
        return {}
    return {item["name"]: Outcome(**item) for item in json.loads(path.read_text(encoding="utf-8"))}


def save(outcomes: dict[str, Outcome], report_path: Path, store: Path) -> None:
    ordered = [outcomes[n] for n in discover() if n in outcomes]
    store.write_text(json.dumps([asdict(o) for o in ordered], ensure_ascii=False, indent=1), encoding="utf-8")
    report_path.write_text(report(ordered), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("quick", "full", "year"), default="full")
    parser.add_argument("--only", nargs="+", help="benchmark names (default: all in benchmarks/)")
    parser.add_argument("--timeout", type=float, default=4 * 3600, help="seconds per benchmark")
    parser.add_argument("--output", type=Path, default=BENCHMARKS / "RESULTS.md")
    args = parser.parse_args()
    store = args.output.with_name("results.json")
    outcomes = load_outcomes(store) if args.only else {}
    for name in args.only or discover():
        print(f"running {name} ({args.scale}) ...", flush=True)
        outcomes[name] = run_one(name, args.scale, args.timeout)
        print(f"  {outcomes[name].status} in {outcomes[name].seconds:,.0f} s", flush=True)
        save(outcomes, args.output, store)  # partial results survive a crash
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
