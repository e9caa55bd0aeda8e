from pathlib import Path

import dagster as dg

import warehouse
import warehouse.qa as store
from pipelines.defs.qa import qa_harassment_flags, qa_rubric_versions_bumped, qa_scores, qa_scores_complete
from pipelines.defs.resources import SettingsResource, WarehouseResource
from tests.unit.qa.warehouse_fixture import insert_cases


def _materialize(path: str, rescore: bool = False, day: str | None = None) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [qa_scores, qa_harassment_flags, qa_scores_complete, qa_rubric_versions_bumped],
        resources={"warehouse": WarehouseResource(path=path), "koe_settings": SettingsResource()},
        run_config={"ops": {"qa_scores": {"config": {"rescore": rescore}}}},
        partition_key=day,
    )


def test_scores_incrementally_and_flags_harassment(tmp_path: Path) -> None:
    path = str(tmp_path / "w.duckdb")
    with warehouse.connect(path) as conn:
        insert_cases(conn)
    first = _materialize(path)
    assert first.success
    meta = first.asset_materializations_for_node("qa_scores")[0].metadata
    assert meta["interactions_scored"].value == 5
    assert all(c.passed for c in first.get_asset_check_evaluations())
    with warehouse.connect(path) as conn:
        scores = warehouse.read(conn, "select interaction_id, rubric_id, score from qa.current_scores")
        flags = store.harassment_flags(conn)
    by_id = {(i, r): s for i, r, s in scores.rows()}
    assert by_id[("JA-GOOD", "ja_call_center")] == 100.0
    assert by_id[("JA-BAD", "ja_call_center")] == 0.0  # identity check is critical
    assert by_id[("MAIL", "email_chat")] == 100.0
    assert flags["interaction_id"].to_list() == ["KASUHARA"]

    again = _materialize(path)  # nothing new: nothing scored
    assert again.asset_materializations_for_node("qa_scores")[0].metadata["interactions_scored"].value == 0

    with warehouse.connect(path) as conn:  # one message edited: only that interaction is re-scored
        conn.execute("update core.messages set text = 'はい。' where message_id = 'JA-GOOD-1'")
    third = _materialize(path)
    assert third.asset_materializations_for_node("qa_scores")[0].metadata["interactions_scored"].value == 1
    with warehouse.connect(path) as conn:
        current = dict(conn.execute(
            "select criterion_id, answer from qa.current_answers where interaction_id = 'JA-GOOD'").fetchall())
        history = conn.execute("select count(*) from qa.scores where interaction_id = 'JA-GOOD'").fetchone()[0]
    assert current["opening_greeting"] == "fail"
    assert history == 4  # two rubrics × two runs, nothing overwritten


def test_a_day_partition_scores_only_the_interactions_of_that_local_day(tmp_path: Path) -> None:
    path = str(tmp_path / "w.duckdb")
    with warehouse.connect(path) as conn:
        insert_cases(conn)  # created 2026-04-01 01:00 UTC = 10:00 JST on the 1st
        conn.execute("update core.interactions set created_at = timestamp '2026-04-01 16:00:00'"
                     " where interaction_id in ('MAIL', 'KASUHARA')")  # 01:00 JST on the 2nd
    second_day = _materialize(path, day="2026-04-02")
    assert second_day.success
    meta = second_day.asset_materializations_for_node("qa_scores")[0].metadata
    assert (meta["day"].value, meta["interactions_scored"].value) == ("2026-04-02", 2)
    scored = warehouse.query(path, "select distinct interaction_id from qa.current_scores order by 1")
    assert scored["interaction_id"].to_list() == ["KASUHARA", "MAIL"]

    rest = _materialize(path)  # no partition key: everything still pending (the demo job's way)
    assert rest.asset_materializations_for_node("qa_scores")[0].metadata["interactions_scored"].value == 3
    assert _materialize(path, day="2026-04-01").asset_materializations_for_node("qa_scores")[0].metadata[
        "interactions_scored"].value == 0
