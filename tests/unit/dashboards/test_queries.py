from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import warehouse
from dashboards import queries
from dashboards.queries.base import local_time
from transforms.qa.sampling import REASONS

PERIOD = queries.Filters(date(2026, 10, 5), date(2026, 10, 18))


def _core_count(fake_warehouse: Path, where: str, params: dict) -> int:
    sql = ("select count(*) from core.interactions where cast(timezone('Asia/Tokyo', created_at at time zone 'UTC')"
           f" as date) between $f and $t and {where}")
    return warehouse.query(fake_warehouse, sql, {"f": PERIOD.date_from, "t": PERIOD.date_to, **params}).item()


def test_kpi_tiles_count_every_contact_and_compare_with_the_previous_period(snapshot: Path, fake_warehouse: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        summary = queries.kpi_summary(conn, PERIOD)
    current = summary.filter(summary["period"] == "current").row(0, named=True)
    previous = summary.filter(summary["period"] == "previous").row(0, named=True)
    assert current["contacts"] == _core_count(fake_warehouse, "true", {})
    assert previous["contacts"] == warehouse.query(
        fake_warehouse, "select count(*) from core.interactions where cast(timezone('Asia/Tokyo', created_at at time zone"
        " 'UTC') as date) between date '2026-09-21' and date '2026-10-04'").item()
    assert 0 < current["abandon_rate"] < 100 and current["aht_seconds"] > 0


def test_a_channel_filter_changes_the_numbers(snapshot: Path, fake_warehouse: Path) -> None:
    phone = replace(PERIOD, channel=("phone",))
    with queries.open_snapshot(snapshot) as conn:
        everything = queries.volume_by_channel(conn, PERIOD)["offered"].sum()
        phone_only = queries.volume_by_channel(conn, phone)
        tiles = queries.kpi_summary(conn, phone)["contacts"][0]
    assert set(phone_only["channel"]) == {"phone"}
    assert phone_only["offered"].sum() == tiles == _core_count(fake_warehouse, "channel = 'phone'", {}) < everything


def test_drilldown_lists_exactly_the_interactions_behind_a_bar(snapshot: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        bars = queries.volume_by_channel(conn, PERIOD)
        day, channel, offered = bars.row(3)
        rows = queries.interactions_list(conn, replace(PERIOD, extra={"day": day, "channel": channel}))
    assert rows.height == offered
    assert set(rows["channel"]) == {channel} and {d.date() for d in rows["created_local"]} == {day}


def test_heatmap_drilldown_matches_weekday_and_hour(snapshot: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        rows = queries.interactions_list(conn, replace(PERIOD, extra={"weekday": 3, "hour": 10}))
    assert rows.height > 0
    assert all(t.isoweekday() == 3 and t.hour == 10 for t in rows["created_local"])


def test_heatmap_is_the_mean_per_weekday_over_every_such_day_of_the_period(snapshot: Path) -> None:
    # 2026-10-05 .. 10-18: two of each weekday, every day with contacts; an SNS hour with contacts on one Monday
    # only is still averaged over both Mondays
    with queries.open_snapshot(snapshot) as conn:
        heatmap = queries.arrival_heatmap(conn, replace(PERIOD, channel=("sns",)))
        cells = conn.execute("select isodow(day), hour(interval_start), sum(offered), count(distinct day)"
                             " from marts.arrivals_interval where day between $f and $t and channel = 'sns' group by all",
                             {"f": PERIOD.date_from, "t": PERIOD.date_to}).fetchall()
    assert set(heatmap["days"]) == {2}
    shown = {(w, h): v for w, h, v in heatmap.select("weekday", "hour", "offered_per_day").iter_rows()}
    assert {(w, h): total / 2 for w, h, total, _ in cells} == shown
    assert any(days == 1 for *_, days in cells)  # the case a mean over days-with-a-contact gets wrong


def test_an_agent_sees_only_their_own_rows(snapshot: Path) -> None:
    mine = replace(PERIOD, agent_id="A007")
    with queries.open_snapshot(snapshot) as conn:
        table = queries.agent_table(conn, mine)
        listed = queries.interactions_list(conn, mine)
        someone_elses = queries.interactions_list(conn, replace(PERIOD, agent_id="A008"))["interaction_id"][0]
        detail_other = queries.interaction_detail(conn, someone_elses, "Asia/Tokyo", agent_id="A007")
        detail_own = queries.interaction_detail(conn, listed["interaction_id"][0], "Asia/Tokyo", agent_id="A007")
    assert table["agent_id"].to_list() == ["A007"] and set(listed["agent_id"]) == {"A007"}
    assert detail_other is None and detail_own is not None


def test_agents_table_has_qa_scores_and_harassment_exposure(snapshot: Path, fake_warehouse: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        table = queries.agent_table(conn, PERIOD)
        bands = queries.qa_score_distribution(conn, PERIOD)
    assert table["qa_scored"].sum() == bands["scored"].sum() > 0
    assert table["harassment_contacts"].sum() > 0 and table["qa_score"].is_between(0, 100).all()


def test_the_datas_partial_last_day_counts_only_for_its_hours(snapshot: Path, fake_warehouse: Path) -> None:
    """The data ends on Thursday 2026-10-29 before 08:00 JST: in 10-16..10-29 a Thursday afternoon is the mean of one
    Thursday (10-22), a Thursday early morning of two, on the heatmap and the staffing profile alike; a mean over
    the partial day too showed every Thursday afternoon at half its volume."""
    last_two_weeks = queries.Filters(date(2026, 10, 16), date(2026, 10, 29))
    with queries.open_snapshot(snapshot) as conn:
        heatmap = queries.arrival_heatmap(conn, last_two_weeks)
        thursday = queries.arrival_profile(conn, last_two_weeks, "phone", 4)
    days = {(w, h): d for w, h, d in heatmap.select("weekday", "hour", "days").iter_rows()}
    assert (days[(4, 3)], days[(4, 15)], days[(3, 15)]) == (2, 1, 2)
    by_slot = dict(thursday.select("interval_time", "days").iter_rows())
    assert (by_slot["03:00"], by_slot["07:00"], by_slot["09:00"], by_slot["15:00"]) == (2, 2, 1, 1)
    phone_thursdays = _core_count(fake_warehouse, "channel = 'phone' and direction = 'inbound' and isodow(cast("
                                  "timezone('Asia/Tokyo', created_at at time zone 'UTC') as date)) = 4",
                                  {"f": last_two_weeks.date_from, "t": last_two_weeks.date_to})
    assert phone_thursdays > 0 and (thursday["offered"] * thursday["days"]).sum() == pytest.approx(phone_thursdays)


def test_staffing_profile_is_one_real_time_channel_on_one_weekday(snapshot: Path, fake_warehouse: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        profiles = {day: queries.arrival_profile(conn, PERIOD, "chat", day) for day in range(1, 8)}
        email = queries.arrival_profile(conn, replace(PERIOD, channel=("email",)), "chat", 1)
    monday = profiles[1]
    assert monday.height == 48 and monday["interval_time"][0] == "00:00" and monday["days"][0] == 2  # 2 Mondays
    assert (monday.filter(monday["offered"] > 0)["agents_seen"] > 0).all()
    # a weekday's mean × its days, over the week = every inbound chat of the period; e-mail is never sized
    sized = sum((p["offered"] * p["days"]).sum() for p in profiles.values())
    assert sized == pytest.approx(_core_count(fake_warehouse, "channel = 'chat' and direction = 'inbound'", {}))
    assert email["offered"].sum() == 0


def test_review_queue_and_criteria_come_from_the_qa_stage(snapshot: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        queue = queries.review_queue(conn, PERIOD)
        criteria = queries.criteria_for(conn, queue["interaction_id"].head(2).to_list())
    reasons = set(queue["reasons"].explode())
    assert queue.height > 0 and reasons <= set(REASONS) and {"low_score", "harassment", "calibration"} <= reasons
    assert set(criteria["answer"]) <= {"pass", "fail", "partial", "na"} and criteria["evidence_text"].drop_nulls().len() > 0


def test_themes_table_and_detail(snapshot: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        themes = queries.themes_table(conn, PERIOD)
        detail = queries.theme_detail(conn, "T0001")
    assert themes["theme_id"].to_list() == ["T0001", "T0002"] and themes["emerging"].to_list() == [True, False]
    # complete weeks only: the data (JST 2026-10-01 to 10-29) ends before the week of 10-26 does
    assert detail["trend"]["contacts"].to_list() == [10, 15, 20] and detail["examples"].height == 1


def test_before_anything_is_published_every_query_is_empty(tmp_path: Path) -> None:
    with queries.open_snapshot(tmp_path / "missing.duckdb") as conn:
        assert queries.volume_by_channel(conn, PERIOD).is_empty()
        assert queries.agent_table(conn, PERIOD).is_empty()
        assert queries.filter_options(conn)["last_day"] is None
        assert queries.kpi_summary(conn, PERIOD)["contacts"].to_list() == [0, 0]


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"])
def test_local_time_arithmetic_equals_the_time_zone_conversion_across_dst_changes(zone: str) -> None:
    filters = queries.Filters(date(2026, 3, 1), date(2026, 11, 10), timezone=zone)  # spring and autumn changes
    expression, params = local_time(filters, "t")
    start, end = filters.utc_bounds()
    with warehouse.connect(":memory:") as conn:
        wrong = conn.execute(
            f"select count(*) filter (where {expression} <> timezone($zone, t at time zone 'UTC')), count(*)"
            " from (select unnest(generate_series($start, $end - interval 1 second, interval 61 second)) as t)",
            {**params, "zone": zone, "start": start, "end": end},
        ).fetchone()
    assert wrong[0] == 0 and wrong[1] > 300_000
