"""Themes (product teams): volume, growth and emerging flags; detail with trend, products and examples."""

from dash import html

from dashboards import ids
from dashboards.components import card, data_table
from dashboards.i18n import t


def layout(lang: str) -> html.Div:
    return html.Div([
        html.H2(t("page_themes", lang)),
        card(t("themes_table", lang), data_table(ids.THEMES_TABLE, lang, page_size=15),
             html.P(t("growth_note", lang), className="hint", id=ids.THEMES_NOTE)),
        html.Div(id=ids.THEMES_DETAIL),
        html.P([html.A(t("feedback_report", lang), href=f"/reports/product-feedback?lang={lang}", id="themes-report-link",
                       target="_blank"), " · ",
                html.A("PDF", href=f"/reports/product-feedback?lang={lang}&format=pdf", target="_blank",
                       id="themes-report-pdf")]),
    ])
