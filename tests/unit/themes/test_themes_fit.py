"""Full fit on planted bilingual themes: recovery, labels in both languages, stable ids, incremental assignment."""

from __future__ import annotations

import numpy as np
import polars as pl
from sklearn.metrics import normalized_mutual_info_score

from transforms.themes.cluster import ClusterParams
from transforms.themes.fit import assign_documents, fit_themes


def _theme_of(fit, planted: pl.DataFrame) -> pl.DataFrame:
    return planted.join(fit.assignments, on="document_id")


def test_planted_themes_recovered_across_languages(planted, planted_embeddings):
    fit = fit_themes(planted, planted_embeddings)
    joined = _theme_of(fit, planted)
    assert normalized_mutual_info_score(joined["theme"], joined["theme_id"].fill_null("-")) > 0.9
    # each planted theme's majority theme holds both languages
    majority = joined.group_by("theme", "theme_id").len().sort("len", descending=True).unique("theme", keep="first")
    assert majority["theme_id"].n_unique() == 5
    per_lang = joined.join(majority.select("theme", "theme_id"), on=["theme", "theme_id"]).group_by("theme").agg(
        pl.col("language").n_unique()
    )
    assert per_lang["language"].to_list() == [2] * 5


def test_labels_carry_english_and_japanese_keywords(planted, planted_embeddings):
    themes = fit_themes(planted, planted_embeddings).themes
    charge = themes.filter(pl.col("keywords_ja").list.contains("二重請求"))
    assert charge.height == 1
    assert any("twice" in k or "charge" in k for k in charge["keywords_en"][0])
    assert " / " in charge["label"][0]


def test_three_examples_per_theme_in_both_languages(planted, planted_embeddings):
    examples = fit_themes(planted, planted_embeddings).examples
    per_theme = examples.group_by("theme_id").agg(pl.len(), pl.col("language").n_unique().alias("langs"))
    assert per_theme["len"].to_list() == [3] * per_theme.height
    assert per_theme["langs"].min() == 2


def test_refit_on_same_data_keeps_every_id(planted, planted_embeddings):
    first = fit_themes(planted, planted_embeddings)
    second = fit_themes(planted, planted_embeddings, previous=first.themes, previous_assignments=first.assignments)
    assert second.events["event"].unique().to_list() == ["kept"]
    assert first.assignments.equals(second.assignments)


def test_new_theme_gets_new_id_and_old_ones_are_kept(planted, planted_embeddings):
    coarse = ClusterParams(resolution=1.0)  # one cluster per planted theme on this tiny set: the ids are under test
    four = ~planted["theme"].is_in(["rude_support"])
    first = fit_themes(planted.filter(four), planted_embeddings[four.to_numpy()], params=coarse)
    second = fit_themes(planted, planted_embeddings, previous=first.themes, params=coarse)
    events = dict(second.events.select("event", "theme_id").group_by("event").agg(pl.col("theme_id")).iter_rows())
    assert len(events["kept"]) == 4 and len(events["new"]) == 1
    assert events["new"][0] not in first.themes["theme_id"].to_list()


def test_incremental_assignment_uses_existing_ids(planted, planted_embeddings):
    fit = fit_themes(planted, planted_embeddings)
    unrelated = np.zeros((1, planted_embeddings.shape[1]), dtype=np.float32)
    unrelated[0, 0] = 1.0
    docs = pl.concat([planted.head(3).select("document_id"), pl.DataFrame({"document_id": ["far"]})])
    assigned = assign_documents(docs, np.vstack([planted_embeddings[:3], unrelated]), fit.themes)
    expected = fit.assignments.head(3)["theme_id"].to_list()
    assert assigned["theme_id"].to_list() == [*expected, None]
    assert set(assigned["method"]) == {"incremental"}


def test_a_theme_without_shared_keywords_is_named_by_its_typical_document_redacted():
    from transforms.themes.fit import _label_without_keywords

    themes = pl.DataFrame({"theme_id": ["T0001", "T0002"], "label": ["late, delivery", ""]})
    examples = pl.DataFrame({"theme_id": ["T0001", "T0002", "T0002"], "rank": [1, 1, 2],
                             "text": ["My parcel is late", "折り返しは090-1234-5678までお願いします", "はい"]})
    named = dict(_label_without_keywords(themes, examples).iter_rows())
    assert named["T0001"] == "late, delivery"
    assert named["T0002"].startswith("折り返しは") and "1234" not in named["T0002"]
