"""What the app needs to know, resolved once in create_app and kept on the Flask server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import flask

from warehouse.settings import DEFAULT_LANDING


@dataclass(frozen=True)
class SignInLimits:
    """Failed sign-ins allowed within a window before signing in is locked, and for how long: the only place of these.

    An address gets more tries than a user name because a contact center's agents often share one office address.
    """

    user_failures: int = 5  # failures of one user name (known or not) ...
    address_failures: int = 20  # ... or from one client address ...
    window_seconds: int = 15 * 60  # ... within this window lock it ...
    lock_seconds: int = 15 * 60  # ... for this long; the right password is refused too until the lock ends


@dataclass(frozen=True)
class AppConfig:
    snapshot_path: Path  # published/dashboard.duckdb, opened read-only per query
    app_db: Path  # app.sqlite: users, sessions, reviews, disputes
    timezone: str  # display time zone (KOE_TIMEZONE), the same as the pipeline's business days
    session_ttl_seconds: int  # one working shift; the user signs in again after it
    cookie_secure: bool = False  # KOE_COOKIE_SECURE: cookies only over HTTPS (behind a TLS proxy)
    audio_root: Path = DEFAULT_LANDING  # KOE_AUDIO_ROOT: an original recording is served only from inside it
    keep_original_audio: bool = False  # KOE_KEEP_ORIGINAL_AUDIO: managers may play originals; else only masked copies
    sign_in_limits: SignInLimits = SignInLimits()


def current_config() -> AppConfig:
    """The config of the app serving the current request."""
    return flask.current_app.config["KOE"]
