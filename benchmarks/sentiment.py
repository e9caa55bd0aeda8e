"""Sentiment accuracy and macro-F1 per language on held-out rows, before and after (issue 19).
Run: .venv/bin/python benchmarks/sentiment.py [--train]

--train  refits the shipped model (transforms/sentiment_data/model.json) on the seed sentences written for Koe.

Held-out rows (never trained or tuned on): Japanese — Jalan hotel-review sentences of JRTE with usage = dev
(../shared/data/jalan_hotel_review_sentences_ja/pn.tsv); English — the odd rows of the Yelp sample (stars 1–2
negative, 3 neutral, 4–5 positive). The other rows (JRTE usage = train, Yelp even rows) were the tuning halves:
they chose LEXICON_WEIGHT and the regularisation, nothing else. Neither set may train a shipped model (JRTE is
CC BY-NC-SA, Yelp's terms forbid redistribution); the "in-domain" row shows what a model trained on the JRTE
train rows reaches on the same held-out rows, for reference only.
Baselines: always the majority label of the tuning half; the previous method (VADER / ML-Ask + cue list, the
module as of OLD_COMMIT; score > 0.05 positive, < −0.05 negative, else neutral); the same model as now fitted on
the first 190 seed sentences (model.json as of SEED_190_COMMIT).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.metrics import accuracy_score, f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from transforms.sentiment import (  # noqa: E402
    LABELS,
    MODEL_PATH,
    SEED_PATH,
    SentimentModel,
    classify_texts,
    features,
    fit_model,
    model_json,
)
from transforms.themes.embed import embed_texts  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OLD_COMMIT = "7ab39eb"  # the last commit with the lexicon + cue-list sentiment
SEED_190_COMMIT = "3564667"  # the last commit whose model.json was fitted on the first 190 seed sentences (C = 1)
POLARITY = {1: "positive", 0: "neutral", -1: "negative"}


def splits() -> dict[str, dict[str, tuple[list[str], list[str]]]]:
    """language → {"tune": (texts, labels), "held_out": (texts, labels)}."""
    jrte = pl.read_csv(DATA / "jalan_hotel_review_sentences_ja" / "pn.tsv", separator="\t", quote_char=None)
    jrte = jrte.with_columns(pl.col("label").replace_strict(POLARITY, return_dtype=pl.String))
    yelp = pl.read_csv(DATA / "yelp_reviews_en_sample" / "yelp_reviews.csv").with_row_index()
    stars = pl.col("stars_x")
    yelp = yelp.with_columns(label=pl.when(stars <= 2).then(pl.lit("negative")).when(stars == 3).then(pl.lit("neutral"))
                             .otherwise(pl.lit("positive")))  # fmt: skip
    pick = lambda frame: (frame["text"].to_list(), frame["label"].to_list())  # noqa: E731
    return {
        "ja (JRTE dev)": {"tune": pick(jrte.filter(pl.col("usage") == "train")), "held_out": pick(jrte.filter(pl.col("usage") == "dev"))},
        "en (Yelp odd rows)": {"tune": pick(yelp.filter(pl.col("index") % 2 == 0)), "held_out": pick(yelp.filter(pl.col("index") % 2 == 1))},
    }  # fmt: skip


def old_scorer():  # noqa: ANN201 - the previous module's score_texts
    source = subprocess.run(["git", "show", f"{OLD_COMMIT}:transforms/sentiment.py"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    module = types.ModuleType("old_sentiment")
    exec(compile(source, "old_sentiment", "exec"), module.__dict__)  # noqa: S102 - our own history
    return module.score_texts


def seed_190_model() -> SentimentModel:
    """The weights shipped before the seed sentences grew from 190 to 405 (issue 19), from the repository's history."""
    weights = json.loads(subprocess.run(["git", "show", f"{SEED_190_COMMIT}:transforms/sentiment_data/model.json"],
                                        cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    return SentimentModel(np.asarray(weights["coef"]), np.asarray(weights["intercept"]))


def three_way(scores: list[float]) -> list[str]:
    return ["positive" if s > 0.05 else "negative" if s < -0.05 else "neutral" for s in scores]


def report(name: str, truth: list[str], predicted: list[str], seconds: float | None = None) -> None:
    rate = f"  {len(truth) / seconds:,.0f} texts/s" if seconds else ""
    print(f"{name:<44} accuracy {accuracy_score(truth, predicted):.3f}  macro-F1 {f1_score(truth, predicted, average='macro'):.3f}{rate}")


def train() -> None:
    seed = pl.read_csv(SEED_PATH, separator="\t", quote_char=None)
    model = fit_model(features(seed["text"].to_list()), seed["label"].to_list())
    MODEL_PATH.write_text(model_json(model), encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)} from {seed.height} seed sentences")


def main() -> None:
    old, seed_190 = old_scorer(), seed_190_model()
    for language, split in splits().items():
        texts, truth = split["held_out"]
        counts = {label: truth.count(label) for label in LABELS}
        print(f"\n== {language}: {len(texts)} held-out rows {counts}")
        majority = max(LABELS, key=split["tune"][1].count)
        report(f"always {majority} (majority of the tuning half)", truth, [majority] * len(truth))
        start = time.perf_counter()
        before = three_way(old(texts))
        report("before: VADER / ML-Ask + cue list", truth, before, time.perf_counter() - start)
        report("USE + lexicon, 190 seed sentences (shipped until 2026-11-30)", truth,
               classify_texts(texts, seed_190)["label"].to_list())
        start = time.perf_counter()
        after = classify_texts(texts)["label"].to_list()
        report("after: USE + lexicon, 405 seed sentences (shipped)", truth, after, time.perf_counter() - start)
        if language.startswith("ja"):
            tune_texts, tune_labels = split["tune"]
            in_domain = fit_model(features(tune_texts), tune_labels)
            probabilities = in_domain.probabilities(features(texts, embed_texts(texts)))
            report("reference: trained on JRTE train rows (not shippable)", truth, [LABELS[i] for i in probabilities.argmax(axis=1)])


if __name__ == "__main__":
    train() if "--train" in sys.argv else main()
