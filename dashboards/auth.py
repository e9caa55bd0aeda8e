"""Sign-in, sessions, roles, CSRF and security headers, enforced on the Flask server for every request.

Dash callbacks are all POSTs to ``/_dash-update-component``; the guard reads the callback's output ids (their
prefix names the page, see ids.py) and the router's pathname input, and refuses what the role may not see.
Dash's renderer sends the ``_csrf_token`` cookie back as the ``X-CSRFToken`` header; the guard compares it with
the session's token (double-submit), so a cross-site page cannot trigger a state-changing callback.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import flask
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from dashboards.config import current_config
from warehouse import app_store

SESSION_COOKIE = "koe_session"
CSRF_COOKIE = "_csrf_token"  # the name dash-renderer reads
PAGE_ROLES = {
    "overview": {"manager"},
    "agents": {"manager", "qa", "agent"},
    "staffing": {"manager"},
    "qa": {"manager", "qa", "agent"},
    "interaction": {"manager", "qa", "agent"},
    "themes": {"manager", "product"},
}
SHARED_PREFIXES = {"shell", "filters"}  # the frame every signed-in user gets
HOME = {"manager": "/", "qa": "/qa", "agent": "/agents", "product": "/themes"}
OPEN_PATHS = ("/login", "/logout", "/assets/")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self'; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
_HASHER = PasswordHasher()  # argon2id with the library's current defaults (RFC 9106 low-memory profile)


@dataclass(frozen=True)
class SignedIn:
    user: app_store.User
    csrf_token: str


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def page_for_path(path: str) -> str | None:
    """The page a URL path shows (None for an unknown path)."""
    if path in ("/", ""):
        return "overview"
    first = path.strip("/").split("/")[0]
    return {"interactions": "interaction"}.get(first, first if first in PAGE_ROLES else None)


def may_see(role: str, page: str | None) -> bool:
    return page is not None and role in PAGE_ROLES.get(page, set())


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(username: str, password: str) -> tuple[str, SignedIn] | None:
    """(session token, session) for valid credentials; the session is stored hashed with its expiry."""
    config = current_config()
    user = app_store.find_user(config.app_db, username)
    if user is None or not verify_password(user.password_hash, password):
        return None
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    app_store.save_session(config.app_db, _token_hash(token), user.username, csrf, config.session_ttl_seconds)
    return token, SignedIn(user, csrf)


def session_from_request() -> SignedIn | None:
    token = flask.request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    found = app_store.find_session(current_config().app_db, _token_hash(token))
    return SignedIn(*found) if found else None


def sign_out() -> None:
    token = flask.request.cookies.get(SESSION_COOKIE)
    if token:
        app_store.drop_session(current_config().app_db, _token_hash(token))


def current_user() -> app_store.User:
    """The signed-in user of this request (the guard has already refused anonymous requests)."""
    return flask.g.koe_session.user


def _ids(items: object) -> Iterator[str]:
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, list):
            yield from _ids(item)
        elif isinstance(item, dict):
            component = item.get("id")
            yield component.get("type", "") if isinstance(component, dict) else str(component)


def callback_allowed(role: str, body: dict) -> bool:
    """Whether ``role`` may run the callback described by a ``/_dash-update-component`` body."""
    prefixes = {component.split("-")[0] for component in _ids(body.get("outputs", []))}
    if not prefixes or not all(p in SHARED_PREFIXES or may_see(role, p) for p in prefixes):
        return False
    paths = [i.get("value") for i in _ids_with_values(body.get("inputs", [])) if i.get("property") == "pathname"]
    return all(may_see(role, page_for_path(path or "/")) for path in paths)


def _ids_with_values(items: object) -> Iterator[dict]:
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, list):
            yield from _ids_with_values(item)
        elif isinstance(item, dict):
            yield item
