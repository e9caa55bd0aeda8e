"""Dagster resources: the warehouse (and, in other modules, engines) handed to assets."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

import warehouse
from pipelines.settings import PipelineSettings
from warehouse.connection import connect_when_free


class WarehouseResource(dg.ConfigurableResource):
    """The Koe DuckDB warehouse. An empty ``path`` means ``KOE_WAREHOUSE`` or ``warehouse/koe.duckdb``."""

    path: str = ""

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived read-write connection (migrated); waits its turn while a parallel step holds the file."""
        with connect_when_free(self.path or None) as conn:
            yield conn

    @property
    def resolved_path(self) -> str:
        return str(warehouse.warehouse_path(self.path or None))


class SettingsResource(dg.ConfigurableResource):
    """Pipeline settings (landing folder, KPI thresholds); defaults come from ``pipelines.settings``."""

    landing_dir: str = ""
    service_level_seconds: int = 20
    fcr_window_days: int = 7

    def settings(self) -> PipelineSettings:
        return PipelineSettings.load(
            landing_dir=self.landing_dir or None,
            service_level_seconds=self.service_level_seconds,
            fcr_window_days=self.fcr_window_days,
        )
