from pathlib import Path

import duckdb
import pytest

import warehouse
from dashboards.auth import hash_password
from qa_rubrics import load_all
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse
from warehouse import app_store
from warehouse.publish import publish_snapshot


def test_snapshot_holds_slim_core_tables_with_text_as_masked_on_load_and_no_customer_ids(snapshot: Path) -> None:
    """Text is masked once, before it is stored (transforms.redaction); the snapshot has no second masking list, so
    an order number the redaction deliberately keeps is not rewritten on the way to the dashboard."""
    columns = warehouse.query(snapshot, "select column_name from information_schema.columns"
                                        " where table_schema = 'core' and table_name = 'interactions'")["column_name"]
    assert "customer_id" not in columns.to_list()
    subjects = set(warehouse.query(snapshot, "select distinct subject from core.interactions")["subject"])
    assert subjects == {"Billing question, call me at [PHONE]", "請求について mail: [EMAIL]"}
    texts = set(warehouse.query(snapshot, "select distinct text from core.messages")["text"])
    assert "請求書の金額がおかしいです。電話番号は [PHONE] です。注文番号は 12345678 です。" in texts


def test_snapshot_lists_what_it_copied(snapshot: Path) -> None:
    tables = set(warehouse.query(snapshot, "select table_schema || '.' || table_name as t from information_schema.tables")["t"])
    assert {"marts.kpi_daily", "marts.arrivals_interval", "marts.agent_daily", "qa.scores", "qa.criteria",
            "qa.review_queue", "themes.themes", "themes.theme_weekly", "main.snapshot_info"} <= tables


def test_republishing_swaps_atomically_while_an_old_reader_is_open(tmp_path: Path) -> None:
    db = tmp_path / "koe.duckdb"
    path = build_fake_warehouse(db, 50, with_qa=False, with_messages=False)
    reader = duckdb.connect(str(path), read_only=True)  # a dashboard query still running on the old file
    with warehouse.connect(db) as conn:
        conn.execute("delete from core.interactions where interaction_id > 'I0000009'")
        publish_snapshot(conn, db)
    assert reader.execute("select count(*) from core.interactions").fetchall()[0][0] == 50
    reader.close()
    assert warehouse.query(path, "select count(*) from core.interactions").item() == 10
    assert not Path(f"{path}.tmp").exists() and not Path(f"{path}.wal").exists()


def test_users_sessions_and_expiry(tmp_path: Path) -> None:
    db = tmp_path / "app.sqlite"
    app_store.save_user(db, app_store.User("aiko", "agent", "A001", hash_password("secret-pass")))
    with pytest.raises(ValueError, match="agent id"):
        app_store.save_user(db, app_store.User("ken", "agent", None, "x"))
    with pytest.raises(ValueError, match="unknown role"):
        app_store.save_user(db, app_store.User("ken", "admin", None, "x"))
    app_store.save_session(db, "live", "aiko", "csrf1", ttl=60)
    app_store.save_session(db, "old", "aiko", "csrf2", ttl=-1)
    user, csrf = app_store.find_session(db, "live")
    assert (user.username, user.role, user.agent_id, csrf) == ("aiko", "agent", "A001", "csrf1")
    assert app_store.find_session(db, "old") is None
    assert app_store.remove_user(db, "aiko") and app_store.find_session(db, "live") is None


def test_ui_reviews_and_disputes_are_imported_into_the_qa_tables_once(fake_warehouse: Path, tmp_path: Path) -> None:
    db = tmp_path / "app.sqlite"
    app_store.add_override(db, "I0000003", "ja_call_center", "closing_greeting", "fail", "no closing phrase", "qa1")
    app_store.add_override(db, "I0000001", "ja_call_center", "closing_greeting", "fail", "not scored", "qa1")  # no QA score
    app_store.add_dispute(db, "I0000003", "ja_call_center", "closing_greeting", "I did close", "aiko")
    with warehouse.connect(fake_warehouse) as conn:
        first = app_store.import_pending(conn, db)
        second = app_store.import_pending(conn, db)
        review = conn.execute("select answer, reviewer, rubric_version from qa.reviews where interaction_id = 'I0000003'"
                              " and comment = 'no closing phrase'").fetchall()
        opened = conn.execute("select action, actor from qa.dispute_events where comment = 'I did close'").fetchall()
    assert first == {"reviews": 1, "disputes": 1, "skipped": 1}
    assert second == {"reviews": 0, "disputes": 0, "skipped": 1}
    version = {r.id: r.version for r in load_all()}["ja_call_center"]
    assert review == [("fail", "qa1", version)] and opened == [("opened", "aiko")]
