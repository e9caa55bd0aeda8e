"""A day's heavy steps split in three: stage (writer), compute (anywhere), merge (writer).

* **stage** reads the day's inputs from the warehouse and writes them to the results folder as step
  ``<step>_inputs`` (one short connection);
* **compute** reads those inputs and writes the day's results as step ``<step>`` — no warehouse connection, so it
  runs on any machine that reaches the results folder (and, for transcription, the audio);
* **merge** takes the finished result of the day's *latest* inputs and writes it to the warehouse, once: the merge
  is recorded in ``core.merged_results`` (``warehouse.merge``), so a re-run or a second worker's duplicate result
  changes nothing, and a result without its manifest (half-written) is never read.

Transcription redacts inside compute (nothing unmasked leaves the worker); QA scoring and theme assignment reuse the
same domain functions as the in-place assets (``transforms.qa.scoring``, ``transforms.themes.fit``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

import warehouse.qa as qa_store
import warehouse.themes as themes_store
import warehouse.transcripts as transcript_store
from pipelines.results.store import Manifest, ResultStore
from pipelines.speech.batch import (
    Connect,
    transcribe_recording,
    transcription_key,
    with_content_hashes,
    write_turns,
)
from pipelines.speech.engines import load_engine
from pipelines.speech.options import TranscribeOptions
from qa_rubrics import Rubric, content_hash
from transforms.conversation import conversation_metrics as compute_conversation_metrics
from transforms.qa.scoring import score_interactions
from transforms.redaction.dialogue import DEFAULT_NAMES_OF
from transforms.themes.documents import build_documents, on_local_day
from transforms.themes.embed import embed_texts
from warehouse import merge as merge_store
from warehouse.redaction import replace_audio_spans

TRANSCRIPTION, QA, THEMES = "transcription", "qa", "themes"
_SPANS = {"interaction_id": pl.String, "entity_type": pl.String, "start_seconds": pl.Float64, "end_seconds": pl.Float64}
_SEGMENTS = {"sha256": pl.String, "segment_no": pl.UInt32, "channel": pl.Int32, "start_seconds": pl.Float64,
             "end_seconds": pl.Float64, "text": pl.String}


def inputs_step(step: str) -> str:
    return f"{step}_inputs"


def _stage(store: ResultStore, step: str, day: str, tables: dict[str, pl.DataFrame], meta: dict[str, Any]) -> Manifest:
    return store.write(inputs_step(step), day, tables, meta)


def _inputs(store: ResultStore, step: str, day: str) -> Manifest:
    staged = store.latest(inputs_step(step), day)
    if staged is None:
        raise FileNotFoundError(f"{store.folder(inputs_step(step), day)}: no staged inputs (run the stage step first)")
    return staged


# --- transcription -------------------------------------------------------------------------------------------------

def stage_transcription(connect: Connect, store: ResultStore, day: str, timezone: str,
                        options: TranscribeOptions) -> Manifest:
    """The day's recordings and the audio already transcribed with these options."""
    with connect() as conn:
        recordings = transcript_store.recordings_in_scope(conn, day, timezone)
        done = transcript_store.done_sha256s(conn, transcription_key(options))
    return _stage(store, TRANSCRIPTION, day, {"recordings": recordings, "done": pl.DataFrame(
        {"sha256": sorted(done)}, schema={"sha256": pl.String})}, {"options": transcription_key(options)})


