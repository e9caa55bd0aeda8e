"""Pure figure builders: DataFrame in, plotly Figure out (no data access, unit-tested without a browser).

Each chart carries the drill-down key of its points in ``customdata`` so a click can list the interactions.
"""

from __future__ import annotations

import textwrap
from datetime import datetime, time, timedelta

import plotly.graph_objects as go
import polars as pl

from dashboards.display import code_label
from dashboards.i18n import t

_LAYOUT = {"margin": {"l": 48, "r": 16, "t": 36, "b": 40}, "height": 320, "template": "plotly_white",
           "font": {"family": "Noto Sans CJK JP, Noto Sans JP, sans-serif"}, "legend": {"orientation": "h", "y": -0.2}}
EMPTY_NOTE = "koe-empty"  # the name of the note an empty chart shows
CHANNEL_COLOURS = {"phone": "#1f6feb", "email": "#8250df", "chat": "#1a7f37", "sns": "#bf8700", "web_form": "#cf222e"}


def _figure(title: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(title={"text": title, "x": 0, "font": {"size": 14}}, **_LAYOUT)
    return figure


def has_points(figure: go.Figure) -> bool:
    """Whether any trace of ``figure`` has a value to draw."""
    return any(len(getattr(trace, axis, None) or ()) for trace in figure.data for axis in ("x", "y", "z"))


def said_if_empty(figure: go.Figure, lang: str) -> go.Figure:
    """A chart with no point says so in words, instead of bare axes around nothing (``say_why`` then says why)."""
    if not has_points(figure):
        figure.add_annotation(text=t("empty_table", lang), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                              font={"size": 14, "color": "#57606a"}, name=EMPTY_NOTE)
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
    return figure


def say_why(figure: go.Figure, why: str) -> go.Figure:
    """An empty chart's note (``said_if_empty``) replaced by why it is empty (dashboards/empty_states.py), wrapped
    so a long sentence stays inside the chart."""
    for note in figure.layout.annotations:
        if note.name == EMPTY_NOTE:
            note.text = "<br>".join(textwrap.wrap(why, 40 if any(ord(c) > 0x3000 for c in why) else 70))
    return figure


def volume_by_channel(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Stacked daily bars per channel; customdata = [day, channel]."""
    figure = _figure(t("volume_by_channel", lang))
    for channel in frame["channel"].unique(maintain_order=True).sort().to_list():
        part = frame.filter(pl.col("channel") == channel)
        days = [d.isoformat() for d in part["day"].to_list()]
        figure.add_bar(x=days, y=part["offered"].to_list(), name=code_label("channel", channel, lang),
                       marker_color=CHANNEL_COLOURS.get(channel),
                       customdata=[[d, channel] for d in days])
    figure.update_layout(barmode="stack")
    figure.update_xaxes(tickformat="%m/%d")  # dates as numbers: no English month names on a Japanese page
    figure.update_yaxes(title={"text": t("col_contacts", lang)})  # contacts a day (件数 / Contacts)
    return said_if_empty(figure, lang)


def mark_partial_days(figure: go.Figure, coverage: tuple[datetime, datetime] | None, lang: str) -> go.Figure:
    """A daily chart's bars for the data's first or last day, which the data covers only in part (it starts and ends
    mid-day: ``coverage``, its first and last half hour), drawn paler with the hours they cover above them (08:00まで
    / to 08:00): a part of a day beside full days is not a drop in volume."""
    if coverage is None:
        return figure
    first, last = coverage
    end = last + timedelta(minutes=30)
    partial = {day.isoformat(): t(key, lang).format(time=f"{at:%H:%M}")
               for day, at, key in ((first.date(), first, "partial_day_from"), (last.date(), end, "partial_day_until"))
               if at.time() != time(0)}
    shown: set[str] = set()
    for trace in figure.data:
        if trace.type == "bar" and trace.x is not None:
            days = list(trace.x)
            shown.update(day for day in days if day in partial)
            trace.marker.opacity = [0.45 if day in partial else 1.0 for day in days]
    for day in sorted(shown):
        figure.add_annotation(x=day, y=1, xref="x", yref="paper", yanchor="bottom", text=partial[day], showarrow=False,
                              font={"size": 10, "color": "#57606a"})
    return figure


def arrival_heatmap(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Weekday × hour heatmap of mean contacts per day (the query's ``offered_per_day`` over ``days`` days, per
    cell: the data's partial first and last days count only for their hours). The drill-down key is the point's own
    coordinates: x = local hour, y = ISO weekday (1 = Monday), labelled with day names; ``days`` is shown on hover
    (for an hour without contacts, the most days of that weekday)."""
    figure = _figure(t("arrival_heatmap", lang))
    names = t("weekday_names", lang).split(",")
    if frame.is_empty():
        return said_if_empty(figure, lang)
    grid = [[0.0] * 24 for _ in range(7)]
    most = dict(frame.group_by("weekday").agg(pl.col("days").max()).iter_rows())
    hover = [[[names[weekday - 1], most.get(weekday, 0)] for _ in range(24)] for weekday in range(1, 8)]
    for weekday, hour, value, days in frame.select("weekday", "hour", "offered_per_day", "days").iter_rows():
        grid[weekday - 1][hour] = round(float(value), 1)
        hover[weekday - 1][hour] = [names[weekday - 1], days]  # [day name, days averaged]
    unit = t("per_day", lang)
    figure.add_heatmap(z=grid, x=list(range(24)), y=list(range(1, 8)), colorscale="Blues", hoverongaps=False,
                       customdata=hover, colorbar={"title": {"text": unit}},
                       hovertemplate=t("heatmap_hover", lang).replace("{unit}", unit) + "<extra></extra>")
    figure.update_yaxes(autorange="reversed", tickvals=list(range(1, 8)), ticktext=names)
    figure.update_xaxes(title={"text": t("col_hour", lang)}, dtick=2)
    return said_if_empty(figure, lang)


def agent_trend(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Handled contacts (bars) and AHT in seconds (line, right axis) per day; customdata = [day]."""
    figure = _figure(t("agents_trend", lang))
    days = [d.isoformat() for d in frame["day"].to_list()]
    figure.add_bar(x=days, y=frame["handled"].to_list(), name=t("col_handled", lang), customdata=[[d] for d in days])
    figure.update_xaxes(tickformat="%m/%d")
    figure.add_scatter(x=days, y=frame["aht_seconds"].to_list(), name=f"{t('kpi_aht', lang)} ({t('unit_seconds', lang)})",
                       yaxis="y2", mode="lines")
    figure.update_layout(yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "tickformat": ",.0f",
                                 "rangemode": "tozero", "title": {"text": t("unit_seconds", lang)}})
    figure.update_layout(yaxis={"title": {"text": t("col_handled", lang)}})
    return said_if_empty(figure, lang)


def qa_distribution(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Scored interactions per 10-point band, every band shown (0 where none); customdata = [band] (90 = 90–100)."""
    figure = _figure(t("qa_distribution", lang))
    if frame.is_empty():
        return said_if_empty(figure, lang)
    scored = dict(frame.select("band", "scored").iter_rows())
    bands = list(range(0, 100, 10))
    figure.add_bar(x=[f"{b}–{b + 9 if b < 90 else 100}" for b in bands], y=[scored.get(b, 0) for b in bands],
                   marker_color="#8250df", customdata=[[b] for b in bands])
    figure.update_xaxes(title={"text": t("col_score", lang)})
    figure.update_yaxes(title={"text": t("col_qa_scored", lang)})
    return figure


def staffing(frame: pl.DataFrame, lang: str, weekday: int, channel: str) -> go.Figure:
    """Required, scheduled and seen agents per interval; customdata = [interval_time, weekday, channel]."""
    day_name = t("weekday_names", lang).split(",")[weekday - 1]
    figure = _figure(f"{t('required_vs_seen', lang)} · {code_label('channel', channel, lang)} · {day_name}")
    times = frame["interval_time"].to_list()
    for column, colour in (("agents_required", "#1f6feb"), ("agents_scheduled", "#8250df"), ("agents_seen", "#1a7f37")):
        figure.add_scatter(x=times, y=frame[column].to_list(), name=t(column, lang), mode="lines+markers",
                           line={"color": colour, "shape": "hv"}, customdata=[[x, weekday, channel] for x in times])
    return said_if_empty(figure, lang)


def theme_trend(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Contacts per complete week (Monday–Sunday); weeks are categories, so one week is one labelled point."""
    figure = _figure(f"{t('theme_trend', lang)} · {t('theme_trend_note', lang)}")
    figure.add_scatter(x=[w.isoformat() for w in frame["week"].to_list()], y=frame["contacts"].to_list(),
                       mode="lines+markers", name=t("col_contacts", lang))
    figure.update_xaxes(type="category", title={"text": t("week_of", lang)})
    figure.update_yaxes(rangemode="tozero", title={"text": t("col_contacts", lang)})
    return said_if_empty(figure, lang)


def products(frame: pl.DataFrame, lang: str) -> go.Figure:
    figure = _figure(t("products", lang))
    figure.add_bar(x=frame["contacts"].to_list(), y=frame["product"].to_list(), orientation="h")
    figure.update_xaxes(title={"text": t("col_contacts", lang)})
    return said_if_empty(figure, lang)
