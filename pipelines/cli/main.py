"""The ``koe`` command. Each topic lives in its own module and adds its commands to ``app``."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Koe (声): contact-center analytics and QA.")

# Topic modules register their commands on import; keep this list sorted.
from pipelines.cli import backfill as _backfill  # noqa: E402,F401
from pipelines.cli import core as _core  # noqa: E402,F401
from pipelines.cli import dashboard as _dashboard  # noqa: E402,F401
from pipelines.cli import qa as _qa  # noqa: E402,F401
from pipelines.cli import search as _search  # noqa: E402,F401
from pipelines.cli import sentiment as _sentiment  # noqa: E402,F401
from pipelines.cli import themes as _themes  # noqa: E402,F401
from pipelines.cli import transcribe as _transcribe  # noqa: E402,F401


def main(args: list[str] | None = None) -> None:
    """The console script: ``app`` with one line instead of a traceback for a warehouse an older Koe built."""
    from warehouse.migrate import WarehouseOutdatedError

    try:
        app(args=args)
    except WarehouseOutdatedError as error:
        typer.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