def compute_transcription(store: ResultStore, day: str, options: TranscribeOptions, cache: Path,
                          names_of: Collection[str] = DEFAULT_NAMES_OF) -> Manifest:
    """Transcribe and redact the staged recordings not done yet; write transcriptions, masked segments, spans."""
    staged = _inputs(store, TRANSCRIPTION, day)
    inputs = store.read(staged)
    done = set(inputs["done"]["sha256"].to_list())
    rows, segments, spans, facts, missing, engine = [], [], [], [], [], None
    for row, sha256 in with_content_hashes(inputs["recordings"]):
        if sha256 is None:
            missing.append({"recording_id": row["recording_id"], "path": row["path"], "reason": "file not found"})
            continue
        facts.append({"recording_id": row["recording_id"], "sha256": sha256})
        if sha256 in done:
            continue
        engine = engine or load_engine(options, cache)  # a day with nothing to do never loads a model
        outcome = transcribe_recording(row, sha256, engine, options, names_of)
        done.add(sha256)
        if outcome["segments"] is not None:
            segments.append(outcome["segments"].with_columns(sha256=pl.lit(sha256)))
            spans.append(outcome["spans"].with_columns(interaction_id=pl.lit(row["interaction_id"])))
        rows.append({k: v for k, v in outcome.items() if k not in ("segments", "spans")})
    tables = {
        "transcriptions": pl.DataFrame(rows, infer_schema_length=None),
        "segments": pl.concat([pl.DataFrame(schema=_SEGMENTS), *segments], how="diagonal_relaxed"),
        "spans": pl.concat([pl.DataFrame(schema=_SPANS), *spans], how="diagonal_relaxed"),
        "audio_facts": pl.DataFrame(facts, schema={"recording_id": pl.String, "sha256": pl.String}),
        "missing": pl.DataFrame(missing, schema={"recording_id": pl.String, "path": pl.String, "reason": pl.String}),
    }
    return store.write(TRANSCRIPTION, day, tables, {"inputs": staged.attempt, "options": transcription_key(options)})


@contextmanager
def _same(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    yield conn  # hands the merge's open connection to functions that take a ``connect``


def _apply_transcription(conn: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame], options: TranscribeOptions,
                         names_of: Collection[str]) -> int:
    segments, spans = frames["segments"], frames["spans"]
    for row in frames["transcriptions"].iter_rows(named=True):
        own = segments.filter(pl.col("sha256") == row["sha256"]).drop("sha256")
        transcript_store.save_transcription(conn, row, own)
        if row["status"] == "quarantined":
            transcript_store.quarantine_recording(conn, row["recording_id"], _path(frames, row["recording_id"]),
                                                  row["reason"])
    for interaction_id in spans["interaction_id"].unique().to_list():
        replace_audio_spans(conn, interaction_id, spans.filter(pl.col("interaction_id") == interaction_id)
                            .drop("interaction_id"))
    for recording_id, path, reason in frames["missing"].iter_rows():
        transcript_store.quarantine_recording(conn, recording_id, path, reason)
    for recording_id, sha256 in frames["audio_facts"].iter_rows():
        transcript_store.record_audio_facts(conn, recording_id, sha256)
    recording_ids = frames["audio_facts"]["recording_id"].to_list()
    write_turns(lambda: _same(conn), recording_ids, options, names_of)
    turns, calls = transcript_store.transcript_turns(conn, stale_only=True)
    transcript_store.replace_conversation_metrics(conn, compute_conversation_metrics(turns, calls))
    return frames["transcriptions"].height + frames["missing"].height


def _path(frames: dict[str, pl.DataFrame], recording_id: str) -> str:
    staged = frames.get("recordings")
    return staged.filter(pl.col("recording_id") == recording_id)["path"].item() if staged is not None else recording_id


