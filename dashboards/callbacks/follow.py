"""Search and alerts callbacks: the search (the index next to the snapshot, the role's scope from the session),
the rules' categories as a chart and a search filter, the role's alert inbox, repeat callers, and the customer's
timeline on the interaction page."""

from __future__ import annotations

from functools import cache

import dash
import plotly.graph_objects as go
import polars as pl
from dash import Input, Output, html

from dashboards import display, ids, payloads
from dashboards.auth import current_user
from dashboards.callbacks.common import FILTER_INPUTS, filters_from
from dashboards.components import empty_state_id
from dashboards.config import current_config
from dashboards.empty_states import charts_say_why
from dashboards.figures import has_points, said_if_empty
from dashboards.i18n import t
from dashboards.pages.follow import SENTIMENTS
from dashboards.queries import agent_display_names, open_snapshot
from dashboards.queries import follow as queries
from rules import load_all
from warehouse.search_index import INDEX_NAME, Scope, SearchRequest, search

QUERY_MAX_CHARS = 200  # the input's maxLength
RESULT_COLUMNS = ["created_local", "interaction_id", "speaker", "text", "channel", "queue", "agent_name"]
INBOX_COLUMNS = ["raised_local", "severity", "alert", "alert_subject", "evidence"]
REPEAT_COLUMNS = ["customer_key", "contacts", "repeats", "first_contact", "last_contact", "channels", "themes",
                  "interaction_id"]
TIMELINE_COLUMNS = ["created_local", "interaction_id", "channel", "theme_label", "status", "csat", "harassment",
                    "repeat_contact"]


@cache
def category_labels() -> dict[str, tuple[str, str]]:
    """Category → (ja, en) label of the rule that tags it."""
    return {rule.category: (rule.label.ja, rule.label.en) for rule in load_all() if rule.category}


def _category_label(category: str, lang: str) -> str:
    ja, en = category_labels().get(category, (category, category))
    return ja if lang == "ja" else en


def _local(values: pl.Series, zone: str) -> pl.Series:
    as_time = values.str.to_datetime() if values.dtype == pl.String else values
    return as_time.dt.replace_time_zone("UTC").dt.convert_time_zone(zone).dt.strftime("%Y-%m-%d %H:%M")


def _link(interaction_id: object, seq: int | None = None) -> str:
    turn = f"?turn={seq}" if seq is not None else ""
    return f"[{interaction_id}{f' #{seq}' if seq is not None else ''}](/interactions/{interaction_id}{turn})"


def _query_text(value: object) -> str:
    """The search box's text (at most QUERY_MAX_CHARS characters, as the input allows)."""
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > QUERY_MAX_CHARS:
        raise payloads.BadPayload(f"search query: a text of at most {QUERY_MAX_CHARS} characters")
    return value.strip()


def _sentiments(value: object) -> tuple[str, ...]:
    chosen = payloads.dimension_values(value, "sentiment")
    if set(chosen) - set(SENTIMENTS):
        raise payloads.BadPayload(f"sentiment: one of {', '.join(SENTIMENTS)}")
    return chosen


def _results(hits: pl.DataFrame, lang: str, zone: str, agent_names: dict[str, str]) -> list[dict]:
    shown = hits.with_columns(created_local=_local(hits["created_at"], zone)) if hits.height else hits
    return [{"created_local": row["created_local"], "interaction_id": _link(row["interaction_id"], row["seq"]),
             "speaker": t(f"speaker_{row['role']}", lang), "text": row["text"],
             "channel": display.code_label("channel", row["channel"], lang), "queue": display.code_label("queue", row["queue"], lang),
             "agent_name": agent_names.get(row["agent_id"])} for row in shown.iter_rows(named=True)]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _seconds(value: float | None, lang: str) -> str:
    return "—" if value is None else f"{value:.1f} {t('unit_seconds', lang)}"


