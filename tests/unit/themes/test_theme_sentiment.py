"""Customer sentiment in theme summaries (issue 19): theme_daily carries additive sentiment columns built from the
stored per-turn scores, and a theme's summary gives its share of negative customer turns and its contacts' mean
start and end sentiment. A real DuckDB file for the warehouse read."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

import warehouse
from transforms.sentiment import model_version
from transforms.themes.summary import theme_summary
from transforms.themes.trends import theme_daily
from warehouse.themes import read_contact_sentiment

AT = datetime(2026, 10, 1, 3)  # 12:00 JST


def _documents(ids: list[str]) -> pl.DataFrame:
    n = len(ids)
    return pl.DataFrame({"document_id": ids, "created_at": [AT] * n, "channel": ["phone"] * n, "product": ["app"] * n,
                         "csat": [None] * n, "nps": [None] * n, "text": ["注文が届きません"] * n},
                        schema_overrides={"csat": pl.Int64, "nps": pl.Int64})


def test_a_themes_negative_share_and_start_end_sentiment_come_from_the_stored_turns() -> None:
    documents = _documents(["i1", "i2", "i3"])
    assignments = pl.DataFrame({"document_id": ["i1", "i2", "i3"], "theme_id": ["T1", "T1", "T2"]})
    sentiment = pl.DataFrame({"document_id": ["i1", "i2", "i3"], "customer_turns": [4, 2, 3],
                              "negative_turns": [3, 0, 1], "sentiment_start": [-0.8, 0.2, -0.1],
                              "sentiment_end": [-0.2, 0.6, 0.3]})
    daily = theme_daily(documents, assignments, sentiment=sentiment)
    t1 = daily.filter(pl.col("theme_id") == "T1").row(0, named=True)
    assert (t1["customer_turns"], t1["negative_turns"], t1["sentiment_contacts"]) == (6, 3, 2)
    assert (t1["sentiment_start_sum"], t1["sentiment_end_sum"]) == (pytest.approx(-0.6), pytest.approx(0.4))
    summary = {r["theme_id"]: r for r in theme_summary(daily, date(2026, 10, 1), date(2026, 10, 1)).iter_rows(named=True)}
    assert summary["T1"]["negative_share"] == pytest.approx(3 / 6)
    assert (summary["T1"]["sentiment_start"], summary["T1"]["sentiment_end"]) == (pytest.approx(-0.3), pytest.approx(0.2))
    assert summary["T2"]["negative_share"] == pytest.approx(1 / 3)
    unscored = theme_summary(theme_daily(documents, assignments), date(2026, 10, 1), date(2026, 10, 1))
    assert unscored["negative_share"].null_count() == unscored.height  # no scored turn: unknown, not 0 %


def test_the_warehouse_gives_each_contact_its_scored_customer_turns(tmp_path) -> None:
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path) as conn:
        conn.executemany("insert into core.messages (message_id, interaction_id, seq, role, text) values (?, ?, ?, ?, ?)",
                         [("c1-1", "C1", 1, "customer", "遅い"), ("c1-2", "C1", 2, "agent", "申し訳ございません"),
                          ("c1-3", "C1", 3, "customer", "まだですか"), ("c1-4", "C1", 4, "customer", "ありがとう")])
        conn.executemany("insert into core.message_sentiment (message_id, interaction_id, text_hash, model_version,"
                         " label, score) values (?, 'C1', 'h', ?, ?, ?)",
                         [("c1-1", model_version(), "negative", -0.7), ("c1-3", model_version(), "negative", -0.5),
                          ("c1-4", model_version(), "positive", 0.8)])
        rows = read_contact_sentiment(conn)
    assert rows.to_dicts() == [{"document_id": "C1", "customer_turns": 3, "negative_turns": 2,
                                "sentiment_start": pytest.approx(-0.7), "sentiment_end": pytest.approx(0.8)}]
