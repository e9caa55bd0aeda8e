"""Dagster resources: the warehouse (and, in other modules, engines) handed to assets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import dagster as dg
import duckdb

import warehouse
from warehouse.connection import connect_when_free
from warehouse.run_lock import run_lock
from warehouse.settings import KoeSettings, load_settings

Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]  # e.g. WarehouseResource.connect


class WarehouseResource(dg.ConfigurableResource):
    """The Koe DuckDB warehouse. An empty ``path`` means ``KOE_WAREHOUSE`` or ``warehouse/koe.duckdb``."""

    path: str = ""
    run_lock_wait_seconds: float = 1800.0  # a second run waits this long for the first, then fails
    share_run_lock: bool = False  # partition runs of a backfill (pipelines.backfill): run together, not with a whole run

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[WarehouseResource]:
        """Hold the warehouse's run lock for the whole run, so two runs are serialized, never interleaved (partition
        runs with ``share_run_lock`` interleave with each other: they touch disjoint days)."""
        with run_lock(self.path or None, self.run_lock_wait_seconds, shared=self.share_run_lock):
            yield self

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived read-write connection (migrated); waits its turn while a parallel step holds the file."""
        with connect_when_free(self.path or None) as conn:
            yield conn

    @property
    def resolved_path(self) -> str:
        return str(warehouse.warehouse_path(self.path or None))


class SettingsResource(dg.ConfigurableResource):
    """Koe's settings for a run. A field left empty comes from the environment (``warehouse.settings``), so run
    config overrides the environment only where it says something."""

    landing_dir: str = ""
    service_level_seconds: int | None = None
    fcr_window_days: int | None = None

    def settings(self) -> KoeSettings:
        return load_settings(landing_dir=self.landing_dir, service_level_seconds=self.service_level_seconds,
                             fcr_window_days=self.fcr_window_days)
