"""How values are shown: column names in the UI language, numbers rounded with their unit (秒 / s, %), codes such as
channel or review reason as words. Tables keep numbers as numbers (sortable; the CSV export gets plain values), and
the DataTable formats them; text cells are translated here. KPI units come from transforms.kpis (one definition).
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
from dash.dash_table.Format import Format, Group, Scheme, Symbol

from dashboards.i18n import keys, t
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
    "question_share": "percent",
}
CODED = ("channel", "direction", "language", "status", "reason", "disposition")  # text columns whose values are codes
FLAGS = ("abandoned", "escalated", "emerging", "tracked")  # booleans shown as はい/いいえ (Yes/No), never true/false


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
    if kind == "percent":
        return f"{value:.1f}%"
    if kind == "seconds":
        return f"{value:,.0f} {t('unit_seconds', lang)}"
    if kind == "count":
        return f"{value:,.0f}"
    if kind == "per_hour":
        return f"{value:,.1f} {t('unit_per_hour', lang)}"
    return f"{value:,.1f}"


def _format(kind: str | None, lang: str) -> Format | None:
    """The DataTable number format of a unit; a missing value shows as "—"."""
    if kind == "percent":
        return Format(precision=1, scheme=Scheme.fixed, symbol=Symbol.yes, symbol_suffix="%", nully="—")
    if kind == "seconds":
        return Format(precision=0, scheme=Scheme.fixed, group=Group.yes, symbol=Symbol.yes,
                      symbol_suffix=f" {t('unit_seconds', lang)}", nully="—")
    if kind == "count":
        return Format(precision=0, scheme=Scheme.fixed, group=Group.yes, nully="—")
    if kind in ("decimal", "index", "score_1_7"):
        return Format(precision=1, scheme=Scheme.fixed, nully="—")
    if kind == "per_hour":
        return Format(precision=1, scheme=Scheme.fixed, symbol=Symbol.yes, symbol_suffix=f" {t('unit_per_hour', lang)}",
                      nully="—")
    return None


def column_label(column: str, lang: str) -> str:
    key = f"col_{column}"
    return t(key, lang) if key in keys() else column.replace("_", " ")


def columns(names: list[str], lang: str, links: tuple[str, ...] = ()) -> list[dict[str, object]]:
    """DataTable column definitions: the label in ``lang``, numbers typed and formatted with their unit."""
    defined = []
    for name in names:
        column: dict[str, object] = {"name": column_label(name, lang), "id": name}
        fmt = _format(unit(name), lang)
        if name in links:
            column["presentation"] = "markdown"
        elif fmt is not None:
            column.update(type="numeric", format=fmt)
        defined.append(column)
    return defined


def code_label(column: str, value: object, lang: str) -> object:
    """A code (``web_form``, ``critical_failed``, ``inbound``, True) as a word in ``lang``; other values as they are."""
    if column in FLAGS and isinstance(value, bool):
        return t("yes" if value else "no", lang)
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
