"""What the app needs to know, resolved once in create_app and kept on the Flask server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import flask

from warehouse.settings import DEFAULT_LANDING

@dataclass(frozen=True)
class AppConfig:
    snapshot_path: Path  # published/dashboard.duckdb, opened read-only per query
    app_db: Path  # app.sqlite: users, sessions, reviews, disputes
    timezone: str  # display time zone (KOE_TIMEZONE), the same as the pipeline's business days
    session_ttl_seconds: int  # one working shift; the user signs in again after it
    cookie_secure: bool = False  # KOE_COOKIE_SECURE: cookies only over HTTPS (behind a TLS proxy)
    audio_root: Path = DEFAULT_LANDING  # KOE_AUDIO_ROOT: an original recording is served only from inside it
    keep_original_audio: bool = False  # KOE_KEEP_ORIGINAL_AUDIO: managers may play originals; else only masked copies


def current_config() -> AppConfig:
    """The config of the app serving the current request."""
    return flask.current_app.config["KOE"]
