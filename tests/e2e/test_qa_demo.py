"""The demo's planted QA loop: every QA page has content, and the agreement figure is the same number in
`koe qa agreement` and on the QA page (one weighted κ, transforms/qa/agreement.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import warehouse
from dashboards.queries import Filters, open_snapshot, review_queue
from dashboards.queries.qa import agreement, coaching_progress
from pipelines.cli.main import app as cli
from pipelines.demo.contact_center import DemoConfig
from pipelines.demo.generate import write_demo
from pipelines.demo.qa_loop import plant_qa_loop
from pipelines.runner import run_koe_job
from transforms.qa.agreement import format_kappa
from warehouse import app_store, review_store
from warehouse.publish import SNAPSHOT_NAME
from warehouse.settings import published_dir

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A week of the demo (no recordings: QA needs none) through the whole job, then the planted loop."""
    root = tmp_path_factory.mktemp("qa_demo")
    write_demo(root / "landing", DemoConfig(days=7, contacts_per_weekday=40, recorded_calls=0))
    assert run_koe_job(str(root / "koe.duckdb"), str(root / "landing")).success
    return root / "koe.duckdb", plant_qa_loop(root / "koe.duckdb")


def test_the_demo_plants_reviews_disputes_coaching_and_a_calibration_session(planted) -> None:  # noqa: ANN001
    db, counts = planted
    assert counts["reviews"] >= 20 and counts["disputes"] >= 1 and counts["coaching"] >= 2
    assert counts["calibration_answers"] >= 3 * 5
    store = app_store.app_store_path(db)
    [session] = review_store.calibration_sessions(store)
    answers = review_store.calibration_answers(store, session["session_id"])
    assert {row["reviewer"] for row in answers} == {"demo-qa", "demo-sv", "demo-manager"}
    assert plant_qa_loop(db) == {"reviews": 0}  # a second demo run keeps what is there
    with warehouse.connect(db, read_only=True) as conn:
        imported = conn.execute("select count(*) filter (where calibration_id is null),"
                                " count(*) filter (where calibration_id is not null) from qa.reviews").fetchall()[0]
        decided = conn.execute("select count(*) from qa.dispute_events where action = 'accepted'").fetchall()[0][0]
    assert imported == (counts["reviews"], counts["calibration_answers"]) and decided == 1
    snapshot = published_dir(db) / SNAPSHOT_NAME
    with open_snapshot(snapshot) as conn:
        first, last = conn.execute("select min(created_at)::date, max(created_at)::date from qa.scores").fetchall()[0]
        queue = review_queue(conn, Filters(date_from=first, date_to=last))
        progress = coaching_progress(conn, review_store.coaching_items(store))
    assert queue.height > 0 and not set(queue["interaction_id"]) & _reviewed(db)  # reviewed ones left the queue
    assert progress["before_pct"].drop_nulls().len() > 0 and progress["after_pct"].drop_nulls().len() > 0


def _reviewed(db: Path) -> set[str]:
    with warehouse.connect(db, read_only=True) as conn:
        rows = conn.execute("select distinct interaction_id from qa.reviews where calibration_id is null").fetchall()
    return {row[0] for row in rows}


def test_the_same_kappa_in_the_cli_and_on_the_qa_page(planted) -> None:  # noqa: ANN001
    db, _ = planted
    with open_snapshot(published_dir(db) / SNAPSHOT_NAME) as conn:
        page = agreement(conn, [], Filters(date_from=date(2000, 1, 1), date_to=date(2099, 1, 1)))
    result = CliRunner().invoke(cli, ["qa", "agreement", "--warehouse", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with warehouse.connect(db, read_only=True) as conn:
        from transforms.qa.agreement import machine_vs_human
        from warehouse import qa as store

        cli_table = machine_vs_human(store.current_answers(conn), store.reviews(conn))
    assert page.height > 3 and page["kappa"].drop_nulls().len() > 0
    assert page.sort("rubric_id", "criterion_id").equals(cli_table.sort("rubric_id", "criterion_id"))
    printed = {(line.split("│")[1].strip(), line.split("│")[2].strip()): line.split("│")[5].strip()
               for line in result.output.splitlines() if line.count("│") == 7}
    for row in page.iter_rows(named=True):  # the same κ, written the same way, as the QA page shows it
        assert printed[(row["rubric_id"], row["criterion_id"])] == format_kappa(row["kappa"])
    assert page.filter(pl.col("agreement_pct") < 100)["kappa"].drop_nulls().len() > 0  # reviewers disagree too
