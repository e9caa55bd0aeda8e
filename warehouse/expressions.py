"""Mapping expressions: one DuckDB SQL expression per computed column, evaluated over a file's rows.

Expressions run in a private in-memory DuckDB with file-system access off, never on the warehouse connection:
they see only the batch of rows they compute from. Only a single scalar expression is accepted (no statements,
subqueries, ``*``, aggregates or window functions), checked with DuckDB's own parser before any row loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb
import polars as pl

from warehouse.connection import one_value

_FORBIDDEN = {"SUBQUERY": "a subquery", "STAR": "*", "WINDOW": "a window function"}
_ROWS = "file_rows"
_STATEMENT = "only one expression is allowed, not a statement"
_MAX_PROBES = 4_000  # single-row evaluations spent finding the rows an expression fails on


@contextmanager
def _sandbox() -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect(":memory:", config={"enable_external_access": False})
    try:
        conn.execute("set TimeZone = 'UTC'")
        yield conn
    finally:
        conn.close()


def expression_problem(sql: str) -> str | None:
    """Why ``sql`` is not one scalar expression (None when it is), from DuckDB's parse tree."""
    with _sandbox() as conn:
        tree = _parse(conn, f"select ({sql}) as koe_value")
        if tree.get("error"):
            unwrapped = _parse(conn, f"select {sql}")  # does the text end the expression and go on?
            if _is_statements(unwrapped) or _is_statements(tree):
                return _STATEMENT
            return f"not a SQL expression: {tree.get('error_message', 'syntax error')}"
    statements = tree["statements"]
    node = statements[0]["node"] if len(statements) == 1 else {}
    if (len(statements) != 1 or node.get("type") != "SELECT_NODE" or len(node.get("select_list", [])) != 1
            or node["from_table"].get("type") != "EMPTY" or node.get("where_clause") or node.get("cte_map", {})
            .get("map")):
        return _STATEMENT
    for found in _classes(node["select_list"][0]):
        if found in _FORBIDDEN:
            return f"{_FORBIDDEN[found]} is not allowed in a mapping expression"
    return None


def _parse(conn: duckdb.DuckDBPyConnection, sql: str) -> dict[str, Any]:
    tree: dict[str, Any] = json.loads(one_value(conn, "select json_serialize_sql($q)", {"q": sql}))
    return tree


def _is_statements(tree: dict[str, Any]) -> bool:
    """More than one statement, or one DuckDB would not serialize because it is not a SELECT."""
    if tree.get("error"):
        return "only select statements" in tree.get("error_message", "").lower()
    return len(tree.get("statements", [])) > 1


def _classes(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("class"), str):
            yield node["class"]
        for value in node.values():
            yield from _classes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _classes(value)


def binding_problems(schema: pl.Schema, expressions: dict[str, str]) -> dict[str, str]:
    """Name → why the expression cannot run on rows of ``schema`` (unknown column, wrong types, an aggregate)."""
    problems = {}
    with _sandbox() as conn:
        conn.register(_ROWS, pl.DataFrame(schema=schema))
        for name, sql in expressions.items():
            try:
                if conn.execute(f"select ({sql}) from {_ROWS}").fetchall():
                    problems[name] = "an aggregate is not allowed: the expression must give one value per row"
            except duckdb.Error as err:
                problems[name] = _first_line(err)
    return problems


def evaluate(rows: pl.DataFrame, expressions: dict[str, str], columns: dict[str, str]
             ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(``rows`` with one column per expression, named ``columns[name]``; the rows an expression failed on:
    ``source_row``, ``name``, ``error``).

    The whole batch is evaluated at once; only when that fails are the failing rows found by halving.
    """
    failures: list[tuple[int, str, str]] = []
    with _sandbox() as conn:
        conn.register(_ROWS, rows)
        computed = _select(conn, expressions, columns, rows.height)
        if computed is None:
            # Without the optimizer, each try() keeps all of its expression: DuckDB 2.0's common-subexpression pass
            # hoisted a part two expressions share (a cast both make) out of their try()s, so one bad value failed the
            # whole batch (duckdb/duckdb#25236 is another rewrite that moves a cast out from under TRY).
            conn.execute("pragma disable_optimizer")
            computed = _select(conn, {n: f"try({sql})" for n, sql in expressions.items()}, columns, rows.height)
            if computed is None:  # not even try() could run it: every row fails
                computed = pl.DataFrame({columns[n]: [None] * rows.height for n in expressions})
            positions = rows["source_row"].to_list()
            for name, sql in expressions.items():
                failures += [(row, name, error) for row, error in _failing_rows(conn, sql, positions)]
    failed = pl.DataFrame(failures, schema={"source_row": pl.Int64, "name": pl.String, "error": pl.String},
                          orient="row")
    return rows.with_columns(computed), failed


def _select(conn: duckdb.DuckDBPyConnection, expressions: dict[str, str], columns: dict[str, str],
            height: int) -> pl.DataFrame | None:
    selected = ", ".join(f"({sql}) as {_quoted(columns[name])}" for name, sql in expressions.items())
    try:
        frame = conn.sql(f"select {selected} from {_ROWS}").pl()
    except duckdb.Error:
        return None
    assert frame.height == height  # binding_problems refused aggregates
    return frame


def _failing_rows(conn: duckdb.DuckDBPyConnection, sql: str, positions: list[int]) -> list[tuple[int, str]]:
    """(source_row, error) of the rows ``sql`` fails on, by halving the failing ranges of the batch
    (``positions``: its source rows, ascending). Past ``_MAX_PROBES`` a failing range is reported whole."""
    found: list[tuple[int, str]] = []
    pending = [(0, len(positions))]
    probes = 0
    while pending:
        start, stop = pending.pop()
        probes += 1
        error = _error_in(conn, sql, positions[start], positions[stop - 1])
        if error is None:
            continue
        if stop - start == 1 or probes > _MAX_PROBES:
            found += [(row, error) for row in positions[start:stop]]
            continue
        middle = (start + stop) // 2
        pending += [(middle, stop), (start, middle)]
    return found


def _error_in(conn: duckdb.DuckDBPyConnection, sql: str, first: int, last: int) -> str | None:
    try:
        conn.execute(f"select ({sql}) from {_ROWS} where source_row between $first and $last",
                     {"first": first, "last": last}).fetchall()
    except duckdb.Error as err:
        return _first_line(err)
    return None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:300]
