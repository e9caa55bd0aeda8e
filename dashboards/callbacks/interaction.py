"""Interaction view callbacks: the verdict (effective, with the machine's beside it), transcript and history; the
review, dispute, decision and coaching forms. Every form checks the role and the interaction's scope on the server;
the rules themselves (one open dispute per criterion, a reason required, ...) are in warehouse/review_store.py."""

from __future__ import annotations

from datetime import date

import dash
import polars as pl
from dash import Input, Output, State, html
from dash.development.base_component import Component

from dashboards import display, ids, payloads, qa_view
from dashboards.auth import current_user
from dashboards.callbacks.common import supervisor_teams
from dashboards.components import data_attributes, empty_state_id
from dashboards.config import current_config
from dashboards.i18n import t
from dashboards.pages.interaction import DISPUTE_ROLES, REVIEW_ROLES, answer_options
from dashboards.payloads import OVERRIDE_ANSWERS
from dashboards.queries import interaction_detail, open_snapshot
from dashboards.queries.qa import Verdict, allowed_answers, verdict
from warehouse import app_store, review_store

_HISTORY = ("kind", "criterion", "answer", "comment", "by", "at")


def _load(interaction_id: str):  # noqa: ANN202 - (InteractionDetail | None, Verdict | None)
    """The interaction within the signed-in role's scope (None outside it) and its verdict."""
    user, config = current_user(), current_config()
    pending = review_store.pending_human_answers(config.app_db)
    with open_snapshot(config.snapshot_path) as conn:
        detail = interaction_detail(conn, interaction_id, config.timezone,
                                    user.agent_id or "" if user.role == "agent" else None, supervisor_teams())
        found = verdict(conn, interaction_id, pending) if detail else None
    return detail, found


def _sentiment_strip(messages: pl.DataFrame, lang: str) -> html.Div | None:
    """The customer's sentiment turn by turn (stored when the message was loaded): one cell per customer turn,
    coloured by its label and linked to the turn, with the first and last label. None when no turn is scored."""
    scored = messages.filter(pl.col("sentiment_label").is_not_null()).select("seq", "sentiment_label", "sentiment")
    if scored.is_empty():
        return None
    cells = [html.A(className=f"sentiment-cell {label}", href=f"#interaction-turn-{seq}",
                    title=f"{t('sentiment_turn', lang).format(n=seq)}: {t(f'sentiment_{label}', lang)} ({score:+.2f})")
             for seq, label, score in scored.iter_rows()]
    first, last = (t(f"sentiment_{label}", lang) for label in scored["sentiment_label"][[0, -1]])
    return html.Div([html.Span(t("sentiment_strip", lang), className="sentiment-title"),
                     html.Div(cells, className="sentiment-cells"),
                     html.Span(t("sentiment_first_last", lang).format(first=first, last=last), className="hint")],
                    id="interaction-sentiment", className="sentiment-strip")


def _transcript(messages: pl.DataFrame, evidence_seqs: set[int], lang: str) -> list[html.Div | None]:
    """The customer's sentiment strip, then the speaker turns with their time (a call's time seeks the recording);
    turns quoted as evidence are marked."""
    turns: list[html.Div | None] = [_sentiment_strip(messages, lang)]
    for row in messages.iter_rows(named=True):
        at: Component
        if row["offset_seconds"] is not None:
            at = html.Button(qa_view.mm_ss(row["offset_seconds"]), className="turn-time seek",
                             **data_attributes(seek=f"{row['offset_seconds']:.2f}"))
        else:
            at = html.Span(str(row["sent_local"] or "")[:16], className="turn-time")
        turns.append(html.Div([at, html.Span(t(f"speaker_{row['role']}", lang), className="turn-role"), html.Span(row["text"])],
                              id=f"interaction-turn-{row['seq']}",
                              className=f"turn {row['role']}" + (" evidence" if row["seq"] in evidence_seqs else "")))
    return turns


def _history(interaction_id: str, names: dict[str, str], lang: str) -> list[dict]:
    """Reviews, disputes and decisions made in the dashboard for this interaction, newest first."""
    db = current_config().app_db
    rows = [{"kind": t("kind_review", lang), "criterion": names.get(f"{o['rubric_id']}:{o['criterion_id']}", ""),
             "answer": t(f"answer_{o['answer']}", lang), "comment": o["comment"], "by": o["reviewer"],
             "at": o["created_at"][:16]}
            for o in app_store.list_rows(db, "qa_overrides", interaction_id) if not o.get("calibration_id")]
    for d in review_store.disputes(db, [interaction_id]):
        criterion = names.get(f"{d['rubric_id']}:{d['criterion_id']}", "")
        rows.append({"kind": t("kind_dispute", lang), "criterion": criterion, "answer": "", "comment": d["reason"],
                     "by": d["agent_username"], "at": d["created_at"][:16]})
        if d["decision"]:
            rows.append({"kind": t("kind_decision", lang), "criterion": criterion,
                         "answer": t(f"qa_decision_{d['decision']}", lang), "comment": d["decision_comment"],
                         "by": d["decided_by"], "at": d["decided_at"][:16]})
    return sorted(rows, key=lambda row: row["at"], reverse=True)


