"""How values are shown: column names in the UI language, numbers rounded with their unit (秒 / s, %), codes such as
channel or review reason as words. Tables keep numbers as numbers (sortable; the CSV export gets plain values), and
the grid (dash-ag-grid) formats them with d3-format; text cells are translated here. KPI units come from
transforms.kpis (one definition).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from dashboards.i18n import keys, t
from dashboards.queries.names import contact_reason_name, queue_name, team_name
from transforms import kpis

# Columns that are not KPIs of transforms.kpis, by how they are shown.
_UNITS: dict[str, str] = {
    "handle_seconds": "seconds", "wait_seconds": "seconds", "qa_score": "decimal", "score": "decimal", "auto_score": "decimal",
    "qa_scored": "count", "harassment_contacts": "count", "offered": "decimal", "traffic_erlangs": "decimal",
    "agents_required": "count", "agents_scheduled": "count", "agents_seen": "decimal", "occupancy": "percent",
    "transfers": "count", "contacts": "count", "growth_pct": "percent", "agreement": "percent", "reviews": "count",
    "shared": "count",
    "health": "decimal", "health_change": "decimal", "risk_points": "decimal", "share_of_handoffs": "percent",
    "callbacks_requested": "count", "do_not_call": "count", "attempt": "count", "weight": "decimal", "cap": "decimal",
    "free": "decimal", "max_points": "decimal", "agent_hours": "decimal", "repeat_contacts": "count",
    "question_share": "percent", "negative_share": "percent", "sentiment_start": "sentiment", "sentiment_end": "sentiment",
}
PROSE = ("text", "subject", "evidence", "comment", "reasons", "themes", "alert", "risk_breakdown")  # text columns that wrap over lines
NAMES = ("label", "agent_name", "campaign", "criterion", "session", "handoff_reason", "component", "customer_key",
         "disposition")  # names and short phrases: wider than a number
CODED = ("channel", "direction", "language", "status", "reason", "disposition")  # text columns whose values are codes
# columns whose codes have names (queries.names); a hand-off reason is a theme's label or, before themes, a contact reason
NAMED = {"queue": queue_name, "team": team_name, "contact_reason": contact_reason_name,
         "handoff_reason": contact_reason_name}
FLAGS = ("abandoned", "escalated", "emerging", "tracked")  # booleans shown as はい/いいえ (Yes/No), never true/false


NUMBER_WIDTH = 64  # px: at least "1,234 秒", "−52.0", "87.1%"; wider when the header has a longer word
_CELL_PADDING = 2 * 9 + 4  # px: the grid's horizontal padding (components.GRID_THEME) and a little air
_NARROW = set("ijltfrI.,:;'!|()[]")
_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")
_WHOLE_WORD_BREAK = re.compile(r"\s+|(?<=、)")  # where a keep-all header may wrap
_MISSING_TEXT = {"function": "params.value == null || params.value === '' ? '—' : String(params.value)"}


def unit(column: str) -> str | None:
    if column in _UNITS:
        return _UNITS[column]
    if column in kpis.KPIS or column in kpis.COUNTS:
        return kpis.unit(column)
    if column.endswith("_points"):  # a customer-health component's risk points
        return "decimal"
    return None


def format_number(value: float | None, kind: str | None, lang: str) -> str:
    """A value as text with its unit: 12.3%, 245 秒 / 245 s, 1,234, 4.1."""
    if value is None:
        return "—"
    if kind == "percent":  # "z": a value that rounds to zero from below is 0.0, not −0.0
        return f"{value:z.1f}%"
    if kind == "seconds":
        return f"{value:,.0f} {t('unit_seconds', lang)}"
    if kind == "count":
        return f"{value:,.0f}"
    if kind == "per_hour":
        return f"{value:z,.1f} {t('unit_per_hour', lang)}"
    if kind == "sentiment":  # −1..1, signed
        return f"{value:+z.2f}"
    return f"{value:z,.1f}"


# d3-format specifier and unit key (i18n) of each unit; the grid shows the number with it, "—" when missing.
_D3: dict[str, tuple[str, str | None]] = {
    "percent": (".1f", "%"), "seconds": (",.0f", "unit_seconds"), "count": (",.0f", None),
    "decimal": (",.1f", None), "index": (",.1f", None), "score_1_7": (",.1f", None), "per_hour": (",.1f", "unit_per_hour"),
    "sentiment": ("+.2f", None),
}


def value_formatter(kind: str | None, lang: str) -> dict[str, str] | None:
    """The grid's valueFormatter of a unit: d3-format in the browser, so the cell keeps its number and sorts as one."""
    if kind not in _D3:
        return None
    spec, suffix_key = _D3[kind]
    suffix = "%" if suffix_key == "%" else f" {t(suffix_key, lang)}" if suffix_key else ""
    decimals = re.search(r"\.(\d+)f$", spec)
    # rounded to the shown decimals first, and −0 made 0: −0.001 shows as +0.00, not −0.00
    value = f"(+params.value.toFixed({decimals.group(1)}) || 0)" if decimals else "params.value"
    return {"function": f"params.value == null ? '—' : d3.format({json.dumps(spec)})({value}) + {json.dumps(suffix, ensure_ascii=False)}"}


