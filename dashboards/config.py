"""What the app needs to know, resolved once in create_app and kept on the Flask server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import flask

SESSION_TTL_SECONDS = 8 * 3600  # one working shift; the user signs in again after it


@dataclass(frozen=True)
class AppConfig:
    snapshot_path: Path  # published/dashboard.duckdb, opened read-only per query
    app_db: Path  # app.sqlite: users, sessions, reviews, disputes
    timezone: str = "Asia/Tokyo"  # display time zone (KOE_TIMEZONE); the marts' days use the pipeline's
    session_ttl_seconds: int = SESSION_TTL_SECONDS


def current_config() -> AppConfig:
    """The config of the app serving the current request."""
    return flask.current_app.config["KOE"]
