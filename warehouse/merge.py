"""Which worker results were merged into the warehouse (``core.merged_results``; see pipelines/results/steps.py)."""

from __future__ import annotations

import duckdb

MERGE_TRIGGER = "merge:"  # qa.runs.trigger of a QA run merged from the results folder, followed by its inputs' attempt


def run_trigger(inputs_attempt: str) -> str:
    return f"{MERGE_TRIGGER}{inputs_attempt}"


def already_merged(conn: duckdb.DuckDBPyConnection, step: str, day: str, inputs_attempt: str) -> bool:
    """True when the result of these staged inputs is in the warehouse: recorded, or (for QA, whose run and record
    are two transactions) its run is there although the writer died before recording it."""
    recorded = conn.execute(
        "select count(*) from core.merged_results where step = $step and day = $day::date and inputs_attempt = $a",
        {"step": step, "day": day, "a": inputs_attempt}).fetchall()[0][0]  # fetchall: DuckDB 2 wants results drained
    if recorded or step != "qa":
        return bool(recorded)
    runs = conn.execute("select count(*) from qa.runs where trigger = $t", {"t": run_trigger(inputs_attempt)})
    return bool(runs.fetchall()[0][0])


def record_merge(conn: duckdb.DuckDBPyConnection, step: str, day: str, inputs_attempt: str, result_attempt: str,
                 rows: int) -> None:
    conn.execute(
        "insert into core.merged_results (step, day, inputs_attempt, result_attempt, row_count)"
        " values ($step, $day::date, $inputs, $result, $rows) on conflict do nothing",
        {"step": step, "day": day, "inputs": inputs_attempt, "result": result_attempt, "rows": rows}).fetchall()
