"""What the browser sends to callbacks, checked on the server before any of it is used.

Every value a callback receives (filter bar, clicked point, table state, store, form fields) arrives in a POST the
client can forge. Each parser here returns the value in its expected type or raises ``BadPayload``, which the
server answers with 400 and a JSON reason (callbacks/__init__.py). None of these values can widen what a role
sees: the role's scope is bound separately, under names no client value is bound to (queries/base.py).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from dashboards.i18n import DEFAULT_LANGUAGE, LANGUAGES

COMMENT_MAX_CHARS = 2000  # a review or dispute comment; the form's maxLength is this same number
MAX_ID_CHARS = 200  # interaction, agent, theme ids and dimension values
MAX_PERIOD_DAYS = 1100  # about three years: longer periods are refused, not silently cut
MAX_TABLE_ROWS = 10_000  # rows a table export may send back
CALLBACK_MAP = "KOE_CALLBACK_MAP"  # server config key: the app's callbacks, for check_callback_envelope
STAFFING_RANGES = {"target_sl": (1, 99), "answer_within": (1, 3600), "shrinkage": (0, 90), "aht_override": (1, 36000)}
OVERRIDE_ANSWERS = ("pass", "partial", "fail", "na")  # a reviewer's answers; partial only where the criterion
# allows it (qa_rubrics Criterion.answers, checked on the server)
GRANTED_ANSWERS = ("pass", "fail", "na")  # what a dispute decision may grant

Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID_CHARS)]


class BadPayload(ValueError):
    """A callback value the server refuses (answered with 400)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DrillPoint(_Strict):
    """The keys a chart point or table row may drill down by (figures.py customdata, the agents table)."""

    day: date | None = None
    weekday: Annotated[int, Field(ge=1, le=7)] | None = None
    hour: Annotated[int, Field(ge=0, le=23)] | None = None
    interval_time: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = None
    channel: Id | None = None
    agent_id: Id | None = None
    queue: Id | None = None
    team: Id | None = None
    qa_band: Annotated[int, Field(ge=0, le=90, multiple_of=10)] | None = None


class CellClicked(BaseModel):
    """A grid's ``cellClicked``: ``rowId`` is the clicked row's key (the grid's ``getRowId``: an agent or theme id);
    the other keys (value, colId, rowIndex, timestamp) are ignored."""

    rowId: Id  # noqa: N815 - dash-ag-grid's name


class Review(_Strict):
    """An override (or, without answer, a dispute) as submitted by the interaction form."""

    interaction_id: Id
    criterion: Annotated[str, StringConstraints(max_length=2 * MAX_ID_CHARS + 1)] | None = None
    answer: Literal[OVERRIDE_ANSWERS] | None = None  # type: ignore[valid-type]
    comment: Annotated[str, StringConstraints(max_length=COMMENT_MAX_CHARS)] = ""


class TableExport(_Strict):
    rows: Annotated[list[dict[str, str | int | float | bool | None]], Field(max_length=MAX_TABLE_ROWS)]
    columns: list[dict[str, Any]]


def _parse(kind: Any, value: object, what: str) -> Any:  # noqa: ANN401 - the parsed type depends on kind
    try:
        return TypeAdapter(kind).validate_python(value)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise BadPayload(f"{what}{'.' + where if where else ''}: {first['msg']}") from None


def language(value: object) -> str:
    """The language switch's value (absent: the default language, as i18n.t)."""
    return _parse(Literal[LANGUAGES] | None, value, "language") or DEFAULT_LANGUAGE


def url_path(value: object) -> str:
    """The router's pathname: a local path (``/`` when absent)."""
    return _parse(Annotated[str, StringConstraints(pattern=r"^/", max_length=2000)] | None, value, "pathname") or "/"


def counter(value: object, what: str) -> int:
    """A count kept in a ``dcc.Store`` (a page's refresh counter); absent: 0."""
    return _parse(Annotated[int, Field(ge=0)] | None, value, what) or 0


def identifier(value: object, what: str) -> str:
    return _parse(Id, value, what)


def period(start: object, end: object) -> tuple[date | None, date | None]:
    """The filter bar's dates (ISO, a time part is ignored, years 2000–2099); at most MAX_PERIOD_DAYS, start not after end."""
    day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2099, 12, 31))] | None
    first, last = (_parse(day, _day_part(value), name) for value, name in ((start, "start_date"), (end, "end_date")))
    if first and last and not 0 <= (last - first).days < MAX_PERIOD_DAYS:
        raise BadPayload(f"period: {first} to {last} must run forwards and span at most {MAX_PERIOD_DAYS} days")
    return first, last


def _day_part(value: object) -> object:
    return value[:10] if isinstance(value, str) and len(value) > 10 and value[10] in "T " else value


def dimension_values(value: object, what: str) -> tuple[str, ...]:
    """A multi-select filter's values (None = all)."""
    return tuple(_parse(Annotated[list[Id], Field(max_length=1000)] | None, value, what) or ())


def staffing_input(value: object, name: str) -> float | None:
    """A what-if number of the staffing page, inside its ``STAFFING_RANGES`` (the inputs' min and max)."""
    low, high = STAFFING_RANGES[name]
    return _parse(Annotated[float, Field(ge=low, le=high)] | None, value, name)


