"""Core commands: demo, demo-data, ingest, reload, run, kpis, status."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.progress import Progress

import warehouse
from pipelines.cli.main import app
from pipelines.cli.render import frame_table
from warehouse.settings import load_settings

if TYPE_CHECKING:
    from pipelines.ingest.load import IngestResult
    from transforms.ingest.mapping import ColumnMapping

console = Console(width=200)
# one language per screen: the CLI speaks English (its help and messages); the dashboard and reports are bilingual
KPI_HEADERS = {"contacts": "contacts", "service_level": "SL %", "answer_rate": "answer %", "abandon_rate": "abandon %",
               "asa_seconds": "ASA s", "aht_seconds": "AHT s", "fcr_rate": "FCR %", "transfer_rate": "transfer %",
               "csat_pct": "CSAT %", "nps": "NPS", "ces_avg": "CES (1–7)", "sla_breach_rate": "SLA breach %",
               "backlog_end_of_day": "backlog"}  # units from transforms.kpis; values rounded in the table
KPI_BY = ("channel", "queue", "team", "direction", "day", "none")  # the dimensions of marts.kpi_daily
WarehouseOption = Annotated[Path | None, typer.Option("--warehouse", help="DuckDB file (default: $KOE_WAREHOUSE or warehouse/koe.duckdb)")]
LandingOption = Annotated[Path | None, typer.Option("--landing", help="Landing folder (default: $KOE_LANDING_DIR or data/landing)")]


@app.command("demo-data")
def demo_data(landing: LandingOption = None, seed: int = 7, days: int = 30) -> None:
    """Write the seeded demo contact center into the landing folder."""
    from pipelines.demo.audio import japanese_speech_available
    from pipelines.demo.contact_center import DemoConfig
    from pipelines.demo.generate import write_demo

    folder = load_settings(landing_dir=landing).landing_dir
    files = write_demo(folder, DemoConfig(seed=seed, days=days))
    for kind, path in files.items():
        console.print(f"{kind:>13}: {path}")
    if not japanese_speech_available():
        console.print("The call recordings are English only: Japanese speech needs the demo extra "
                      "(pip install 'koe[demo]', pyopenjtalk-plus).", markup=False)


@app.command()
def run(warehouse_path: WarehouseOption = None, landing: LandingOption = None) -> None:
    """Run the whole Dagster job (koe_job) in this process."""
    from pipelines.runner import run_koe_job
    from warehouse.run_lock import RunLockedError

    with console.status("running koe_job…") as status:
        def on_step(step: str, ok: bool) -> None:
            console.print(f"  {'✓' if ok else '✗'} {step}")
            status.update(f"running koe_job… ({step} done)")

        try:
            result = run_koe_job(str(warehouse_path or ""), str(landing or ""), on_step=on_step)
        except RunLockedError as err:
            console.print(f"[red]{err}[/red]")
            raise typer.Exit(1) from None
    if not result.success:
        raise typer.Exit(1)


@app.command()
def demo(warehouse_path: WarehouseOption = None, landing: LandingOption = None) -> None:
    """Generate the demo data, run the whole pipeline into the warehouse, and print a KPI summary."""
    from pipelines.demo.users import ensure_demo_users

    demo_data(landing=landing)
    created = ensure_demo_users(warehouse_path)  # before the job: the review queue is assigned to the QA users
    console.print("[bold]Running the pipeline (koe_job)…[/bold]")
    run(warehouse_path=warehouse_path, landing=landing)
    from pipelines.demo.qa_loop import plant_qa_loop

    planted = plant_qa_loop(warehouse_path)  # reviews, disputes, coaching, a calibration session (docs/qa.md)
    console.print("QA loop planted: " + ", ".join(f"{k} {v}" for k, v in planted.items()))
    kpis(warehouse_path=warehouse_path, by="channel")
    _print_where_to_look(warehouse_path, created)


def _print_where_to_look(warehouse_path: Path | None, created: dict[str, str]) -> None:
    target = warehouse.warehouse_path(warehouse_path)
    console.print(f"\nWarehouse: [bold]{target}[/bold] (core.*, marts.*, qa.*, themes.*; rejected rows in quarantine)")
    console.print("Explain a QA score: [bold]koe qa explain <interaction_id>[/bold] · status: [bold]koe status[/bold]")
    console.print("Dashboard: [bold].venv/bin/koe dashboard --port 8050[/bold], then open http://127.0.0.1:8050")
    for username, password in created.items():
        console.print(f"  sign in as [bold]{username}[/bold] / {password}")
    if not created:
        console.print("  demo users exist already (demo-manager, demo-qa, demo-sv, demo-product, demo-agent);"
                      " reset one with `koe users add NAME --role ROLE`")


@app.command()
def ingest(
    kind: Annotated[str, typer.Argument(help="interactions|tickets|calls|messages|surveys|agents|recordings|names")],
    paths: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False)],
    mapping: Annotated[Path | None, typer.Option(help="YAML column mapping (docs/input-formats.md)")] = None,
    preset: Annotated[str | None, typer.Option(help="a mapping shipped with Koe (list them: koe mappings)")] = None,
    warehouse_path: WarehouseOption = None,
) -> None:
    """Load files into the warehouse; bad rows are quarantined, files already loaded are skipped."""
    from pipelines.ingest.files import InputLimits
    from pipelines.ingest.load import ingest_file
    from pipelines.ingest.mappings import check_mapping
    from transforms.ingest.schemas import input_kind

    try:
        column_mapping = _chosen_mapping(mapping, preset)
        check_mapping(column_mapping, input_kind(kind))
    except ValueError as err:  # MappingError, an unknown kind or preset, invalid YAML: one line, no traceback
        console.print(f"[red]{err}[/red]")
        raise typer.Exit(2) from None
    settings = load_settings()
    failed = False
    with warehouse.connect(warehouse_path) as conn, Progress(console=console) as progress:
        task = progress.add_task("loading", total=len(paths))
        for path in paths:
            result = ingest_file(conn, kind, path, column_mapping, settings.keep_original_text,
                                 settings.redact_names_of, settings.resolved_audio_root,
                                 InputLimits.from_settings(settings), settings.archive_dir)
            failed = failed or result.status in ("failed", "refused")
            progress.console.print(_load_line(path, result))
            progress.advance(task)
    if failed:
        raise typer.Exit(1)


@app.command()
def reload(
    load_id: Annotated[str, typer.Argument(help="the load to re-read (koe status lists the latest loads)")],
    mapping: Annotated[Path | None, typer.Option(help="YAML column mapping; default: the landing folder's")] = None,
    preset: Annotated[str | None, typer.Option(help="a mapping shipped with Koe (list them: koe mappings)")] = None,
    warehouse_path: WarehouseOption = None,
) -> None:
    """Re-read a loaded file with the current mapping and replace what its load wrote (one transaction)."""
    from pipelines.ingest.files import InputLimits
    from pipelines.ingest.landing import folder_mapping
    from pipelines.ingest.load import reload_file
    from warehouse.loads import find_load

    settings = load_settings()
    with warehouse.connect(warehouse_path) as conn:
        old = find_load(conn, load_id)
        try:
            column_mapping = _chosen_mapping(mapping, preset) if (mapping or preset) or old is None \
                else folder_mapping(settings.landing_dir, old.kind)
            result = reload_file(conn, load_id, column_mapping, settings.keep_original_text,
                                 settings.redact_names_of, settings.resolved_audio_root,
                                 InputLimits.from_settings(settings))
        except ValueError as err:  # ReloadError, MappingError, invalid YAML: one line, no traceback
            console.print(f"[red]{err}[/red]")
            raise typer.Exit(2) from None
    console.print(_load_line(Path(result.source_file), result))
    if result.status in ("failed", "refused"):
        raise typer.Exit(1)


def _load_line(path: Path, result: IngestResult) -> str:
    skipped = f", {result.rows_skipped} skipped by the mapping" if result.rows_skipped else ""
    return (f"{path}: {result.status}, {result.rows_loaded} loaded, {result.rows_quarantined} quarantined{skipped}"
            + (f" — {result.message}" if result.message else ""))


def _chosen_mapping(mapping: Path | None, preset: str | None) -> ColumnMapping:
    from pipelines.ingest.mappings import MappingError
    from pipelines.ingest.mappings import preset as shipped
    from transforms.ingest.mapping import load_mapping

    if mapping and preset:
        raise MappingError("give --mapping or --preset, not both")
    return shipped(preset) if preset else load_mapping(mapping)


@app.command()
def mappings() -> None:
    """The mappings shipped with Koe (use one with koe ingest KIND FILE --preset NAME)."""
    import polars as pl

    from pipelines.ingest.mappings import presets

    rows = [{"preset": name, "kind": m.kind or "", "reads": m.description or ""} for name, m in presets().items()]
    console.print(frame_table(pl.DataFrame(rows), title="Presets (docs/input-formats.md)"))


@app.command()
def kpis(
    warehouse_path: WarehouseOption = None,
    date_from: Annotated[str | None, typer.Option("--from", help="first day, YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="last day, YYYY-MM-DD")] = None,
    by: Annotated[str, typer.Option(help="channel, queue, team, direction, day or none")] = "channel",
) -> None:
    """Print KPIs for a period, rolled up by one dimension (definitions: docs/kpis.md)."""
    import duckdb
    import polars as pl

    from dashboards.display import zone_label
    from transforms.kpis import roll_up
    from warehouse.marts import kpi_components

    if by not in KPI_BY:
        _fail(f"--by {by}: KPIs can be grouped by {', '.join(KPI_BY)} (per-agent KPIs are on the dashboard's agents page)")
    first_day, last_day = _day(date_from, "--from"), _day(date_to, "--to")
    if first_day and last_day and first_day > last_day:
        _fail(f"--from {first_day} is after --to {last_day}")
    try:
        components = kpi_components(warehouse_path, first_day, last_day)
    except duckdb.IOException as error:
        _fail(f"{warehouse.warehouse_path(warehouse_path)}: {str(error).splitlines()[0]} (run `koe demo` or `koe run` first)")
    if components.is_empty():
        console.print("No KPI rows for that period (run `koe run` or `koe demo` first).")
        return
    keys = [] if by == "none" else [by]
    table = roll_up(components, keys).select(*keys, *KPI_HEADERS)
    table = table.with_columns(pl.col(c).round(1) for c in KPI_HEADERS if table.schema[c].is_float()).rename(KPI_HEADERS)
    first, last = cast(date, components["day"].min()), cast(date, components["day"].max())
    zone = load_settings().timezone
    zone_name = zone_label(zone, "en", datetime.combine(last, time(12), ZoneInfo(zone)))  # the period's offset
    console.print(frame_table(table, title=f"KPIs {first} → {last} (days in {zone_name})"))


@app.command()
def status(warehouse_path: WarehouseOption = None) -> None:
    """Is the warehouse whole; what is loaded, what was quarantined and flagged, and the last loads."""
    from transforms.ingest.sanity import CHECKS
    from warehouse.health import warehouse_damage
    from warehouse.marts import load_status

    damage = warehouse_damage(warehouse_path)
    if damage:
        console.print(f"[red]{damage}[/red]")
        raise typer.Exit(1)
    report = load_status(warehouse_path, list(CHECKS))
    console.print(f"Warehouse {warehouse.warehouse_path(warehouse_path)}: whole (every table read, checksums match)")
    console.print(frame_table(report.tables, title="Tables"))
    console.print(frame_table(report.quarantine, title="Quarantine by problem"))
    console.print(frame_table(report.checks, title="Sanity checks (quarantined / flagged rows)"))
    console.print(frame_table(report.loads, title="Last loads"))


def _fail(message: str) -> None:
    """One line on stderr and exit status 2 (a usage error), never a traceback."""
    Console(stderr=True, soft_wrap=True).print(f"[red]Error:[/red] {message}", highlight=False)
    raise typer.Exit(2)


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        _fail(f"{option} {value}: not a date (YYYY-MM-DD): {error}")
    return None

