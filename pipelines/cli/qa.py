"""QA commands: ``koe score``, ``koe qa explain|agreement|review|dispute|calibration|sample|flags``."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime

import polars as pl
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn

import warehouse
import warehouse.qa as store
from pipelines.cli.main import app
from pipelines.cli.render import frame_table
from qa_rubrics import load_all
from transforms.qa.agreement import calibration_report, format_kappa, machine_vs_human
from transforms.qa.evidence import explain_frame
from transforms.qa.sampling import review_sample

qa_app = typer.Typer(no_args_is_help=True, help="QA scores, evidence, reviews, disputes and calibration.")
app.add_typer(qa_app, name="qa")
dispute_app = typer.Typer(no_args_is_help=True, help="Agent disputes of single criteria.")
qa_app.add_typer(dispute_app, name="dispute")
console = Console(soft_wrap=True, width=160)
WarehouseOpt = typer.Option(None, "--warehouse", help="DuckDB file (default: KOE_WAREHOUSE or warehouse/koe.duckdb)")


@app.command()
def score(
    rubric: str | None = typer.Option(None, "--rubric", help="only this rubric id"),
    since: datetime | None = typer.Option(None, "--since", help="only interactions created on/after this date"),
    rescore: bool = typer.Option(False, "--rescore", help="also re-score interactions scored with an older rubric version"),
    path: str | None = WarehouseOpt,
) -> None:
    """Score new or changed interactions against the QA rubrics (incremental)."""
    from pipelines.defs.qa import score_pending

    rubrics = [r for r in load_all() if rubric in (None, r.id)]
    if not rubrics:
        raise typer.BadParameter(f"no rubric {rubric!r}; known: {', '.join(r.id for r in load_all())}")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console) as progress:
        progress.add_task(f"Scoring against {', '.join(r.id for r in rubrics)}", total=None)
        with warehouse.connect(path) as conn:  # one connection for the whole command, as before
            summary = score_pending(lambda: nullcontext(conn), rubrics, since=since, rescore=rescore, trigger="cli")
    for key, value in summary.items():
        console.print(f"{key}: {value}")


@qa_app.command()
def explain(interaction_id: str, path: str | None = WarehouseOpt) -> None:
    """Print each criterion's answer and its evidence with timestamps."""
    with warehouse.connect(path, read_only=True) as conn:
        scores, answers, evidence = store.explain(conn, interaction_id)
    if scores.is_empty():
        console.print(f"[red]{interaction_id} has no QA score yet (run `koe score`).[/red]")
        raise typer.Exit(1)
    for row in scores.iter_rows(named=True):
        console.rule(f"{row['rubric_id']} v{row['rubric_version']}: score {row['score']}"
                     + ("  (critical failure)" if row["critical_failed"] else ""))
        rows = explain_frame(answers.filter(pl.col("rubric_id") == row["rubric_id"]), evidence)
        for item in rows.iter_rows(named=True):
            colour = {"pass": "green", "fail": "red", "partial": "yellow"}.get(item["answer"], "dim")
            crit = " [critical]" if item["critical"] else ""  # text, not markup: escaped with the reason's regexes
            console.print(f"[{colour}]{item['answer']:>7}[/{colour}]  "
                          + escape(f"{item['criterion_id']}{crit}: {item['reason']}"))
            for line in item["evidence"]:
                console.print(f"           {line}", markup=False)


@qa_app.command()
def agreement(
    min_kappa: float = typer.Option(0.6, help="κ below this marks a criterion 'needs tuning'"),
    min_count: int = typer.Option(20, help="reviews needed before judging a criterion"),
    path: str | None = WarehouseOpt,
) -> None:
    """Machine vs human agreement per criterion (agreement %, Cohen's κ, count, needs tuning)."""
    with warehouse.connect(path, read_only=True) as conn:
        table = machine_vs_human(store.current_answers(conn), store.reviews(conn), min_kappa, min_count)
    shown = table.with_columns(kappa=pl.col("kappa").map_elements(format_kappa, return_dtype=pl.String,
                                                                  skip_nulls=False))
    console.print(frame_table(shown, title="Machine vs human agreement (κ weighted for ordered answers)"))


