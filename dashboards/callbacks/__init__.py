"""Callbacks, one module per page, each registering on the given app (no global callback registry)."""

from __future__ import annotations

import logging

import dash
import flask

from dashboards.callbacks import (
    agents,
    coaching,
    contact_types,
    exports,
    follow,
    interaction,
    overview,
    qa,
    shell,
    staffing,
    themes,
)
from dashboards.payloads import CALLBACK_MAP, BadPayload

_log = logging.getLogger(__name__)


def _bad_payload(error: BadPayload) -> flask.Response:
    """400 with the reason as JSON: a forged or malformed callback value is the client's error, not a crash."""
    _log.warning("refused callback payload from %s: %s", flask.request.remote_addr, error)
    return flask.make_response({"error": "bad_request", "reason": str(error)}, 400)


def register_all(app: dash.Dash) -> None:
    for module in (shell, overview, agents, coaching, staffing, qa, interaction, themes, follow, contact_types, exports):
        module.register(app)
    app.server.config[CALLBACK_MAP] = app.callback_map
    app.server.register_error_handler(BadPayload, _bad_payload)
