"""QA page callbacks: the queue, agreement (one weighted κ, as `koe qa agreement`), criteria that need tuning,
calibration sessions, the agent × criterion heatmap and coaching (assign from a cell, track the effect)."""

from __future__ import annotations

from datetime import date

import dash
import duckdb
import plotly.graph_objects as go
import polars as pl
from dash import Input, Output, State, html

from dashboards import display, ids, payloads, qa_view
from dashboards.auth import current_user
from dashboards.callbacks.common import FILTER_INPUTS, filters_from
from dashboards.components import data_attributes
from dashboards.config import current_config
from dashboards.empty_states import charts_say_why
from dashboards.i18n import t
from dashboards.pages.interaction import REVIEW_ROLES
from dashboards.pages.qa import QA_LEAD
from dashboards.queries import Filters, agent_display_names, open_snapshot, review_queue, with_agent_names
from dashboards.queries.qa import agreement, calibration, coaching_progress, pass_rates, rubrics, scored_with
from transforms.qa.agreement import CALIBRATION_MIN_ALPHA, format_kappa
from warehouse import review_store

_QUEUE = ["interaction_id", "reasons", "score", "auto_score", "reviewer", "agent_name", "team", "channel", "queue",
          "created_local"]
_COACHING = ["agent_name", "criterion", "status", "due", "assigned_by", "before_pct", "after_pct", "change_pt"]


def _queue_rows(queue: pl.DataFrame, lang: str) -> list[dict]:
    rows = display.rows(queue.with_columns(pl.col("reasons").list.join(",")), lang, _QUEUE)
    for row in rows:
        row["reasons"] = t("list_separator", lang).join(
            t(f"reason_{r}", lang) for r in str(row["reasons"] or "").split(",") if r)
        row["reviewer"] = row["reviewer"] or t("qa_unassigned", lang)
        row["interaction_id"] = f"[{row['interaction_id']}](/interactions/{row['interaction_id']})"
    return rows


def _agents_in_scope(conn: duckdb.DuckDBPyConnection, filters: Filters) -> set[str] | None:
    """The agents a supervisor leads (None: every agent; an agent sees only their own)."""
    if filters.agent_id is not None:
        return {filters.agent_id}
    if filters.scope_teams is None:
        return None
    rows = conn.execute("select agent_id from core.agents where list_contains($teams, team)",
                        {"teams": list(filters.scope_teams)}).fetchall()
    return {row[0] for row in rows}


def coaching_table(conn: duckdb.DuckDBPyConnection, filters: Filters, names: dict[str, str], lang: str) -> pl.DataFrame:
    """Coaching items in the role's scope, one row per criterion, with the pass rate before and since."""
    agents = _agents_in_scope(conn, filters)
    items = review_store.coaching_items(current_config().app_db, None if agents is None else sorted(agents))
    progress = coaching_progress(conn, items)
    rows = [{"coaching_id": item["coaching_id"], "agent_id": item["agent_id"], "criterion": criterion,
             "status": t("qa_acknowledged" if item["acknowledged_at"] else "qa_not_acknowledged", lang),
             "due": item["due_date"], "assigned_by": item["assigned_by"]}
            for item in items for criterion in item["criteria"]]
    frame = with_agent_names(conn, pl.DataFrame(rows, schema={
        "coaching_id": pl.Int64, "agent_id": pl.String, "criterion": pl.String, "status": pl.String, "due": pl.String,
        "assigned_by": pl.String}))
    return frame.join(progress, on=["coaching_id", "criterion"], how="left").with_columns(
        change_pt=(pl.col("after_pct") - pl.col("before_pct")).round(1),
        criterion=pl.col("criterion").replace(names))


def _calibration_rows(names: dict[str, str], lang: str) -> tuple[list[dict], list[dict]]:
    rows = []
    for session in review_store.calibration_sessions(current_config().app_db):
        per_criterion = calibration(review_store.calibration_answers(current_config().app_db, session["session_id"]))
        first = session["interaction_ids"][0] if session["interaction_ids"] else ""
        link = f"[{t('qa_calibrate', lang)}](/interactions/{first}/calibration/{session['session_id']})" if first else ""
        for row in per_criterion.iter_rows(named=True) or []:
            rows.append({"session": session["name"], "criterion": names.get(row["criterion_id"], row["criterion_id"]),
                         "criterion_key": row["criterion_id"],
                         "ratings": row["ratings"], "alpha": row["alpha"],
                         "modal_agreement_pct": row["modal_agreement_pct"], "link": link})
        if per_criterion.is_empty():
            rows.append({"session": session["name"], "criterion": "", "criterion_key": "", "ratings": 0, "alpha": None,
                         "modal_agreement_pct": None, "link": link})
    columns = display.columns(["session", "criterion", "ratings", "alpha", "modal_agreement_pct", "link"], lang,
                              links=("link",), link_target="_self")
    return rows, columns


