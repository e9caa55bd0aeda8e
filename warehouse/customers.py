"""The customer-key secret and the customer-timeline mart (docs/dashboard.md, "The customer's timeline")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import duckdb

from transforms.customers import customer_keys
from warehouse.build import rebuild_table
from warehouse.connection import read, registered
from warehouse.qa import harassment_flags
from warehouse.settings import load_settings

SECRET_NAME = "customer-key.secret"


def secret_path(warehouse_file: str | os.PathLike[str] | None = None) -> Path:
    """KOE_CUSTOMER_KEY_FILE, else customer-key.secret next to the app store: outside the warehouse file and the
    published folder, so neither a copy of the warehouse nor the snapshot carries it."""
    settings = load_settings(warehouse=warehouse_file)
    return settings.customer_key_file or settings.resolved_app_db.parent / SECRET_NAME


def load_secret(path: Path) -> bytes:
    """The secret, created (32 random bytes, readable by the owner only) the first time it is needed."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def rebuild_customer_contacts(conn: duckdb.DuckDBPyConnection, secret: bytes, fcr_window_days: int) -> int:
    """Rebuild marts.customer_contacts in full; returns its rows."""
    ids = read(conn, "select distinct customer_id from core.interactions where customer_id is not null")["customer_id"]
    harassed = harassment_flags(conn).select("interaction_id").unique()
    with registered(conn, "koe_customer_keys", customer_keys(ids, secret)), registered(conn, "koe_harassed", harassed):
        return rebuild_table(conn, "marts.customer_contacts", "marts/customer_contacts", {"fcr_days": fcr_window_days})
