"""Flask routes and hooks around the Dash app: /login, /logout, /recordings, /reports, the request guard, headers."""

from __future__ import annotations

import math
import secrets
from datetime import datetime
from typing import Literal, TypedDict
from zoneinfo import ZoneInfo

import flask
from markupsafe import escape
from werkzeug.wrappers import Response

from dashboards import auth, payloads
from dashboards.config import current_config
from dashboards.i18n import t
from dashboards.queries import interaction_detail, open_snapshot
from dashboards.queries.recordings import served_recording
from dashboards.reports.product_feedback import data_days, published_report
from warehouse.audio_files import MASKED_FOLDER, MASKED_TYPE, audio_type, resolve_inside

LOGIN_CSRF_COOKIE = "koe_login_csrf"
_LOGIN_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Koe</title>
<link rel="stylesheet" href="/assets/koe.css"></head><body class="login">
<form method="post" action="/login" class="login-card"><h1>{title}</h1>{error}
<label>{username}<input name="username" autocomplete="username" required autofocus></label>
<label>{password}<input name="password" type="password" autocomplete="current-password" required></label>
<input type="hidden" name="csrf" value="{csrf}"><input type="hidden" name="next" value="{next}">
<button type="submit" id="login-submit">{sign_in}</button></form></body></html>"""


class _CookieFlags(TypedDict):
    samesite: Literal["Strict"]
    secure: bool
    path: str


def _cookie_flags() -> _CookieFlags:
    """Secure when the operator says the app is behind TLS (KOE_COOKIE_SECURE) or the request came over HTTPS."""
    return {"samesite": "Strict", "secure": current_config().cookie_secure or flask.request.is_secure, "path": "/"}


def _login_form(error: str = "", status: int = 200, **values: object) -> flask.Response:
    """The sign-in page; ``error`` is an i18n key, filled with ``values``."""
    lang = "en" if flask.request.accept_languages.best_match(["ja", "en"]) == "en" else "ja"
    csrf = flask.request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)  # stable across tabs
    html = _LOGIN_PAGE.format(
        lang=lang, title=escape(t("app_title", lang)), username=escape(t("username", lang)),
        password=escape(t("password", lang)), sign_in=escape(t("sign_in", lang)), csrf=csrf,
        next=escape(flask.request.values.get("next", "")),
        error=f'<p class="error" role="alert">{escape(t(error, lang).format(**values))}</p>' if error else "",
    )
    response = flask.make_response(html, status)
    response.set_cookie(LOGIN_CSRF_COOKIE, csrf, httponly=True, max_age=600, **_cookie_flags())
    return response


def _safe_next(target: str | None, role: str) -> str:
    """Only local paths the role may see; anything else goes to the role's home page."""
    if target and target.startswith("/") and not target.startswith("//") and auth.may_see(role, auth.page_for_path(target)):
        return target
    return auth.HOME[role]


def login() -> Response:
    if flask.request.method == "GET":
        return _login_form()
    form = flask.request.form
    expected = flask.request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected, form.get("csrf", "")):
        return _login_form("bad_login", 400)
    try:  # remote_addr is the client's: waitress rewrites it from X-Forwarded-For only for a trusted proxy
        signed_in = auth.sign_in(form.get("username", ""), form.get("password", ""), flask.request.remote_addr or "")
    except auth.SignInLocked as locked:
        response: Response = _login_form("sign_in_locked", 429, minutes=math.ceil(locked.seconds_left / 60))
        response.headers["Retry-After"] = str(locked.seconds_left)
        return response
    if signed_in is None:
        return _login_form("bad_login", 401)
    token, session = signed_in
    response = flask.redirect(_safe_next(form.get("next"), session.user.role))
    ttl = current_config().session_ttl_seconds
    response.set_cookie(auth.SESSION_COOKIE, token, httponly=True, max_age=ttl, **_cookie_flags())
    response.set_cookie(auth.CSRF_COOKIE, session.csrf_token, httponly=False, max_age=ttl, **_cookie_flags())
    response.delete_cookie(LOGIN_CSRF_COOKIE, **_cookie_flags())
    return response


def logout() -> Response:
    auth.sign_out()
    response = flask.redirect("/login")
    for cookie in (auth.SESSION_COOKIE, auth.CSRF_COOKIE):
        response.delete_cookie(cookie, **_cookie_flags())
    return response


