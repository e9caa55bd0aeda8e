"""QA review: the review queue (why each contact was picked, who reviews it), machine-vs-human agreement (the one
weighted κ) with the criteria that need tuning, the agent × criterion pass rates that coaching starts from, coaching
items with their effect, and calibration sessions (scored blind)."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, data_table
from dashboards.i18n import t
from dashboards.pages.interaction import REVIEW_ROLES
from dashboards.payloads import COMMENT_MAX_CHARS

QA_LEAD = "qa"  # the role that runs the QA program: creates calibration sessions


def _coaching_form(lang: str) -> html.Div:
    return html.Div([
        dcc.Dropdown(id=ids.QA_COACH_AGENT, placeholder=t("qa_coaching_agent", lang), className="grow"),
        dcc.Dropdown(id=ids.QA_COACH_CRITERIA, multi=True, placeholder=t("criteria", lang), className="grow"),
        dcc.Input(id=ids.QA_COACH_EXAMPLES, placeholder=t("qa_coaching_examples", lang), className="grow"),
        dcc.DatePickerSingle(id=ids.QA_COACH_DUE, display_format="YYYY-MM-DD", first_day_of_week=1,
                             placeholder=t("qa_coaching_due", lang)),
        dcc.Input(id=ids.QA_COACH_NOTE, placeholder=t("qa_coaching_note", lang), maxLength=COMMENT_MAX_CHARS,
                  className="grow"),
        html.Button(t("qa_coaching_assign", lang), id=ids.QA_COACH_ASSIGN, n_clicks=0),
        html.P(id=ids.QA_COACH_STATUS, role="status"),
    ], className="qa-form")


def _tuning_form(lang: str) -> html.Div:
    """A QA lead marks a listed criterion "needs tuning" (its machine answers become provisional) or clears it."""
    return html.Div([
        dcc.Dropdown(id=ids.QA_TUNING_CRITERION, placeholder=t("qa_pick_criterion", lang), className="grow"),
        dcc.Input(id=ids.QA_TUNING_REASON, placeholder=t("qa_tuning_reason", lang), maxLength=COMMENT_MAX_CHARS,
                  className="grow"),
        html.Button(t("qa_tuning_mark", lang), id=ids.QA_TUNING_MARK, n_clicks=0),
        html.Button(t("qa_tuning_clear", lang), id=ids.QA_TUNING_CLEAR, n_clicks=0, className="secondary"),
        html.P(id=ids.QA_TUNING_STATUS, role="status"),
    ], className="qa-form")


def _calibration_form(lang: str) -> html.Div:
    """A QA lead names the interactions, the reviewers and the rubric of a session every reviewer scores blind."""
    return html.Div([
        html.H4(t("qa_calibration_new", lang)),
        dcc.Input(id=ids.QA_CAL_NAME, placeholder=t("qa_calibration_name", lang), maxLength=120, className="grow"),
        dcc.Dropdown(id=ids.QA_CAL_RUBRIC, placeholder=t("qa_calibration_rubric", lang), className="grow"),
        dcc.Dropdown(id=ids.QA_CAL_INTERACTIONS, multi=True, placeholder=t("qa_calibration_interactions", lang),
                     className="grow"),
        dcc.Dropdown(id=ids.QA_CAL_REVIEWERS, multi=True, placeholder=t("qa_calibration_reviewers", lang),
                     className="grow"),
        html.Button(t("qa_calibration_create", lang), id=ids.QA_CAL_CREATE, n_clicks=0),
        html.P(id=ids.QA_CAL_STATUS, role="status"),
    ], className="qa-form")


def layout(lang: str, role: str = "") -> html.Div:
    reviewer = role in REVIEW_ROLES
    heatmap = card(t("qa_heatmap", lang), html.P(t("qa_heatmap_hint", lang), className="hint"),
                   dcc.Graph(id=ids.QA_HEATMAP, config={"displaylogo": False}), _coaching_form(lang)) if reviewer else None
    return html.Div([
        html.H2(t("page_qa", lang)),
        card(t("review_queue", lang), data_table(ids.QA_QUEUE, lang, page_size=10)),
        html.Div([card(t("agreement", lang), data_table(ids.QA_AGREEMENT, lang),
                       html.H4(t("qa_needs_tuning", lang)), html.Ul(id=ids.QA_NEEDS_TUNING),
                       _tuning_form(lang) if role == QA_LEAD else None),
                  card(t("qa_calibration_sessions", lang), data_table(ids.QA_CALIBRATION, lang),
                       _calibration_form(lang) if role == QA_LEAD else None)],
                 className="grid-2"),
        heatmap,
        card(t("qa_coaching_status", lang), data_table(ids.QA_COACHING, lang, page_size=10)),
    ])