def metric_rows(metrics: dict, lang: str) -> list[tuple[str, str]]:
    """(label, value) of a call's conversation metrics, in the order a supervisor reads them."""
    start, end = metrics.get("customer_sentiment_start"), metrics.get("customer_sentiment_end")
    return [
        (t("metric_agent_talk_ratio", lang), _percent(metrics.get("agent_talk_ratio"))),
        (t("metric_silence_ratio", lang), _percent(metrics.get("silence_ratio"))),
        (t("metric_longest_silence_seconds", lang), _seconds(metrics.get("longest_silence_seconds"), lang)),
        (t("metric_holds", lang), f"{metrics.get('hold_count') or 0} ({_seconds(metrics.get('hold_seconds'), lang)})"),
        (t("metric_overlaps", lang), f"{metrics.get('overlap_count') or 0}"),
        (t("metric_interruptions", lang),
         f"{metrics.get('agent_interruptions') or 0} / {metrics.get('customer_interruptions') or 0}"),
        (t("metric_time_to_first_agent_seconds", lang), _seconds(metrics.get("time_to_first_agent_seconds"), lang)),
        (t("metric_sentiment", lang), "—" if start is None or end is None else f"{start:+.2f} → {end:+.2f}"),
    ]


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.SEARCH_RESULTS, "rowData"), Output(ids.SEARCH_RESULTS, "columnDefs"), Output(ids.SEARCH_COUNT, "children"),
        Input(ids.SEARCH_GO, "n_clicks"), Input(ids.SEARCH_QUERY, "value"), Input(ids.SEARCH_CATEGORY, "value"),
        Input(ids.SEARCH_SENTIMENT, "value"), *FILTER_INPUTS, Input(ids.SHELL_LANG, "value"),
    )
    def run_search(_clicks: object, query: object, category: object, sentiment: object, *rest: object) -> tuple:
        """The newest matching messages in the role's scope, each linking to its interaction at the turn."""
        *filter_values, lang = rest
        lang, text = payloads.language(lang), _query_text(query)
        filters = filters_from(*filter_values)
        columns = display.columns(RESULT_COLUMNS, lang, links=("interaction_id",))
        if not text:
            return [], columns, t("search_empty_query", lang)
        index = current_config().snapshot_path.parent / INDEX_NAME
        if not index.exists():
            return [], columns, t("search_no_index", lang)
        start, end = filters.utc_bounds()
        request = SearchRequest(text, start, end, filters.channel, filters.queue, filters.team, filters.language,
                                category=payloads.dimension_values(category, "category"),
                                sentiment=_sentiments(sentiment))
        try:
            result = search(index, request, Scope(agent_id=filters.agent_id, teams=filters.scope_teams))
        except ValueError:
            return [], columns, t("search_empty_query", lang)
        total = f"{result.total:,}{'+' if result.capped else ''}"
        count = t("search_count", lang).format(total=total, shown=result.hits.height)
        with open_snapshot(current_config().snapshot_path) as conn:
            names = agent_display_names(conn, result.hits["agent_id"].to_list() if result.hits.height else [])
        return _results(result.hits, lang, current_config().timezone, names), columns, count

    @app.callback(
        Output(ids.SEARCH_CATEGORIES, "figure"), Output(ids.SEARCH_CATEGORY, "options"),
        Output(ids.SEARCH_INBOX, "rowData"), Output(ids.SEARCH_INBOX, "columnDefs"),
        *FILTER_INPUTS, Input(ids.SHELL_LANG, "value"),
    )
    def overview(*values: object) -> tuple:
        """Contacts per category in the period (the chart and the search's category choices) and the inbox."""
        *filter_values, lang = values
        lang, filters, user = payloads.language(lang), filters_from(*filter_values), current_user()
        zone = current_config().timezone
        with open_snapshot(current_config().snapshot_path) as conn:
            counts = queries.category_counts(conn, filters)
            alerts = queries.inbox(conn, user.role, filters)
        labels = [_category_label(c, lang) for c in counts["category"]]
        figure = go.Figure(go.Bar(x=counts["contacts"].to_list(), y=labels, orientation="h",
                                  customdata=counts["category"].to_list(), marker_color="#4c78a8"))
        figure.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 30}, height=260, yaxis={"autorange": "reversed"},
                             xaxis_title=t("col_contacts", lang))
        options = [{"label": label, "value": c} for c, label in zip(counts["category"], labels, strict=True)]
        inbox = [{"raised_local": _local(pl.Series([row["raised_at"]]), zone)[0],
                  "severity": t(f"severity_{row['severity']}", lang),
                  "alert": row["title_ja"] if lang == "ja" else row["title_en"],
                  "alert_subject": f"[{row['subject']}]({row['link']})", "evidence": row["evidence"]}
                 for row in alerts.iter_rows(named=True)]
        said_if_empty(figure, lang)
        if not has_points(figure):  # no contact in a category: why
            with open_snapshot(current_config().snapshot_path) as conn:
                charts_say_why(conn, filters, lang, figure, page=ids.SEARCH_CATEGORIES)
        return figure, options, inbox, display.columns(INBOX_COLUMNS, lang, links=("alert_subject",))

    @app.callback(
        Output(ids.SEARCH_REPEATS, "rowData"), Output(ids.SEARCH_REPEATS, "columnDefs"),
        *FILTER_INPUTS, Input(ids.SHELL_LANG, "value"),
    )
    def repeats(*values: object) -> tuple:
        """Customers who came back within the FCR window during the period (the page shows it to managers)."""
        *filter_values, lang = values
        lang, filters = payloads.language(lang), filters_from(*filter_values)
        columns = display.columns(REPEAT_COLUMNS, lang, links=("interaction_id",))
        if current_user().role != "manager":  # the list is the managers' (checked here, not only in the layout)
            return [], columns
        with open_snapshot(current_config().snapshot_path) as conn:
            frame = queries.repeat_callers(conn, filters)
        zone = current_config().timezone
        if frame.height:  # stored in UTC, shown in the display zone
            frame = frame.with_columns(first_contact=_local(frame["first_contact"], zone),
                                       last_contact=_local(frame["last_contact"], zone))
        rows = display.rows(frame, lang) if frame.height else []
        for row in rows:
            row["interaction_id"] = _link(row.pop("latest_interaction_id"))
        return rows, columns

    @app.callback(
        Output(ids.INTERACTION_METRICS, "children"), Input(ids.INTERACTION_ID, "data"), Input(ids.SHELL_LANG, "value"),
    )
    def call_metrics(interaction_id: object, lang: object) -> object:
        """Talk share, silence, holds, overlaps, interruptions, time to first words and the customer's sentiment."""
        lang, interaction_id = payloads.language(lang), payloads.identifier(interaction_id, "interaction_id")
        filters = filters_from(None, None, None, None, None, None, None)  # only the role's scope applies here
        with open_snapshot(current_config().snapshot_path) as conn:
            metrics = queries.conversation_metrics(conn, interaction_id, filters)
        if metrics is None:
            return html.P(t("metrics_none", lang), className="empty")
        return html.Dl([part for label, value in metric_rows(metrics, lang) for part in (html.Dt(label), html.Dd(value))],
                       className="metrics")

    @app.callback(
        Output(ids.INTERACTION_TIMELINE, "rowData"), Output(ids.INTERACTION_TIMELINE, "columnDefs"),
        Output(empty_state_id(ids.INTERACTION_TIMELINE), "children"),
        Input(ids.INTERACTION_ID, "data"), Input(ids.SHELL_LANG, "value"),
    )
    def timeline(interaction_id: object, lang: object) -> tuple:
        """The other contacts of this contact's customer the role may see, newest first, with the repeat chain; when
        there are none, why (queries.follow.timeline_state)."""
        lang, interaction_id = payloads.language(lang), payloads.identifier(interaction_id, "interaction_id")
        filters = filters_from(None, None, None, None, None, None, None)  # only the role's scope applies here
        columns = display.columns(TIMELINE_COLUMNS, lang, links=("interaction_id",))
        with open_snapshot(current_config().snapshot_path) as conn:
            state = queries.timeline_state(conn, interaction_id, filters)
            if state != "listed":
                return [], columns, t(f"timeline_{state}", lang)
            frame = queries.customer_timeline(conn, interaction_id, filters)
        zone = current_config().timezone
        rows = []
        for row in frame.iter_rows(named=True):
            shown = display.rows(pl.DataFrame([row]), lang)[0]
            shown["created_local"] = _local(pl.Series([row["created_at"]]), zone)[0]
            shown["interaction_id"] = _link(row["interaction_id"])
            for flag in ("harassment", "repeat_contact"):
                shown[flag] = t("yes" if row[flag] else "no", lang)
            rows.append({column: shown[column] for column in TIMELINE_COLUMNS})
        return rows, columns, t(f"timeline_{queries.empty_timeline_reason(filters)}", lang)
