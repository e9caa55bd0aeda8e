"""Offline sentiment for Japanese and English contact-center text: a label (negative / neutral / positive) and a
score in −1..1 (P(positive) − P(negative)) per text.

Model: multinomial logistic regression over the multilingual USE embedding that Koe already computes for themes
(transforms/themes/embed.py, 512-d) plus one lexicon feature — VADER's compound score for English, ML-Ask's
valence for Japanese (both ship inside their PyPI packages). Its weights (3 × 513 + 3 numbers) are in
``sentiment_data/model.json``, fitted by ``fit_model`` on ``sentiment_data/seed_sentences.tsv``: sentences written
for Koe (Apache-2.0 like the code), positive / neutral / negative in both languages. The labelled review sets in
../shared cannot be the training data of a shipped model: JRTE (Jalan hotel reviews) is CC BY-NC-SA and Yelp's
terms forbid redistribution; they are the held-out evaluation (benchmarks/sentiment.py, docs/sentiment.md).
Of the old contact-center cue list only ABUSE is kept: abuse and threats that ML-Ask reads as joy (「ふざけるな」)
and the embedding alone does not outweigh; a text containing one is negative. The rest of the list changed macro-F1
by +0.005 (ja) and −0.004 (en) on the tuning halves and was dropped. Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

from transforms.text_ja import fold_text, is_japanese, normalize_expr

LABELS = ("negative", "neutral", "positive")
DATA = Path(__file__).with_name("sentiment_data")
MODEL_PATH = DATA / "model.json"
SEED_PATH = DATA / "seed_sentences.tsv"
LEXICON_WEIGHT = 0.5  # the lexicon score's scale next to the unit-length embedding (set on the tuning halves)
REGULARISATION = 4.0  # logistic regression's C (set on the tuning halves: 0.5–4 tried, 4 best in both languages)
# Abuse and threats in matching form (transforms.text_ja.normalize_expr: width, kana and spacing folded).
ABUSE = ("ふざけるな", "ふざけんな", "なめてんのか", "いいかげんにしろ", "いい加減にしろ", "晒す", "訴える", "訴えます", "sueyou", "illsue", "iwillsue")
ABUSE_SCORE = -0.6  # at most this score for a text with one of them
_JA_VALENCE = {"POSITIVE": 1.0, "mostly_POSITIVE": 0.5, "NEUTRAL": 0.0, "mostly_NEGATIVE": -0.5, "NEGATIVE": -1.0}


@dataclass(frozen=True)
class SentimentModel:
    coef: np.ndarray  # (3, 513): rows in LABELS order; columns = embedding, then the lexicon score
    intercept: np.ndarray  # (3,)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Softmax over LABELS for each row of ``features``."""
        logits = features @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


@cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _mlask():
    import ipadic
    from mlask_official import MLAskOfficial

    return MLAskOfficial(ipadic.MECAB_ARGS)


def lexicon_scores(texts: Sequence[str]) -> np.ndarray:
    """VADER compound (English) or ML-Ask valence scaled by its emotive expressions (Japanese), −1..1 per text."""
    scores = np.zeros(len(texts))
    ja = [i for i, t in enumerate(texts) if is_japanese(t)]
    if ja:
        for i, result in zip(ja, _mlask().analyze_batch([fold_text(texts[i]) for i in ja], parallel=False), strict=True):
            valence = _JA_VALENCE.get(result.get("valence") or "NEUTRAL", 0.0)
            scores[i] = valence * min(1.0, 0.5 + 0.2 * int(result.get("intension") or 0))
    for i in sorted(set(range(len(texts))) - set(ja)):
        scores[i] = _vader().polarity_scores(fold_text(texts[i]))["compound"]
    return scores


def features(texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
    """Model input: the USE embedding (computed unless given) and the weighted lexicon score."""
    if embeddings is None:
        from transforms.themes.embed import embed_texts

        embeddings = embed_texts(texts)
    return np.hstack([embeddings, LEXICON_WEIGHT * lexicon_scores(texts)[:, None]])


def fit_model(inputs: np.ndarray, labels: Sequence[str], regularisation: float = REGULARISATION) -> SentimentModel:
    """Multinomial logistic regression, classes balanced (development time: scikit-learn is a test dependency)."""
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=regularisation, max_iter=5000, class_weight="balanced").fit(inputs, list(labels))
    order = [list(fitted.classes_).index(label) for label in LABELS]
    return SentimentModel(fitted.coef_[order], fitted.intercept_[order])


def model_json(model: SentimentModel) -> str:
    """The weights as the JSON that ``load_model`` reads (labels in LABELS order)."""
    return json.dumps({"labels": LABELS, "coef": model.coef.tolist(), "intercept": model.intercept.tolist()})


@cache
def load_model(path: Path = MODEL_PATH) -> SentimentModel:
    weights = json.loads(path.read_text(encoding="utf-8"))
    if tuple(weights["labels"]) != LABELS:
        raise ValueError(f"{path}: labels {weights['labels']} are not {LABELS}")
    return SentimentModel(np.asarray(weights["coef"]), np.asarray(weights["intercept"]))


def classify_texts(texts: Sequence[str], model: SentimentModel | None = None) -> pl.DataFrame:
    """label (negative / neutral / positive) and score (−1..1) per text, in order; empty or None → neutral, 0.0."""
    cleaned = [(t or "").strip() for t in texts]
    present = [i for i, t in enumerate(cleaned) if t]
    labels, scores = ["neutral"] * len(cleaned), [0.0] * len(cleaned)
    if present:
        probabilities = (model or load_model()).probabilities(features([cleaned[i] for i in present]))
        abusive = _abusive([cleaned[i] for i in present])
        for row, i in enumerate(present):
            labels[i] = "negative" if abusive[row] else LABELS[int(probabilities[row].argmax())]
            score = float(probabilities[row, 2] - probabilities[row, 0])
            scores[i] = round(min(score, ABUSE_SCORE) if abusive[row] else score, 4)
    return pl.DataFrame({"label": labels, "score": scores}, schema={"label": pl.String, "score": pl.Float64})


def model_version(path: Path = MODEL_PATH) -> str:
    """Identifies the shipped weights and the rules around them: stored scores of another version are redone."""
    rules = json.dumps([LEXICON_WEIGHT, ABUSE, ABUSE_SCORE])
    return hashlib.sha256(path.read_bytes() + rules.encode()).hexdigest()[:12]


def score_messages(unscored: pl.DataFrame) -> pl.DataFrame:
    """label and score for each message of ``unscored`` (message_id, interaction_id, text, text_hash, known_label,
    known_score): a text scored before keeps its known score; each other distinct text is classified once."""
    new_texts = unscored.filter(pl.col("known_label").is_null()).unique("text_hash", maintain_order=True)
    classified = pl.concat([new_texts.select("text_hash"), classify_texts(new_texts["text"].to_list())],
                           how="horizontal")
    return (
        unscored.join(classified, on="text_hash", how="left")
        .select("message_id", "interaction_id", "text_hash",
                pl.coalesce("known_label", "label").alias("label"), pl.coalesce("known_score", "score").alias("score"))
    )


def _abusive(texts: Sequence[str]) -> list[bool]:
    normalised = pl.Series(texts, dtype=pl.String).to_frame("t").select(normalize_expr("t")).to_series()
    return [any(phrase in (text or "") for phrase in ABUSE) for text in normalised]


def score_texts(texts: Sequence[str]) -> list[float]:
    """Sentiment of each text in −1 (negative) .. 1 (positive), P(positive) − P(negative); empty or None → 0.0."""
    return classify_texts(texts)["score"].to_list()
