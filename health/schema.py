"""Customer-health configuration schema: pydantic models for ``customer_health.yaml`` (exported to schema.json).

A customer's risk points are Σ weight × min(max(value − free, 0), cap) over the components, each value counted
over the ``window_days`` before the scoring day; health = max(0, 100 − risk points). Every component and its
weight is shown on the customer-health page, so the score is never a black box.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

ComponentName = Literal["contacts", "repeat_same_theme", "unresolved", "sla_breached", "low_csat", "nps_detractor",
                        "csat_fall", "negative_sentiment", "harassment"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    ja: str
    en: str


class Component(_Strict):
    weight: float = Field(ge=0, le=100, description="risk points per unit above `free`")
    cap: float = Field(gt=0, description="units above `free` that count at most")
    free: float = Field(0, ge=0, description="units that carry no risk (one contact is normal)")
    label: Label


class HealthConfig(_Strict):
    window_days: int = Field(ge=1, le=365, description="components are counted over this many days")
    history_weeks: int = Field(ge=1, le=52, description="weekly scoring days before the last day, for movement")
    at_risk_below: float = Field(ge=0, le=100, description="the churn-risk list: health below this")
    components: dict[ComponentName, Component]

    def max_points(self) -> dict[str, float]:
        return {name: c.weight * c.cap for name, c in self.components.items()}


DEFAULT = Path(str(resources.files("health") / "customer_health.yaml"))


def load_config(path: Path | None = None) -> HealthConfig:
    """The configuration at ``path`` (default: the shipped one), validated; a bad file raises naming the file."""
    source = path or DEFAULT
    try:
        return HealthConfig.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
    except Exception as error:  # pydantic's message names the field; the file name is added here
        raise ValueError(f"{source}: {error}") from error


@cache
def default_config() -> HealthConfig:
    return load_config()


def write_json_schema(path: Path) -> None:
    path.write_text(json.dumps(HealthConfig.model_json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
