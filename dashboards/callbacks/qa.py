"""QA review callbacks: the queue (links to each interaction) and the agreement tables."""

from __future__ import annotations

import dash
import polars as pl
from dash import Input, Output

from dashboards import ids
from dashboards.auth import current_user
from dashboards.callbacks.common import FILTER_INPUTS, filters_from
from dashboards.components import table_data
from dashboards.config import current_config
from dashboards.queries import criteria_for, open_snapshot, qa_agreement, review_queue
from warehouse import app_store


def _columns(frame: pl.DataFrame) -> list[dict]:
    return [{"name": c, "id": c, "presentation": "markdown" if c == "interaction_id" else "input"} for c in frame.columns]


def _linked(frame: pl.DataFrame) -> list[dict]:
    rows = table_data(frame)
    for row in rows:
        row["interaction_id"] = f"[{row['interaction_id']}](/interactions/{row['interaction_id']})"
    return rows


def _agreement(conn: object) -> dict[str, pl.DataFrame]:
    overrides = pl.DataFrame(app_store.list_rows(current_config().app_db, "qa_overrides"),
                             schema={"interaction_id": pl.String, "criterion_id": pl.String, "answer": pl.String,
                                     "reviewer": pl.String, "created_at": pl.String})
    machine = criteria_for(conn, overrides["interaction_id"].unique().to_list())
    return qa_agreement(machine, overrides)


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ids.QA_QUEUE, "data"), Output(ids.QA_QUEUE, "columns"),
        Output(ids.QA_AGREEMENT, "data"), Output(ids.QA_AGREEMENT, "columns"),
        Output(ids.QA_CALIBRATION, "data"), Output(ids.QA_CALIBRATION, "columns"),
        Input(ids.SHELL_LANG, "value"), *FILTER_INPUTS,
    )
    def update(_lang: str, *filter_values: object) -> tuple:
        filters = filters_from(*filter_values)
        with open_snapshot(current_config().snapshot_path) as conn:
            queue = review_queue(conn, filters)
            tables = _agreement(conn) if current_user().role != "agent" else {}
        agreement = tables.get("machine_human", pl.DataFrame())
        calibration = tables.get("calibration", pl.DataFrame())
        return (_linked(queue), _columns(queue), table_data(agreement), _columns(agreement),
                table_data(calibration), _columns(calibration))
