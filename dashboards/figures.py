"""Pure figure builders: DataFrame in, plotly Figure out (no data access, unit-tested without a browser).

Each chart carries the drill-down key of its points in ``customdata`` so a click can list the interactions.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboards.i18n import t

_LAYOUT = {"margin": {"l": 48, "r": 16, "t": 36, "b": 40}, "height": 320, "template": "plotly_white",
           "font": {"family": "Noto Sans CJK JP, Noto Sans JP, sans-serif"}, "legend": {"orientation": "h", "y": -0.2}}
CHANNEL_COLOURS = {"phone": "#1f6feb", "email": "#8250df", "chat": "#1a7f37", "sns": "#bf8700", "web_form": "#cf222e"}


def _figure(title: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(title={"text": title, "x": 0, "font": {"size": 14}}, **_LAYOUT)
    return figure


def volume_by_channel(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Stacked daily bars per channel; customdata = [day, channel]."""
    figure = _figure(t("volume_by_channel", lang))
    for channel in frame["channel"].unique(maintain_order=True).sort().to_list():
        part = frame.filter(pl.col("channel") == channel)
        days = [d.isoformat() for d in part["day"].to_list()]
        figure.add_bar(x=days, y=part["offered"].to_list(), name=channel, marker_color=CHANNEL_COLOURS.get(channel),
                       customdata=[[d, channel] for d in days])
    figure.update_layout(barmode="stack")
    return figure


def arrival_heatmap(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Weekday × hour heatmap of contacts per day; customdata = [weekday, hour]."""
    figure = _figure(t("arrival_heatmap", lang))
    names = t("weekday_names", lang).split(",")
    grid = [[0.0] * 24 for _ in range(7)]
    for weekday, hour, value in frame.select("weekday", "hour", "offered_per_day").iter_rows():
        grid[weekday - 1][hour] = round(float(value), 1)
    figure.add_heatmap(z=grid, x=list(range(24)), y=names, colorscale="Blues", hoverongaps=False,
                       customdata=[[[w + 1, h] for h in range(24)] for w in range(7)])
    figure.update_yaxes(autorange="reversed")
    return figure


def agent_trend(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Handled contacts (bars) and AHT in seconds (line, right axis) per day; customdata = [day]."""
    figure = _figure(t("agents_trend", lang))
    days = [d.isoformat() for d in frame["day"].to_list()]
    figure.add_bar(x=days, y=frame["handled"].to_list(), name=t("kpi_volume", lang), customdata=[[d] for d in days])
    figure.add_scatter(x=days, y=frame["aht_seconds"].to_list(), name=t("kpi_aht", lang), yaxis="y2", mode="lines")
    figure.update_layout(yaxis2={"overlaying": "y", "side": "right", "showgrid": False})
    return figure


def qa_distribution(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Scored interactions per 10-point band."""
    figure = _figure(t("qa_distribution", lang))
    figure.add_bar(x=[f"{b}–{b + 9 if b < 90 else 100}" for b in frame["band"].to_list()], y=frame["scored"].to_list(),
                   marker_color="#8250df")
    return figure


def staffing(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Required, scheduled and seen agents per interval; customdata = [interval_time]."""
    figure = _figure(t("required_vs_seen", lang))
    times = frame["interval_time"].to_list()
    for column, colour in (("agents_required", "#1f6feb"), ("agents_scheduled", "#8250df"), ("agents_seen", "#1a7f37")):
        figure.add_scatter(x=times, y=frame[column].to_list(), name=t(column, lang), mode="lines+markers",
                           line={"color": colour, "shape": "hv"}, customdata=[[x] for x in times])
    return figure


def theme_trend(frame: pl.DataFrame, lang: str) -> go.Figure:
    figure = _figure(t("theme_trend", lang))
    figure.add_scatter(x=[str(w) for w in frame["week"].to_list()], y=frame["contacts"].to_list(), mode="lines+markers")
    return figure


def products(frame: pl.DataFrame, lang: str) -> go.Figure:
    figure = _figure(t("products", lang))
    figure.add_bar(x=frame["contacts"].to_list(), y=frame["product"].to_list(), orientation="h")
    return figure
