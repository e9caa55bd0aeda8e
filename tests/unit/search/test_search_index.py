"""Full-text search: Japanese substrings and English words, filters, the role's scope, and the job's incremental
update, on a real DuckDB warehouse file and a real SQLite index."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

import warehouse
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.search import search_index
from transforms.search_text import index_text, match_expression, period_facets
from warehouse.search_index import Scope, SearchRequest, index_path, refresh_index, search

CONTACTS = [  # id, channel, queue, agent, team, language, created_at (UTC)
    ("I1", "phone", "billing", "A001", "東京1課", "ja", "2026-11-10 01:00:00"),
    ("I2", "email", "orders_en", "A002", "Global", "en", "2026-11-11 02:00:00"),
    ("I3", "chat", "billing", "A003", "大阪課", "ja", "2026-11-19 15:30:00"),  # 2026-11-20 00:30 JST
]
MESSAGES = [
    ("I1", 1, "agent", "お電話ありがとうございます。"), ("I1", 2, "customer", "定期便を解約したいのですが。"),
    ("I2", 1, "customer", "I want to cancel my subscription."), ("I2", 2, "agent", "Your CANCELLATION is done."),
    ("I3", 1, "customer", "ログインできません。カイヤクも考えています。"), ("I3", 2, "agent", "ご不便をおかけしております。"),
]


def _negative(texts: list[str]) -> list[float]:
    return [-0.5] * len(texts)


def _seed_contacts(conn: duckdb.DuckDBPyConnection) -> None:
    """The test contacts and their messages."""
    conn.executemany("insert into core.interactions (interaction_id, channel, direction, queue, agent_id, team,"
                     " language, created_at) values (?, ?, 'inbound', ?, ?, ?, ?, ?)",
                     [(i, ch, q, a, t, lang, ts) for i, ch, q, a, t, lang, ts in CONTACTS])
    conn.executemany("insert into core.messages (message_id, interaction_id, seq, role, text) values (?, ?, ?, ?, ?)",
                     [(f"{i}-{s}", i, s, r, t) for i, s, r, t in MESSAGES])


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "koe.duckdb"
    with warehouse.connect(path) as conn:
        _seed_contacts(conn)
        conn.execute("insert into rules.contact_categories values ('I1', 'cancellation_intent', 'cancellation_intent',"
                     " 1, null, 2, now()::timestamp)")
        refresh_index(conn, index_path(path), _negative)
    return path


def _ids(db: Path, request: SearchRequest, scope: Scope = Scope()) -> list[tuple[str, int]]:
    return sorted((i, s) for i, s in search(index_path(db), request, scope).hits.select("interaction_id", "seq").rows())


def test_tokens_are_character_pairs_for_japanese_and_words_for_english() -> None:
    assert index_text("解約したい Cancel-Now") == "解約 約し した たい cancel now"
    assert index_text("ｶｲﾔｸ") == index_text("かいやく")  # half-width katakana, katakana and hiragana fold together
    assert match_expression('解約 "charged twice" deliver*') == '"解約" AND "charged twice" AND "deliver" *'
    with pytest.raises(ValueError, match="nothing to search for"):
        match_expression(" 。、 ")


def test_a_japanese_substring_is_found_inside_words_and_english_matches_whole_words(db: Path) -> None:
    assert _ids(db, SearchRequest("解約")) == [("I1", 2)]
    assert _ids(db, SearchRequest("かいやく")) == [("I3", 1)]  # written カイヤク
    assert _ids(db, SearchRequest("cancel")) == [("I2", 1)]  # not "cancellation"
    assert _ids(db, SearchRequest("cancel*")) == [("I2", 1), ("I2", 2)]
    assert _ids(db, SearchRequest("解約 定期便")) == [("I1", 2)] and _ids(db, SearchRequest("解約 ログイン")) == []


def test_filters_and_the_local_period(db: Path) -> None:
    assert _ids(db, SearchRequest("cancel*", channel=("phone",))) == []
    assert _ids(db, SearchRequest("ます", queue=("billing",), language=("ja",))) == [("I1", 1), ("I3", 1), ("I3", 2)]
    assert _ids(db, SearchRequest("ます", category=("cancellation_intent",))) == [("I1", 1)]
    assert _ids(db, SearchRequest("ます", sentiment=("negative",))) == [("I1", 1), ("I3", 1), ("I3", 2)]
    assert _ids(db, SearchRequest("ます", sentiment=("positive",))) == []
    jst_20th = SearchRequest("ます", start_utc=datetime(2026, 11, 19, 15), end_utc=datetime(2026, 11, 20, 15))
    assert _ids(db, jst_20th) == [("I3", 1), ("I3", 2)]
    assert period_facets(datetime(2026, 10, 31), datetime(2026, 12, 2))[1:-1] and len(
        period_facets(datetime(2026, 10, 31), datetime(2026, 12, 2))) == 3  # Oct 31, all of November, Dec 1


def test_an_agent_searches_only_their_own_contacts_and_a_supervisor_only_their_teams(db: Path) -> None:
    everyone = SearchRequest("ます")
    assert _ids(db, everyone, Scope(agent_id="A003")) == [("I3", 1), ("I3", 2)]
    assert _ids(db, SearchRequest("ます", agent=("A001",)), Scope(agent_id="A003")) == []  # a filter cannot widen it
    assert _ids(db, everyone, Scope(agent_id="")) == []
    assert _ids(db, everyone, Scope(teams=("東京1課",))) == [("I1", 1)]
    assert _ids(db, everyone, Scope(teams=())) == []


def test_the_asset_updates_only_what_changed(db: Path) -> None:
    resources = {"warehouse": WarehouseResource(path=str(db))}
    again = dg.materialize([search_index], resources=resources, selection=[search_index.key])
    assert again.success
    metadata = again.asset_materializations_for_node("search_index")[0].metadata
    assert metadata["contacts_reindexed"].value == 0 and metadata["messages_indexed"].value == 0
    with warehouse.connect(db) as conn:
        conn.execute("update core.messages set text = '解約は取り消します。' where message_id = 'I1-2'")
        conn.execute("update core.interactions set queue = 'retention' where interaction_id = 'I2'")
        conn.execute("delete from core.messages where interaction_id = 'I3'")
        counts = refresh_index(conn, index_path(db), _negative)
    assert counts == {"contacts_reindexed": 2, "messages_indexed": 4, "contacts_removed": 1}
    assert _ids(db, SearchRequest("取り消")) == [("I1", 2)] and _ids(db, SearchRequest("定期便")) == []
    assert _ids(db, SearchRequest("cancel", queue=("retention",))) == [("I2", 1)]
    assert _ids(db, SearchRequest("ログイン")) == []


def test_koe_search_answers_from_the_command_line(db: Path) -> None:
    import json

    from typer.testing import CliRunner

    from pipelines.cli.main import app

    runner = CliRunner()
    found = runner.invoke(app, ["search", "解約", "--warehouse", str(db), "--json", "--from", "2026-11-01",
                                "--to", "2026-11-30", "--channel", "phone"])
    assert found.exit_code == 0, found.output
    answer = json.loads(found.output)
    assert answer["total"] == 1 and answer["hits"][0]["interaction_id"] == "I1"
    table = runner.invoke(app, ["search", "cancel", "--warehouse", str(db)])
    assert table.exit_code == 0 and "I2" in table.output and "2026-11-11 11:00" in table.output  # shown in JST
    refused = runner.invoke(app, ["search", "解約", "--warehouse", str(db), "--sentiment", "furious"])
    assert refused.exit_code != 0 and "negative, neutral, positive" in refused.output


def test_a_count_out_of_time_says_at_least_and_still_answers(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import warehouse.search_index as search_index

    full = search(index_path(db), SearchRequest("ます"))
    assert (full.total, full.capped) == (3, False)
    monkeypatch.setattr(search_index, "COUNT_BUDGET_SECONDS", -1.0)  # the budget is spent before counting starts
    monkeypatch.setattr(search_index, "COUNT_CHECK_STEPS", 1)
    hurried = search(index_path(db), SearchRequest("ます"))
    assert hurried.capped and hurried.total < 3 and hurried.hits.height == 3


def test_the_sentiment_filter_reads_the_stored_message_sentiment_and_scores_only_unstored_ones(tmp_path: Path) -> None:
    """A written contact's sentiment is its last customer message's stored score (asset message_sentiment); the
    model is asked only about a last message that has none."""
    from transforms.sentiment import model_version

    path = tmp_path / "koe.duckdb"
    with warehouse.connect(path) as conn:
        _seed_contacts(conn)
        conn.execute("insert into core.message_sentiment (message_id, interaction_id, text_hash, model_version, label,"
                     " score) select message_id, interaction_id, md5(text), $model, 'positive', 0.7 from core.messages"
                     " where message_id = 'I2-1'", {"model": model_version()})
        asked: list[str] = []

        def model(texts: list[str]) -> list[float]:
            asked.extend(texts)
            return [-0.5] * len(texts)

        refresh_index(conn, index_path(path), model)
    assert sorted(asked) == ["ログインできません。カイヤクも考えています。", "定期便を解約したいのですが。"]
    assert _ids(path, SearchRequest("cancel", sentiment=("positive",))) == [("I2", 1)]
    assert _ids(path, SearchRequest("ログイン", sentiment=("negative",))) == [("I3", 1)]
