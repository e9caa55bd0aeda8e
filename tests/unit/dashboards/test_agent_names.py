"""One rule for how an agent is named on every page (dashboards/queries/names.py)."""

import polars as pl

import warehouse
from dashboards.queries import agent_display_names, with_agent_names


def test_an_agent_is_shown_by_name_and_an_unknown_or_unnamed_id_by_itself() -> None:
    with warehouse.connect(":memory:") as conn:
        conn.execute("insert into core.agents (agent_id, name, team) values ('A001', '佐藤 花子', 'T1'),"
                     " ('A002', '  ', 'T1')")
        frame = pl.DataFrame({"campaign": ["c1", "c2", "c3", "c4"], "agent_id": ["A001", "A002", "A999", None],
                              "calls": [1, 2, 3, 4]})
        named = with_agent_names(conn, frame)
        names = agent_display_names(conn, ["A001", "A999"])
    assert named.columns == ["campaign", "agent_id", "agent_name", "calls"]  # the name where the id was
    assert named["agent_name"].to_list() == ["佐藤 花子", "A002", "A999", None]
    assert names == {"A001": "佐藤 花子", "A999": "A999"}


def test_another_id_column_gets_its_own_name_column() -> None:
    with warehouse.connect(":memory:") as conn:
        conn.execute("insert into core.agents (agent_id, name) values ('A001', 'Hanako Sato')")
        named = with_agent_names(conn, pl.DataFrame({"reviewer_id": ["A001"]}), "reviewer_id", "reviewer_name")
    assert named.row(0) == ("A001", "Hanako Sato")
