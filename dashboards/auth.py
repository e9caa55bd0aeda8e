"""Sign-in, sessions, roles, CSRF and security headers, enforced on the Flask server for every request.

Dash callbacks are all POSTs to ``/_dash-update-component``; the guard reads the callback's output ids (their
prefix names the page, see ids.py) and the router's pathname input, and refuses what the role may not see.
Dash's renderer sends the ``_csrf_token`` cookie back as the ``X-CSRFToken`` header; the guard compares it with
the session's token (double-submit), so a cross-site page cannot trigger a state-changing callback.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass

import flask
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from dashboards.config import AppConfig, current_config
from warehouse import app_store

SESSION_COOKIE = "koe_session"
CSRF_COOKIE = "_csrf_token"  # the name dash-renderer reads
PAGE_ROLES = {
    "overview": {"manager"},
    "agents": {"manager", "qa", "supervisor", "agent"},
    "staffing": {"manager"},
    "qa": {"manager", "qa", "supervisor", "agent"},
    "interaction": {"manager", "qa", "supervisor", "agent"},
    "themes": {"manager", "product"},
    "search": {"manager", "qa", "supervisor", "agent"},  # search, categories, the alert inbox (issue 20)
    "outbound": {"manager", "supervisor"},  # outbound campaigns (issue 21); a supervisor sees their teams' calls
    "selfservice": {"manager", "product"},  # bot / IVR containment and what the bot could not handle
    "customers": {"manager"},  # customer health and the churn-risk list (customer success works as manager)
}
SHARED_PREFIXES = {"shell", "filters"}  # the frame every signed-in user gets
HOME = {"manager": "/", "qa": "/qa", "supervisor": "/qa", "agent": "/agents", "product": "/themes"}
OPEN_PATHS = ("/login", "/logout")  # exactly these paths ...
OPEN_PREFIXES = ("/assets/",)  # ... and what is under these need no session
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
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignedIn:
    user: app_store.User
    csrf_token: str


class SignInLocked(Exception):
    """Too many failed sign-ins of this user name or from this address: refused, even with the right password."""

    def __init__(self, locked_until: float) -> None:
        super().__init__(locked_until)
        self.locked_until = locked_until

    @property
    def seconds_left(self) -> int:
        return max(1, math.ceil(self.locked_until - time.time()))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


@functools.cache
def unknown_user_hash() -> str:
    """A hash of a random secret, made once with the same parameters as users' hashes: an unknown user name is
    checked against it, so the answer takes as long as for a known user (names cannot be told apart by timing)."""
    return _HASHER.hash(secrets.token_urlsafe(32))


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


def sign_in(username: str, password: str, address: str) -> tuple[str, SignedIn] | None:
    """(session token, session) for valid credentials; the session is stored hashed with its expiry.

    None for wrong credentials; raises SignInLocked while the user name or the client address is locked (the
    password is then not even checked) and when this failure engages a lock.
    """
    config = current_config()
    locked_until = app_store.sign_in_locked_until(config.app_db, [("user", username), ("address", address)],
                                                  time.time())
    if locked_until is not None:
        log.warning("sign-in refused while locked: user %r from %s", username, address)
        raise SignInLocked(locked_until)
    user = app_store.find_user(config.app_db, username)
    if not verify_password(user.password_hash if user else unknown_user_hash(), password) or user is None:
        _count_failure(config, username, address)
        return None
    app_store.clear_sign_in_failures(config.app_db, "user", username)
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    app_store.save_session(config.app_db, _token_hash(token), user.username, csrf, config.session_ttl_seconds)
    return token, SignedIn(user, csrf)


def _count_failure(config: AppConfig, username: str, address: str) -> None:
    """Count a failed sign-in against the user name and the address; raise SignInLocked if either is now locked."""
    limits, now = config.sign_in_limits, time.time()
    counts, locked = [], {}
    subjects = (("user", username, limits.user_failures), ("address", address, limits.address_failures))
    for kind, subject, most in subjects:
        failures, locked_until = app_store.record_sign_in_failure(
            config.app_db, kind, subject, now, window_seconds=limits.window_seconds, max_failures=most,
            lock_seconds=limits.lock_seconds)
        counts.append(f"{kind} {failures} of {most}")
        if locked_until is not None:
            locked[f"{kind} {subject!r}"] = locked_until
    log.warning("sign-in failed: user %r from %s (%s within %d s)", username, address, ", ".join(counts),
                limits.window_seconds)
    if locked:
        log.warning("sign-in locked for %d s: %s", limits.lock_seconds, " and ".join(locked))
        raise SignInLocked(max(locked.values()))


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