@qa_app.command()
def review(
    interaction_id: str,
    rubric: str = typer.Option(..., "--rubric"),
    reviewer: str = typer.Option(..., "--reviewer"),
    criterion: str | None = typer.Option(None, "--criterion", help="override one criterion (else whole score)"),
    answer: str | None = typer.Option(None, "--answer", help="pass | partial | fail | na"),
    score_value: float | None = typer.Option(None, "--score", help="whole-interaction score 0..100"),
    comment: str | None = typer.Option(None, "--comment"),
    calibration: str | None = typer.Option(None, "--calibration", help="calibration session id"),
    path: str | None = WarehouseOpt,
) -> None:
    """Record a human review (kept apart from automatic scores; nothing is overwritten)."""
    if (criterion is None) == (score_value is None) or (criterion is not None and answer is None):
        raise typer.BadParameter("give --criterion with --answer, or --score")
    version = {r.id: r.version for r in load_all()}[rubric]
    with warehouse.connect(path) as conn:
        review_id = store.add_review(
            conn, interaction_id=interaction_id, rubric_id=rubric, rubric_version=version, criterion_id=criterion,
            answer=answer, score=score_value, reviewer=reviewer, comment=comment, calibration_id=calibration)
    console.print(f"review {review_id} recorded")


@dispute_app.command("open")
def dispute_open(
    interaction_id: str, rubric: str = typer.Option(..., "--rubric"), criterion: str = typer.Option(..., "--criterion"),
    agent: str = typer.Option(..., "--agent"), reason: str = typer.Option(..., "--reason"),
    path: str | None = WarehouseOpt,
) -> None:
    """An agent disputes one criterion of an interaction."""
    with warehouse.connect(path) as conn:
        dispute_id = store.add_dispute_event(conn, interaction_id=interaction_id, rubric_id=rubric,
                                             criterion_id=criterion, action="opened", actor=agent, comment=reason)
    console.print(f"dispute {dispute_id} opened")


@dispute_app.command("decide")
def dispute_decide(
    dispute_id: str,
    decision: str = typer.Option(..., "--decision", help="accepted | partly_accepted | rejected"),
    reviewer: str = typer.Option(..., "--reviewer"), answer: str | None = typer.Option(None, "--answer"),
    comment: str | None = typer.Option(None, "--comment"), path: str | None = WarehouseOpt,
) -> None:
    """A reviewer decides a dispute; the history stays."""
    if decision not in ("accepted", "partly_accepted", "rejected"):
        raise typer.BadParameter("decision must be accepted, partly_accepted or rejected")
    with warehouse.connect(path) as conn:
        history = store.dispute(conn, dispute_id)
        if history.is_empty():
            raise typer.BadParameter(f"no dispute {dispute_id}")
        opened = history.row(0, named=True)
        store.add_dispute_event(conn, dispute_id=dispute_id, interaction_id=opened["interaction_id"],
                                rubric_id=opened["rubric_id"], criterion_id=opened["criterion_id"], action=decision,
                                actor=reviewer, comment=comment, answer=answer)
        console.print(frame_table(store.dispute(conn, dispute_id), title=f"dispute {dispute_id}"))


@qa_app.command()
def calibration(session: str, path: str | None = WarehouseOpt) -> None:
    """Inter-rater agreement (Krippendorff's α per criterion) and each reviewer's deviation for one session."""
    with warehouse.connect(path, read_only=True) as conn:
        per_criterion, deviation = calibration_report(store.reviews(conn, calibration_id=session))
    console.print(frame_table(per_criterion, title=f"Calibration {session}: agreement per criterion"))
    console.print(frame_table(deviation, title="Reviewer deviation from the session mean score"))


@qa_app.command()
def sample(
    days: int = typer.Option(7, help="sample from the newest DAYS days of data"),
    path: str | None = WarehouseOpt,
) -> None:
    """Show what the review queue's sampling policy would pick now (the asset qa_review_queue writes it)."""
    with warehouse.connect(path, read_only=True) as conn:
        picked = review_sample(store.sampling_candidates(conn, days))
    console.print(frame_table(picked.with_columns(pl.col("reasons").list.join(", ")).drop("priority"),
                              title="Review sample"))


@qa_app.command()
def flags(path: str | None = WarehouseOpt) -> None:
    """Customer-harassment (カスハラ) flags with severity, most severe first."""
    with warehouse.connect(path, read_only=True) as conn:
        table = store.harassment_flags(conn)
    console.print(frame_table(table.with_columns(pl.col("criteria").list.join(", ")), title="Customer harassment"))
