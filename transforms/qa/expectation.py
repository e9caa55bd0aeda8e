"""What a criterion expected, in the reviewer's language: for a fail, the part of the rule that was not met.

A failed criterion's evidence can read like a pass (the greeting was found, the agent's name was not). This module
walks the rubric's detector tree, compares each part with the evidence found (its `detector_id`, the YAML path the
scorer records), and says which parts were missing and which forbidden ones were found. Pure: rubric models and
evidence ids in, text out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qa_rubrics import schema

_WORDS = {  # key: (ja, en)
    "agent": ("オペレーター", "the agent"), "customer": ("お客様", "the customer"), "bot": ("自動応答", "the IVR/bot"),
    "system": ("システム", "the system"), "any": ("誰か", "anyone"),
    "says": ("{who}が「{phrases}」と言う", "{who} says “{phrases}”"),
    # a regex is rule syntax, not words for a reviewer: its text is the criterion's own description (shown beside);
    # `koe qa explain` prints the pattern itself
    "matches": ("{who}が説明どおりの言い方（名前・番号など）をする", "{who} says it as the description asks (a name, a number…)"),
    "times": ("（{n}回以上）", " ({n} times or more)"),
    "first_turns": ("最初の{n}ターン以内", "within the first {n} turns"),
    "last_turns": ("最後の{n}ターン以内", "within the last {n} turns"),
    "first_seconds": ("最初の{n}秒以内", "within the first {n} s"),
    "last_seconds": ("最後の{n}秒以内", "within the last {n} s"),
    "metric": ("{metric} {op} {value}", "{metric} {op} {value}"),
    "sentiment": ("{who}の感情（{measure}）{op} {value}", "{who}'s sentiment ({measure}) {op} {value}"),
    "start": ("冒頭", "start"), "start_lowest": ("冒頭で最も低い発話", "lowest of the first turns"),
    "end": ("終わり", "end"), "change": ("変化", "change"),
    "order": ("{first}、その後に{then}", "{first}, and after that {then}"),
    "any_of": ("次のいずれか: {parts}", "one of: {parts}"),
    "or": (" / ", " / "),
    "not": ("{inner}（してはいけない）", "not: {inner}"),
}
_METRICS = {  # metric: (ja, en)
    "hold_seconds": ("保留秒数", "hold seconds"), "talk_seconds": ("通話秒数", "talk seconds"),
    "duration_seconds": ("通話の長さ（秒）", "duration (s)"), "first_response_seconds": ("初回返信までの秒数", "first response (s)"),
    "silence_ratio": ("沈黙の割合", "silence ratio"), "agent_talk_ratio": ("オペレーターの発話割合", "agent talk ratio"),
    "longest_silence_seconds": ("最長の沈黙（秒）", "longest silence (s)"), "interruptions": ("割り込み回数", "interruptions"),
    "hold_segments": ("保留回数", "holds"), "customer_turns": ("お客様の発話数", "customer turns"),
    "agent_turns": ("オペレーターの発話数", "agent turns"), "transfers": ("転送回数", "transfers"),
}
MAX_PHRASES = 3


def _w(key: str, lang: str, **values: object) -> str:
    ja, en = _WORDS[key]
    return (ja if lang == "ja" else en).format(**values)


def _where(window: schema.Window | None, lang: str) -> str:
    if window is None:
        return ""
    parts = [_w(name, lang, n=f"{value:g}" if isinstance(value, float) else value)
             for name, value in window.model_dump(exclude_none=True).items()]
    return ("（" + "、".join(parts) + "）") if lang == "ja" else (" (" + ", ".join(parts) + ")")


def describe(detector: schema.Detector, lang: str) -> str:
    """One detector in plain words, in ``lang`` (ja or en); phrases are quoted as written, a regex is not shown."""
    match detector:
        case schema.PhraseDetector():
            shown = ("」「" if lang == "ja" else "”, “").join(detector.phrases[:MAX_PHRASES])
            shown += "…" if len(detector.phrases) > MAX_PHRASES else ""
            times = _w("times", lang, n=detector.min_count) if detector.min_count > 1 else ""
            return _w("says", lang, who=_w(detector.speaker, lang), phrases=shown) + times + _where(detector.within, lang)
        case schema.RegexDetector():
            return _w("matches", lang, who=_w(detector.speaker, lang)) + _where(detector.within, lang)
        case schema.MetricDetector():
            name = _METRICS[detector.metric][0 if lang == "ja" else 1]
            return _w("metric", lang, metric=name, op=detector.op, value=f"{detector.value:g}")
        case schema.SentimentDetector():
            return _w("sentiment", lang, who=_w(detector.speaker, lang), measure=_w(detector.measure, lang),
                      op=detector.op, value=f"{detector.value:g}")
        case schema.OrderDetector():
            return _w("order", lang, first=describe(detector.first, lang), then=describe(detector.then, lang))
        case schema.AllOf():
            return ("、" if lang == "ja" else "; ").join(describe(c, lang) for c in detector.all_of)
        case schema.AnyOf():
            return _w("any_of", lang, parts=_w("or", lang).join(describe(c, lang) for c in detector.any_of))
        case schema.Not():
            return _w("not", lang, inner=describe(detector.not_, lang))
    raise TypeError(f"unknown detector {detector!r}")


@dataclass(frozen=True)
class Shortfall:
    """One reason a criterion failed: a `missing` expectation, or a `forbidden` thing that was found."""

    kind: str  # missing | forbidden
    text: str  # the expectation or the rule, in the reviewer's language


def _found(path: str, found_ids: set[str]) -> bool:
    return any(found == path or found.startswith(path + ".") for found in found_ids)


def _walk(detector: schema.Detector, path: str, found_ids: set[str], lang: str) -> list[Shortfall]:
    """The parts of a detector that did not hold, given which detector paths produced evidence."""
    path = getattr(detector, "id", None) or path
    match detector:
        case schema.AllOf():
            return [s for i, c in enumerate(detector.all_of) for s in _walk(c, f"{path}.all_of[{i}]", found_ids, lang)]
        case schema.Not():
            return [Shortfall("forbidden", describe(detector.not_, lang))] if _found(path, found_ids) else []
        case schema.OrderDetector() if _found(f"{path}.first", found_ids) and _found(f"{path}.then", found_ids):
            return [Shortfall("missing", describe(detector, lang))]  # both said, in the wrong order
        case schema.OrderDetector():
            return [*_walk(detector.first, f"{path}.first", found_ids, lang),
                    *_walk(detector.then, f"{path}.then", found_ids, lang)]
        case _:
            return [] if _found(path, found_ids) else [Shortfall("missing", describe(detector, lang))]


def shortfalls(criterion: schema.Criterion, found_detector_ids: Iterable[str], lang: str) -> list[Shortfall]:
    """Why a failed (or partial) criterion did not pass: missing expectations and forbidden things found.

    ``found_detector_ids`` are the `detector_id`s of the criterion's evidence (paths such as
    ``opening_greeting.detector.all_of[1]``). A multi-point criterion reports its top level as the expectation.
    """
    found = set(found_detector_ids)
    if criterion.detector is not None:
        return _walk(criterion.detector, f"{criterion.id}.detector", found, lang) or [
            Shortfall("missing", describe(criterion.detector, lang))]
    top = (criterion.points or [])[0]
    return [Shortfall("missing", describe(top.when, lang))]
