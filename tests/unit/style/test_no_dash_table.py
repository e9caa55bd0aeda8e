"""Dash 4 deprecates dash_table; every table in the dashboard is a dash-ag-grid grid (dashboards/components.py's
data_table, issue 14). Nothing under dashboards/ may import dash_table again, nor reach it as ``dash.dash_table``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from warehouse.settings import REPO_ROOT


def dash_table_uses(source: str) -> list[int]:
    """Lines that import dash_table (``import dash.dash_table``, ``from dash import dash_table``, ``from
    dash.dash_table.Format import …``, ``import dash_table``) or use ``dash.dash_table``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or "", *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        else:
            continue
        if any("dash_table" in name.split(".") for name in names):
            lines.append(node.lineno)
    return lines


def test_the_check_sees_each_form_of_the_import() -> None:
    for source in ("from dash import dash_table", "import dash_table", "from dash.dash_table.Format import Format",
                   "import dash.dash_table as t", "import dash\ndash.dash_table.DataTable()"):
        assert dash_table_uses(source), source
    assert not dash_table_uses("import dash_ag_grid as dag\nfrom dash import dcc, html")


def test_no_dashboard_module_uses_dash_table() -> None:
    found = [f"{path.relative_to(REPO_ROOT)}:{line}" for path in sorted(Path(REPO_ROOT, "dashboards").rglob("*.py"))
             for line in dash_table_uses(path.read_text(encoding="utf-8"))]
    assert found == [], f"dash_table is deprecated in Dash 4, use components.data_table (dash-ag-grid): {found}"


def test_the_index_page_loads_no_dash_table_bundle(tmp_path: Path) -> None:
    """Dash lists dash_table's bundle among every app's scripts; the dashboard's index page leaves it out (the grids
    are dash-ag-grid's, whose bundle stays)."""
    from dashboards.app import create_app

    app = create_app(tmp_path / "koe.duckdb", app_db=tmp_path / "app.sqlite")
    with app.server.test_request_context("/"):
        page = app.index()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert any("dash_ag_grid" in src for src in scripts) and not [src for src in scripts if "dash_table" in src]
