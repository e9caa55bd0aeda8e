"""Pseudonymous customer keys: a keyed hash (HMAC-SHA256) of the customer id.

The dashboard links a customer's contacts without ever holding the customer id: the snapshot carries only the key.
Without the secret (kept outside the warehouse and the snapshot, warehouse/customers.py) a key cannot be turned back
into an id, nor recomputed from a guessed id; with a new secret every key changes.
"""

from __future__ import annotations

import hashlib
import hmac

import polars as pl

KEY_PREFIX = "C-"


def customer_key(customer_id: str, secret: bytes) -> str:
    """The key shown for a customer: ``C-`` and 16 hex digits of HMAC-SHA256(secret, id)."""
    return KEY_PREFIX + hmac.new(secret, customer_id.encode(), hashlib.sha256).hexdigest()[:16]


def customer_keys(customer_ids: pl.Series, secret: bytes) -> pl.DataFrame:
    """customer_id → customer_key for each distinct non-empty id."""
    ids = customer_ids.drop_nulls().unique().sort().to_list()
    return pl.DataFrame({"customer_id": ids, "customer_key": [customer_key(i, secret) for i in ids]},
                        schema={"customer_id": pl.String, "customer_key": pl.String})
