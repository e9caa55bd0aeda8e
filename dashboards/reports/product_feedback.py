"""The product-feedback report: top themes by volume and growth, emerging themes, trend charts, affected
products and channels, CSAT/NPS of each theme's contacts vs overall, repeat-contact rate, redacted examples
with interaction ids, FAQ candidates. Japanese or English. Data from the warehouse, opened read-only."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import jinja2
import plotly.graph_objects as go
import polars as pl
from plotly.offline import get_plotlyjs

import warehouse
import warehouse.themes as store
from dashboards.reports.i18n import TEXT
from transforms.spreadsheet import escape_text_columns
from transforms.themes.faq import question_expr
from transforms.themes.summary import scores, theme_summary, theme_series

TOP_THEMES = 10
REPEAT_DAYS = 7
_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class ReportData:
    start: date
    end: date
    themes: pl.DataFrame  # theme_summary + label, repeat_rate; one row per theme in the window
    overall: dict[str, float | None]  # documents, csat, nps over all documents of the window
    series: pl.DataFrame  # theme_id, day, documents
    examples: pl.DataFrame  # theme_id, rank, interaction_id, language, text (redacted)
    faq: pl.DataFrame  # theme_id, label, documents, example
    emerging: list[str] = field(default_factory=list)


def load_report_data(warehouse_path: str | os.PathLike[str] | None, start: date, end: date) -> ReportData:
    """Everything the report shows for [start, end] (JST days)."""
    with warehouse.connect(warehouse_path, read_only=True) as conn:
        daily = store.read_daily(conn, start - timedelta(days=35), end)
        labels = store.read_themes(conn).select("theme_id", "label", "is_question")
        examples = store.read_examples(conn)
        customers = store.read_theme_customers(
            conn, datetime.combine(start, datetime.min.time()) - timedelta(hours=9),
            datetime.combine(end + timedelta(days=1), datetime.min.time()) - timedelta(hours=9), REPEAT_DAYS,
        )  # fmt: skip
    summary = theme_summary(daily, start, end).join(labels, on="theme_id", how="left").join(
        customers.select("theme_id", repeat_rate=pl.col("repeat_contacts") / pl.col("interactions")), on="theme_id", how="left"
    )
    window = daily.filter(pl.col("day").is_between(start, end))
    first_examples = (
        examples.sort("theme_id", question_expr("text"), "rank", descending=[False, True, False])
        .unique("theme_id", keep="first")
        .select("theme_id", example="text")
    )  # the most typical question-like wording, else the most typical one
    faq = summary.filter(pl.col("is_question").fill_null(False)).join(first_examples, on="theme_id", how="left")
    # Report tables open in spreadsheets too (an HTML table pasted or opened in Excel): text cells are escaped.
    summary = escape_text_columns(summary)
    return ReportData(
        start=start,
        end=end,
        themes=summary,
        overall=scores(window, []).row(0, named=True) if window.height else {"documents": 0, "csat": None, "nps": None},
        series=theme_series(daily, start, end),
        examples=escape_text_columns(examples.join(summary.select("theme_id"), on="theme_id")),
        faq=escape_text_columns(faq.select("theme_id", "label", "documents", "example").head(TOP_THEMES)),
        emerging=summary.filter(pl.col("is_emerging").fill_null(False))["theme_id"].to_list(),
    )


def top_by_growth(themes: pl.DataFrame, min_documents: int = 3) -> pl.DataFrame:
    return themes.filter(pl.col("documents") >= min_documents).sort(["growth", "theme_id"], descending=[True, False]).head(TOP_THEMES)


def trend_chart(series: pl.DataFrame, theme_id: str, title: str) -> str:
    """A small Plotly line chart as an HTML fragment (plotly.js is included once by the page)."""
    one = series.filter(pl.col("theme_id") == theme_id)
    fig = go.Figure(go.Scatter(x=one["day"].to_list(), y=one["documents"].to_list(), mode="lines+markers"))
    fig.update_layout(title=title, height=220, margin={"l": 30, "r": 10, "t": 30, "b": 30}, template="plotly_white")
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displayModeBar": False})


def render_html(data: ReportData, lang: str, dashboard_url: str = "") -> str:
    """The report page; self-contained (plotly.js inlined) so it opens offline."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True)
    text = {key: pair[0 if lang == "ja" else 1] for key, pair in TEXT.items()}
    theme_rows = data.themes.head(TOP_THEMES).to_dicts()
    charts = {row["theme_id"]: trend_chart(data.series, row["theme_id"], text["trend"]) for row in theme_rows}
    examples = {tid: group.to_dicts() for (tid,), group in data.examples.group_by("theme_id")}
    return env.get_template("product_feedback.html.j2").render(
        lang=lang, t=text, data=data, themes=theme_rows, growth=top_by_growth(data.themes).to_dicts(),
        emerging=data.themes.filter(pl.col("theme_id").is_in(data.emerging)).to_dicts(), charts=charts,
        examples=examples, faq=data.faq.to_dicts(), plotlyjs=get_plotlyjs(),
        link=(dashboard_url.rstrip("/") + "/interactions/") if dashboard_url else "",
    )  # fmt: skip
