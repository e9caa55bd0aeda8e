"""The product-feedback report: top themes by volume and growth, emerging themes, trend charts, affected
products and channels, CSAT/NPS of each theme's contacts vs overall, repeat-contact rate, redacted examples
with interaction ids, FAQ candidates. Japanese or English. Data from the warehouse, opened read-only.

Its KPIs are the dashboard's: CSAT in % of answers 4–5 (transforms/kpis.py; the overall figure is
``marts.kpi_daily`` rolled up over the period, exactly what ``koe kpis --by none`` prints) and growth in % over
complete periods (transforms/themes/growth.py). The page is small enough to e-mail: trend charts are inline SVG,
not a charting library.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import polars as pl

import warehouse
import warehouse.themes as store
from dashboards.display import code_label, day_range, zone_label
from dashboards.i18n import t
from dashboards.reports.i18n import TEXT
from transforms.kpis import roll_up
from transforms.spreadsheet import escape_text_columns
from transforms.themes.controls import merged_ids
from transforms.themes.faq import question_expr
from transforms.themes.growth import latest_complete_week, period_growth
from transforms.themes.summary import scores, theme_series, theme_summary
from transforms.themes.trends import BASELINE_DAYS, RECENT_DAYS
from warehouse import theme_controls
from warehouse.app_store import app_store_path
from warehouse.theme_controls import resolve_merges

TOP_THEMES = 10
_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class ReportData:
    start: date
    end: date
    themes: pl.DataFrame  # theme_summary (with its cost: agent_hours, transfers, …) + label, is_question, growth_pct
    overall: dict[str, float | None]  # documents, csat (%), nps over the window
    series: pl.DataFrame  # theme_id, day, documents
    examples: pl.DataFrame  # theme_id, rank, interaction_id, language, text (redacted), day: in [start, end] only
    faq: pl.DataFrame  # theme_id, label, documents, example
    emerging: list[str] = field(default_factory=list)
    timezone: str = "Asia/Tokyo"  # the business days' zone (KOE_TIMEZONE)
    zone: str = "日本時間"  # that zone as the reader reads it (display.zone_label), never its IANA id
    data_days: tuple[date, date] | None = None  # first and last day with contacts; None: no data at all
    example_days: dict[str, tuple[date, date]] = field(default_factory=dict)  # theme: days of its quotes elsewhere


def data_days(warehouse_path: str | os.PathLike[str] | None) -> tuple[date, date] | None:
    """First and last business day with contacts in the warehouse (None when it has none)."""
    with warehouse.connect(warehouse_path, read_only=True) as conn:
        first, last = conn.execute("select min(day), max(day) from marts.kpi_daily where contacts > 0").fetchall()[0]
    return (first, last) if first else None


def week_to_report(span: tuple[date, date] | None, today: date) -> tuple[date, date]:
    """The one rule for which week "the" product-feedback report is: the latest complete Monday–Sunday week that
    lies inside the days with data (``span``) and has ended before ``today``; the week before ``today`` when there
    is no data (the report then says so)."""
    last_ended = today - timedelta(days=today.weekday() + 1)  # the Sunday before today
    week = latest_complete_week(span[0], min(span[1], last_ended)) if span and span[0] <= last_ended else None
    return week or (last_ended - timedelta(days=6), last_ended)


def report_week(warehouse_path: str | os.PathLike[str] | None, today: date) -> tuple[date, date]:
    """The week the pipeline publishes (``week_to_report`` over the warehouse's days with data)."""
    return week_to_report(data_days(warehouse_path), today)


def report_file_name(start: date, lang: str, suffix: str = "html") -> str:
    return f"product_feedback_{start.isoformat()}_{lang}.{suffix}"


def published_report(folder: Path, span: tuple[date, date] | None, today: date, lang: str,
                     suffix: str = "html") -> Path | None:
    """The published report the dashboard opens (``/reports/product-feedback``, the Themes page's link): the one
    of ``week_to_report``, so the same week the pipeline publishes. When that week has not been published yet, the
    newest one before it; never a week after it (a leftover report of a week without data), whatever its file
    name sorts as. None when there is none."""
    start = week_to_report(span, today)[0]
    published = {}
    for path in folder.glob(report_file_name(start, lang, suffix).replace(start.isoformat(), "*")):
        try:
            published[date.fromisoformat(path.name.split("_")[2])] = path
        except (IndexError, ValueError):
            continue  # not a report this module wrote
    usable = [week for week in published if week <= start]
    return published[max(usable)] if usable else None


def _in_words(daily: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Channel codes (``web_form``) as the words the dashboard shows (Webフォーム / Web form), and the trends'
    stand-in for a contact without a product (``unknown``) as 不明 / Unknown."""
    words = {code: str(code_label("channel", code, lang)) for code in daily["channel"].drop_nulls().unique()}
    return daily.with_columns(pl.col("channel").replace_strict(words, default=pl.col("channel")),
                              pl.col("product").replace("unknown", t("unknown", lang)))


def load_report_data(warehouse_path: str | os.PathLike[str] | None, start: date, end: date,
                     timezone: str = "Asia/Tokyo", lang: str = "ja") -> ReportData:
    """Everything the report shows for [start, end] (business days in ``timezone``), its words in ``lang``."""
    with warehouse.connect(warehouse_path, read_only=True) as conn:
        daily = _in_words(
            store.read_daily(conn, start - timedelta(days=max(35, 4 * ((end - start).days + 1))), end), lang)
        labels = store.read_themes(conn).select("theme_id", "label", "is_question")
        examples = store.read_examples(conn, timezone)
        kpi = warehouse.read(conn, "select * from marts.kpi_daily where day between $a and $b", {"a": start, "b": end})
    # the product team's names and merges (dashboard, app store), as the Themes page shows them
    controls = theme_controls.read_controls(app_store_path(warehouse_path))
    merges = resolve_merges(controls)
    daily = daily.with_columns(theme_id=merged_ids(pl.col("theme_id"), merges))
    examples = examples.with_columns(theme_id=merged_ids(pl.col("theme_id"), merges))
    labels = labels.join(controls.select("theme_id", "name"), on="theme_id", how="left").select(
        "theme_id", "is_question",
        label=pl.coalesce(*(pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c)) for c in ("name", "label"))))
    span = data_days(warehouse_path)
    growth = (period_growth(daily, start, end, *span).select("theme_id", "growth_pct")
              if span else pl.DataFrame(schema={"theme_id": pl.String, "growth_pct": pl.Float64}))
    unnamed = TEXT["unnamed_theme"][0 if lang == "ja" else 1]  # a theme without a label: a word, never its id
    summary = (theme_summary(daily, start, end).join(labels, on="theme_id", how="left")
               .join(growth, on="theme_id", how="left").with_columns(pl.col("label").fill_null(unnamed)))
    window = daily.filter(pl.col("day").is_between(start, end))
    in_period = pl.col("day").is_between(start, end).fill_null(False)  # quotes of contacts in the period, as the page
    first_examples = (
        examples.filter(in_period).sort("theme_id", question_expr("text"), "rank", descending=[False, True, False])
        .unique("theme_id", keep="first")
        .select("theme_id", example="text")
    )  # the period's most typical question-like wording, else its most typical one ("—" when none is in the period)
    faq = summary.filter(pl.col("is_question").fill_null(False)).join(first_examples, on="theme_id", how="left")
    example_days = {row["theme_id"]: (row["first"], row["last"]) for row in examples.filter(~in_period).group_by(
        "theme_id").agg(first=pl.col("day").min(), last=pl.col("day").max()).drop_nulls().iter_rows(named=True)}
    overall = scores(window, []).row(0, named=True) if window.height else {"documents": 0, "csat": None, "nps": None}
    if kpi.height:  # the period's CSAT and NPS as every other screen computes them
        totals = roll_up(kpi, [])
        overall = {**overall, "csat": totals["csat_pct"][0], "nps": totals["nps"][0]}
    # Report tables open in spreadsheets too (an HTML table pasted or opened in Excel): text cells are escaped.
    summary = escape_text_columns(summary)
    return ReportData(
        start=start,
        end=end,
        themes=summary,
        overall=overall,
        series=theme_series(daily, start, end),
        examples=escape_text_columns(examples.filter(in_period).join(summary.select("theme_id"), on="theme_id")),
        example_days=example_days,
        faq=escape_text_columns(faq.select("theme_id", "label", "documents", "example").head(TOP_THEMES)),
        emerging=summary.filter(pl.col("is_emerging").fill_null(False))["theme_id"].to_list(),
        timezone=timezone,
        zone=zone_label(timezone, lang, datetime.combine(start, time(12), ZoneInfo(timezone))),
        data_days=span,
    )


def emerging_words(data: ReportData, lang: str) -> tuple[str, str]:
    """Which days "emerging" is about in this report (its period, against the BASELINE_DAYS before) and how that
    differs from the dashboard's flag (the last RECENT_DAYS days of data); and what the report says with none."""
    text = {key: pair[0 if lang == "ja" else 1] for key, pair in TEXT.items()}
    note = text["emerging_period"].format(start=data.start, end=data.end, baseline=BASELINE_DAYS, recent=RECENT_DAYS)
    return note, text["no_emerging"].format(start=data.start, end=data.end)


def why_no_quotes(data: ReportData, theme_id: str, lang: str) -> str:
    """What a theme without a quote from the period says: the days its quotes are from, or that it has none yet."""
    days = data.example_days.get(theme_id)
    text = TEXT["examples_elsewhere" if days else "no_examples"][0 if lang == "ja" else 1]
    return text.format(days=day_range(*days, lang)) if days else text


def top_by_growth(themes: pl.DataFrame, min_documents: int = 3) -> pl.DataFrame:
    """Themes that grew (growth > 0 %, or new), fastest first; a shrinking theme is never listed as growing."""
    growing = themes.filter((pl.col("documents") >= min_documents)
                            & ((pl.col("growth_pct") > 0) | pl.col("is_new").fill_null(False)))
    return growing.sort(["is_new", "growth_pct", "theme_id"], descending=[True, True, False], nulls_last=True).head(TOP_THEMES)


def sparkline(series: pl.DataFrame, theme_id: str, lang: str, width: int = 320, height: int = 60) -> str:
    """Contacts per day of one theme as a small inline SVG, its first and last date written under it and its
    highest day's count (最大 / max) above."""
    one = series.filter(pl.col("theme_id") == theme_id).sort("day")
    values, days = one["documents"].to_list(), one["day"].to_list()
    if not values:
        return ""
    top, step = max(max(values), 1), (width - 8) / max(len(values) - 1, 1)
    # the line between y = 16 (under the max label, whose baseline is y = 10) and y = height − 18 (over the dates)
    points = " ".join(f"{4 + i * step:.1f},{height - 18 - (v / top) * (height - 34):.1f}" for i, v in enumerate(values))
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
            f'<polyline fill="none" stroke="#2563eb" stroke-width="1.5" points="{points}"/>'
            f'<text x="4" y="{height - 3}" font-size="10">{days[0]}</text>'
            f'<text x="{width - 4}" y="{height - 3}" font-size="10" text-anchor="end">{days[-1]}</text>'
            f'<text x="{width - 4}" y="10" font-size="10" text-anchor="end">{TEXT["max"][0 if lang == "ja" else 1]} {max(values)}</text></svg>')


def render_html(data: ReportData, lang: str, dashboard_url: str = "") -> str:
    """The report page; self-contained and light (inline SVG charts, no script), so it opens offline and e-mails."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True)
    text = {key: pair[0 if lang == "ja" else 1] for key, pair in TEXT.items()}
    theme_rows = data.themes.head(TOP_THEMES).to_dicts()
    charts = {row["theme_id"]: sparkline(data.series, row["theme_id"], lang) for row in theme_rows}
    examples = {tid: group.to_dicts() for (tid,), group in data.examples.group_by("theme_id")}
    no_quotes = {row["theme_id"]: why_no_quotes(data, row["theme_id"], lang) for row in theme_rows}
    emerging_note, no_emerging = emerging_words(data, lang)
    return env.get_template("product_feedback.html.j2").render(
        lang=lang, t=text, data=data, themes=theme_rows, growth=top_by_growth(data.themes).to_dicts(),
        emerging=data.themes.filter(pl.col("theme_id").is_in(data.emerging)).to_dicts(), charts=charts,
        examples=examples, no_quotes=no_quotes, emerging_note=emerging_note, no_emerging=no_emerging,
        faq=data.faq.to_dicts(), has_data=bool(data.overall.get("documents")),
        link=(dashboard_url.rstrip("/") + "/interactions/") if dashboard_url else "",
    )  # fmt: skip
