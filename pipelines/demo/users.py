"""Sign-in users for the demo dashboard: one per role, created once with random passwords."""

from __future__ import annotations

import os
import secrets

from warehouse import app_store, review_store

DEMO_USERS = (("demo-manager", "manager", None), ("demo-qa", "qa", None), ("demo-sv", "supervisor", None),
              ("demo-product", "product", None), ("demo-agent", "agent", "A005"))
DEMO_SUPERVISOR_TEAMS = ("東京2課",)  # demo-sv leads the demo agent's team


def ensure_demo_users(warehouse_file: str | os.PathLike[str] | None) -> dict[str, str]:
    """Create the demo users that do not exist yet; returns {username: password} for those created."""
    from dashboards.auth import hash_password

    store = app_store.app_store_path(warehouse_file)
    created = {}
    for username, role, agent_id in DEMO_USERS:
        if app_store.find_user(store, username) is None:
            password = secrets.token_urlsafe(9)
            app_store.save_user(store, app_store.User(username, role, agent_id, hash_password(password)))
            if role == "supervisor":
                review_store.set_supervisor_teams(store, username, DEMO_SUPERVISOR_TEAMS)
            created[username] = password
    return created
