"""``koe search``: the dashboard's full-text search from the command line (docs/search.md)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import polars as pl
import typer
from rich.console import Console

from pipelines.cli.main import app
from pipelines.cli.render import frame_table
from warehouse.search_index import SENTIMENT_BANDS, SearchRequest, index_path, search
from warehouse.settings import load_settings

console = Console(width=200)
Many = Annotated[list[str] | None, typer.Option(help="repeat for several values")]


def _utc(day: str | None, option: str, zone: str, *, after: bool) -> datetime | None:
    """Local midnight of a YYYY-MM-DD (the day after it for --to) as naive UTC."""
    if day is None:
        return None
    try:
        parsed = date.fromisoformat(day) + timedelta(days=1 if after else 0)
    except ValueError:
        raise typer.BadParameter(f"{day!r} is not a date (YYYY-MM-DD)", param_hint=option) from None
    return datetime.combine(parsed, time(), ZoneInfo(zone)).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='Japanese substring(s) or English word(s); "quoted phrase"; word*')],
    warehouse_path: Annotated[Path | None, typer.Option("--warehouse", help="DuckDB file; the index is published/search.sqlite next to it")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="first day, YYYY-MM-DD (local)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="last day, YYYY-MM-DD (local)")] = None,
    channel: Many = None, queue: Many = None, team: Many = None, language: Many = None, agent: Many = None,
    theme: Many = None, category: Many = None,
    sentiment: Annotated[list[str] | None, typer.Option(help="negative, neutral or positive (customer)")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object: total, capped, hits")] = False,
) -> None:
    """Search every masked message and transcript; newest first."""
    zone = load_settings().timezone
    unknown = sorted(set(sentiment or ()) - set(SENTIMENT_BANDS))
    if unknown:
        raise typer.BadParameter(f"{', '.join(unknown)}: use {', '.join(SENTIMENT_BANDS)}", param_hint="--sentiment")
    request = SearchRequest(
        query, _utc(date_from, "--from", zone, after=False), _utc(date_to, "--to", zone, after=True),
        channel=tuple(channel or ()), queue=tuple(queue or ()), team=tuple(team or ()),
        language=tuple(language or ()), agent=tuple(agent or ()), theme=tuple(theme or ()),
        category=tuple(category or ()), sentiment=tuple(sentiment or ()), limit=limit)
    path = index_path(warehouse_path)
    if not path.exists():
        console.print(f"No search index at {path} yet: run `koe run` (or `koe demo`) first.")
        raise typer.Exit(1)
    try:
        result = search(path, request)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="QUERY") from None
    if as_json:
        typer.echo(json.dumps({"total": result.total, "capped": result.capped, "hits": result.hits.to_dicts()},
                              ensure_ascii=False, default=str))
        return
    more = "+" if result.capped else ""
    local = pl.col("created_at").str.to_datetime().dt.replace_time_zone("UTC").dt.convert_time_zone(zone)
    shown = result.hits.with_columns(created_at=local.dt.strftime("%Y-%m-%d %H:%M")).drop("sentiment", "categories")
    console.print(frame_table(shown,
                              title=f"{result.total:,}{more} messages match {query!r} (newest {result.hits.height})"))
