"""Rule schema: pydantic models for the YAML files in this folder (exported to schema.json; docs/rules.md).

A rule looks at contacts (``scope: contact``) or at a queue's KPIs per interval (``scope: interval``). A contact
rule's conditions all have to hold: ``when`` is a QA detector (phrases with the same Japanese/English matching and
ASR-robust ``fuzzy`` option as the rubrics, regex, speaker, position, sentiment, conversation metrics and their
combinations: qa_rubrics.schema), and the flags are what other stages found (customer harassment, a critical QA
fail, an emerging theme, an open ticket whose SLA is due soon). A rule tags the contacts it matches with its
``category`` and/or raises an ``alert``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from qa_rubrics.schema import Detector, Label, Op

Role = Literal["manager", "qa", "agent", "product", "supervisor"]
Channel = Literal["phone", "email", "chat", "sns", "web_form", "fax", "postal", "other"]
IntervalKpi = Literal["service_level", "answer_rate", "abandon_rate", "aht_seconds"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AppliesTo(_Strict):
    """Which contacts (or queues, for interval rules) a rule looks at; an empty list means all."""

    channels: list[Channel] = Field(default_factory=list)
    queues: list[str] = Field(default_factory=list)
    languages: list[Literal["ja", "en"]] = Field(default_factory=list)


class Flags(_Strict):
    """What earlier stages found about a contact. Each one given must hold."""

    harassment: bool | None = Field(None, description="the customer-conduct rubric flagged the contact (カスハラ)")
    critical_qa_fail: bool | None = Field(None, description="a critical criterion of the agent scorecard failed")
    emerging_theme: bool | None = Field(None, description="the contact belongs to a theme flagged as emerging")
    sla_due_within_hours: float | None = Field(
        None, gt=0, description="an unresolved ticket whose SLA is due within N hours of the data's newest contact "
                                "(or already overdue)")


class KpiThreshold(_Strict):
    """A KPI of one queue over one interval (transforms.kpis definitions), compared with a threshold."""

    kpi: IntervalKpi
    op: Op
    value: float
    interval_minutes: Literal[30, 60] = 30
    min_offered: int = Field(5, ge=1, description="intervals with fewer offered contacts are not judged")


class Alert(_Strict):
    severity: Literal["info", "warning", "critical"] = "warning"
    roles: list[Role] = Field(min_length=1, description="whose in-app inbox shows it")
    email: bool = Field(True, description="also send it to KOE_ALERT_EMAIL_TO (when set)")
    webhook: bool = Field(True, description="also post it to KOE_ALERT_WEBHOOK_URLS (when set)")


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1, description="bump on every change; tags and alerts keep the version that made them")
    label: Label
    description: Label | None = None
    scope: Literal["contact", "interval"] = "contact"
    applies_to: AppliesTo = AppliesTo()
    when: Detector | None = Field(None, description="contact rules: a QA detector over the contact's messages")
    flags: Flags | None = Field(None, description="contact rules: findings of other stages")
    kpi: KpiThreshold | None = Field(None, description="interval rules: the KPI threshold")
    category: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$", description="contact rules: the tag")
    alert: Alert | None = None

    @model_validator(mode="after")
    def _conditions_fit_scope(self) -> Rule:
        if self.category is None and self.alert is None:
            raise ValueError("a rule needs a `category`, an `alert` or both")
        if self.scope == "interval":
            if self.kpi is None or self.when is not None or self.flags is not None or self.category is not None:
                raise ValueError("an interval rule needs `kpi` and an `alert`, and no `when`, `flags` or `category`")
        elif self.kpi is not None or (self.when is None and (self.flags is None or not self.flags.model_dump(exclude_none=True))):
            raise ValueError("a contact rule needs `when` and/or `flags`, and no `kpi`")
        return self