def merge_transcription(connect: Connect, store: ResultStore, day: str, options: TranscribeOptions,
                        names_of: Collection[str] = DEFAULT_NAMES_OF) -> dict[str, Any]:
    """Transcriptions, segments, spans and quarantine of the day; then transcript turns and conversation metrics."""
    staged = _inputs(store, TRANSCRIPTION, day)
    recordings = store.read(staged)["recordings"]

    def apply(conn: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> int:
        return _apply_transcription(conn, {**frames, "recordings": recordings}, options, names_of)

    return _merge(connect, store, TRANSCRIPTION, day, staged, apply)


# --- QA scoring and theme assignment (staged together, after the day's transcripts are merged) --------------------

def stage_scoring(connect: Connect, store: ResultStore, day: str, timezone: str,
                  rubrics: list[Rubric]) -> dict[str, Any]:
    """The day's interactions still to score (with messages and metrics), and its documents without a theme."""
    with connect() as conn:
        unbumped = qa_store.record_rubrics(conn, rubrics, [content_hash(r) for r in rubrics])
        interactions, messages, metrics = qa_store.pending_inputs(
            conn, {r.id: r.version for r in rubrics}, day=day, timezone=timezone)
        documents = build_documents(*themes_store.read_document_sources(conn))
        pending = on_local_day(documents, day, timezone).join(themes_store.read_assigned_ids(conn), on="document_id",
                                                             how="anti")
        themes = themes_store.read_themes(conn)
    qa_tables = {"interactions": interactions, "messages": messages}
    if metrics is not None:
        qa_tables["metrics"] = metrics
    _stage(store, QA, day, qa_tables, {"rubrics_changed_without_version_bump": unbumped})
    _stage(store, THEMES, day, {"documents": pending, "themes": themes}, {})
    return {"interactions_to_score": interactions.height, "documents_to_assign": pending.height,
            "rubrics_changed_without_version_bump": ", ".join(unbumped) or "none"}


def compute_scores(store: ResultStore, day: str, rubrics: list[Rubric]) -> Manifest:
    """Score the staged interactions (no warehouse connection)."""
    staged = _inputs(store, QA, day)
    inputs = store.read(staged)
    scored = score_interactions(rubrics, inputs["interactions"], inputs["messages"], inputs.get("metrics"))
    tables = {"scores": scored.scores, "answers": scored.answers, "evidence": scored.evidence,
              "input_hashes": inputs["interactions"].select("interaction_id", "input_hash")}
    return store.write(QA, day, tables, {"inputs": staged.attempt})


def compute_theme_assignments(store: ResultStore, day: str) -> Manifest:
    """Assign the staged documents to the nearest active theme (no warehouse connection)."""
    from transforms.themes.fit import assign_documents  # scikit-learn: imported only where it is used

    staged = _inputs(store, THEMES, day)
    inputs = store.read(staged)
    pending, themes = inputs["documents"], inputs["themes"]
    if themes.filter(pl.col("status") == "active").is_empty() or pending.is_empty():
        assignments = pl.DataFrame(schema={"document_id": pl.String, "theme_id": pl.String, "similarity": pl.Float64})
        skipped = themes.filter(pl.col("status") == "active").is_empty()
    else:
        assignments, skipped = assign_documents(pending, embed_texts(pending["text"].to_list()), themes), False
    return store.write(THEMES, day, {"assignments": assignments}, {"inputs": staged.attempt, "no_themes_yet": skipped})


def merge_scores(connect: Connect, store: ResultStore, day: str) -> dict[str, Any]:
    """The day's QA run (scores, answers, evidence) in one transaction, once."""
    staged = _inputs(store, QA, day)

    def apply(conn: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> int:
        if frames["scores"].is_empty():  # no rubric applies (a call without turns yet): no run to record
            return 0
        qa_store.write_run(conn, frames["scores"], frames["answers"], frames["evidence"], frames["input_hashes"],
                           merge_store.run_trigger(staged.attempt))
        return frames["scores"].height

    return _merge(connect, store, QA, day, staged, apply)


def merge_theme_assignments(connect: Connect, store: ResultStore, day: str, run_at: datetime) -> dict[str, Any]:
    """The day's theme assignments (an upsert per document), once."""
    def apply(conn: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> int:
        assignments = frames["assignments"]
        if not assignments.is_empty():
            themes_store.upsert_assignments(conn, assignments, f"themes-{day}-{run_at:%Y%m%dT%H%M%S}", run_at)
        return assignments.height

    return _merge(connect, store, THEMES, day, _inputs(store, THEMES, day), apply)


def _merge(connect: Connect, store: ResultStore, step: str, day: str, staged: Manifest, apply: Any) -> dict[str, Any]:
    """Merge the first finished result of the latest staged inputs, unless those inputs were merged already.

    The data is written before the merge is recorded: a writer that dies in between merges again on the next run,
    which the store functions make harmless (transcriptions, spans and assignments replace by key; the QA run carries
    its inputs' attempt as its trigger, which ``already_merged`` also looks for).
    """
    results = [m for m in store.finished(step, day) if m.meta.get("inputs") == staged.attempt]
    if not results:
        return {"merged": False, "reason": "no finished result for the latest inputs"}
    result = results[0]
    with connect() as conn:
        if merge_store.already_merged(conn, step, day, staged.attempt):
            return {"merged": False, "reason": "already merged", "inputs": staged.attempt}
        rows = apply(conn, store.read(result))
        merge_store.record_merge(conn, step, day, staged.attempt, result.attempt, rows)
    return {"merged": True, "inputs": staged.attempt, "result": result.attempt, "rows": rows,
            "duplicate_results_ignored": len(results) - 1}
