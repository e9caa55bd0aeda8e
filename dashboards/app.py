"""create_app: the one Dash app (pages by role, ja/en, signed-in, reading the published snapshot)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dash
from dash import dcc, html

from dashboards import guard, ids
from dashboards.callbacks import register_all
from dashboards.components import filter_bar
from dashboards.config import AppConfig
from dashboards.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from warehouse.publish import SNAPSHOT_NAME
from warehouse.settings import load_settings, published_dir

# Dash's index page without its default favicon link (whose URL is ?v=<Dash version>) and its "Dash v2.7+" note.
_INDEX = """<!DOCTYPE html>
<html lang="ja"><head>{%metas%}<title>{%title%}</title><link rel="icon" href="data:,">{%css%}</head>
<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body></html>"""
_DASH_TABLE_BUNDLE = "/_dash-component-suites/dash/dash_table/"  # where Dash serves dash_table's scripts


class _KoeDash(dash.Dash):
    """Dash whose index page names neither Dash's nor Python's version (only Dash's dev tools, off here, use them).

    The component bundles' URLs still carry their package versions: Dash fingerprints them for caching, and only
    signed-in users get the index page and the bundles (the guard)."""

    def _config(self) -> dict:
        return {**super()._config(), "dash_version": None, "python_version": None, "dash_version_url": None,
                "ddk_version": None, "plotly_version": None, "disable_version_check": True}

    def interpolate_index(self, metas: str = "", title: str = "", css: str = "", config: str = "", scripts: str = "",
                          app_entry: str = "", favicon: str = "", renderer: str = "") -> str:
        """The index page without dash_table's bundle: Dash lists it among every app's scripts (its own script list
        names dash_table, whatever the app uses), and Koe has no DataTable (every table is a dash-ag-grid grid)."""
        kept = "\n".join(tag for tag in scripts.split("\n") if _DASH_TABLE_BUNDLE not in tag)
        return str(super().interpolate_index(metas=metas, title=title, css=css, config=config, scripts=kept,
                                             app_entry=app_entry, favicon=favicon, renderer=renderer))


def _shell() -> html.Div:
    return html.Div([
        dcc.Location(id=ids.SHELL_URL),
        html.Header([
            html.Div([html.Span("声", className="logo"), html.Span("Koe")], className="brand"),
            html.Nav(id=ids.SHELL_NAV, className="nav"),
            html.Span(id=ids.SHELL_AS_OF, className="as-of"),
            html.Span(id=ids.SHELL_USER, className="user"),
            dcc.RadioItems(id=ids.SHELL_LANG, options=[{"label": lang.upper(), "value": lang} for lang in LANGUAGES],
                           value=DEFAULT_LANGUAGE, inline=True, persistence=True, persistence_type="local",
                           className="lang"),
        ], className="topbar"),
        filter_bar(DEFAULT_LANGUAGE),
        html.Main(id=ids.SHELL_CONTENT),
    ])


def create_app(warehouse_path: str | os.PathLike[str] | None = None, *, snapshot_path: str | os.PathLike[str] | None = None,
               app_db: str | os.PathLike[str] | None = None, timezone: str | None = None,
               session_ttl_seconds: int | None = None) -> dash.Dash:
    """The dashboard for the warehouse at ``warehouse_path`` (it reads only the snapshot published next to it).

    Arguments left out come from the settings (``warehouse.settings``)."""
    settings = load_settings(warehouse=warehouse_path, app_db=app_db, timezone=timezone,
                             session_ttl_seconds=session_ttl_seconds)
    config = AppConfig(
        snapshot_path=Path(snapshot_path or published_dir(settings.warehouse) / SNAPSHOT_NAME),
        app_db=settings.resolved_app_db,
        timezone=settings.timezone,
        session_ttl_seconds=settings.session_ttl_seconds,
        cookie_secure=settings.cookie_secure,
        audio_root=settings.resolved_audio_root,
        keep_original_audio=settings.keep_original_audio,
    )
    app = _KoeDash(__name__, title=t("app_title", "en"), suppress_callback_exceptions=True, update_title="",
                   assets_folder=str(Path(__file__).parent / "assets"), serve_locally=True, index_string=_INDEX)
    app.server.config.update(KOE=config, SECRET_KEY=secrets.token_hex(32))
    app.layout = _shell
    register_all(app)
    guard.install(app.server)
    return app
