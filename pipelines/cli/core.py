"""Core commands: demo, demo-data, ingest, kpis, status."""

from __future__ import annotations

from pipelines.cli.main import app


@app.command()
def status() -> None:
    """What is loaded, quarantined, and the last runs."""
    raise NotImplementedError
