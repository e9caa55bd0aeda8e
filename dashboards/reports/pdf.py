"""PDF version of the product-feedback report with reportlab (pip only). Japanese text uses reportlab's
built-in CID font HeiseiKakuGo-W5 (Adobe-Japan1, no font file needed; PDF viewers supply the glyphs)."""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

import polars as pl
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dashboards.reports.i18n import TEXT
from dashboards.reports.product_feedback import TOP_THEMES, ReportData, top_by_growth

FONT = "HeiseiKakuGo-W5"


def _styles() -> dict[str, ParagraphStyle]:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK")
    return {"body": body, "h1": ParagraphStyle("h1", parent=body, fontSize=16, leading=20),
            "h2": ParagraphStyle("h2", parent=body, fontSize=12, leading=16, spaceBefore=8)}  # fmt: skip


def _table(rows: list[list[str]], style: ParagraphStyle, widths: list[float]) -> Table:
    cells = [[Paragraph(escape(str(c)), style) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]))
    return table


def _sparkline(series: pl.DataFrame, theme_id: str) -> Drawing:
    values = series.filter(pl.col("theme_id") == theme_id)["documents"].to_list()
    drawing = Drawing(170 * mm, 22 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 10, 5, 160 * mm, 18 * mm
    plot.data = [list(enumerate(values))] if values else [[(0, 0)]]
    plot.lines[0].strokeColor = colors.HexColor("#2563eb")
    plot.xValueAxis.visible = False
    plot.yValueAxis.labels.fontName = FONT
    drawing.add(plot)
    return drawing


def _fmt(value: float | None, pattern: str) -> str:
    return pattern % value if value is not None else "–"


def _theme_rows(themes: pl.DataFrame, t: dict[str, str]) -> list[list[str]]:
    header = [t["theme"], t["documents"], t["growth"], t["products"], t["channels"], t["csat"], t["repeat_rate"]]
    return [header] + [
        [f"{r['theme_id']} {r['label'] or ''}", str(r["documents"]), t["new"] if r["is_new"] else _fmt(r["growth"], "×%.1f"), r["top_products"] or "–",
         r["top_channels"] or "–", _fmt(r["csat"], "%.2f"), _fmt(r["repeat_rate"] and r["repeat_rate"] * 100, "%.0f%%")]
        for r in themes.iter_rows(named=True)
    ]  # fmt: skip


def render_pdf(data: ReportData, lang: str, path: str | os.PathLike[str]) -> None:
    """Write the report as an A4 PDF: summary tables, a sparkline and 3 redacted quotes per top theme, FAQ."""
    t = {key: pair[0 if lang == "ja" else 1] for key, pair in TEXT.items()}
    s = _styles()
    widths = [60 * mm, 15 * mm, 18 * mm, 30 * mm, 25 * mm, 12 * mm, 20 * mm]
    story = [Paragraph(t["title"], s["h1"]), Paragraph(f"{t['period']}: {data.start} – {data.end} (JST)", s["body"])]
    emerging = data.themes.filter(pl.col("theme_id").is_in(data.emerging))
    story += [Paragraph(t["emerging"], s["h2"]), _table(_theme_rows(emerging, t), s["body"], widths) if emerging.height else Paragraph(t["no_emerging"], s["body"])]
    story += [Paragraph(t["top_volume"], s["h2"]), _table(_theme_rows(data.themes.head(TOP_THEMES), t), s["body"], widths)]
    story += [Paragraph(t["top_growth"], s["h2"]), _table(_theme_rows(top_by_growth(data.themes), t), s["body"], widths)]
    for row in data.themes.head(TOP_THEMES).iter_rows(named=True):
        story += [Paragraph(escape(f"{row['theme_id']} · {row['label'] or ''}"), s["h2"]), _sparkline(data.series, row["theme_id"])]
        for example in data.examples.filter(pl.col("theme_id") == row["theme_id"]).iter_rows(named=True):
            story.append(Paragraph(escape(f"“{example['text']}” — {t['interaction']} {example['interaction_id']}"), s["body"]))
    faq_rows = [[t["theme"], t["documents"], t["faq_example"]]] + [
        [f"{f['theme_id']} {f['label'] or ''}", str(f["documents"]), f["example"] or "–"] for f in data.faq.iter_rows(named=True)
    ]
    story += [Spacer(1, 4 * mm), Paragraph(t["faq"], s["h2"]), _table(faq_rows, s["body"], [70 * mm, 15 * mm, 95 * mm])]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm).build(story)
