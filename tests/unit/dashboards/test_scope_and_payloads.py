"""The agent's scope is bound last, under names no client value can take; client values are parsed or refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from dashboards import payloads, queries
from dashboards.queries.base import with_scope

PERIOD = queries.Filters(date(2026, 10, 5), date(2026, 10, 18))
MINE, OTHER = "A007", "A018"


def _other_team_and_interaction(snapshot: Path) -> tuple[str, str]:
    with queries.open_snapshot(snapshot) as conn:
        row = conn.execute("select team, interaction_id from core.interactions where agent_id = $a"
                           " and created_at between '2026-10-06' and '2026-10-17' and team <> "
                           "(select any_value(team) from core.interactions where agent_id = $m) limit 1",
                           {"a": OTHER, "m": MINE}).fetchone()
    assert row, "the fake warehouse puts A018 in another team than A007"
    return row[0], row[1]


@pytest.mark.parametrize("forged", ["agent_id", "agent_id+scope_agent_id", "interaction_ids", "team", "agent_id+day"])
def test_a_drill_down_point_never_widens_an_agents_scope(snapshot: Path, forged: str) -> None:
    team, interaction_id = _other_team_and_interaction(snapshot)
    with queries.open_snapshot(snapshot) as conn:
        day = queries.interactions_list(conn, replace(PERIOD, extra={"interaction_ids": [interaction_id]}))["created_local"][0]
        values = {"agent_id": OTHER, "scope_agent_id": OTHER, "interaction_ids": [interaction_id], "team": team,
                  "day": day.date()}
        point = {key: values[key] for key in forged.split("+")}
        everyone = queries.interactions_list(conn, replace(PERIOD, extra=point))
        mine = queries.interactions_list(conn, replace(PERIOD, agent_id=MINE, extra=point))
    assert everyone.filter(everyone["agent_id"] == OTHER).height > 0  # the point does select the other agent's rows
    assert set(mine["agent_id"]) <= {MINE} and mine.height == 0


def test_an_agent_asking_for_another_agent_gets_no_rows_where_before_the_fix_they_got_all_of_them(snapshot: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        theirs = queries.interactions_list(conn, replace(PERIOD, extra={"agent_id": OTHER}))
        forged = queries.interactions_list(conn, replace(PERIOD, agent_id=MINE, extra={"agent_id": OTHER}))
    assert theirs.height > 0 and forged.height == 0


def test_another_team_filter_gives_an_agent_nothing_of_that_teams_agents(snapshot: Path) -> None:
    team, interaction_id = _other_team_and_interaction(snapshot)
    forged = replace(PERIOD, agent_id=MINE, team=(team,))
    with queries.open_snapshot(snapshot) as conn:
        results = [queries.agent_table(conn, forged), queries.interactions_list(conn, forged),
                   queries.review_queue(conn, forged), queries.interactions_list(conn, replace(forged, team=()))]
        trend = queries.agent_trend(conn, forged)
        everyone = queries.agent_table(conn, replace(PERIOD, team=(team,)))
        detail = queries.interaction_detail(conn, interaction_id, "Asia/Tokyo", agent_id=MINE)
    assert everyone.height > 0 and everyone["agent_id"].n_unique() > 1
    assert all(set(frame["agent_id"]) <= {MINE} for frame in results)
    assert results[0].height == results[1].height == 0 and trend["handled"].sum() in (0, None)  # not their team
    assert detail is None


def test_an_empty_agent_id_still_restricts_rows(snapshot: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        assert queries.interactions_list(conn, replace(PERIOD, agent_id="")).height == 0
        assert queries.agent_table(conn, replace(PERIOD, agent_id="")).height == 0


def test_client_parameters_may_not_use_the_scopes_reserved_names() -> None:
    assert with_scope({"point_agent_id": OTHER}, {"scope_agent_id": MINE}) == {"point_agent_id": OTHER, "scope_agent_id": MINE}
    with pytest.raises(ValueError, match="reserved"):
        with_scope({"scope_agent_id": OTHER}, {"scope_agent_id": MINE})


@pytest.mark.parametrize("point", [
    {"agent_id": 7}, {"hour": 99}, {"hour": "ten"}, {"weekday": 0}, {"day": "yesterday"}, {"interval_time": "25:00"},
    {"scope_agent_id": OTHER}, {"interaction_ids": ["I0000001"]}, {"agent_id": "x" * 201}, {"channel": ["phone"]},
])
def test_malformed_or_unknown_drill_down_keys_are_refused(point: dict) -> None:
    with pytest.raises(payloads.BadPayload):
        payloads.drill_point(point)


def test_drill_down_points_are_parsed_into_their_types() -> None:
    assert payloads.drill_point({"day": "2026-10-06", "channel": "phone", "weekday": 3, "hour": 10}) == {
        "day": date(2026, 10, 6), "channel": "phone", "weekday": 3, "hour": 10}


@pytest.mark.parametrize("cell", [
    {"rowId": {"$ne": ""}}, {"rowId": ""}, {"rowId": "A" * (payloads.MAX_ID_CHARS + 1)}, {"rowIndex": 0}, "cell",
    [{"rowId": "A1"}], {"rowId": ["A1"]},
])
def test_forged_grid_clicks_are_refused(cell: object) -> None:
    with pytest.raises(payloads.BadPayload):
        payloads.clicked_row_id(cell)


def test_a_grid_click_names_its_row() -> None:
    assert payloads.clicked_row_id({"value": "Agent 7", "colId": "agent_name", "rowIndex": 3, "rowId": "A007",
                                    "timestamp": 1}) == "A007"
    assert payloads.clicked_row_id(None) is None


@pytest.mark.parametrize("fields", [
    {"interaction_id": "I1", "answer": "maybe"}, {"interaction_id": {"id": "I1"}}, {"interaction_id": ""},
    {"interaction_id": "I1", "comment": "x" * (payloads.COMMENT_MAX_CHARS + 1)}, {"interaction_id": "I1", "comment": 5},
])
def test_bad_reviews_are_refused(fields: dict) -> None:
    with pytest.raises(payloads.BadPayload):
        payloads.review(**fields)


def test_a_comment_of_exactly_the_limit_is_accepted() -> None:
    assert len(payloads.review(interaction_id="I1", answer="na", comment="x" * payloads.COMMENT_MAX_CHARS).comment) == 2000


@pytest.mark.parametrize(("start", "end"), [("garbage", None), ("2026-10-18", "2026-10-05"), ("2020-01-01", "2026-01-01"),
                                            (5, None), ("9999-12-31T00:00:00", None)])
def test_bad_periods_are_refused(start: object, end: object) -> None:
    with pytest.raises(payloads.BadPayload):
        payloads.period(start, end)
