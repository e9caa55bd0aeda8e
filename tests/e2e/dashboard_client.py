"""Helpers for driving the dashboard over HTTP: sign in, and call a Dash callback the way the browser does."""

from __future__ import annotations

import dash
from flask.testing import FlaskClient

from dashboards.auth import CSRF_COOKIE, hash_password
from warehouse import app_store

PASSWORD = "correct-horse-battery"
USERS = {"manager": ("mika", None), "qa": ("quinn", None), "agent": ("aiko", "A007"), "product": ("pat", None)}


def add_users(app_db: object) -> None:
    for role, (name, agent_id) in USERS.items():
        app_store.save_user(app_db, app_store.User(name, role, agent_id, hash_password(PASSWORD)))


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD, next_path: str = "") -> object:
    client.get("/login")
    csrf = client.get_cookie("koe_login_csrf").value
    return client.post("/login", data={"username": username, "password": password, "csrf": csrf, "next": next_path})


def _prop(entry: str) -> dict[str, str]:
    component, prop = entry.rsplit(".", 1)
    return {"id": component, "property": prop}


def callback_body(app: dash.Dash, output_fragment: str, values: dict[str, object] | None = None) -> dict:
    """The JSON dash-renderer posts for the callback whose output key contains ``output_fragment``."""
    values = values or {}
    key = next(k for k in app.callback_map if output_fragment in k)
    spec = app.callback_map[key]
    entries = key[2:-2].split("...") if key.startswith("..") else [key]
    outputs = [_prop(e.split("@")[0]) for e in entries]

    def bound(items: list[dict]) -> list[dict]:
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

    inputs = bound(spec["inputs"])
    return {"output": key, "outputs": outputs if key.startswith("..") else outputs[0], "inputs": inputs,
            "state": bound(spec["state"]), "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}


def call(client: FlaskClient, app: dash.Dash, output_fragment: str, values: dict[str, object] | None = None,
         csrf: str | None = None) -> object:
    token = csrf if csrf is not None else (client.get_cookie(CSRF_COOKIE).value if client.get_cookie(CSRF_COOKIE) else "")
    return client.post("/_dash-update-component", json=callback_body(app, output_fragment, values),
                       headers={"X-CSRFToken": token})
