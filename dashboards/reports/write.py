"""Write the product-feedback report (HTML + PDF next to it) for a period."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from dashboards.reports.pdf import render_pdf
from dashboards.reports.product_feedback import load_report_data, render_html


def write_product_feedback(
    warehouse_path: str | os.PathLike[str] | None, start: date, end: date, out: str | os.PathLike[str], lang: str = "ja",
    dashboard_url: str = "", timezone: str = "Asia/Tokyo",
) -> tuple[Path, Path]:
    """Render [start, end] (business days in ``timezone``) to ``out`` (.html) and the same name with .pdf."""
    data = load_report_data(warehouse_path, start, end, timezone, lang)
    html_path = Path(out)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(render_html(data, lang, dashboard_url), encoding="utf-8")
    pdf_path = html_path.with_suffix(".pdf")
    render_pdf(data, lang, pdf_path)
    return html_path, pdf_path
