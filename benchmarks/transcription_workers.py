"""Transcription capacity with N worker processes on this machine: audio hours per wall-clock hour, in total and
per worker, for the capacity model in docs/scaling.md.

Each worker is a separate process, as a Celery worker of the write-once job is (pipelines/defs/cluster.py): it loads
faster-whisper base (fp32, Koe's default options) once, then runs Koe's per-recording path without the warehouse —
decode, VAD per channel, Whisper, the transcript's redaction (``pipelines.results.steps``' compute uses the same
``transcribe_recording``) — on its share of stereo demo calls (alternating Japanese and English). The clock starts
when every worker has its model loaded (a long-lived worker loads it once) and stops when the last call is done.
``--threads`` is CTranslate2's threads per worker (default: cores / workers, so the workers share the cores).
Besides wall-clock throughput (which other work on the machine lowers), each worker's own CPU time (user + system,
all its threads, ``getrusage``) gives audio hours per core-hour: the figure the capacity model scales, since it
holds on a loaded machine too (as long as the workers are not memory-bound).

Run: .venv/bin/python benchmarks/transcription_workers.py [--calls 8] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipelines.speech.batch import transcribe_recording  # noqa: E402
from pipelines.speech.engines import load_engine  # noqa: E402
from pipelines.speech.options import TranscribeOptions  # noqa: E402


def _worker(files: list[str], threads: int, cache: str, ready: multiprocessing.Barrier,
            out: multiprocessing.Queue) -> None:
    options = replace(TranscribeOptions(), cpu_threads=threads)
    engine = load_engine(options, Path(cache))
    ready.wait()
    before = resource.getrusage(resource.RUSAGE_SELF)
    audio = 0.0
    for n, path in enumerate(files):
        row = {"recording_id": Path(path).stem, "interaction_id": Path(path).stem, "path": path, "agent_channel": n % 2}
        outcome = transcribe_recording(row, f"sha-{path}", engine, options, ())
        if outcome["status"] != "transcribed":
            raise RuntimeError(f"{path}: {outcome['reason']}")
        audio += outcome["duration_seconds"]
    after = resource.getrusage(resource.RUSAGE_SELF)
    out.put((audio, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))


def measure(files: list[Path], workers: int, threads: int, cache: Path) -> tuple[float, float, float]:
    """(audio seconds, wall seconds, CPU seconds) of ``workers`` processes sharing ``files``."""
    context = multiprocessing.get_context("spawn")
    ready, out = context.Barrier(workers + 1), context.Queue()
    shares = [[str(f) for f in files[n::workers]] for n in range(workers)]
    processes = [context.Process(target=_worker, args=(share, threads, str(cache), ready, out)) for share in shares]
    for process in processes:
        process.start()
    ready.wait()  # every model loaded
    started = time.perf_counter()
    done = [out.get() for _ in processes]
    wall = time.perf_counter() - started
    for process in processes:
        process.join()
        if process.exitcode:
            raise RuntimeError(f"a worker failed (exit code {process.exitcode})")
    return sum(a for a, _ in done), wall, sum(c for _, c in done)


def main() -> None:
    from transcription import write_demo_calls  # benchmarks/transcription.py: the same demo calls

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--threads", type=int, help="CTranslate2 threads per worker (default: cores / workers)")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="koe-transcription-workers-") as tmp:
        folder = Path(tmp)
        write_demo_calls(folder, args.calls)
        files = sorted(folder.glob("call_*.wav"))
        print(f"transcription capacity: {len(files)} stereo demo calls, faster-whisper base fp32, {cores} cores")
        for workers in args.workers:
            threads = args.threads or max(1, cores // workers)
            load = os.getloadavg()[0]
            audio, wall, cpu = measure(files, workers, threads, folder / "cache")
            rate = audio / wall  # audio hours per wall hour
            print(f"{workers} worker(s) x {threads} thread(s): {audio:6.1f} s audio in {wall:6.1f} s wall = {rate:5.2f} audio h"
                  f" per wall h ({rate * 24:.1f} audio h/day); CPU {cpu:6.1f} s = {audio / cpu:.2f} audio h per core-hour;"
                  f" load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
