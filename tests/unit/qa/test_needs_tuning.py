"""A criterion marked "needs tuning" by a QA lead: from the next run its machine answers are provisional — out of the
effective score (so out of the agents' QA scores and pass rates) until a person answers, a critical machine fail no
longer zeroes the score — and its machine fails are sent to review; clearing the mark undoes it. Real DuckDB file and
sqlite store, the real import and publish."""

from __future__ import annotations

from pathlib import Path

import pytest

import warehouse
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse
from warehouse import qa as qa_store
from warehouse import review_store
from warehouse.publish import publish_snapshot

CRITERION = ("ja_call_center", "identity_verification")  # critical: a machine fail makes the score 0


def _republish(db: Path, app_db: Path) -> Path:
    with warehouse.connect(db) as conn:
        review_store.import_tuning(conn, app_db)
        return publish_snapshot(conn, db).path


def _failed(snapshot: Path) -> list[tuple]:
    with warehouse.connect(snapshot, read_only=True) as conn:
        return conn.execute(
            "select c.interaction_id, c.answer, c.source, s.score, s.critical_failed from qa.criteria c"
            " join qa.scores s using (interaction_id) where c.rubric_id = $r and c.criterion_id = $c"
            " and c.auto_answer = 'fail' order by 1", {"r": CRITERION[0], "c": CRITERION[1]}).fetchall()


def test_a_marked_criterion_is_provisional_sent_to_review_and_counts_again_when_cleared(tmp_path: Path) -> None:
    db, app_db = tmp_path / "koe.duckdb", tmp_path / "app.sqlite"
    before = _failed(build_fake_warehouse(db, 300))
    assert before and all(score == 0 and critical for _, _, _, score, critical in before)
    review_store.set_tuning(app_db, *CRITERION, "marked", "quinn", "calibration α 0.41")
    with pytest.raises(review_store.ReviewError):
        review_store.set_tuning(app_db, *CRITERION, "marked", "quinn")  # marked already
    marked = _failed(_republish(db, app_db))
    assert [row[0] for row in marked] == [row[0] for row in before]
    assert {(answer, source) for _, answer, source, _, _ in marked} == {("na", "suggestion")}  # provisional
    assert any(score > 0 for *_, score, _ in marked)  # the machine's critical fail no longer zeroes the score
    with warehouse.connect(db) as conn:
        assert qa_store.needs_tuning(conn) == {CRITERION}
        conn.execute("delete from qa.review_queue")  # as for contacts not yet queued
        candidates = qa_store.sampling_candidates(conn, days=366)
    provisional = set(candidates.filter(candidates["provisional_fail"])["interaction_id"].to_list())
    assert provisional and provisional <= {row[0] for row in before}  # its machine fails go to review
    review_store.set_tuning(app_db, *CRITERION, "cleared", "quinn")
    assert _failed(_republish(db, app_db)) == before  # cleared: the machine's answers count again
