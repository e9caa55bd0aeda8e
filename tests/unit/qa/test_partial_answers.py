"""Partial credit from a reviewer: only where the criterion's scale has it, stored by the dashboard's store (also one
made before partial answers existed), and scored half way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl

from qa_rubrics import load_all
from transforms.qa.effective import effective_answers
from warehouse import app_store


def _criterion(scale: str):  # noqa: ANN202 - a qa_rubrics Criterion
    return next(c for r in load_all() for _, c in r.criteria() if c.scale == scale)


def test_partial_is_an_answer_only_on_a_multi_point_scale() -> None:
    assert "partial" in _criterion("three_point").answers
    assert _criterion("binary").answers == ("pass", "fail", "na")


def test_a_store_made_before_partial_answers_accepts_them_and_keeps_its_overrides(tmp_path: Path) -> None:
    path = tmp_path / "app.sqlite"
    with sqlite3.connect(path) as old:  # the qa_overrides table as the app created it before
        old.execute("create table qa_overrides (override_id integer primary key autoincrement,"
                    " interaction_id text not null, rubric_id text, criterion_id text not null,"
                    " answer text not null check (answer in ('pass', 'fail', 'na')), comment text not null default '',"
                    " reviewer text not null, created_at text not null default (strftime('%Y-%m-%d %H:%M:%f', 'now')),"
                    " imported_at text)")
        old.execute("insert into qa_overrides (interaction_id, rubric_id, criterion_id, answer, reviewer)"
                    " values ('I1', 'email_chat', 'first_response_time', 'fail', 'quinn')")
    added = app_store.add_override(path, "I1", "email_chat", "first_response_time", "partial", "", "quinn")
    rows = app_store.list_rows(path, "qa_overrides", "I1")
    assert added == 2 and sorted((r["override_id"], r["answer"]) for r in rows) == [(1, "fail"), (2, "partial")]


def test_a_reviewers_partial_scores_half_the_points() -> None:
    auto = pl.DataFrame({"interaction_id": ["I1"], "rubric_id": ["email_chat"], "criterion_id": ["first_response_time"],
                         "answer": ["fail"], "points": [0], "max_points": [2]})
    reviews = pl.DataFrame({"interaction_id": ["I1"], "rubric_id": ["email_chat"],
                            "criterion_id": ["first_response_time"], "answer": ["partial"],
                            "created_at": ["2026-11-30 01:00:00"]})
    disputes = pl.DataFrame(schema={"interaction_id": pl.String, "rubric_id": pl.String, "criterion_id": pl.String,
                                    "answer": pl.String, "created_at": pl.String, "action": pl.String})
    answer = effective_answers(auto, reviews, disputes).row(0, named=True)
    assert (answer["answer"], answer["points"], answer["source"]) == ("partial", 1, "review")
