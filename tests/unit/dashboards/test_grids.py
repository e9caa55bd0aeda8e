"""Every table is a dash-ag-grid grid, and every callback speaks to it in the grid's props: rows and columns go to
``rowData`` / ``columnDefs`` of a grid, never to ``data`` / ``columns`` (dash_table's names, silently ignored by a
grid), and a grid's props are never written to anything else (a store written as ``rowData`` keeps its old value:
the themes page's selected theme was lost that way during the move)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboards import display, ids
from dashboards.app import create_app
from dashboards.components import data_table

GRID_PROPS = {"rowData", "columnDefs", "cellClicked", "virtualRowData", "style"}


def _outputs(tmp_path: Path) -> list[tuple[str, str]]:
    app = create_app(tmp_path / "koe.duckdb", app_db=tmp_path / "app.sqlite")
    found: list[tuple[str, str]] = []
    for key in app.callback_map:
        entries = key[2:-2].split("...") if key.startswith("..") else [key]
        for entry in entries:
            component, prop = entry.split("@")[0].rsplit(".", 1)
            found.append((component, prop))
    return found


def test_grid_props_are_written_to_grids_only_and_grids_get_grid_props(tmp_path: Path) -> None:
    grids = set(ids.EXPORTED_TABLES) | {ids.OUTBOUND_DIRECTION, ids.OUTBOUND_CAMPAIGNS, ids.OUTBOUND_AGENTS,
                                         ids.OUTBOUND_FOLLOWUPS, ids.SELFSERVICE_REASONS, ids.SELFSERVICE_QUEUES,
                                         ids.CUSTOMERS_LIST, ids.CUSTOMERS_WEIGHTS}
    outputs = _outputs(tmp_path)
    assert [(c, p) for c, p in outputs if p in {"rowData", "columnDefs"} and c not in grids] == []
    assert [(c, p) for c, p in outputs if c in grids and p not in GRID_PROPS] == []
    assert {(c, p) for c, p in outputs if c in grids} >= {(ids.AGENTS_TABLE, "rowData"), (ids.THEMES_TABLE, "rowData")}


def test_a_number_keeps_its_value_and_is_formatted_with_its_unit_in_the_browser() -> None:
    columns: dict[object, Any] = {c["field"]: c for c in display.columns(["agent_name", "aht_seconds", "csat_pct", "interaction_id"], "ja",
                                                       links=("interaction_id",))}
    assert columns["aht_seconds"]["headerName"] == "AHT" and columns["aht_seconds"]["type"] == "numericColumn"
    assert columns["aht_seconds"]["valueFormatter"] == {
        "function": "params.value == null ? '—' : d3.format(\",.0f\")((+params.value.toFixed(0) || 0)) + \" 秒\""}
    assert "\"%\"" in columns["csat_pct"]["valueFormatter"]["function"]
    assert columns["interaction_id"]["cellRenderer"] == "markdown"  # a link, opening in a new tab as before
    assert columns["interaction_id"]["linkTarget"] == "_blank"
    assert "'—'" in columns["agent_name"]["valueFormatter"]["function"]
    assert "_" not in columns["agent_name"]["headerName"]


def test_the_grid_speaks_the_page_language() -> None:
    grid = data_table(ids.AGENTS_TABLE, "ja", row_id="agent_id").children[1]
    assert grid.dashGridOptions["localeText"]["page"] == "ページ" and grid.getRowId == "params.data.agent_id"
    assert grid.dashGridOptions["suppressNoRowsOverlay"] is True


def test_a_value_that_rounds_to_zero_from_below_is_shown_as_zero() -> None:
    assert display.format_number(-0.001, "sentiment", "ja") == "+0.00"
    assert display.format_number(-0.01, "percent", "en") == "0.0%"
    assert display.format_number(-0.004, None, "en") == "0.0"
    assert display.format_number(-0.26, "sentiment", "en") == "-0.26"
