"""The dashboard's sqlite store is created and upgraded once, whoever opens it first: concurrent first requests (Dash
runs callbacks at the same time) must never both add a column ("duplicate column name") or see half a schema."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from warehouse import app_store, review_store

OPENERS = 8  # concurrent first requests on one fresh store
ROUNDS = 30  # fresh stores; the old per-open ALTER failed within the first ten, most runs


def _open_all_at_once(path: Path) -> list[BaseException]:
    """Open the store (as the review pages do) from OPENERS threads released together; the errors they raised."""
    start = threading.Barrier(OPENERS)
    errors: list[BaseException] = []

    def first_request() -> None:
        start.wait()
        try:
            review_store.disputes(path)
        except BaseException as error:  # noqa: BLE001 - collected and asserted on below
            errors.append(error)

    threads = [threading.Thread(target=first_request) for _ in range(OPENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_first_opens_of_a_fresh_store_all_succeed(tmp_path: Path) -> None:
    for round_ in range(ROUNDS):
        path = tmp_path / f"app-{round_}.sqlite"
        errors = _open_all_at_once(path)
        assert not errors, f"round {round_}: {errors[0]!r}"
        with sqlite3.connect(path) as conn:
            columns = {row[1] for row in conn.execute("pragma table_info(qa_disputes)")}
        assert {"decided_by", "decision", "granted_answer", "decision_imported_at"} <= columns


def test_an_old_store_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    """A store made before decisions and the supervisor role: its disputes and users survive the upgrade."""
    path = tmp_path / "app.sqlite"
    with sqlite3.connect(path) as old:
        old.execute("create table users (username text primary key, password_hash text not null, role text not null"
                    " check (role in ('manager', 'qa', 'agent', 'product')), agent_id text,"
                    " created_at text not null default (datetime('now')))")
        old.execute("create table sessions (token_sha256 text primary key, username text not null"
                    " references users(username) on delete cascade, csrf_token text not null, expires_at real not null)")
        old.execute("create table qa_disputes (dispute_id integer primary key autoincrement, interaction_id text not"
                    " null, rubric_id text, criterion_id text, reason text not null, agent_username text not null,"
                    " status text not null default 'open', created_at text not null default '2026-10-01',"
                    " imported_at text)")
        old.execute("insert into users values ('sato', 'h', 'agent', 'A1', '2026-10-01')")
        old.execute("insert into sessions values ('t', 'sato', 'c', 9e12)")
        old.execute("insert into qa_disputes (interaction_id, rubric_id, criterion_id, reason, agent_username)"
                    " values ('i1', 'r', 'c', 'why', 'sato')")
    errors = _open_all_at_once(path)
    assert not errors, repr(errors[0])
    assert [row["reason"] for row in review_store.disputes(path)] == ["why"]
    app_store.save_user(path, app_store.User("suzuki", "supervisor", None, "h"))  # the widened role check
    assert app_store.find_session(path, "t") is not None  # the table change did not cascade-delete sessions
