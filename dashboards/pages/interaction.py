"""One interaction: transcript with timestamps, recording, criteria with evidence, override and dispute forms."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, data_table
from dashboards.i18n import t
from dashboards.payloads import COMMENT_MAX_CHARS, OVERRIDE_ANSWERS


def _review_form(lang: str) -> html.Div:
    return html.Div([
        dcc.Dropdown(id=ids.INTERACTION_CRITERION, placeholder=t("criteria", lang), className="grow"),
        dcc.RadioItems(id=ids.INTERACTION_ANSWER, value="pass", inline=True, options=[
            {"label": t(f"answer_{a}", lang), "value": a} for a in OVERRIDE_ANSWERS]),
        dcc.Input(id=ids.INTERACTION_COMMENT, placeholder=t("comment", lang), className="grow",
                  maxLength=COMMENT_MAX_CHARS),
        html.Button(t("override", lang), id=ids.INTERACTION_SAVE, n_clicks=0),
        html.Button(t("dispute", lang), id=ids.INTERACTION_DISPUTE, n_clicks=0, className="secondary"),
    ], className="filter-bar")


def layout(lang: str, interaction_id: str = "") -> html.Div:
    return html.Div([
        dcc.Store(id=ids.INTERACTION_ID, data=interaction_id),
        html.H2(f"{t('page_interaction', lang)} {interaction_id}"),
        html.Div(id=ids.INTERACTION_HEADER),
        html.Div([card(t("transcript", lang), html.Div(id=ids.INTERACTION_TRANSCRIPT, className="transcript")),
                  card(t("criteria", lang), html.Div(id=ids.INTERACTION_CRITERIA), _review_form(lang),
                       html.P(id=ids.INTERACTION_STATUS, role="status"))], className="grid-2"),
        card(t("overrides_saved", lang), data_table(ids.INTERACTION_REVIEWS, lang, page_size=10)),
    ])
