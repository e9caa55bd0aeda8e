"""What each input kind must contain: target table, natural key, column types and allowed values.

Adding a column to an input kind is a change here (and in the core migration), never in the loaders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["str", "timestamp", "date", "float", "int", "bool", "channel", "direction", "role", "disposition",
                     "named_code"]

INT32_MAX = 2**31 - 1  # core's integer columns
CHANNELS = ("phone", "email", "chat", "sns", "web_form", "fax", "postal", "other")
DIRECTIONS = ("inbound", "outbound")
ROLES = ("customer", "agent", "bot", "system", "unknown")
# An outbound call's result (docs/kpis.md, "Outbound"): the first three reached nobody, the rest reached a person.
DISPOSITIONS = ("no_answer", "busy", "voicemail", "connected", "wrong_number", "callback_requested", "sale",
                "appointment", "promise_to_pay", "do_not_call")
NAMED = ("queue", "team", "contact_reason")  # the codes a contact center names itself (input kind `names`)


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "str"
    required: bool = False  # a missing value sends the row to quarantine
    min: float | None = None  # inclusive bounds for numbers
    max: float | None = None
    default: str | None = None  # used when the value is empty
    future: bool = False  # a time that may lie ahead (a due date); other times must have happened by now

    @property
    def upper(self) -> float:
        """The highest value stored: ``max``, or what the core column's INTEGER holds."""
        if self.max is not None:
            return self.max
        return INT32_MAX if self.type == "int" else float("inf")


@dataclass(frozen=True)
class InputKind:
    name: str
    table: str  # core table the rows are merged into
    key: tuple[str, ...]  # natural key: a changed file updates rows by it
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = field(default=())
    free_text: tuple[str, ...] = field(default=())  # columns that may hold personal data: redacted on load
    event_time: str | None = None  # the timestamp that places a row on a KPI day (marts rebuild those days)
    # which of two versions of a row is newer: the first column (the source's last change), else the latest of the
    # others (event times); a re-sent row older than the stored one does not replace it. Empty: the last load wins.
    versioned_by: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


DAY_SECONDS = 86_400


def _seconds(name: str) -> Column:
    """A duration column: a duration beyond a day is not one contact's."""
    return Column(name, "float", min=0, max=DAY_SECONDS)


INTERACTIONS = InputKind(
    name="interactions",
    table="core.interactions",
    key=("interaction_id",),
    aliases=("tickets", "calls"),
    free_text=("subject",),
    event_time="created_at",
    versioned_by=("source_updated_at", "created_at", "queued_at", "answered_at", "first_response_at", "resolved_at",
                  "closed_at"),
    columns=(
        Column("interaction_id", required=True),
        Column("channel", "channel", required=True),
        Column("direction", "direction", default="inbound"),
        Column("customer_id"),
        Column("agent_id"),
        Column("team"),
        Column("queue"),
        Column("product"),
        Column("contact_reason"),
        Column("language"),
        Column("status"),
        Column("priority"),
        Column("subject"),
        Column("created_at", "timestamp", required=True),
        Column("queued_at", "timestamp"),
        Column("answered_at", "timestamp"),
        Column("first_response_at", "timestamp"),
        Column("resolved_at", "timestamp"),
        Column("closed_at", "timestamp"),
        Column("abandoned", "bool", default="false"),
        _seconds("talk_seconds"),
        _seconds("hold_seconds"),
        _seconds("acw_seconds"),
        Column("transfers", "int", min=0, max=1_000, default="0"),
        Column("escalated", "bool", default="false"),
        Column("sla_due_at", "timestamp", future=True),
        Column("source_updated_at", "timestamp"),  # when the source system last changed the row (re-sends)
        Column("campaign"),  # outbound: the campaign (call list) the call belongs to
        Column("disposition", "disposition"),  # outbound: the call's result, one of DISPOSITIONS
        Column("attempt", "int", min=1, max=1_000),  # outbound: 1 for the first call to this customer in the campaign
        _seconds("self_service_seconds"),  # time in the bot or IVR before an agent (or the end)
    ),
)

MESSAGES = InputKind(
    name="messages",
    table="core.messages",
    key=("message_id",),
    free_text=("text",),
    columns=(
        Column("message_id"),  # derived from interaction_id and seq when absent
        Column("interaction_id", required=True),
        Column("seq", "int", required=True, min=0, max=1_000_000),
        Column("role", "role", default="unknown"),
        Column("sent_at", "timestamp"),
        _seconds("offset_seconds"),
        _seconds("end_offset_seconds"),
        Column("text", required=True),
        Column("language"),
        Column("source", default="ticket"),
    ),
)

SURVEYS = InputKind(
    name="surveys",
    table="core.surveys",
    key=("survey_id",),
    free_text=("comment",),
    event_time="responded_at",
    columns=(
        Column("survey_id", required=True),
        Column("interaction_id"),
        Column("customer_id"),
        Column("responded_at", "timestamp", required=True),
        Column("csat", "int", min=1, max=5),
        Column("nps", "int", min=0, max=10),
        Column("ces", "int", min=1, max=7),
        Column("comment"),
        Column("language"),
    ),
)

AGENTS = InputKind(
    name="agents",
    table="core.agents",
    key=("agent_id",),
    columns=(
        Column("agent_id", required=True),
        Column("name"),
        Column("team"),
        Column("site"),
        Column("language"),
        Column("hired_on", "date"),
    ),
)

RECORDINGS = InputKind(
    name="recordings",
    table="core.recordings",
    key=("recording_id",),
    columns=(
        Column("recording_id", required=True),
        Column("interaction_id"),
        Column("path", required=True),  # relative paths are resolved against the manifest's folder
        Column("agent_channel", "int", min=0, max=1),
    ),
)

NAMES = InputKind(
    name="names",
    table="core.names",
    key=("kind", "code"),
    columns=(
        Column("kind", "named_code", required=True),  # one of NAMED: what the code names
        Column("code", required=True),  # as the contact export or roster writes it (PS, T1, 東京1課)
        Column("name_ja"),
        Column("name_en"),  # at least one of the two (validate: a row with neither is quarantined)
    ),
)

KINDS: dict[str, InputKind] = {}
for _kind in (INTERACTIONS, MESSAGES, SURVEYS, AGENTS, RECORDINGS, NAMES):
    KINDS[_kind.name] = _kind
    for _alias in _kind.aliases:
        KINDS[_alias] = _kind


def input_kind(name: str) -> InputKind:
    """The input kind called ``name`` (or one of its aliases, e.g. ``tickets``)."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown input kind {name!r}; expected one of {sorted(KINDS)}") from None
