"""Rubric schema: pydantic models for the YAML files in this folder (exported to schema.json).

A detector answers "did this happen in the interaction?" and is one of the leaf types below (`type:` key) or a
combination written as `{all_of: [...]}`, `{any_of: [...]}` or `{not: ...}`. A binary criterion passes when its
detector fires; multi-point criteria list `points` (first matching level wins). `na_when` is a detector too.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

Speaker = Literal["agent", "customer", "bot", "system", "any"]
Op = Literal["<", "<=", ">", ">=", "==", "!="]
Metric = Literal[
    "hold_seconds", "talk_seconds", "duration_seconds", "first_response_seconds", "silence_ratio",
    "agent_talk_ratio", "longest_silence_seconds", "interruptions", "hold_segments", "customer_turns",
    "agent_turns", "transfers",
]
SCALE_POINTS = {"binary": 1, "three_point": 2, "four_point": 3, "five_point": 4}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    ja: str
    en: str


class Window(_Strict):
    """Where in the interaction a match counts. Turns are counted per speaker; seconds from the first message."""

    first_seconds: float | None = Field(None, gt=0, description="only messages starting within the first N s")
    last_seconds: float | None = Field(None, gt=0, description="only messages starting within the last N s")
    first_turns: int | None = Field(None, gt=0, description="only the speaker's first N turns")
    last_turns: int | None = Field(None, gt=0, description="only the speaker's last N turns")


class PhraseDetector(_Strict):
    """Any of the phrases, after Japanese/English normalisation (width, kana, polite forms, punctuation)."""

    type: Literal["phrase"]
    id: str | None = Field(None, description="detector id shown in evidence; defaults to criterion id + path")
    speaker: Speaker = "agent"
    phrases: list[str] = Field(min_length=1)
    fuzzy: float | None = Field(None, ge=0.5, le=1.0, description="rapidfuzz partial ratio (0..1) when no exact hit")
    within: Window | None = None
    min_count: int = Field(1, ge=1, description="matching messages needed (repetition)")


class RegexDetector(_Strict):
    """A regular expression over NFKC-folded, lower-cased text (spaces kept)."""

    type: Literal["regex"]
    id: str | None = None
    speaker: Speaker = "agent"
    pattern: str
    within: Window | None = None
    min_count: int = Field(1, ge=1)


class MetricDetector(_Strict):
    """A conversation metric compared with a threshold; a missing metric never fires."""

    type: Literal["metric"]
    id: str | None = None
    metric: Metric
    op: Op
    value: float


class SentimentDetector(_Strict):
    """Sentiment of one speaker's first/last turns (mean of `turns` turns), the lowest of the first `turns` turns
    (`start_lowest`: one negative turn makes a negative start, however neutral the turns beside it, such as an
    identity answer), or the change end − start."""

    type: Literal["sentiment"]
    id: str | None = None
    speaker: Speaker = "customer"
    measure: Literal["start", "start_lowest", "end", "change"] = "change"
    turns: int = Field(2, ge=1, le=5)
    op: Op
    value: float = Field(ge=-2, le=2)


class OrderDetector(_Strict):
    """`first` is found before `then` (by message order). When `then` never happens, `if_then_missing` decides."""

    type: Literal["order"]
    id: str | None = None
    first: Detector
    then: Detector
    if_then_missing: bool = True


class AllOf(_Strict):
    all_of: list[Detector] = Field(min_length=1)


class AnyOf(_Strict):
    any_of: list[Detector] = Field(min_length=1)


class Not(_Strict):
    not_: Detector = Field(alias="not")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _detector_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all_of", "any_of", "not"):
            if key in value:
                return key
        return value.get("type")
    if isinstance(value, Not):
        return "not"
    if isinstance(value, AllOf | AnyOf):
        return "all_of" if isinstance(value, AllOf) else "any_of"
    return getattr(value, "type", None)


Detector = Annotated[
    Annotated[PhraseDetector, Tag("phrase")]
    | Annotated[RegexDetector, Tag("regex")]
    | Annotated[MetricDetector, Tag("metric")]
    | Annotated[SentimentDetector, Tag("sentiment")]
    | Annotated[OrderDetector, Tag("order")]
    | Annotated[AllOf, Tag("all_of")]
    | Annotated[AnyOf, Tag("any_of")]
    | Annotated[Not, Tag("not")],
    Discriminator(_detector_tag),
]


class PointLevel(_Strict):
    points: int = Field(ge=0)
    when: Detector


class Criterion(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Label
    description: Label | None = Field(None, description="what a reviewer checks, in plain words (shown beside the verdict)")
    weight: float = Field(gt=0)
    scale: Literal["binary", "three_point", "four_point", "five_point"] = "binary"
    critical: bool = Field(False, description="a fail makes the whole score 0")
    na_when: Detector | None = Field(None, description="when this fires the criterion does not apply (N/A)")
    detector: Detector | None = Field(None, description="binary scale: pass when it fires")
    points: list[PointLevel] | None = Field(None, description="multi-point scales: first level that fires wins")

    @model_validator(mode="after")
    def _scale_matches_detectors(self) -> Criterion:
        top = SCALE_POINTS[self.scale]
        if self.scale == "binary" and (self.detector is None or self.points):
            raise ValueError("a binary criterion needs `detector` and no `points`")
        if self.scale != "binary":
            if not self.points or self.detector is not None:
                raise ValueError(f"a {self.scale} criterion needs `points` (levels 0..{top}) and no `detector`")
            if any(level.points > top for level in self.points):
                raise ValueError(f"points above {top} on a {self.scale} scale")
        return self

    @property
    def max_points(self) -> int:
        return SCALE_POINTS[self.scale]

    @property
    def answers(self) -> tuple[str, ...]:
        """What a person may answer: partial credit only on a multi-point scale (it scores half the points)."""
        return ("pass", "fail", "na") if self.scale == "binary" else ("pass", "partial", "fail", "na")


class Section(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Label
    weight: float = Field(gt=0, description="share of the total; criterion weights split it")
    criteria: list[Criterion] = Field(min_length=1)


def _both_directions() -> list[Literal["inbound", "outbound"]]:
    return ["inbound", "outbound"]


class Rubric(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1, description="bump on every change; scores keep the version they were made with")
    kind: Literal["agent_scorecard", "customer_conduct"] = "agent_scorecard"
    label: Label
    languages: list[Literal["ja", "en"]] = Field(min_length=1)
    channels: list[Literal["phone", "email", "chat", "sns", "web_form", "fax", "postal", "other"]] = Field(min_length=1)
    directions: list[Literal["inbound", "outbound"]] = Field(
        default_factory=_both_directions, min_length=1,
        description="the call directions scored (an outbound sales rubric: [outbound])")
    pass_mark: float = Field(80, ge=0, le=100)
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Rubric:
        ids = [c.id for s in self.sections for c in s.criteria]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"criterion ids must be unique in a rubric: {duplicates}")
        return self

    def criteria(self) -> list[tuple[Section, Criterion]]:
        return [(s, c) for s in self.sections for c in s.criteria]

    def effective_weights(self) -> dict[str, float]:
        """Criterion id → section weight × criterion weight / Σ criterion weights of its section."""
        out: dict[str, float] = {}
        for section in self.sections:
            total = sum(c.weight for c in section.criteria)
            out.update({c.id: section.weight * c.weight / total for c in section.criteria})
        return out


for _model in (OrderDetector, AllOf, AnyOf, Not, PointLevel, Criterion):
    _model.model_rebuild()
