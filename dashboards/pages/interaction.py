"""One interaction: score headline, transcript (click a time to play the recording from there), criteria with the
rubric's wording and evidence, and only the forms the signed-in role may use: review (QA, supervisors, managers),
dispute (the agent), dispute decisions and coaching (QA, supervisors, managers). In a calibration session
(``/interactions/ID/calibration/SESSION``) the reviewer scores blind: no machine answers, no one else's."""

from dash import dcc, html

from dashboards import ids
from dashboards.components import card, data_table
from dashboards.i18n import t
from dashboards.payloads import COMMENT_MAX_CHARS, GRANTED_ANSWERS

REVIEW_ROLES = frozenset({"manager", "qa", "supervisor"})  # override, decide disputes, assign coaching
DISPUTE_ROLES = frozenset({"agent"})


def answer_options(answers: tuple[str, ...] | list[str], lang: str) -> list[dict[str, str]]:
    return [{"label": t(f"answer_{a}", lang), "value": a} for a in answers]


def _review_form(lang: str, blind: bool) -> html.Div:
    coach = [] if blind else [
        dcc.DatePickerSingle(id=ids.INTERACTION_COACH_DUE, display_format="YYYY-MM-DD", first_day_of_week=1,
                             placeholder=t("qa_coaching_due", lang)),
        html.Button(t("qa_assign_coaching", lang), id=ids.INTERACTION_COACH, n_clicks=0, className="secondary")]
    return html.Div([
        html.H4(t("qa_review_form", lang)),
        dcc.Dropdown(id=ids.INTERACTION_CRITERION, placeholder=t("qa_pick_criterion", lang), className="grow"),
        dcc.RadioItems(id=ids.INTERACTION_ANSWER, value="pass", inline=True, options=answer_options(
            ("pass", "fail", "na"), lang)),  # the chosen criterion's own answers replace these (partial credit)
        dcc.Input(id=ids.INTERACTION_COMMENT, placeholder=t("comment", lang), className="grow",
                  maxLength=COMMENT_MAX_CHARS),
        html.Button(t("override", lang), id=ids.INTERACTION_SAVE, n_clicks=0), *coach,
        html.P(id=ids.INTERACTION_STATUS, role="status"),
    ], className="qa-form")


def _dispute_form(lang: str) -> html.Div:
    return html.Div([
        html.H4(t("qa_dispute_form", lang)),
        dcc.Dropdown(id=ids.INTERACTION_DISPUTE_CRITERION, placeholder=t("qa_pick_criterion", lang), className="grow"),
        dcc.Textarea(id=ids.INTERACTION_DISPUTE_REASON, placeholder=t("qa_dispute_reason", lang),  # (必須) in the
                     maxLength=COMMENT_MAX_CHARS, className="grow"),  # text; `required` drew an empty box in red
        html.Button(t("dispute", lang), id=ids.INTERACTION_DISPUTE, n_clicks=0),
        html.P(id=ids.INTERACTION_DISPUTE_STATUS, role="status"),
    ], className="qa-form")


def _decide_form(lang: str) -> html.Div:
    return html.Div([
        html.H4(t("qa_decide_form", lang)),
        dcc.Dropdown(id=ids.INTERACTION_DECIDE_DISPUTE, placeholder=t("qa_disputes", lang), className="grow"),
        dcc.RadioItems(id=ids.INTERACTION_DECISION, value="accepted", inline=True, options=[
            {"label": t(f"qa_decision_{d}", lang), "value": d} for d in ("accepted", "partly_accepted", "rejected")]),
        dcc.Dropdown(id=ids.INTERACTION_GRANTED, value="pass", clearable=False, placeholder=t("qa_granted_answer", lang),
                     options=[{"label": f"{t('qa_granted_answer', lang)}: {t(f'answer_{a}', lang)}", "value": a}
                              for a in GRANTED_ANSWERS]),
        dcc.Input(id=ids.INTERACTION_DECISION_COMMENT, placeholder=t("qa_decision_comment", lang), className="grow",
                  maxLength=COMMENT_MAX_CHARS),
        html.Button(t("qa_decide", lang), id=ids.INTERACTION_DECIDE, n_clicks=0),
        html.P(id=ids.INTERACTION_DECIDE_STATUS, role="status"),
    ], className="qa-form")


def layout(lang: str, interaction_id: str = "", role: str = "", calibration: str = "") -> html.Div:
    blind = bool(calibration)
    forms = []
    if role in REVIEW_ROLES:
        forms.append(_review_form(lang, blind))
    if role in DISPUTE_ROLES and not blind:
        forms.append(_dispute_form(lang))
    if role in REVIEW_ROLES and not blind:
        forms.append(_decide_form(lang))
    side = [card(t("qa_disputes", lang), html.Div(id=ids.INTERACTION_DISPUTES))]  # empty in a blind session
    history = [card(t("overrides_saved", lang), data_table(ids.INTERACTION_REVIEWS, lang, page_size=10))]
    return html.Div([
        dcc.Store(id=ids.INTERACTION_ID, data=interaction_id),
        dcc.Store(id=ids.INTERACTION_CALIBRATION, data=calibration),
        dcc.Store(id=ids.INTERACTION_OPTIONS), dcc.Store(id=ids.INTERACTION_REFRESH, data=0),
        html.H2(f"{t('page_interaction', lang)} {interaction_id}"),
        html.P(t("qa_calibration_blind", lang), className="hint") if blind else None,
        html.Div(id=ids.INTERACTION_HEADER),
        html.Div(id=ids.INTERACTION_HEADLINE, className="qa-headlines"),
        html.Div([card(t("transcript", lang), html.Div(id=ids.INTERACTION_TRANSCRIPT, className="transcript")),
                  card(t("criteria", lang), html.Div(id=ids.INTERACTION_CRITERIA), *forms)], className="grid-2"),
        *side, *history,
        None if blind else card(t("metrics_title", lang), html.Div(id=ids.INTERACTION_METRICS)),
        None if blind else card(t("timeline_title", lang), data_table(ids.INTERACTION_TIMELINE, lang, page_size=10)),
    ])
