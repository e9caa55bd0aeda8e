"""Detectors as small strategy classes, compiled once from the rubric schema and run over all interactions at once.

`evaluate(ctx)` returns a `Found`: `fired` (interaction_id, fired) for every interaction in the context, and `hits`
(the evidence rows: message, quote, matched text, detector id). Leaves filter and match the prepared message frame
with vectorised polars; combinators join the per-interaction booleans.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from qa_rubrics import schema
from transforms.acoustic_check import Alternative
from transforms.acoustic_check import evidence as acoustic_evidence
from transforms.qa.context import HIT_SCHEMA, ScoringContext
from transforms.qa.sounds import sound_matches
from transforms.text_ja import normalize_text

MASKED_NAME = "[name]"  # transforms.redaction's [NAME] as the folded text reads it
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}


@dataclass(frozen=True)
class Found:
    fired: pl.DataFrame  # interaction_id, fired (bool), one row per interaction in the context
    hits: pl.DataFrame  # HIT_SCHEMA


class Detector:
    id: str

    def evaluate(self, ctx: ScoringContext) -> Found:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


def _fired_from_hits(ctx: ScoringContext, hits: pl.DataFrame, min_count: int) -> pl.DataFrame:
    counts = hits.group_by("interaction_id").agg(n=pl.col("message_id").n_unique())
    return ctx.ids.join(counts, on="interaction_id", how="left").select(
        "interaction_id", fired=pl.col("n").fill_null(0) >= min_count
    )


def _hit_rows(matched: pl.DataFrame, matched_expr: pl.Expr, detector_id: str) -> pl.DataFrame:
    return matched.select(
        "interaction_id", "message_id", "seq", "offset_seconds", "sent_at",
        quote=pl.col("text").str.slice(0, 120), matched=matched_expr, detector_id=pl.lit(detector_id),
        negated=pl.lit(False),
    ).cast(HIT_SCHEMA)


@dataclass
class _TextDetector(Detector):
    id: str
    speaker: str
    window: schema.Window | None
    min_count: int

    def _scope(self, ctx: ScoringContext) -> pl.DataFrame:
        frame = ctx.messages_for(self.speaker)
        w = self.window
        if w is None:
            return frame
        turn = pl.col("turn") if self.speaker == "any" else pl.col("role_turn")
        turn_rev = pl.col("turn_rev") if self.speaker == "any" else pl.col("role_turn_rev")
        conditions = [
            cond for value, cond in (
                (w.first_seconds, pl.col("elapsed_seconds") <= (w.first_seconds or 0)),
                (w.last_seconds, pl.col("remaining_seconds") <= (w.last_seconds or 0)),
                (w.first_turns, turn <= (w.first_turns or 0)),
                (w.last_turns, turn_rev <= (w.last_turns or 0)),
            ) if value is not None
        ]
        return frame.filter(*conditions)

    def _where(self) -> str:
        w = self.window
        if w is None:
            return ""
        parts = [f"{label} {value}" for label, value in (
            ("first s", w.first_seconds), ("last s", w.last_seconds),
            ("first turns", w.first_turns), ("last turns", w.last_turns)) if value is not None]
        return " within " + ", ".join(parts)


@dataclass
class PhraseMatch(_TextDetector):
    phrases: list[str] = field(default_factory=list)
    fuzzy: float | None = None
    # Phrases the audio fits better than Whisper's text count (transforms.acoustic_check); never inside a ``not``:
    # an NG word can neither be added nor taken away by an alternative
    acoustic: bool = True

    def __post_init__(self) -> None:
        self._patterns = sorted({normalize_text(p) for p in self.phrases} - {""})

    def evaluate(self, ctx: ScoringContext) -> Found:
        scope = self._scope(ctx)
        exact = scope.filter(pl.col("norm").str.contains_any(self._patterns))
        hits = _hit_rows(exact, pl.col("norm").str.extract_many(self._patterns).list.first(), self.id)
        if self.fuzzy is not None:
            hits = pl.concat([hits, self._fuzzy_hits(scope, hits, self.fuzzy)])
            hits = pl.concat([hits, self._sound_hits(scope, hits)])
        if self.acoustic and "alternatives" in scope.columns:
            hits = pl.concat([hits, self._acoustic_hits(scope, hits)])
        return Found(_fired_from_hits(ctx, hits, self.min_count), hits)

    def _acoustic_hits(self, scope: pl.DataFrame, hits: pl.DataFrame) -> pl.DataFrame:
        """Messages where the engine found the audio fits one of the phrases better than what Whisper wrote."""
        candidates = self._unsettled(scope, hits).filter(pl.col("alternatives").list.len() > 0)
        found: list[str | None] = []
        for alternatives in candidates["alternatives"].to_list():
            fitting = [Alternative(**a) for a in alternatives
                       if any(p in normalize_text(a["phrase"]) for p in self._patterns)]
            found.append(acoustic_evidence(max(fitting, key=lambda a: a.delta)) if fitting else None)
        chosen = candidates.with_columns(_evidence=pl.Series(found, dtype=pl.String)).filter(
            pl.col("_evidence").is_not_null())
        return _hit_rows(chosen, pl.col("_evidence"), self.id)

    def _unsettled(self, scope: pl.DataFrame, hits: pl.DataFrame) -> pl.DataFrame:
        """Messages of interactions that do not have enough hits yet (keeps the fuzzy passes off the hot path)."""
        settled = hits.group_by("interaction_id").agg(n=pl.col("message_id").n_unique()).filter(pl.col("n") >= self.min_count)
        return scope.join(settled, on="interaction_id", how="anti").filter(pl.col("norm") != "")

    def _fuzzy_hits(self, scope: pl.DataFrame, exact_hits: pl.DataFrame, cutoff: float) -> pl.DataFrame:
        """rapidfuzz partial ratio on the written form, for texts about as long as the phrase or longer: the partial
        ratio slides the shorter string over the longer, so a turn "So." would be 100 % of "I'm so sorry to hear"."""
        candidates = self._unsettled(scope, exact_hits)
        if candidates.is_empty():
            return exact_hits.clear()
        texts = candidates["norm"].to_list()
        scores = process.cdist(self._patterns, texts, scorer=fuzz.partial_ratio, score_cutoff=cutoff * 100, workers=1)
        lengths, wanted = np.array([len(t) for t in texts]), np.array([len(p) for p in self._patterns])
        long_enough = lengths[None, :] >= cutoff * wanted[:, None]
        scores = np.where(long_enough, scores, 0)
        best, matched = scores.argmax(axis=0), scores.max(axis=0) > 0
        evidence = [_fuzzy_evidence(self._patterns[i], text) if ok else None
                    for i, ok, text in zip(best.tolist(), matched.tolist(), texts, strict=True)]
        chosen = candidates.with_columns(_best=pl.Series(evidence, dtype=pl.String)).filter(pl.col("_best").is_not_null())
        return _hit_rows(chosen, pl.col("_best"), self.id)

    def _sound_hits(self, scope: pl.DataFrame, hits: pl.DataFrame) -> pl.DataFrame:
        """Phrases misspelled by ASR but said: kana reading (Japanese) or letters (English) within an edit bound.

        Each distinct text is aligned once; the evidence names the phrase, what was written, both sounds and
        the distance (transforms.qa.sounds).
        """
        candidates = self._unsettled(scope, hits)
        found = sound_matches(self.phrases, candidates["text"].unique().to_list())
        matches = {text: match.evidence() for text, match in found.items()}
        chosen = candidates.filter(pl.col("text").is_in(list(matches))).with_columns(
            _evidence=pl.col("text").replace_strict(matches, return_dtype=pl.String))
        return _hit_rows(chosen, pl.col("_evidence"), self.id)

    def describe(self) -> str:
        shown = "」「".join(self.phrases[:3]) + ("」…" if len(self.phrases) > 3 else "」")
        times = f" ×{self.min_count}" if self.min_count > 1 else ""
        return f"{self.speaker} says 「{shown}{times}{self._where()}"


def _fuzzy_evidence(pattern: str, text: str) -> str:
    """"~phrase (heard 「…」, ratio 92%)": the written stretch that partly matched, and how well."""
    found = fuzz.partial_ratio_alignment(pattern, text)
    assert found is not None  # None only under a score_cutoff, and none is given
    return f"~{pattern} (heard 「{text[found.dest_start:found.dest_end]}」, ratio {found.score:.0f}%)"


@dataclass
class RegexMatch(_TextDetector):
    pattern: str = ""

    def evaluate(self, ctx: ScoringContext) -> Found:
        # A masked name is still a name: "this is [NAME] speaking" passes a pattern that wants a word after "this is".
        text = pl.col("folded").str.replace_all(MASKED_NAME, "name", literal=True)
        matched = self._scope(ctx).filter(text.str.contains(self.pattern))
        hits = _hit_rows(matched, text.str.extract(self.pattern, 0), self.id)
        return Found(_fired_from_hits(ctx, hits, self.min_count), hits)

    def describe(self) -> str:
        return f"{self.speaker} text matches /{self.pattern}/{self._where()}"


@dataclass
class MetricThreshold(Detector):
    id: str
    metric: str
    op: str
    value: float

    def evaluate(self, ctx: ScoringContext) -> Found:
        compare = _OPS[self.op](pl.col(self.metric), self.value)
        # rechunk: polars 2.1 panics ("assertion failed: i < self.len()") filtering this join's multi-chunk result
        # and selecting literals beside it — `make demo`'s qa_scores failed on it; one chunk avoids it.
        frame = ctx.ids.join(ctx.metrics.select("interaction_id", self.metric), on="interaction_id",
                             how="left").rechunk()
        fired = frame.select("interaction_id", fired=compare.fill_null(False))
        hit = frame.filter(compare.fill_null(False)).select(
            "interaction_id", message_id=pl.lit(None, pl.String), seq=pl.lit(None, pl.Int64),
            offset_seconds=pl.lit(None, pl.Float64), sent_at=pl.lit(None, pl.Datetime("us")),
            quote=pl.lit(None, pl.String), matched=pl.format(f"{self.metric}={{}} ({self.op} {self.value:g})",
                                                            pl.col(self.metric).round(2)),
            detector_id=pl.lit(self.id), negated=pl.lit(False),
        )
        return Found(fired, hit.cast(HIT_SCHEMA))

    def describe(self) -> str:
        return f"{self.metric} {self.op} {self.value:g}"


@dataclass
class SentimentShift(Detector):
    id: str
    speaker: str
    measure: str
    turns: int
    op: str
    value: float

    def evaluate(self, ctx: ScoringContext) -> Found:
        scored = ctx.sentiment_of(self.speaker, self.turns)
        first = pl.col("sentiment").filter(pl.col("role_turn") <= self.turns)
        end = pl.col("sentiment").filter(pl.col("role_turn_rev") <= self.turns).mean()
        per = scored.group_by("interaction_id").agg(start=first.mean(), start_lowest=first.min(), end=end) \
            .with_columns(change=pl.col("end") - pl.col("start"))
        compare = _OPS[self.op](pl.col(self.measure), self.value).fill_null(False)
        fired = ctx.ids.join(per, on="interaction_id", how="left").select("interaction_id", fired=compare)
        hits = scored.join(per.filter(compare), on="interaction_id", how="semi")
        hits = _hit_rows(hits, pl.format("sentiment {}", pl.col("sentiment").round(2)), self.id)
        return Found(fired, hits)

    def describe(self) -> str:
        return f"{self.speaker} sentiment {self.measure} (first/last {self.turns} turns) {self.op} {self.value:g}"


def _earliest(found: Found, name: str) -> pl.DataFrame:
    return found.hits.group_by("interaction_id").agg(pl.col("seq").min().alias(name))


@dataclass
class InOrder(Detector):
    id: str
    first: Detector
    then: Detector
    if_then_missing: bool

    def evaluate(self, ctx: ScoringContext) -> Found:
        """``first`` fires and some ``then`` comes after its earliest hit. A ``then`` before it does not count:
        「お待たせいたしました」 is also an opening, said long before any hold request."""
        a, b = self.first.evaluate(ctx), self.then.evaluate(ctx)
        # the then-hits that count: after the first's earliest hit (all of them where first was not found)
        then_hits = b.hits.join(_earliest(a, "a_seq"), on="interaction_id", how="left").filter(
            pl.col("a_seq").is_null() | (pl.col("seq") > pl.col("a_seq")))
        after = then_hits.filter(pl.col("a_seq").is_not_null()).select("interaction_id").unique()
        frame = a.fired.join(b.fired.rename({"fired": "then_fired"}), on="interaction_id").join(
            after.with_columns(after=pl.lit(True)), on="interaction_id", how="left")
        fired = frame.select(
            "interaction_id",
            fired=pl.col("fired") & pl.when(pl.col("then_fired")).then(pl.col("after").fill_null(False))
            .otherwise(pl.lit(self.if_then_missing)),
        )
        return Found(fired, pl.concat([a.hits, then_hits.drop("a_seq")]))

    def describe(self) -> str:
        return f"({self.first.describe()}) before ({self.then.describe()})"


@dataclass
class Combine(Detector):
    id: str
    children: list[Detector]
    mode: str  # all | any | not

    def evaluate(self, ctx: ScoringContext) -> Found:
        results = [child.evaluate(ctx) for child in self.children]
        joined = ctx.ids
        for i, result in enumerate(results):
            joined = joined.join(result.fired.rename({"fired": f"f{i}"}), on="interaction_id", how="left")
        flags = [pl.col(f"f{i}").fill_null(False) for i in range(len(results))]
        combined = {"all": pl.all_horizontal(flags), "any": pl.any_horizontal(flags), "not": ~flags[0]}[self.mode]
        hits = pl.concat([r.hits for r in results])
        if self.mode == "not":
            hits = hits.with_columns(negated=~pl.col("negated"))
        return Found(joined.select("interaction_id", fired=combined), hits)

    def describe(self) -> str:
        if self.mode == "not":
            return f"not: {self.children[0].describe()}"
        return f" {self.mode.upper()} ".join(f"({c.describe()})" for c in self.children)


def compile_detector(spec: schema.Detector, detector_id: str, acoustic: bool = True) -> Detector:
    """Schema model → strategy object. `detector_id` is the YAML path, used when the YAML gives no `id`.
    ``acoustic``: phrase detectors read accepted acoustic alternatives (off inside a ``not`` and for N/A cues)."""
    did = getattr(spec, "id", None) or detector_id
    match spec:
        case schema.PhraseDetector():
            return PhraseMatch(did, spec.speaker, spec.within, spec.min_count, list(spec.phrases), spec.fuzzy,
                               acoustic)
        case schema.RegexDetector():
            return RegexMatch(did, spec.speaker, spec.within, spec.min_count, spec.pattern)
        case schema.MetricDetector():
            return MetricThreshold(did, spec.metric, spec.op, spec.value)
        case schema.SentimentDetector():
            return SentimentShift(did, spec.speaker, spec.measure, spec.turns, spec.op, spec.value)
        case schema.OrderDetector():
            return InOrder(did, compile_detector(spec.first, f"{did}.first", acoustic),
                           compile_detector(spec.then, f"{did}.then", acoustic), spec.if_then_missing)
        case schema.AllOf() | schema.AnyOf():
            mode, children = ("all", spec.all_of) if isinstance(spec, schema.AllOf) else ("any", spec.any_of)
            return Combine(did, [compile_detector(c, f"{did}.{mode}_of[{i}]", acoustic)
                                 for i, c in enumerate(children)], mode)
        case schema.Not():
            return Combine(did, [compile_detector(spec.not_, f"{did}.not", acoustic=False)], "not")
    raise TypeError(f"unknown detector {spec!r}")
