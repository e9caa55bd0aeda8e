"""``koe transcribe``: transcribe audio files offline and print (or write) their role-attributed turns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.progress import Progress

import warehouse
from pipelines.cli.main import app
from pipelines.cli.render import frame_table
from pipelines.speech.audio import AudioError
from pipelines.speech.engines import load_engine
from pipelines.speech.options import ENGINES, configured_options
from pipelines.speech.transcriber import file_report
from warehouse.settings import load_settings


@app.command()
def transcribe(
    files: Annotated[list[Path], typer.Argument(help="Audio files (wav, flac, mp3, m4a, ...).")],
    engine: Annotated[str, typer.Option(help=f"One of: {', '.join(ENGINES)}.")] = "faster-whisper",
    model: Annotated[str, typer.Option(help="Packaged model name, CTranslate2 folder or .pt checkpoint.")] = "base",
    agent_channel: Annotated[int, typer.Option(help="Channel of the agent in stereo files.")] = 0,
    language: Annotated[str | None, typer.Option(help="The calls' language (ja or en); detected when left out.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    output: Annotated[Path | None, typer.Option(help="Write the JSON here instead of printing.")] = None,
) -> None:
    """Transcribe FILE... with Whisper (offline): language, segments and agent/customer turns."""
    console = Console(stderr=True)
    settings = load_settings()
    options = configured_options(engine, model, settings.vocabulary, settings.decoding_prompt,
                              settings.acoustic_check)
    reports, failed = [], 0
    with Progress(console=console) as progress:
        task = progress.add_task("transcribing", total=len(files))
        whisper = load_engine(options, warehouse.cache_dir())
        for path in files:
            try:
                reports.append(file_report(path, whisper, options, agent_channel, language))
            except AudioError as error:
                failed += 1
                progress.console.print(f"[red]{path}: {error}[/red]")
            progress.advance(task)
    _emit(reports, json_output, output)
    raise typer.Exit(code=1 if failed else 0)


def _emit(reports: list[dict], json_output: bool, output: Path | None) -> None:
    if output or json_output:
        text = json.dumps(reports, ensure_ascii=False, indent=2)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            typer.echo(text)
        return
    console = Console()
    for report in reports:
        title = f"{report['file']} — {report['language']}, {report['duration_seconds']:.1f} s"
        turns = pl.DataFrame(report["turns"]) if report["turns"] else pl.DataFrame({"text": []})
        console.print(frame_table(turns, ["seq", "role", "start_seconds", "end_seconds", "text"], title=title))
