"""The one Dagster code location: every module under ``pipelines/defs`` is loaded, with shared resources."""

from __future__ import annotations

import warnings

import dagster as dg

import pipelines.defs
from pipelines.defs.cluster import ResultsResource
from pipelines.defs.resources import SettingsResource, WarehouseResource


def build_defs(warehouse_path: str = "", landing_dir: str = "") -> dg.Definitions:
    """Definitions with resources pointed at ``warehouse_path`` (tests pass a temporary file)."""
    resources = {
        "warehouse": WarehouseResource(path=warehouse_path),
        "koe_settings": SettingsResource(landing_dir=landing_dir),
        "results": ResultsResource(),
    }
    with warnings.catch_warnings():  # the package loader is marked "preview" in dagster 1.13
        warnings.simplefilter("ignore", dg.PreviewWarning)
        return dg.load_definitions_from_package_module(pipelines.defs, resources=resources)


defs = build_defs()