def recording(interaction_id: str) -> flask.Response:
    """The call audio, for users who may open the interaction, of a recording transcription accepted: its masked
    copy (spoken personal data silenced), or for a manager with ``?original=1`` the original when
    ``keep_original_audio`` is on. The file is re-checked to be inside its folder and sent as audio, or 404."""
    user = auth.current_user()
    config = current_config()
    with open_snapshot(config.snapshot_path) as conn:
        detail = interaction_detail(conn, interaction_id, config.timezone, user.agent_id if user.role == "agent" else None)
        served = served_recording(conn, interaction_id) if detail is not None else None
    if served is None:
        flask.abort(404)
    if flask.request.args.get("original") == "1":
        if not (config.keep_original_audio and user.role == "manager"):
            flask.abort(403)
        path = resolve_inside(served.original_path, config.audio_root)
        mimetype = audio_type(path) if path else None
    else:
        folder = config.snapshot_path.parent / MASKED_FOLDER
        path = resolve_inside(folder / served.masked_file, folder) if served.masked_file else None
        mimetype = MASKED_TYPE
    if path is None or mimetype is None or not path.is_file():
        flask.abort(404)
    return flask.send_file(path, mimetype=mimetype, conditional=True)


def feedback_report() -> flask.Response:
    """The product-feedback report of the latest complete week with data, as the pipeline publishes it
    (``published_report``: HTML, ?lang=ja|en, ?format=pdf)."""
    lang = "en" if flask.request.args.get("lang") == "en" else "ja"
    suffix = "pdf" if flask.request.args.get("format") == "pdf" else "html"
    config = current_config()
    span = data_days(config.snapshot_path) if config.snapshot_path.exists() else None  # the snapshot's kpi_daily
    found = published_report(config.snapshot_path.parent / "reports", span,
                             datetime.now(ZoneInfo(config.timezone)).date(), lang, suffix)
    if found is None:
        flask.abort(404)
    return flask.send_file(found, conditional=True)


def _refuse(status: int) -> Response:
    if flask.request.path.startswith("/_dash") or flask.request.method != "GET":
        return flask.make_response({"error": "unauthorized" if status == 401 else "forbidden"}, status)
    if status == 401:
        return flask.redirect(f"/login?next={escape(flask.request.full_path.rstrip('?'))}")
    return flask.make_response(t("forbidden", "ja") + " / " + t("forbidden", "en"), status)


def guard() -> Response | None:
    """Runs before every request: a valid session, the right role, and a CSRF token on callbacks."""
    path = flask.request.path
    if path in auth.OPEN_PATHS or path.startswith(auth.OPEN_PREFIXES):
        return None
    session = auth.session_from_request()
    if session is None:
        return _refuse(401)
    flask.g.koe_session = session
    role = session.user.role
    if path == "/_dash-update-component":
        header = flask.request.headers.get("X-CSRFToken", "")
        if not secrets.compare_digest(header, session.csrf_token):
            return _refuse(403)
        body = payloads.check_callback_envelope(flask.request.get_json(silent=True),
                                                flask.current_app.config[payloads.CALLBACK_MAP])  # 400 when malformed
        if not auth.callback_allowed(role, body):
            return _refuse(403)
        return None
    if path.startswith("/recordings/"):
        return None if auth.may_see(role, "interaction") else _refuse(403)
    if path.startswith("/reports/"):
        return None if auth.may_see(role, "themes") else _refuse(403)
    if path.startswith("/_"):
        return None  # Dash's layout, dependencies and component bundles: signed-in users only, no data
    if path == "/" and role != "manager":
        return flask.redirect(auth.HOME[role])
    page = auth.page_for_path(path)
    if page is None:  # a plain 404, not Dash's index page
        return flask.make_response(t("not_found", "ja") + " / " + t("not_found", "en"), 404,
                                   {"Content-Type": "text/plain; charset=utf-8"})
    return None if auth.may_see(role, page) else _refuse(403)


def add_security_headers(response: flask.Response) -> flask.Response:
    for name, value in auth.SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def install(server: flask.Flask) -> None:
    """Register the routes and hooks on the Dash app's Flask server."""
    server.add_url_rule("/login", "koe_login", login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "koe_logout", logout, methods=["GET", "POST"])
    server.add_url_rule("/recordings/<interaction_id>", "koe_recording", recording)
    server.add_url_rule("/reports/product-feedback", "koe_feedback_report", feedback_report)
    auth.unknown_user_hash()  # made now, so the first unknown user name is not answered slower than the rest
    server.before_request(guard)
    server.after_request(add_security_headers)
