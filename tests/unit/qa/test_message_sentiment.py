"""Customer-message sentiment is scored once when stored (asset message_sentiment) and read downstream: QA scoring
uses the stored score instead of running the model, sampling sees every channel's end-of-contact sentiment, and the
interaction page draws the turn-by-turn strip. Real DuckDB files and real Dagster runs; shipped case transcripts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

import warehouse
import warehouse.qa as qa_store
from dashboards.callbacks.interaction import _sentiment_strip
from pipelines.defs.qa import qa_scores
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.defs.sentiment import message_sentiment
from qa_rubrics import load_all
from tests.unit.qa.warehouse_fixture import insert_cases
from transforms.qa.scoring import score_interactions
from transforms.sentiment import model_version


def _materialize(path: str, *assets: dg.AssetsDefinition) -> dg.ExecuteInProcessResult:
    return dg.materialize([message_sentiment, *assets],
                          resources={"warehouse": WarehouseResource(path=path), "koe_settings": SettingsResource()})


def _scored(result: dg.ExecuteInProcessResult) -> int:
    return result.asset_materializations_for_node("message_sentiment")[0].metadata["scored"].value  # type: ignore[return-value]


def test_each_customer_message_is_scored_once_and_again_only_when_its_text_changes(tmp_path: Path) -> None:
    path = str(tmp_path / "w.duckdb")
    with warehouse.connect(path) as conn:
        insert_cases(conn)
        customer = conn.execute("select count(*) from core.messages where role = 'customer'").fetchall()[0][0]
    assert _scored(_materialize(path)) == customer
    assert _scored(_materialize(path)) == 0  # nothing new
    with warehouse.connect(path) as conn:
        conn.execute("update core.messages set text = 'ありがとうございました、助かりました'"
                     " where interaction_id = 'MAIL' and role = 'customer'")
    assert _scored(_materialize(path)) == 1
    with warehouse.connect(path) as conn:
        rows = warehouse.read(conn, "select * from core.message_sentiment")
        contacts = warehouse.read(conn, "select * from marts.contact_sentiment")
    assert rows.height == customer and rows["model_version"].unique().to_list() == [model_version()]
    by_id = {r["interaction_id"]: r for r in contacts.iter_rows(named=True)}
    assert by_id["KASUHARA"]["sentiment_end"] < -0.3 and by_id["KASUHARA"]["sentiment_start"] < -0.3
    assert by_id["MAIL"]["sentiment_end"] > 0.3  # the new text's score, not the old one's


def test_qa_scoring_reads_the_stored_sentiment_instead_of_running_the_model(tmp_path: Path) -> None:
    path = str(tmp_path / "w.duckdb")
    with warehouse.connect(path) as conn:
        insert_cases(conn)
    _materialize(path)
    with warehouse.connect(path) as conn:
        interactions, messages, metrics = qa_store.pending_inputs(conn, {r.id: r.version for r in load_all()})
    customer = messages.filter(pl.col("role") == "customer")
    assert customer["sentiment"].null_count() == 0
    asked: list[str] = []

    def model(texts: Sequence[str]) -> list[float]:
        asked.extend(texts)
        return [0.0] * len(texts)

    scored = score_interactions(load_all(), interactions, messages, metrics, sentiment=model)
    assert asked == []  # every customer turn came with its stored score
    criteria = scored.answers.filter(pl.col("interaction_id") == "KASUHARA")
    assert criteria.height > 0
    score_interactions(load_all(), interactions, messages.drop("sentiment"), metrics, sentiment=model)
    assert asked  # without stored scores the model is asked: the test above can fail


def test_sampling_sees_the_end_sentiment_of_written_contacts_too(tmp_path: Path) -> None:
    path = str(tmp_path / "w.duckdb")
    with warehouse.connect(path) as conn:
        insert_cases(conn)
        conn.execute("update core.messages set text = '何度も連絡しているのに返事がない。本当に最悪です。'"
                     " where interaction_id = 'MAIL' and role = 'customer'")
    assert _materialize(path, qa_scores).success
    with warehouse.connect(path) as conn:
        candidates = qa_store.sampling_candidates(conn, 30)
    mail = candidates.filter(pl.col("interaction_id") == "MAIL")
    assert mail["customer_sentiment_end"][0] < -0.3  # an e-mail has no call metrics: the stored turn score


def test_the_interaction_strip_has_a_cell_per_scored_customer_turn_in_both_languages() -> None:
    messages = pl.DataFrame({"seq": [1, 2, 3, 4], "role": ["customer", "agent", "customer", "customer"],
                             "sentiment_label": ["neutral", None, "negative", "positive"],
                             "sentiment": [0.05, None, -0.8, 0.7]})
    for lang, first_last in (("ja", "最初: 中立 → 最後: ポジティブ"), ("en", "First: Neutral → last: Positive")):
        strip = _sentiment_strip(messages, lang)
        assert strip is not None
        title, cells, caption = strip.children
        assert [c.className for c in cells.children] == ["sentiment-cell neutral", "sentiment-cell negative",
                                                         "sentiment-cell positive"]
        assert [c.href for c in cells.children] == ["#interaction-turn-1", "#interaction-turn-3", "#interaction-turn-4"]
        assert caption.children == first_last
    assert "3番目の発言: ネガティブ (-0.80)" == _sentiment_strip(messages, "ja").children[1].children[1].title
    assert _sentiment_strip(messages.with_columns(sentiment_label=pl.lit(None, pl.String)), "en") is None


def test_call_metrics_read_the_stored_turn_sentiment_like_the_contact_sentiment_view(tmp_path: Path) -> None:
    """message_sentiment runs before conversation_metrics, which reads the stored turn scores: a call's start and
    end sentiment are marts.contact_sentiment's, and a stored score (here one set by hand) is what it uses."""
    from pipelines.defs.transcription import conversation_metrics

    path = str(tmp_path / "w.duckdb")
    turns = [("agent", "お電話ありがとうございます。"), ("customer", "注文した商品がまだ届きません。"),
             ("agent", "申し訳ございません。"), ("customer", "早く届けてください。"),
             ("customer", "対応ありがとうございました。"), ("customer", "助かりました。")]
    with warehouse.connect(path) as conn:
        conn.execute("insert into core.interactions (interaction_id, channel, direction, created_at)"
                     " values ('CALL', 'phone', 'inbound', timestamp '2026-11-20 01:00:00')")
        conn.execute("insert into core.recordings (recording_id, interaction_id, path, sha256, duration_seconds,"
                     " status) values ('CALL', 'CALL', 'call.wav', 'h', 60, 'transcribed')")
        conn.execute("insert into core.transcriptions (sha256, engine, model, options_hash, recording_id, status,"
                     " language, duration_seconds, transcribed_at) values ('h', 'e', 'm', 'o', 'CALL', 'transcribed',"
                     " 'ja', 60, now()::timestamp)")
        conn.executemany("insert into core.messages (message_id, interaction_id, seq, role, offset_seconds,"
                         " end_offset_seconds, text, language, source) values (?, 'CALL', ?, ?, ?, ?, ?, 'ja', 'transcript')",
                         [(f"CALL-{n}", n, role, n * 5.0, n * 5.0 + 4, text) for n, (role, text) in enumerate(turns, 1)])
    assert dg.materialize([message_sentiment], resources={"warehouse": WarehouseResource(path=path)}).success
    with warehouse.connect(path) as conn:
        conn.execute("update core.message_sentiment set score = -1.0 where message_id = 'CALL-2'")
    assert dg.materialize([conversation_metrics], resources={"warehouse": WarehouseResource(path=path)}).success
    with warehouse.connect(path) as conn:
        call = warehouse.read(conn, "select customer_sentiment_start, customer_sentiment_end"
                                    " from core.conversation_metrics").row(0, named=True)
        view = warehouse.read(conn, "select sentiment_start, sentiment_end from marts.contact_sentiment").row(0, named=True)
        first = conn.execute("select score from core.message_sentiment where message_id = 'CALL-4'").fetchall()[0][0]
    assert call["customer_sentiment_start"] == pytest.approx((-1.0 + first) / 2)  # the hand-set stored −1.0
    assert (call["customer_sentiment_start"], call["customer_sentiment_end"]) == (
        pytest.approx(view["sentiment_start"]), pytest.approx(view["sentiment_end"]))
