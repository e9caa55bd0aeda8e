"""Pure stages on hand-made data: stable-id events, clustering noise/duplicates, emerging detection, documents,
tokens, FAQ flags."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import adjusted_rand_score

from transforms.themes.cluster import NOISE, ClusterParams, cluster, cluster_embeddings
from transforms.themes.documents import build_documents, drop_boilerplate, on_local_day
from transforms.themes.faq import question_expr
from transforms.themes.stable_ids import match_themes
from transforms.themes.tokenize import terms
from transforms.themes.trends import emerging_themes


def _unit(*vectors: list[float]) -> np.ndarray:
    m = np.asarray(vectors, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_match_themes_records_kept_split_merged_retired_and_never_reuses_ids():
    old = _unit([1, 0, 0, 0], [0, 1, 0, 0], [0, 0.9, 0.3, 0], [0, 0, 0, 1])  # T0001..T0004
    new = _unit([1, 0.05, 0, 0], [0.95, 0, 0.3, 0], [0, 1, 0.1, 0])  # T0001 kept + split; T0002/T0003 merge
    ids, events = match_themes(new, ["T0001", "T0002", "T0003", "T0004"], old, known_ids=["T0009"], threshold=0.8)
    by_event = {e: sorted(g["theme_id"].to_list()) for (e,), g in events.group_by("event")}
    assert ids == ["T0001", "T0010", "T0002"]
    assert by_event == {"kept": ["T0001", "T0002"], "split": ["T0010"], "merged": ["T0003"], "retired": ["T0004"]}
    assert events.filter(pl.col("event") == "merged")["related_theme_id"].to_list() == ["T0002"]


def test_cluster_puts_outliers_in_noise_and_counts_duplicates():
    rng = np.random.default_rng(0)
    centres = _unit(*np.eye(8)[:3].tolist())
    blobs = [c + rng.normal(0, 0.05, (20, 8)) for c in centres]
    outliers = np.eye(8)[3:6]  # three lone documents, unlike anything else
    dupes = np.repeat(_unit([0, 0, 0, 0, 0, 0, 1, 1]), 6, axis=0)  # one wording, six copies → a theme of 6
    data = np.vstack([*blobs, outliers, dupes]).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    labels = cluster_embeddings(data, ClusterParams(neighbours=8, resolution=1.0, min_cluster_size=5, member_similarity=0.6))
    assert [len(set(labels[i * 20 : (i + 1) * 20])) for i in range(3)] == [1, 1, 1]
    assert len(set(labels[:60])) == 3 and NOISE not in labels[:60]
    assert (labels[60:63] == NOISE).all()
    assert len(set(labels[63:])) == 1 and labels[63] != NOISE
    assert np.array_equal(labels, cluster_embeddings(data, ClusterParams(neighbours=8, resolution=1.0, min_cluster_size=5, member_similarity=0.6)))


def _daily(counts: dict[str, list[int]], start: date) -> pl.DataFrame:
    rows = [(start + timedelta(days=d), t, n) for t, series in counts.items() for d, n in enumerate(series)]
    return pl.DataFrame(rows, schema=["day", "theme_id", "documents"], orient="row")


def test_emerging_flags_spike_and_new_theme_not_steady_ones():
    steady = [10] * 30
    spike = [2] * 25 + [12] * 5
    new = [0] * 25 + [6] * 5
    daily = _daily({"T1": steady, "T2": spike, "T3": new}, date(2026, 10, 1))
    result = emerging_themes(daily, as_of=date(2026, 10, 30), recent_days=5, baseline_days=25)
    flags = dict(result.select("theme_id", "is_emerging").iter_rows())
    assert flags == {"T1": False, "T2": True, "T3": True}
    assert result.filter(pl.col("is_new"))["theme_id"].to_list() == ["T3"]


def test_documents_join_sources_put_low_score_comment_first_and_keep_unlinked_surveys():
    at = datetime(2026, 10, 1, 3)
    interactions = pl.DataFrame({"interaction_id": ["i1", "i2"], "channel": ["email", "phone"], "product": ["app", None],
                                 "customer_id": ["c1", "c2"], "language": [None, "en"], "subject": ["ログイン", None],
                                 "created_at": [at, at]})  # fmt: skip
    messages = pl.DataFrame({"interaction_id": ["i1", "i2", "i2"], "seq": [1, 2, 1], "text": ["できません", "twice", "charged"],
                             "language": ["ja", "en", "en"], "source": ["ticket", "transcript", "transcript"]})  # fmt: skip
    surveys = pl.DataFrame({"survey_id": ["s1", "s2"], "interaction_id": ["i1", None], "customer_id": ["c1", "c3"],
                            "responded_at": [at, at], "csat": [1, 5], "nps": [None, 10], "comment": ["最悪", "great"],
                            "language": ["ja", "en"]})  # fmt: skip
    docs = build_documents(interactions, messages, surveys)
    assert docs.select("document_id", "language", "text").rows() == [
        ("i1", "ja", "最悪 ログイン できません"), ("i2", "en", "charged twice"), ("s2", "en", "great")
    ]  # fmt: skip


def test_terms_and_question_flags_in_both_languages():
    assert terms("二回も二重請求されています", "ja") == ["二重請求"]
    assert terms("I was charged twice", "en") == ["charged", "twice", "charged twice"]
    texts = pl.Series(["パスワードを変更する方法", "ログインできない", "届きました", "How do I reset it", "arrived broken"])
    assert pl.select(question_expr(pl.lit(texts))).to_series().to_list() == [True, True, False, True, False]


def test_frequent_non_lead_turns_are_dropped_but_lead_turns_kept():
    n = 10
    parts = pl.DataFrame({
        "document_id": [f"d{i}" for i in range(n) for _ in range(3)],
        "position": [0, 1, 2] * n,
        "text": [t for i in range(n) for t in (f"complaint number {i} about topic {chr(97 + i)}", "Yes, that's right.", "Order A1234" if i % 2 else "Order B5678")],
        "is_lead": [True, False, False] * n,
    })  # fmt: skip
    kept = drop_boilerplate(parts)
    assert kept["text"].to_list() == [f"complaint number {i} about topic {chr(97 + i)}" for i in range(n)]


def test_on_local_day_keeps_the_documents_of_that_local_calendar_day():
    docs = pl.DataFrame({"document_id": ["a", "b", "c"],
                         "created_at": [datetime(2026, 11, 20, 14, 59), datetime(2026, 11, 20, 15, 0), None]})  # UTC
    assert on_local_day(docs, "2026-11-20", "Asia/Tokyo")["document_id"].to_list() == ["a"]  # 23:59 JST
    assert on_local_day(docs, "2026-11-21", "Asia/Tokyo")["document_id"].to_list() == ["b"]  # 00:00 JST next day
    assert on_local_day(docs, "2026-11-20", "UTC")["document_id"].to_list() == ["a", "b"]
    assert on_local_day(docs, None, "Asia/Tokyo").height == 3  # no partition: every document


def _planted_intents(themes: int, documents: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors around ``themes`` centres in 48 dimensions; centres come in sibling pairs (cosine ≈ 0.5, like
    "card arrival" and "card delivery estimate"), so a coarse resolution merges siblings on a small corpus."""
    rng = np.random.default_rng(seed)
    parents = _normalised(rng.normal(size=((themes + 1) // 2, 48)))
    centres = np.repeat(parents, 2, axis=0)[:themes] * 0.7 + _normalised(rng.normal(size=(themes, 48))) * np.sqrt(0.51)
    labels = np.arange(documents) % themes
    return _normalised(centres[labels] + rng.normal(0, 0.9 / np.sqrt(48), (documents, 48))).astype(np.float32), labels


def _normalised(m: np.ndarray) -> np.ndarray:
    return m / np.linalg.norm(m, axis=1, keepdims=True)


@pytest.mark.parametrize(("themes", "documents"), [(4, 300), (10, 1200), (30, 600), (30, 2400)])
def test_granularity_is_chosen_from_the_data(themes: int, documents: int):
    # resolution 2 (the old default) merges sibling themes at 30 themes / 600 documents (26 found); γ ∝ 1/√n alone
    # cuts 4 compact themes into pieces: the silhouette step keeps them whole
    embeddings, planted = _planted_intents(themes, documents, seed=themes)
    found = cluster(embeddings)  # no resolution given
    assert found.labels.max() + 1 == themes
    assert adjusted_rand_score(planted, found.labels) > 0.95


def test_a_given_resolution_is_used_as_is():
    embeddings, _ = _planted_intents(10, 600, seed=1)
    assert cluster(embeddings, ClusterParams(resolution=1.5)).resolution == 1.5
    assert cluster(embeddings).resolution != 1.5


@pytest.fixture(scope="module")
def templated_bilingual() -> tuple[pl.DataFrame, np.ndarray]:
    """The planted reasons as templated tickets: 5 wordings × 4 endings per reason and language, 60 each."""
    from planted import planted_documents

    from transforms.themes.embed import embed_texts

    documents = planted_documents(per_language=60)
    return documents, embed_texts(documents["text"].to_list())


def test_themes_of_a_templated_bilingual_corpus_keep_languages_together(templated_bilingual):
    # the size rule alone cuts these 5 reasons by language and wording (34 themes, each in one language)
    documents, embeddings = templated_bilingual
    alone = cluster(embeddings)
    found = cluster(embeddings, languages=documents["language"].to_numpy())
    assert alone.labels.max() + 1 > 15
    assert 5 <= found.labels.max() + 1 <= 7 and found.resolution < alone.resolution
    assert adjusted_rand_score(documents["theme"].to_numpy(), found.labels) > 0.8


def test_languages_that_talk_about_different_things_keep_the_size_rules_resolution(templated_bilingual):
    documents, embeddings = templated_bilingual
    apart = ((pl.col("language") == "en") & pl.col("theme").is_in(["delivery", "login"])) | (
        (pl.col("language") == "ja") & pl.col("theme").is_in(["double_charge", "defective", "rude_support"]))
    rows = documents.with_row_index().filter(apart)["index"].to_numpy()
    found = cluster(embeddings[rows], languages=documents["language"].to_numpy()[rows])
    assert found.resolution == cluster(embeddings[rows]).resolution
