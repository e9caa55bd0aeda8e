"""The write-once daily job on an executor of choice, and a local Celery cluster (Redis broker + workers).

``cluster_job("celery")`` runs every step as a Celery task (dagster-celery): compute steps on any worker of queue
``dagster``, warehouse steps on queue ``warehouse`` (workers next to the DuckDB file). ``cluster_job("multiprocess")``
and ``cluster_job("in_process")`` run the very same assets on one machine. Runs are launched per day by
``pipelines.backfill.backfill`` (what Dagster's backfill daemon does); nothing here schedules steps.

``python -m pipelines.cluster up --workers 2`` (``make cluster``) starts Debian's ``redis-server`` on loopback and
N workers with ``dagster-celery worker start``, in the foreground until Ctrl-C. ``LocalCluster`` does the same for
tests and benchmarks.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXECUTORS = ("in_process", "multiprocess", "celery", "k8s")
COMPUTE_QUEUE, WRITER_QUEUE = "dagster", "warehouse"
CELERY_SETTINGS = {"worker_prefetch_multiplier": 1, "task_acks_late": True}  # a day is long: never pre-assign two


def cluster_job(executor: str = "multiprocess") -> dg.JobDefinition:
    """The write-once daily assets (pipelines/defs/cluster.py) as one job on ``executor``."""
    from pipelines.defs.cluster import CLUSTER_ASSETS, ResultsResource
    from pipelines.defs.resources import SettingsResource, WarehouseResource

    if executor == "celery":
        from dagster_celery import celery_executor  # the optional extra `cluster`

        executor_def = celery_executor
    elif executor == "k8s":
        from dagster_k8s import k8s_job_executor  # not installed here: deploy/run_config/k8s_backfill.yaml

        executor_def = k8s_job_executor
    else:
        executor_def = dg.in_process_executor if executor == "in_process" else dg.multiprocess_executor
    name = f"daily_write_once_{executor}"
    job = dg.define_asset_job(name, selection=CLUSTER_ASSETS, executor_def=executor_def)
    defs = dg.Definitions(assets=CLUSTER_ASSETS, jobs=[job], resources={
        "warehouse": WarehouseResource(share_run_lock=True), "koe_settings": SettingsResource(),
        "results": ResultsResource(),
    })
    return defs.resolve_job_def(name)


def reconstructable_cluster_job(executor: str) -> dg.ReconstructableJob:
    """The job as step processes and Celery workers rebuild it (module, function and argument)."""
    if executor not in EXECUTORS:
        raise ValueError(f"executor {executor!r}: expected one of {', '.join(EXECUTORS)}")
    return dg.build_reconstructable_job(__name__, cluster_job.__name__, reconstructable_args=(executor,),
                                        reconstructor_working_directory=str(ROOT))


def celery_config(broker: str) -> dict[str, Any]:
    """The Celery executor's config (also a worker's ``-y`` file): Redis as broker and result backend."""
    return {"broker": broker, "backend": broker, "include": ["pipelines.defs.cluster"],
            "config_source": dict(CELERY_SETTINGS)}


def run_config(executor: str, broker: str | None = None, steps: int = 2) -> dict[str, Any]:
    if executor == "celery":
        if not broker:
            raise ValueError("the celery executor needs a broker URL (e.g. redis://127.0.0.1:6379/0)")
        return {"execution": {"config": celery_config(broker)}}
    if executor == "multiprocess":  # steps forked from a forkserver that imported the asset modules once
        start = {"forkserver": {"preload_modules": ["pipelines.defs.cluster", "transforms.themes.fit"]}}
        return {"execution": {"config": {"max_concurrent": steps, "start_method": start}}}
    return {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


@dataclass
class LocalCluster:
    """``redis-server`` on a free loopback port and ``workers`` Celery workers (each one task at a time)."""

    workers: int = 2
    queues: tuple[str, ...] = (COMPUTE_QUEUE, WRITER_QUEUE)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="koe-cluster-")))
    env: dict[str, str] = field(default_factory=dict)  # extra environment for the workers (KOE_WAREHOUSE, …)
    processes: list[subprocess.Popen] = field(default_factory=list)
    port: int = 0

    @property
    def broker(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> LocalCluster:
        redis = shutil.which("redis-server")
        if redis is None:
            raise FileNotFoundError("redis-server is not installed (Debian: apt-get install redis-server)")
        self.port = self.port or _free_port()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.processes.append(subprocess.Popen(
            [redis, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, start_new_session=True))
        _wait_for_port(self.port)
        config = self.folder / "celery.yaml"
        config.write_text(yaml.safe_dump({"execution": {"config": celery_config(self.broker)}}), encoding="utf-8")
        for number in range(1, self.workers + 1):
            self.processes.append(self.start_worker(f"koe-{number}", config))
        return self

    def start_worker(self, name: str, config: Path) -> subprocess.Popen:
        """One worker through dagster-celery's own CLI, with one task at a time (``-c 1``)."""
        home = self.folder / f"{name}_home"  # the CLI writes the worker's Celery settings module under it
        home.mkdir(exist_ok=True)
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
        bin_folder = Path(sys.executable).parent  # the CLI starts `celery` from PATH
        env = {**os.environ, **self.env, "DAGSTER_HOME": str(home),
               "PATH": f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}"}
        command = [str(bin_folder / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app",
                   "-y", str(config), "-n", name, "-l", "WARNING",
                   "-q", ",".join(self.queues), "--", "-c", "1"]  # one -q: celery 5 keeps only the last -Q
        log = (self.folder / f"{name}.log").open("ab")
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until every worker answers a Celery ping."""
        from dagster_celery.make_app import make_app

        app = make_app({"broker": self.broker, "backend": self.broker})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(app.control.ping(timeout=1.0) or []) >= self.workers:
                return
        raise TimeoutError(f"{self.workers} Celery workers not ready after {timeout:.0f} s (logs in {self.folder})")

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # the worker's group: the CLI and the celery it started
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def __enter__(self) -> LocalCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """``up --workers N``: a local cluster in the foreground (``make cluster``)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pipelines.cluster", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["up"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=6379)
    args = parser.parse_args(argv)
    with LocalCluster(workers=args.workers, port=args.port) as cluster:
        cluster.wait_ready()
        print(f"broker {cluster.broker}; {args.workers} workers on queues {COMPUTE_QUEUE}, {WRITER_QUEUE};"
              f" logs in {cluster.folder}. Backfill: koe backfill FIRST LAST --write-once --executor celery"
              f" --broker {cluster.broker}")
        try:
            while all(p.poll() is None for p in cluster.processes):
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