def _tuning_items(candidates: list[str], names: dict[str, str], lang: str) -> list[html.Li]:
    """The criteria that need tuning: those marked (their machine answers are provisional; a mark made since the last
    run takes effect at the next), then the candidates a low κ or α suggests, not yet marked."""
    marks = review_store.tuning_marks(current_config().app_db)
    keys = [f"{r}:{c}" for r, c in marks] + [k for k in dict.fromkeys(candidates) if tuple(k.split(":", 1)) not in marks]
    items = []
    for key in keys:
        rubric_id, _, criterion_id = key.partition(":")
        mark = marks.get((rubric_id, criterion_id))
        state = (t("qa_tuning_marked", lang) + ("" if mark["imported_at"] else f" — {t('qa_tuning_pending', lang)}")
                 + (f" · {mark['actor']}: {mark['reason']}" if mark["reason"] else f" · {mark['actor']}")
                 if mark else t("qa_tuning_candidate", lang))
        items.append(html.Li([html.Strong(names.get(key, key)), " — ", html.Span(state, className="hint")],
                             id=f"qa-tuning-{key.replace(':', '-')}", **data_attributes(key=key)))
    return items


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.QA_QUEUE, "rowData"), Output(ids.QA_QUEUE, "columnDefs"),
        Output(ids.QA_AGREEMENT, "rowData"), Output(ids.QA_AGREEMENT, "columnDefs"), Output(ids.QA_NEEDS_TUNING, "children"),
        Output(ids.QA_CALIBRATION, "rowData"), Output(ids.QA_CALIBRATION, "columnDefs"),
        Output(ids.QA_COACHING, "rowData"), Output(ids.QA_COACHING, "columnDefs"),
        Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def update(lang: object, *filter_values: object) -> tuple:
        filters, lang, user = filters_from(*filter_values), payloads.language(lang), current_user()
        pending = review_store.pending_human_answers(current_config().app_db)
        with open_snapshot(current_config().snapshot_path) as conn:
            queue = with_agent_names(conn, review_queue(conn, filters))
            names = qa_view.names_from_rubrics(rubrics(conn), lang)
            kappa = agreement(conn, pending, filters) if user.role in REVIEW_ROLES else None
            coaching = coaching_table(conn, filters, names, lang)
        candidates = [f"{r}:{c}" for r, c, needs in (kappa.select(
            "rubric_id", "criterion_id", "needs_tuning").iter_rows() if kappa is not None else []) if needs]
        shown_kappa = (kappa.with_columns(
            criterion=pl.concat_str("rubric_id", pl.lit(":"), "criterion_id").replace(names),
            kappa=pl.col("kappa").map_elements(format_kappa, return_dtype=pl.String, skip_nulls=False),
            needs_tuning=pl.col("needs_tuning").replace_strict({True: t("yes", lang), False: t("no", lang)},
                                                               default="—", return_dtype=pl.String),
        ).select("criterion", "reviewed", "agreement_pct", "kappa", "needs_tuning") if kappa is not None
            else pl.DataFrame())
        calibration_rows, calibration_columns = _calibration_rows(names, lang) if user.role in REVIEW_ROLES else ([], [])
        candidates += [row["criterion_key"] for row in calibration_rows  # reviewers disagree: the wording needs work
                       if row["alpha"] is not None and row["alpha"] < CALIBRATION_MIN_ALPHA]
        tuning = (_tuning_items(candidates, names, lang) if user.role in REVIEW_ROLES else []) or [
            html.Li(t("qa_tuning_none", lang), className="hint")]
        return (_queue_rows(queue, lang), display.columns(_QUEUE, lang, links=("interaction_id",), link_target="_self"),
                display.rows(shown_kappa, lang), display.columns(shown_kappa.columns, lang), tuning,
                calibration_rows, calibration_columns,
                display.rows(coaching, lang, _COACHING), display.columns(_COACHING, lang))

    @app.callback(
        Output(ids.QA_HEATMAP, "figure"), Output(ids.QA_COACH_AGENT, "options"), Output(ids.QA_COACH_CRITERIA, "options"),
        Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def heatmap(lang: object, *filter_values: object) -> tuple:
        filters, lang = filters_from(*filter_values), payloads.language(lang)
        with open_snapshot(current_config().snapshot_path) as conn:
            rates = pass_rates(conn, filters)
            names = qa_view.names_from_rubrics(rubrics(conn), lang)
            agents = qa_view.unique_labels(agent_display_names(conn, rates["agent_id"].to_list()))
            figure = qa_view.pass_rate_heatmap(rates, names, agents, lang)
            if isinstance(figure, go.Figure):  # no rates: the chart says why
                charts_say_why(conn, filters, lang, figure, page="qa")
        keys = sorted(set(rates.select(pl.concat_str("rubric_id", pl.lit(":"), "criterion_id")).to_series().to_list()))
        return (figure,
                [{"label": agents[a], "value": a} for a in sorted(agents)],
                [{"label": names.get(k, k), "value": k} for k in keys])

    @app.callback(
        Output(ids.QA_COACH_AGENT, "value"), Output(ids.QA_COACH_CRITERIA, "value"),
        Input(ids.QA_HEATMAP, "clickData"), prevent_initial_call=True,
    )
    def pick_cell(click: object) -> tuple:
        points = click.get("points") if isinstance(click, dict) else None
        custom = points[0].get("customdata") if isinstance(points, list) and points and isinstance(points[0], dict) else None
        if not isinstance(custom, list) or len(custom) != 2:
            raise dash.exceptions.PreventUpdate
        form = payloads.coaching_form(agent_id=custom[0], criteria=[custom[1]])
        return form.agent_id, form.criteria

    @app.callback(
        Output(ids.QA_COACH_STATUS, "children"), Output(ids.QA_COACHING, "rowData", allow_duplicate=True),
        Input(ids.QA_COACH_ASSIGN, "n_clicks"),
        State(ids.QA_COACH_AGENT, "value"), State(ids.QA_COACH_CRITERIA, "value"), State(ids.QA_COACH_EXAMPLES, "value"),
        State(ids.QA_COACH_DUE, "date"), State(ids.QA_COACH_NOTE, "value"), State(ids.SHELL_LANG, "value"),
        *[State(i.component_id, i.component_property) for i in FILTER_INPUTS], prevent_initial_call=True,
    )
    def assign(_click: object, agent: object, criteria: object, examples: object, due: object, note: object,
               lang: object, *filter_values: object) -> tuple:
        user, lang, filters = current_user(), payloads.language(lang), filters_from(*filter_values)
        if user.role not in REVIEW_ROLES:
            return t("forbidden", lang), dash.no_update
        if not agent or not criteria:
            return t("coaching_criteria_required", lang), dash.no_update
        listed = [part.strip() for part in str(examples or "").split(",") if part.strip()]
        form = payloads.coaching_form(agent_id=agent, criteria=criteria, examples=listed, due=due, note=note or "")
        with open_snapshot(current_config().snapshot_path) as conn:
            allowed = _agents_in_scope(conn, filters)
            if allowed is not None and form.agent_id not in allowed:
                return t("forbidden", lang), dash.no_update
            review_store.assign_coaching(current_config().app_db, form.agent_id, form.criteria, form.examples,
                                         form.due.isoformat() if isinstance(form.due, date) else None, form.note,
                                         user.username)
            names = qa_view.names_from_rubrics(rubrics(conn), lang)
            coaching = coaching_table(conn, filters, names, lang)
        return t("saved", lang), display.rows(coaching, lang, _COACHING)

    @app.callback(
        Output(ids.QA_CAL_RUBRIC, "options"), Output(ids.QA_CAL_INTERACTIONS, "options"),
        Output(ids.QA_CAL_REVIEWERS, "options"), Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def calibration_choices(lang: object, *filter_values: object) -> tuple:
        """The rubrics scored, the contacts in the review queue (those worth a second look) and who reviews."""
        user, lang, filters = current_user(), payloads.language(lang), filters_from(*filter_values)
        if user.role != QA_LEAD:
            return [], [], []
        with open_snapshot(current_config().snapshot_path) as conn:
            models = rubrics(conn)
            queue = with_agent_names(conn, review_queue(conn, filters))
        scorecards = {rubric_id: model.label.ja if lang == "ja" else model.label.en
                      for (rubric_id, _), model in sorted(models.items()) if model.kind == "agent_scorecard"}
        contacts = [{"label": f"{row['interaction_id']} · {row['agent_name']} · "
                              f"{display.code_label('channel', row['channel'], lang)}", "value": row["interaction_id"]}
                    for row in queue.iter_rows(named=True)]
        people = review_store.reviewers(current_config().app_db, roles=sorted(REVIEW_ROLES))
        return ([{"label": label, "value": rubric_id} for rubric_id, label in scorecards.items()], contacts,
                [{"label": name, "value": name} for name in people])

    @app.callback(
        Output(ids.QA_CAL_STATUS, "children"), Output(ids.QA_CALIBRATION, "rowData", allow_duplicate=True),
        Input(ids.QA_CAL_CREATE, "n_clicks"), State(ids.QA_CAL_NAME, "value"), State(ids.QA_CAL_INTERACTIONS, "value"),
        State(ids.QA_CAL_REVIEWERS, "value"), State(ids.QA_CAL_RUBRIC, "value"), State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def create_calibration(_click: object, name: object, interactions: object, reviewers: object, rubric: object,
                           lang: object) -> tuple:
        user, lang = current_user(), payloads.language(lang)
        if user.role != QA_LEAD:
            return t("forbidden", lang), dash.no_update
        if not rubric:
            return t("qa_calibration_rubric", lang), dash.no_update
        form = payloads.calibration_form(name=name or "", interactions=interactions or [], reviewers=reviewers or [],
                                         rubric=rubric)
        if not set(form.reviewers) <= set(review_store.reviewers(current_config().app_db, roles=sorted(REVIEW_ROLES))):
            raise payloads.BadPayload("reviewers: not users who review")
        with open_snapshot(current_config().snapshot_path) as conn:
            missing = sorted(set(form.interactions) - scored_with(conn, form.rubric, form.interactions))
            names = qa_view.names_from_rubrics(rubrics(conn), lang)
        if missing:
            return t("calibration_wrong_rubric", lang).format(ids=", ".join(missing[:5])), dash.no_update
        try:
            review_store.create_calibration(current_config().app_db, form.name, form.interactions, user.username,
                                            reviewers=form.reviewers, rubric_id=form.rubric)
        except review_store.ReviewError as refused:
            return t(refused.key, lang), dash.no_update
        return t("saved", lang), _calibration_rows(names, lang)[0]

    @app.callback(Output(ids.QA_TUNING_CRITERION, "options"), Input(ids.QA_NEEDS_TUNING, "children"),
                  State(ids.SHELL_LANG, "value"))
    def tuning_choices(items: object, lang: object) -> list[dict[str, str]]:
        """The listed criteria (marked and candidates); a QA lead marks or clears one."""
        with open_snapshot(current_config().snapshot_path) as conn:
            names = qa_view.names_from_rubrics(rubrics(conn), payloads.language(lang))
        listed = [item.get("props", {}).get("data-key") for item in (items if isinstance(items, list) else [])
                  if isinstance(item, dict)]
        return [{"label": names.get(key, key), "value": key} for key in listed if isinstance(key, str)]

    @app.callback(
        Output(ids.QA_TUNING_STATUS, "children"), Output(ids.QA_NEEDS_TUNING, "children", allow_duplicate=True),
        Input(ids.QA_TUNING_MARK, "n_clicks"), Input(ids.QA_TUNING_CLEAR, "n_clicks"),
        State(ids.QA_TUNING_CRITERION, "value"), State(ids.QA_TUNING_REASON, "value"),
        State(ids.QA_NEEDS_TUNING, "children"), State(ids.SHELL_LANG, "value"), prevent_initial_call=True,
    )
    def mark_tuning(_mark: object, _clear: object, criterion: object, reason: object, items: object,
                    lang: object) -> tuple:
        user, lang = current_user(), payloads.language(lang)
        if user.role != QA_LEAD:
            return t("forbidden", lang), dash.no_update
        listed = {item.get("props", {}).get("data-key") for item in (items if isinstance(items, list) else [])
                  if isinstance(item, dict)}
        if not criterion:
            return t("qa_pick_criterion", lang), dash.no_update
        form = payloads.review(interaction_id="-", criterion=criterion, comment=reason or "")
        rubric_id, _, criterion_id = str(form.criterion).partition(":")
        with open_snapshot(current_config().snapshot_path) as conn:
            names = qa_view.names_from_rubrics(rubrics(conn), lang)
        if form.criterion not in names:
            raise payloads.BadPayload(f"criterion: {criterion!r} is not a criterion of a rubric in use")
        action = "cleared" if dash.ctx.triggered_id == ids.QA_TUNING_CLEAR else "marked"
        try:
            review_store.set_tuning(current_config().app_db, rubric_id, criterion_id, action, user.username,
                                    form.comment)
        except review_store.ReviewError as refused:
            return t(refused.key, lang), dash.no_update
        return t("saved", lang), _tuning_items(sorted(k for k in listed if isinstance(k, str)), names, lang)
