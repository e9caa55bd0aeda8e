"""How an agent is named on screen: one rule for every page, table, chart label and drill-down.

An agent is shown by their name from ``core.agents``; an id with no row there (an agent missing from the roster
export) is shown as the id itself, so a row never loses its agent. The id stays in the frame as the drill-down and
scope key; pages show ``agent_name`` and not ``agent_id``.
"""

from __future__ import annotations

import duckdb
import polars as pl

from dashboards.queries.base import read


def agent_display_names(conn: duckdb.DuckDBPyConnection, agent_ids: list[str]) -> dict[str, str]:
    """``{agent_id: name to show}`` for the given ids (the id itself when ``core.agents`` has no name for it)."""
    wanted = sorted({agent_id for agent_id in agent_ids if agent_id is not None})
    if not wanted:
        return {}
    known = read(conn, "select agent_id, name from core.agents where list_contains($ids, agent_id)"
                       " and nullif(trim(name), '') is not null", {"ids": wanted})
    names = dict(known.iter_rows())
    return {agent_id: names.get(agent_id, agent_id) for agent_id in wanted}


def with_agent_names(conn: duckdb.DuckDBPyConnection, frame: pl.DataFrame, id_column: str = "agent_id",
                     name_column: str = "agent_name") -> pl.DataFrame:
    """``frame`` with ``name_column`` (the agent's display name) right after ``id_column``; null where the id is
    null."""
    if id_column not in frame.columns:
        raise ValueError(f"with_agent_names: the frame has no column {id_column!r}")
    names = agent_display_names(conn, frame[id_column].drop_nulls().cast(pl.String).to_list())
    shown = pl.col(id_column).cast(pl.String).replace_strict(names, default=None, return_dtype=pl.String)
    order = [c for c in frame.columns if c != name_column]
    order.insert(order.index(id_column) + 1, name_column)
    return frame.with_columns(shown.alias(name_column)).select(order)