def _disputes(interaction_id: str, names: dict[str, str], lang: str) -> html.Ul | html.P:
    """Each dispute with its outcome: what the agent sees after QA decides."""
    items = [html.Li([html.Strong(names.get(f"{d['rubric_id']}:{d['criterion_id']}", "")), " — ",
                      html.Span(t(f"qa_decision_{d['decision'] or 'open'}", lang),
                                className=f"dispute-status {d['decision'] or 'open'}"),
                      html.Div(d["reason"], className="dispute-reason"),
                      html.Div(f"{d['decided_by']}: {d['decision_comment']}", className="dispute-decision")
                      if d["decision"] else None], id=f"interaction-dispute-{d['dispute_id']}")
             for d in review_store.disputes(current_config().app_db, [interaction_id])]
    return html.Ul(items, className="disputes") if items else html.P(t("disputes_none", lang), className="empty")


def _reviews(interaction_id: str, names: dict[str, str], lang: str, blind: bool,
             columns: list[dict[str, object]]) -> tuple[list[dict], list[dict[str, object]], str]:
    """The saved reviews, their columns and, for when there are none, why: hidden in a blind session, or none saved
    yet."""
    if blind:
        return [], columns, t("reviews_blind", lang)
    return _history(interaction_id, names, lang), columns, t("reviews_none", lang)


def _options(found: Verdict, lang: str) -> dict[str, object]:
    names = qa_view.criterion_names(found, lang)
    failed = found.criteria.filter(pl.col("answer").is_in(["fail", "partial"]))
    open_disputes = [d for d in review_store.disputes(current_config().app_db, [found.criteria["interaction_id"][0]],
                                                      open_only=True)]
    return {
        "criteria": [{"label": label, "value": key} for key, label in names.items()],
        "answers": {key: list(allowed_answers(found, *key.split(":", 1))) for key in names},
        "failed": [{"label": names[f"{r}:{c}"], "value": f"{r}:{c}"}
                   for r, c in failed.select("rubric_id", "criterion_id").iter_rows()],
        "disputes": [{"label": names.get(f"{d['rubric_id']}:{d['criterion_id']}", "") + " — " + d["reason"][:60],
                      "value": d["dispute_id"]} for d in open_disputes],
    }


