"""Theme commands: ``koe themes fit`` on any CSV (to measure quality against labels) and ``koe report``."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import polars as pl
import typer
from rich.progress import Progress

from pipelines.cli.main import app
from transforms.ingest.encoding import decode
from transforms.spreadsheet import escape_text_columns
from transforms.text_ja import is_japanese
from transforms.themes.cluster import ClusterParams

themes_app = typer.Typer(no_args_is_help=True, help="Recurring complaint themes.")
app.add_typer(themes_app, name="themes")


def read_documents(path: Path, text_column: str, id_column: str | None) -> pl.DataFrame:
    """document_id, language, text from a CSV (UTF-8, UTF-8 with BOM or CP932; row number as id when no id column)."""
    text, _ = decode(path.read_bytes())
    raw = pl.read_csv(io.StringIO(text), infer_schema=False)
    for column in (text_column, id_column):
        if column and column not in raw.columns:
            raise typer.BadParameter(f"no column {column!r} in {path} (columns: {', '.join(raw.columns)})")
    ids = pl.col(id_column) if id_column else pl.int_range(1, pl.len() + 1).cast(pl.String)
    docs = raw.select(document_id=ids, text=pl.col(text_column).fill_null(""))
    return docs.with_columns(language=pl.Series([("ja" if is_japanese(t) else "en") for t in docs["text"]]))


def embed_with_progress(texts: list[str]):  # noqa: ANN201 - numpy array
    from transforms.themes.embed import embed_texts

    with Progress() as progress:
        task = progress.add_task("Embedding", total=len(texts))
        return embed_texts(texts, progress=lambda n: progress.advance(task, n))


@themes_app.command("fit")
def fit(
    input: Path = typer.Option(..., "--input", exists=True, dir_okay=False, help="CSV file, UTF-8 or CP932"),
    text_column: str = typer.Option(..., "--text-column"),
    out: Path = typer.Option(..., "--out", help="CSV with one row per input row: id, theme_id, theme_label"),
    id_column: str | None = typer.Option(None, "--id-column"),
    model: Path | None = typer.Option(None, "--model", help="Parquet of themes: read to keep ids, then rewritten"),
    resolution: float | None = typer.Option(
        None, "--resolution", help="Leiden modularity resolution, higher → more, finer themes (default: chosen from the data)"
    ),
) -> None:
    """Cluster a file's texts into themes and write each row's theme id and label."""
    from transforms.themes.fit import fit_themes

    documents = read_documents(input, text_column, id_column)
    previous = pl.read_parquet(model) if model and model.exists() else None
    result = fit_themes(documents, embed_with_progress(documents["text"].to_list()), previous, ClusterParams(resolution=resolution))
    labels = result.themes.select("theme_id", theme_label="label")
    rows = result.assignments.join(labels, on="theme_id", how="left").select(
        pl.col("document_id").alias(id_column or "row"), "theme_id", "theme_label", "similarity"
    )
    escape_text_columns(rows).write_csv(out)  # ids and labels come from the input: no formulas in the output
    if model:
        result.themes.write_parquet(model)
    typer.echo(f"{result.themes.filter(pl.col('status') == 'active').height} themes (resolution {result.resolution:.2f}); "
               f"{rows['theme_id'].null_count()} of {rows.height} rows unassigned → {out}")  # fmt: skip


@app.command()
def report(
    start: str = typer.Option(..., "--from", help="first day, YYYY-MM-DD (business days in KOE_TIMEZONE)"),
    end: str = typer.Option(..., "--to", help="last day, YYYY-MM-DD (business days in KOE_TIMEZONE)"),
    out: Path = typer.Option(..., "--out", help="report.html; the PDF is written next to it"),
    lang: str = typer.Option("ja", "--lang", help="ja | en"),
    warehouse_path: str | None = typer.Option(None, "--warehouse", help="DuckDB file (default: KOE_WAREHOUSE)"),
    dashboard_url: str = typer.Option("", "--dashboard-url", help="links interaction ids to <url>/interactions/<id>"),
) -> None:
    """The product-feedback report for a period: top, growing and emerging themes, HTML + PDF."""
    from dashboards.reports.write import write_product_feedback

    if lang not in {"ja", "en"}:
        raise typer.BadParameter("--lang must be ja or en")
    from warehouse.settings import load_settings

    html, pdf = write_product_feedback(warehouse_path, date.fromisoformat(start), date.fromisoformat(end), out, lang,
                                       dashboard_url, timezone=load_settings().timezone)
    typer.echo(f"wrote {html} and {pdf}")