def drill_point(point: dict[str, object]) -> dict[str, object]:
    """Only the known drill-down keys, each in its type; anything else is refused."""
    parsed = _parse(DrillPoint, point, "drill-down point")
    return parsed.model_dump(exclude_none=True)


def clicked_row_id(cell: object) -> str | None:
    """The key of the grid row a user clicked (``cellClicked.rowId``); None without a click. Like every client value
    it only names what to show: the query still applies the role's scope."""
    return None if cell is None else _parse(CellClicked, cell, "cellClicked").rowId


def review(**fields: object) -> Review:
    return _parse(Review, fields, "review")


def table_export(rows: object, columns: object) -> TableExport:
    return _parse(TableExport, {"rows": rows or [], "columns": columns or []}, "table")


def _pairs(items: object) -> list[tuple[object, object]]:
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise BadPayload("callback: inputs, state and outputs must be lists of {id, property}")
    return [(item.get("id"), item.get("property")) for item in items]


def _declared_outputs(output_key: str) -> list[tuple[str, str]]:
    """(id, property) of each output named by a callback's key (``a.b`` or ``..a.b...c.d@hash..``)."""
    entries = output_key[2:-2].split("...") if output_key.startswith("..") else [output_key]
    return [tuple(entry.split("@")[0].rsplit(".", 1)) for entry in entries]  # type: ignore[misc]


def check_callback_envelope(body: object, callback_map: dict[str, dict]) -> dict:
    """A ``/_dash-update-component`` body that names a registered callback and carries exactly its declared
    outputs, inputs and state (so the outputs the guard authorises are those of the callback that runs)."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str) or body["output"] not in callback_map:
        raise BadPayload("callback: no such callback")
    spec = callback_map[body["output"]]
    sent = [(component, str(prop).split("@")[0]) for component, prop in _pairs(body.get("outputs"))]  # allow_duplicate
    if sent != _declared_outputs(body["output"]):  # outputs arrive as "data@<hash>"
        raise BadPayload("callback: outputs do not match the callback")
    for part, declared in (("inputs", spec["inputs"]), ("state", spec["state"])):
        if _pairs(body.get(part, [])) != _pairs(declared):
            raise BadPayload(f"callback: {part} do not match the callback")
    for item in body.get("inputs", []):  # the guard reads the router's pathname to authorise the page
        if item.get("property") == "pathname":
            url_path(item.get("value"))
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(prop, str) for prop in changed):
        raise BadPayload("callback: changedPropIds must be a list of strings")
    return body


# --- QA loop (issue 16): the dispute, decision and coaching forms -------------------------------------------------

Criterion = Annotated[str, StringConstraints(min_length=3, max_length=2 * MAX_ID_CHARS + 1, pattern=r"^[^:]+:[^:]+$")]
Text = Annotated[str, StringConstraints(max_length=COMMENT_MAX_CHARS)]


class DisputeForm(_Strict):
    interaction_id: Id
    criterion: Criterion | None = None  # "rubric_id:criterion_id"; required, checked against the interaction
    reason: Text = ""


class DecisionForm(_Strict):
    dispute_id: Annotated[int, Field(ge=1)]
    decision: Literal["accepted", "partly_accepted", "rejected"]
    granted: Literal[GRANTED_ANSWERS] | None = None  # type: ignore[valid-type]
    comment: Text = ""


class CoachingForm(_Strict):
    agent_id: Id
    criteria: Annotated[list[Criterion], Field(min_length=1, max_length=20)]
    examples: Annotated[list[Id], Field(max_length=20)] = []
    due: date | None = None
    note: Text = ""


class CalibrationForm(_Strict):
    name: Text
    interactions: Annotated[list[Id], Field(max_length=50)] = []
    reviewers: Annotated[list[Id], Field(max_length=20)] = []
    rubric: Id


class ThemeControl(_Strict):
    """A product team's change to a theme (warehouse/theme_controls.py): a name, a theme to merge into, a backlog URL."""
    action: Literal["rename", "merge", "track"]
    theme_id: Id
    name: Annotated[str, StringConstraints(max_length=120, strip_whitespace=True)] = ""
    into: Id | None = None
    backlog_url: Annotated[str, StringConstraints(max_length=500, strip_whitespace=True,
                                                  pattern=r"^(https?://\S+)?$")] = ""


def theme_control(**fields: object) -> ThemeControl:
    return _parse(ThemeControl, fields, "theme control")


def dispute_form(**fields: object) -> DisputeForm:
    return _parse(DisputeForm, fields, "dispute")


def decision_form(**fields: object) -> DecisionForm:
    return _parse(DecisionForm, fields, "decision")


def coaching_form(**fields: object) -> CoachingForm:
    return _parse(CoachingForm, fields, "coaching")


def calibration_form(**fields: object) -> CalibrationForm:
    return _parse(CalibrationForm, fields, "calibration session")


def item_id(value: object, what: str) -> int:
    """A dispute's or coaching item's id chosen in a form."""
    return _parse(Annotated[int, Field(ge=1)], value, what)
