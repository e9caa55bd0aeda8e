"""PDF version of the product-feedback report with reportlab (pip only).

Japanese text needs a font inside the PDF, or viewers without one show empty boxes: the first TrueType Japanese
font found (``KOE_PDF_FONT``, else IPAex Gothic, Debian's ``fonts-ipaexfont-gothic``) is embedded as a subset.
Without one the report falls back to reportlab's CID font HeiseiKakuGo-W5 (not embedded) and says so in the log.
Japanese paragraphs wrap between any two characters (CJK rules); English ones only between words, so no English
word is ever split.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dashboards.reports.i18n import TEXT
from dashboards.reports.product_feedback import TOP_THEMES, ReportData, emerging_words, top_by_growth, why_no_quotes

_log = logging.getLogger(__name__)
EMBEDDED = "KoeJapanese"  # the embedded TrueType font's name in the PDF
FALLBACK = "HeiseiKakuGo-W5"
_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")  # kana, kanji, full-width forms
FONT_FILES = ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf")


def _font() -> str:
    """The registered font name: an embedded TrueType Japanese font when one is installed, else the CID font."""
    registered = pdfmetrics.getRegisteredFontNames()
    if EMBEDDED in registered:
        return EMBEDDED
    for candidate in (os.environ.get("KOE_PDF_FONT"), *FONT_FILES):
        if candidate and Path(candidate).is_file():
            pdfmetrics.registerFont(TTFont(EMBEDDED, candidate))
            return EMBEDDED
    _log.warning("no TrueType Japanese font found (install fonts-ipaexfont-gothic or set KOE_PDF_FONT):"
                 " the PDF uses %s, which is not embedded", FALLBACK)
    if FALLBACK not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK


def _styles(lang: str) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=_font(), fontSize=8.5, leading=11, wordWrap="CJK" if lang == "ja" else None,
                          splitLongWords=lang == "ja")
    return {"body": body, "h1": ParagraphStyle("h1", parent=body, fontSize=16, leading=20),
            "h2": ParagraphStyle("h2", parent=body, fontSize=12, leading=16, spaceBefore=8)}  # fmt: skip


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """``text`` in ``style``; text with Japanese in it (a theme label or a quote in the English report) wraps between
    any two characters, else a long Japanese run runs over its table cell or the page."""
    if style.wordWrap != "CJK" and _JAPANESE.search(text):
        style = ParagraphStyle(f"{style.name}-ja", parent=style, wordWrap="CJK", splitLongWords=True)
    return Paragraph(escape(text), style)


def _table(rows: list[list[str]], style: ParagraphStyle, widths: list[float]) -> Table:
    cells = [[_paragraph(str(c), style) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]))
    return table


def _sparkline(series: pl.DataFrame, theme_id: str, font: str) -> Drawing:
    one = series.filter(pl.col("theme_id") == theme_id).sort("day")
    values, days = one["documents"].to_list(), one["day"].to_list()
    drawing = Drawing(170 * mm, 26 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 20, 14, 150 * mm, 18 * mm
    plot.data = [list(enumerate(values))] if values else [[(0, 0)]]
    plot.lines[0].strokeColor = colors.HexColor("#2563eb")
    plot.xValueAxis.visible = False
    top = max([*values, 1])  # contacts: from 0 (a 4 → 5 day is not a cliff) to the highest day, whole numbers only
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueSteps = 0, top, [0, top]
    plot.yValueAxis.labelTextFormat = "%d"
    plot.yValueAxis.labels.fontName = font
    drawing.add(plot)
    if days:  # the dates the line runs between
        drawing.add(String(20, 2, str(days[0]), fontName=font, fontSize=7))
        drawing.add(String(20 + 150 * mm, 2, str(days[-1]), fontName=font, fontSize=7, textAnchor="end"))
    return drawing


def _pct(value: float | None) -> str:
    return f"{value:.1f}%" if value is not None else "—"


def _growth(row: dict, t: dict[str, str]) -> str:
    if row["is_new"]:
        return t["new"]
    return f"{row['growth_pct']:+.0f}%" if row.get("growth_pct") is not None else "—"


def _theme_rows(themes: pl.DataFrame, t: dict[str, str]) -> list[list[str]]:
    header = [t["theme"], t["documents"], t["growth"], t["products"], t["channels"], t["csat"], t["repeat_rate"],
              t["agent_hours_short"], t["negative_share_short"]]
    return [header] + [
        [r["label"], str(r["documents"]), _growth(r, t), r["top_products"] or "—",
         r["top_channels"] or "—", _pct(r["csat"]), _pct(r["repeat_rate"] * 100 if r["repeat_rate"] is not None else None),
         f"{r['agent_hours'] or 0:.1f}", _pct(r["negative_share"] * 100 if r.get("negative_share") is not None else None)]
        for r in themes.iter_rows(named=True)
    ]  # fmt: skip


def render_pdf(data: ReportData, lang: str, path: str | os.PathLike[str]) -> None:
    """Write the report as an A4 PDF: summary tables, a sparkline and 3 redacted quotes per top theme, FAQ."""
    t = {key: pair[0 if lang == "ja" else 1] for key, pair in TEXT.items()}
    s = _styles(lang)
    widths = [34 * mm, 15 * mm, 15 * mm, 26 * mm, 21 * mm, 18 * mm, 20 * mm, 18 * mm, 19 * mm]  # A4 less margins (186 mm)
    overall = (f"{t['period']}: {data.start} – {data.end} ({data.zone}) · {t['documents']}: "
               f"{data.overall.get('documents') or 0:,} · {t['csat']}: {_pct(data.overall.get('csat'))}")
    story = [Paragraph(t["title"], s["h1"]), Paragraph(escape(overall), s["body"])]
    if not data.overall.get("documents"):
        message = t["no_period_data"].format(start=data.start, end=data.end)
        if data.data_days:
            message += " " + t["data_span"].format(first=data.data_days[0], last=data.data_days[1])
        SimpleDocTemplate(str(path), pagesize=A4).build([*story, Spacer(1, 4 * mm), Paragraph(escape(message), s["body"])])
        return
    story.append(Paragraph(escape(t["definitions"]), s["body"]))
    emerging = data.themes.filter(pl.col("theme_id").is_in(data.emerging))
    emerging_note, no_emerging = emerging_words(data, lang)
    story += [Paragraph(t["emerging"], s["h2"]), _paragraph(emerging_note, s["body"]),
              _table(_theme_rows(emerging, t), s["body"], widths) if emerging.height else _paragraph(no_emerging, s["body"])]
    story += [Paragraph(t["top_volume"], s["h2"]), _table(_theme_rows(data.themes.head(TOP_THEMES), t), s["body"], widths)]
    growing = top_by_growth(data.themes)
    story += [Paragraph(t["top_growth"], s["h2"]), _table(_theme_rows(growing, t), s["body"], widths) if growing.height else Paragraph(t["no_growth"], s["body"])]
    for row in data.themes.head(TOP_THEMES).iter_rows(named=True):
        story += [_paragraph(row["label"], s["h2"]), Paragraph(t["trend"], s["body"]),
                  _sparkline(data.series, row["theme_id"], s["body"].fontName)]
        quotes = data.examples.filter(pl.col("theme_id") == row["theme_id"])
        for example in quotes.iter_rows(named=True):
            story.append(_paragraph(f"“{example['text']}” — {t['interaction']} {example['interaction_id']}", s["body"]))
        if quotes.is_empty():
            story.append(_paragraph(why_no_quotes(data, row["theme_id"], lang), s["body"]))
    faq_rows = [[t["theme"], t["documents"], t["faq_example"]]] + [
        [f["label"], str(f["documents"]), f["example"] or "—"] for f in data.faq.iter_rows(named=True)
    ]
    faq = _table(faq_rows, s["body"], [56 * mm, 20 * mm, 110 * mm]) if data.faq.height else Paragraph(t["no_faq"], s["body"])
    story += [Spacer(1, 4 * mm), Paragraph(t["faq"], s["h2"]), faq]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm).build(story)
