"""Shared callback plumbing: the filter inputs, Filters for the signed-in user, drill-down outputs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import cast

from dash import Input, Output

from dashboards import display, ids, payloads
from dashboards.auth import current_user
from dashboards.config import current_config
from dashboards.i18n import t
from dashboards.queries import Filters, agent_display_names, interactions_list, open_snapshot
from dashboards.queries.qa import live_scores
from warehouse import review_store

FILTER_INPUTS = [
    Input(ids.FILTERS_DATES, "start_date"), Input(ids.FILTERS_DATES, "end_date"),
    Input(ids.FILTERS_CHANNEL, "value"), Input(ids.FILTERS_QUEUE, "value"), Input(ids.FILTERS_TEAM, "value"),
    Input(ids.FILTERS_LANGUAGE, "value"), Input(ids.FILTERS_DIRECTION, "value"),
]
DEFAULT_DAYS = 28  # the period shown before the user picks one


def filters_from(start: object, end: object, channel: object, queue: object, team: object, language: object,
                 direction: object) -> Filters:
    """Filters from the filter bar (each value checked: 400 when malformed); an agent is always limited to their own
    interactions, whatever the bar says (the scope comes from the session, not the request)."""
    user = current_user()
    date_from, date_to = payloads.period(start, end)
    date_to = date_to or date.today()
    date_from = date_from or date_to - timedelta(days=DEFAULT_DAYS - 1)
    return Filters(
        date_from=date_from, date_to=date_to, channel=payloads.dimension_values(channel, "channel"),
        queue=payloads.dimension_values(queue, "queue"), team=payloads.dimension_values(team, "team"),
        language=payloads.dimension_values(language, "language"),
        direction=payloads.dimension_values(direction, "direction"),
        agent_id=(user.agent_id or "") if user.role == "agent" else None, timezone=current_config().timezone,
        scope_teams=supervisor_teams(), live_scores=live_qa_scores(),
    )


def supervisor_teams() -> tuple[str, ...] | None:
    """The signed-in supervisor's teams (their scope, from the server's store); None for every other role."""
    user = current_user()
    return review_store.supervisor_teams(current_config().app_db, user.username) if user.role == "supervisor" else None


def live_qa_scores() -> tuple[tuple[str, float | None], ...]:
    """Scores of interactions reviewed in the UI since the snapshot, so the review takes effect on every page."""
    pending = review_store.pending_human_answers(current_config().app_db)
    if not pending:
        return ()
    with open_snapshot(current_config().snapshot_path) as conn:
        return tuple(live_scores(conn, pending).items())


def drill_outputs(prefix: str) -> list[Output]:
    parts = ids.drill_parts(prefix)
    return [Output(parts["title"], "children"), Output(parts["table"], "rowData"), Output(parts["table"], "columnDefs")]


def drill_rows(filters: Filters, point: dict[str, object], lang: str) -> tuple[str, list[dict], list[dict]]:
    """Title, rows and columns of the drill-down list for a clicked point (its keys and types checked first)."""
    point, lang = payloads.drill_point(point), payloads.language(lang)
    with open_snapshot(current_config().snapshot_path) as conn:
        frame = interactions_list(conn, replace(filters, extra=point))
        agents = agent_display_names(conn, [str(point["agent_id"])] if "agent_id" in point else [])
    shown = [c for c in frame.columns if c != "agent_id"]  # the agent's name is shown, not their id
    rows = display.rows(frame, lang, shown)
    for row in rows:
        row["interaction_id"] = f"[{row['interaction_id']}](/interactions/{row['interaction_id']})"
    return f"{point_label(point, lang, agents)} — {len(rows)} {t('rows_shown', lang)}", rows, \
        display.columns(shown, lang, links=("interaction_id",))


def point_label(point: dict[str, object], lang: str, agent_names: dict[str, str]) -> str:
    """The clicked selection in words: チャネル=電話, 曜日=月, 時=9, エージェント=佐藤 … (never a raw key or code)."""
    words = []
    for key, value in point.items():
        if key == "weekday":
            words.append(f"{t('staffing_weekday', lang)}={t('weekday_names', lang).split(',')[cast(int, value) - 1]}")
        elif key == "qa_band":
            words.append(t("qa_band_drill", lang).format(band=value))
        elif key == "agent_id":
            words.append(f"{t('col_agent_name', lang)}={agent_names.get(str(value), value)}")
        else:
            words.append(f"{display.column_label(key, lang)}={display.code_label(key, value, lang)}")
    return ", ".join(words)


def clicked_point(click: dict | None, keys: tuple[str, ...]) -> dict[str, object] | None:
    """The drill-down key of a clicked plotly point (from its customdata)."""
    if not click:
        return None
    points = click.get("points") if isinstance(click, dict) else None
    if not isinstance(points, list) or not isinstance(points[0] if points else {}, dict):
        raise payloads.BadPayload("clickData.points: expected a list of points")
    custom = points[0].get("customdata") if points else None
    if custom is None:
        return None
    values = custom if isinstance(custom, list) else [custom]
    return dict(zip(keys, values, strict=False))


def heatmap_point(click: dict | None) -> dict[str, object] | None:
    """The weekday × hour of a clicked heatmap cell (a heatmap click has x and y but no customdata)."""
    if not click:
        return None
    points = click.get("points") if isinstance(click, dict) else None
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        raise payloads.BadPayload("clickData.points: expected a list of points")
    return {"weekday": points[0].get("y"), "hour": points[0].get("x")}