def _checked_criterion(interaction_id: str, criterion: str | None, lang: str) -> tuple[Verdict, str, str] | str:
    """(verdict, rubric_id, criterion_id) when the interaction is in scope and the criterion is one of its own;
    otherwise the message to show. A criterion of another interaction is a forged value: 400."""
    detail, found = _load(interaction_id)
    if detail is None or found is None:
        return t("forbidden", lang)
    if not criterion:
        return t("qa_pick_criterion", lang)
    rubric_id, _, criterion_id = criterion.partition(":")
    if (rubric_id, criterion_id) not in set(found.criteria.select("rubric_id", "criterion_id").iter_rows()):
        raise payloads.BadPayload(f"criterion: {criterion!r} is not a criterion of this interaction")
    return found, rubric_id, criterion_id


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.INTERACTION_HEADER, "children"), Output(ids.INTERACTION_HEADLINE, "children"),
        Output(ids.INTERACTION_TRANSCRIPT, "children"), Output(ids.INTERACTION_CRITERIA, "children"),
        Output(ids.INTERACTION_OPTIONS, "data"), Output(ids.INTERACTION_DISPUTES, "children"),
        Output(ids.INTERACTION_REVIEWS, "rowData"), Output(ids.INTERACTION_REVIEWS, "columnDefs"),
        Output(empty_state_id(ids.INTERACTION_REVIEWS), "children"),
        Input(ids.INTERACTION_ID, "data"), Input(ids.SHELL_LANG, "value"), Input(ids.INTERACTION_REFRESH, "data"),
        State(ids.INTERACTION_CALIBRATION, "data"),
    )
    def load(interaction_id: object, lang: object, _refresh: object, calibration: object) -> tuple:
        interaction_id, lang = payloads.identifier(interaction_id, "interaction id"), payloads.language(lang)
        blind = bool(calibration and payloads.identifier(calibration, "calibration session"))
        detail, found = _load(interaction_id)
        columns = display.columns(list(_HISTORY), lang)
        if detail is None:
            return html.P(t("no_access", lang), className="empty"), [], [], [], {}, [], [], columns, t("no_access", lang)
        h = detail.header
        header: list[Component] = [html.P(f"{h['created_local']:%Y-%m-%d %H:%M} · {display.code_label('channel', h['channel'], lang)}"
                         f" · {display.code_label('queue', h['queue'], lang) or '—'} · {h['agent_name'] or '—'} · {h['subject'] or ''}")]
        if detail.recording_path:
            header.append(html.Audio(src=f"/recordings/{interaction_id}", controls=True, id="interaction-audio"))
        if found is None:
            return (header, html.P(t("qa_not_scored", lang), className="empty"), _transcript(detail.messages, set(), lang),
                    [], {}, [], [], columns, t("qa_not_scored", lang))
        evidence = {hit["seq"] for hits in found.criteria["evidence"].to_list() for hit in (hits or [])
                    if hit.get("seq") is not None} if not blind else set()
        names = qa_view.criterion_names(found, lang)
        return (header, [] if blind else qa_view.headline(found, lang), _transcript(detail.messages, evidence, lang),
                qa_view.criteria_table(found, lang, blind), _options(found, lang),
                [] if blind else _disputes(interaction_id, names, lang),
                *_reviews(interaction_id, names, lang, blind, columns))

    @app.callback(Output(ids.INTERACTION_ANSWER, "options"), Input(ids.INTERACTION_CRITERION, "value"),
                  State(ids.INTERACTION_OPTIONS, "data"), State(ids.SHELL_LANG, "value"))
    def answers_for_criterion(criterion: object, options: object, lang: object) -> list[dict[str, str]]:
        """Partial credit is offered only on a criterion whose scale has it (the rubric's own answers)."""
        allowed = (options or {}).get("answers", {}) if isinstance(options, dict) else {}
        answers = allowed.get(criterion) if isinstance(criterion, str) else None
        return answer_options([a for a in (answers or ("pass", "fail", "na")) if a in OVERRIDE_ANSWERS],
                              payloads.language(lang))

    for form_dropdown, key in ((ids.INTERACTION_CRITERION, "criteria"), (ids.INTERACTION_DISPUTE_CRITERION, "failed"),
                               (ids.INTERACTION_DECIDE_DISPUTE, "disputes")):
        app.callback(Output(form_dropdown, "options"), Input(ids.INTERACTION_OPTIONS, "data"))(
            lambda options, key=key: (options or {}).get(key, []))

    @app.callback(
        Output(ids.INTERACTION_STATUS, "children"), Output(ids.INTERACTION_REFRESH, "data", allow_duplicate=True),
        Input(ids.INTERACTION_SAVE, "n_clicks"),
        State(ids.INTERACTION_ID, "data"), State(ids.INTERACTION_CRITERION, "value"),
        State(ids.INTERACTION_ANSWER, "value"), State(ids.INTERACTION_COMMENT, "value"),
        State(ids.INTERACTION_CALIBRATION, "data"), State(ids.INTERACTION_REFRESH, "data"), State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def save_review(_save: object, interaction_id: object, criterion: object, answer: object, comment: object,
                    calibration: object, refresh: object, lang: object) -> tuple:
        user, lang = current_user(), payloads.language(lang)
        form = payloads.review(interaction_id=interaction_id, criterion=criterion, answer=answer, comment=comment or "")
        session = payloads.identifier(calibration, "calibration session") if calibration else None
        if user.role not in REVIEW_ROLES:
            return t("forbidden", lang), dash.no_update
        checked = _checked_criterion(form.interaction_id, form.criterion, lang)
        if isinstance(checked, str) or form.answer is None:
            return checked if isinstance(checked, str) else t("qa_pick_criterion", lang), dash.no_update
        found, rubric_id, criterion_id = checked
        if session and not review_store.may_calibrate(current_config().app_db, session, user.username, rubric_id):
            return t("forbidden", lang), dash.no_update
        if form.answer not in allowed_answers(found, rubric_id, criterion_id):
            raise payloads.BadPayload(f"answer: {form.answer!r} is not an answer of this criterion's scale")
        app_store.add_override(current_config().app_db, form.interaction_id, rubric_id, criterion_id, form.answer,
                               form.comment, user.username, calibration_id=session)
        return t("saved", lang), payloads.counter(refresh, "refresh") + 1

    @app.callback(
        Output(ids.INTERACTION_DISPUTE_STATUS, "children"),
        Output(ids.INTERACTION_REFRESH, "data", allow_duplicate=True),
        Input(ids.INTERACTION_DISPUTE, "n_clicks"),
        State(ids.INTERACTION_ID, "data"), State(ids.INTERACTION_DISPUTE_CRITERION, "value"),
        State(ids.INTERACTION_DISPUTE_REASON, "value"), State(ids.INTERACTION_REFRESH, "data"),
        State(ids.SHELL_LANG, "value"), prevent_initial_call=True,
    )
    def open_dispute(_click: object, interaction_id: object, criterion: object, reason: object, refresh: object,
                     lang: object) -> tuple:
        user, lang = current_user(), payloads.language(lang)
        form = payloads.dispute_form(interaction_id=interaction_id, criterion=criterion, reason=reason or "")
        if user.role not in DISPUTE_ROLES:
            return t("forbidden", lang), dash.no_update
        checked = _checked_criterion(form.interaction_id, form.criterion, lang)
        if isinstance(checked, str):
            return checked, dash.no_update
        _, rubric_id, criterion_id = checked
        try:
            review_store.open_dispute(current_config().app_db, form.interaction_id, rubric_id, criterion_id,
                                      form.reason, user.username)
        except review_store.ReviewError as refused:
            return t(refused.key, lang), dash.no_update
        return t("saved", lang), payloads.counter(refresh, "refresh") + 1

    @app.callback(
        Output(ids.INTERACTION_DECIDE_STATUS, "children"),
        Output(ids.INTERACTION_REFRESH, "data", allow_duplicate=True),
        Input(ids.INTERACTION_DECIDE, "n_clicks"),
        State(ids.INTERACTION_ID, "data"), State(ids.INTERACTION_DECIDE_DISPUTE, "value"),
        State(ids.INTERACTION_DECISION, "value"), State(ids.INTERACTION_GRANTED, "value"),
        State(ids.INTERACTION_DECISION_COMMENT, "value"), State(ids.INTERACTION_REFRESH, "data"),
        State(ids.SHELL_LANG, "value"), prevent_initial_call=True,
    )
    def decide(_click: object, interaction_id: object, dispute_id: object, decision: object, granted: object,
               comment: object, refresh: object, lang: object) -> tuple:
        user, lang = current_user(), payloads.language(lang)
        interaction_id = payloads.identifier(interaction_id, "interaction id")
        if dispute_id is None:
            return t("qa_pick_criterion", lang), dash.no_update
        form = payloads.decision_form(dispute_id=dispute_id, decision=decision, granted=granted, comment=comment or "")
        detail, _ = _load(interaction_id)
        if user.role not in REVIEW_ROLES or detail is None:
            return t("forbidden", lang), dash.no_update
        if form.dispute_id not in {d["dispute_id"] for d in review_store.disputes(current_config().app_db,
                                                                                  [interaction_id])}:
            raise payloads.BadPayload("dispute_id: not a dispute of this interaction")
        try:
            review_store.decide_dispute(current_config().app_db, form.dispute_id, form.decision, user.username,
                                        form.comment, form.granted)
        except review_store.ReviewError as refused:
            return t(refused.key, lang), dash.no_update
        return t("saved", lang), payloads.counter(refresh, "refresh") + 1

    @app.callback(
        Output(ids.INTERACTION_STATUS, "children", allow_duplicate=True),
        Input(ids.INTERACTION_COACH, "n_clicks"),
        State(ids.INTERACTION_ID, "data"), State(ids.INTERACTION_CRITERION, "value"),
        State(ids.INTERACTION_COACH_DUE, "date"), State(ids.INTERACTION_COMMENT, "value"),
        State(ids.SHELL_LANG, "value"), prevent_initial_call=True,
    )
    def coach(_click: object, interaction_id: object, criterion: object, due: object, note: object,
              lang: object) -> str:
        user, lang = current_user(), payloads.language(lang)
        interaction_id = payloads.identifier(interaction_id, "interaction id")
        if user.role not in REVIEW_ROLES:
            return t("forbidden", lang)
        checked = _checked_criterion(interaction_id, payloads.dispute_form(
            interaction_id=interaction_id, criterion=criterion).criterion, lang)
        if isinstance(checked, str):
            return checked
        detail, _ = _load(interaction_id)
        form = payloads.coaching_form(agent_id=detail.header["agent_id"], criteria=[criterion],
                                      examples=[interaction_id], due=due, note=note or "")
        review_store.assign_coaching(current_config().app_db, form.agent_id, form.criteria, form.examples,
                                     form.due.isoformat() if isinstance(form.due, date) else None, form.note,
                                     user.username)
        return t("saved", lang)
