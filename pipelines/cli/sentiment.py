"""``koe sentiment``: a sentiment label and score for every row of a CSV (survey comments, tickets, transcripts)."""

from __future__ import annotations

from pathlib import Path

import typer

from pipelines.cli.main import app
from pipelines.cli.themes import read_documents
from transforms.spreadsheet import escape_text_columns


@app.command()
def sentiment(
    input: Path = typer.Option(..., "--input", exists=True, dir_okay=False, help="CSV file, UTF-8 or CP932"),
    text_column: str = typer.Option(..., "--text-column"),
    out: Path = typer.Option(..., "--out", help="CSV with one row per input row: id, sentiment label, score"),
    id_column: str | None = typer.Option(None, "--id-column"),
) -> None:
    """Label each row negative / neutral / positive with a score in −1..1 (Japanese and English, offline)."""
    from transforms.sentiment import classify_texts

    documents = read_documents(input, text_column, id_column)
    scored = classify_texts(documents["text"].to_list())
    rows = documents.select(document_id=documents["document_id"]).rename({"document_id": id_column or "row"})
    rows = rows.with_columns(sentiment=scored["label"], score=scored["score"])
    escape_text_columns(rows).write_csv(out)  # ids come from the input: no formulas in the output
    counts = scored["label"].value_counts().sort("label").iter_rows()
    typer.echo(", ".join(f"{label} {n}" for label, n in counts) + f" of {rows.height} rows → {out}")
