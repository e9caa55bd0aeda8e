"""Interaction view callbacks: load transcript, criteria and reviews; save an override or a dispute."""

from __future__ import annotations

import dash
import polars as pl
from dash import Input, Output, State, html

from dashboards import ids, payloads
from dashboards.auth import current_user
from dashboards.components import table_data
from dashboards.config import current_config
from dashboards.i18n import t
from dashboards.queries import criteria_for, interaction_detail, open_snapshot
from warehouse import app_store

OVERRIDE_ROLES = {"manager", "qa"}


def _detail(interaction_id: str):  # noqa: ANN202 - InteractionDetail | None
    user, config = current_user(), current_config()
    with open_snapshot(config.snapshot_path) as conn:
        detail = interaction_detail(conn, interaction_id, config.timezone, user.agent_id if user.role == "agent" else None)
        criteria = criteria_for(conn, [interaction_id]) if detail else None
    return detail, criteria


def _transcript(messages: pl.DataFrame, evidence_seqs: set[int]) -> list[html.Div]:
    """Speaker turns with their time; turns quoted as QA evidence are highlighted."""
    turns = []
    for row in messages.iter_rows(named=True):
        at = f"{row['offset_seconds']:.0f}s" if row["offset_seconds"] is not None else str(row["sent_local"] or "")
        turns.append(html.Div([html.Span(at, className="turn-time"), html.Span(row["role"], className="turn-role"),
                               html.Span(row["text"])], id=f"interaction-turn-{row['seq']}",
                              className=f"turn {row['role']}" + (" evidence" if row["seq"] in evidence_seqs else "")))
    return turns


def _criteria(criteria: pl.DataFrame, lang: str) -> html.Table:
    head = html.Tr([html.Th(t("criteria", lang)), html.Th("auto"), html.Th("evidence")])
    rows = [html.Tr([html.Td(r["criterion_id"]), html.Td(t(f"answer_{r['answer']}", lang), className=f"answer-{r['answer']}"),
                     html.Td(html.Mark(r["evidence_text"]) if r["evidence_text"] else "")])
            for r in criteria.iter_rows(named=True)]
    return html.Table([head, *rows], className="criteria")


def _reviews(interaction_id: str) -> list[dict]:
    db = current_config().app_db
    overrides = app_store.list_rows(db, "qa_overrides", interaction_id)
    disputes = app_store.list_rows(db, "qa_disputes", interaction_id)
    return table_data(pl.DataFrame(
        [{"kind": "override", "criterion_id": o["criterion_id"], "answer": o["answer"], "comment": o["comment"],
          "by": o["reviewer"], "at": o["created_at"]} for o in overrides]
        + [{"kind": "dispute", "criterion_id": d["criterion_id"], "answer": d["status"], "comment": d["reason"],
            "by": d["agent_username"], "at": d["created_at"]} for d in disputes],
        schema=["kind", "criterion_id", "answer", "comment", "by", "at"], orient="row",
    ))


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.INTERACTION_HEADER, "children"), Output(ids.INTERACTION_TRANSCRIPT, "children"),
        Output(ids.INTERACTION_CRITERIA, "children"), Output(ids.INTERACTION_CRITERION, "options"),
        Output(ids.INTERACTION_REVIEWS, "data"), Output(ids.INTERACTION_REVIEWS, "columns"),
        Input(ids.INTERACTION_ID, "data"), Input(ids.SHELL_LANG, "value"),
    )
    def load(interaction_id: object, lang: object) -> tuple:
        interaction_id, lang = payloads.identifier(interaction_id, "interaction id"), payloads.language(lang)
        detail, criteria = _detail(interaction_id)
        if detail is None:
            return html.P(t("no_access", lang), className="empty"), [], [], [], [], []
        h = detail.header
        header = [html.P(f"{h['created_local']:%Y-%m-%d %H:%M} · {h['channel']} · {h['queue']} · {h['agent_id']} · {h['subject'] or ''}")]
        if detail.recording_path:
            header.append(html.Audio(src=f"/recordings/{interaction_id}", controls=True, id="interaction-audio"))
        evidence = set(criteria["evidence_seq"].drop_nulls().to_list())
        options = [{"label": f"{r} · {c}", "value": f"{r}:{c}"} for r, c in criteria.select("rubric_id", "criterion_id").iter_rows()]
        columns = [{"name": c, "id": c} for c in ("kind", "criterion_id", "answer", "comment", "by", "at")]
        return header, _transcript(detail.messages, evidence), _criteria(criteria, lang), options, _reviews(interaction_id), columns

    @app.callback(
        Output(ids.INTERACTION_STATUS, "children"), Output(ids.INTERACTION_REVIEWS, "data", allow_duplicate=True),
        Input(ids.INTERACTION_SAVE, "n_clicks"), Input(ids.INTERACTION_DISPUTE, "n_clicks"),
        State(ids.INTERACTION_ID, "data"), State(ids.INTERACTION_CRITERION, "value"),
        State(ids.INTERACTION_ANSWER, "value"), State(ids.INTERACTION_COMMENT, "value"), State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def submit(_save: object, _dispute: object, interaction_id: object, criterion: object, answer: object,
               comment: object, lang: object) -> tuple:
        user, lang = current_user(), payloads.language(lang)
        form = payloads.review(interaction_id=interaction_id, criterion=criterion, answer=answer, comment=comment or "")
        detail, criteria = _detail(form.interaction_id)
        is_dispute = dash.ctx.triggered_id == ids.INTERACTION_DISPUTE
        allowed = detail is not None and (user.role == "agent" if is_dispute else user.role in OVERRIDE_ROLES)
        if not allowed or (not is_dispute and not (form.criterion and form.answer)):
            return t("forbidden" if not allowed else "criteria", lang), dash.no_update
        rubric_id, _, criterion_id = (form.criterion or ":").rpartition(":")
        known = set(criteria.select("rubric_id", "criterion_id").iter_rows())
        if form.criterion and (rubric_id, criterion_id) not in known:
            raise payloads.BadPayload(f"criterion: {form.criterion!r} is not a criterion of this interaction")
        db = current_config().app_db
        if is_dispute:
            app_store.add_dispute(db, form.interaction_id, rubric_id or None, criterion_id or None, form.comment,
                                  user.username)
        else:
            app_store.add_override(db, form.interaction_id, rubric_id or None, criterion_id, form.answer, form.comment,
                                   user.username)
        return t("saved", lang), _reviews(form.interaction_id)