def _text_width(word: str) -> float:
    """About how wide ``word`` is in the grid's header (Noto Sans CJK JP, 13 px semi-bold; measured in Chromium)."""
    return sum(13.5 if _CJK.match(c) else 12.0 if c in "mwMW" else 4.7 if c in _NARROW else 8.7 if c.isupper()
               else 7.7 for c in word)


def header_width(label: str, whole_words: bool = False) -> int:
    """The width (px) a column needs so its header's longest word is not broken ("Escalati|on"): headers wrap
    between words and between Japanese characters, never inside a Latin word. With ``whole_words`` (a grid whose
    headers have the ``whole-words`` class: CSS ``word-break: keep-all``) a Japanese word is not broken either
    (エスカレ|ーション率): its headers wrap only at spaces and after 、 (as Chromium lays them out)."""
    words = (_WHOLE_WORD_BREAK.split(label) if whole_words else _CJK.sub(lambda m: f" {m.group()} ", label).split())
    return max(NUMBER_WIDTH, round(max((_text_width(word) for word in words if word), default=0)) + _CELL_PADDING)


def column_label(column: str, lang: str) -> str:
    key = f"col_{column}"
    return t(key, lang) if key in keys() else column.replace("_", " ")


def columns(names: list[str], lang: str, links: tuple[str, ...] = (), link_target: str = "_blank",
            whole_words: bool = False) -> list[dict[str, object]]:
    """Grid column definitions: the label in ``lang``, numbers right-aligned and formatted with their unit, links
    (markdown ``[text](/path)``) rendered as links opening in a new tab (the list stays where it was) unless
    ``link_target`` says otherwise; a missing text shows as "—". With ``whole_words`` headers wrap only between
    words, Japanese ones included (``header_width``; the ``whole-words`` class in assets/koe.css)."""
    defined = []
    for name in names:
        label = column_label(name, lang)
        column: dict[str, object] = {"field": name, "headerName": label, "minWidth": header_width(label, whole_words)}
        if whole_words:
            column["headerClass"] = "whole-words"
        formatter = value_formatter(unit(name), lang)
        if name in PROSE:
            column.update(flex=3, minWidth=240)  # a sentence: the room the numbers do not need
        elif name in NAMES:
            column.update(flex=2, minWidth=160)
        if name in links:
            column.update(cellRenderer="markdown", linkTarget=link_target)
        elif formatter is not None:
            column.update(type="numericColumn", cellDataType="number", valueFormatter=formatter)
        else:
            column["valueFormatter"] = _MISSING_TEXT
        defined.append(column)
    return defined


ZONE_NAMES = {"Asia/Tokyo": "zone_japan", "Japan": "zone_japan"}  # zones with a name people use (i18n key)


def zone_label(zone: str, lang: str, at: datetime | None = None) -> str:
    """A time zone as people read it, never its IANA id (``KOE_TIMEZONE``): Japan's as 日本時間 / JST, UTC+9; any
    other as its abbreviation and UTC offset at ``at`` (aware; now when None), e.g. CET, UTC+1 or EDT, UTC−4, or the
    offset alone where the zone has no abbreviation (Asia/Dubai's is "+04": UTC+4). No parentheses of its own: the
    pages show it in parentheses after a time or a period."""
    if zone in ZONE_NAMES:
        return t(ZONE_NAMES[zone], lang)
    moment = (at or datetime.now(UTC)).astimezone(ZoneInfo(zone))
    minutes = int((moment.utcoffset() or timedelta(0)).total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    offset = f"UTC{'−' if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")
    name = moment.tzname() or ""
    if not minutes and name in ("UTC", ""):
        return "UTC"
    return offset if not name or name[0] in "+-" else f"{name}, {offset}"


def day_range(first: date, last: date, lang: str) -> str:
    """2026-11-14〜2026-11-20 / 2026-11-14 to 2026-11-20; one day once."""
    return str(first) if first == last else t("day_range", lang).format(first=first, last=last)


def code_label(column: str, value: object, lang: str) -> object:
    """A code (``web_form``, ``critical_failed``, ``inbound``, True) as a word in ``lang``, a queue or team by its
    name (queries.names); other values as they are."""
    if column in FLAGS and isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if column in NAMED and isinstance(value, str):
        return NAMED[column](value, lang)
    if column in CODED and isinstance(value, str):
        key = f"{column}_{value}"
        return t(key, lang) if key in keys() else value
    return value


def cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 3)
    return value


def rows(frame: pl.DataFrame, lang: str, shown: list[str] | None = None) -> list[dict[str, object]]:
    """Table rows with codes as words and dates as text; numbers stay numbers."""
    names = shown or frame.columns
    return [{name: cell(code_label(name, row[name], lang)) for name in names} for row in frame.iter_rows(named=True)]


def options(values: list[str], column: str, lang: str) -> list[dict[str, str]]:
    """Dropdown options for a filter: the code is the value, the word the label."""
    return [{"label": str(code_label(column, value, lang)), "value": value} for value in values]
