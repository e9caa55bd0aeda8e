"""QA review: the review queue (links to the interaction view), agreement and calibration tables."""

from dash import html

from dashboards import ids
from dashboards.components import card, data_table
from dashboards.i18n import t


def layout(lang: str) -> html.Div:
    return html.Div([
        html.H2(t("page_qa", lang)),
        card(t("review_queue", lang), data_table(ids.QA_QUEUE, lang, page_size=10, markdown_options={"link_target": "_self"})),
        html.Div([card(t("agreement", lang), data_table(ids.QA_AGREEMENT, lang)),
                  card(t("calibration", lang), data_table(ids.QA_CALIBRATION, lang))], className="grid-2"),
    ])
