import numpy as np
import polars as pl
import pytest

from transforms.staffing import StaffingTarget, WhatIf, erlang_c, required_agents, service_level, staffing_plan


def test_erlang_c_matches_the_closed_form_for_one_erlang_and_two_agents() -> None:
    # C(2, 1) = (1²/2! · 2/(2−1)) / (1 + 1 + 1²/2! · 2/(2−1)) = 1 / 3
    assert erlang_c(np.array([1.0]), np.array([2]))[0] == pytest.approx(1 / 3)


def test_a_queue_with_no_more_agents_than_erlangs_always_waits() -> None:
    assert erlang_c(np.array([5.0, 5.0]), np.array([5, 4])).tolist() == [1.0, 1.0]


@pytest.mark.parametrize(("agents", "expected_sl"), [(13, 0.7956), (14, 0.8884)])
def test_service_level_for_ten_erlangs(agents: int, expected_sl: float) -> None:
    # 100 calls in 30 min at 180 s AHT = 10 Erlangs; answer within 20 s (the textbook 80/20 example)
    got = service_level(np.array([10.0]), np.array([agents]), np.array([180.0]), 20)[0]
    assert got == pytest.approx(expected_sl, abs=1e-3)


def test_required_agents_meets_the_target_with_the_fewest_agents_and_applies_shrinkage() -> None:
    arrivals = pl.DataFrame({"offered": [100.0, 0.0], "aht_seconds": [180.0, 200.0]})
    plan = required_agents(arrivals, StaffingTarget(service_level=0.8, answer_within_seconds=20, shrinkage=0.3))
    busy, quiet = plan.row(0, named=True), plan.row(1, named=True)
    assert busy["agents_required"] == 14  # 13 agents give 79.6 % < 80 %
    assert busy["agents_scheduled"] == 20  # ceil(14 / 0.7)
    assert busy["occupancy"] == pytest.approx(10 / 14)
    assert busy["asa_seconds"] == pytest.approx(0.17413 * 180 / 4, rel=1e-3)
    assert (quiet["agents_required"], quiet["service_level"]) == (0, 1.0)


def test_a_stricter_target_never_needs_fewer_agents() -> None:
    arrivals = pl.DataFrame({"offered": [20.0, 60.0, 240.0], "aht_seconds": [300.0, 300.0, 300.0]})
    loose = required_agents(arrivals, StaffingTarget(service_level=0.7))["agents_required"]
    strict = required_agents(arrivals, StaffingTarget(service_level=0.95))["agents_required"]
    assert (strict >= loose).all() and (strict > loose).any()


def test_an_occupancy_cap_adds_agents() -> None:
    arrivals = pl.DataFrame({"offered": [400.0], "aht_seconds": [300.0]})  # 66.7 Erlangs
    capped = required_agents(arrivals, StaffingTarget(max_occupancy=0.8))
    assert capped["agents_required"][0] >= 84 and capped["occupancy"][0] <= 0.8


def test_the_plan_sizes_with_the_typed_aht_else_the_history_and_shows_rates_in_percent() -> None:
    profile = pl.DataFrame({"interval_time": ["09:00", "09:30"], "offered": [100.0, 0.0]})
    typed = staffing_plan(profile, 300.0, WhatIf(service_level_pct=80, answer_within_seconds=20, shrinkage_pct=30,
                                                 aht_seconds=180))
    busy = typed.row(0, named=True)
    assert busy["aht_seconds"] == 180 and busy["agents_required"] == 14 and busy["agents_scheduled"] == 20
    assert busy["service_level"] == pytest.approx(88.84, abs=0.1) and busy["occupancy"] == pytest.approx(1000 / 14)
    assert typed.row(1, named=True)["service_level"] == 100.0
    history = staffing_plan(profile, 300.0, WhatIf())  # nothing typed: 80/20, no shrinkage, the period's AHT
    assert history["aht_seconds"][0] == 300 and history["agents_scheduled"][0] == history["agents_required"][0]
    assert staffing_plan(profile, None, WhatIf())["agents_required"].to_list() == [0, 0]  # no AHT known: nothing sized


def test_a_shrinkage_of_100_percent_is_refused() -> None:
    with pytest.raises(ValueError, match="shrinkage"):
        WhatIf(shrinkage_pct=100).target()


def test_the_arrivals_column_says_per_what() -> None:
    """The staffing table's arrivals are a mean per half hour, and its header says so (it said only "mean")."""
    from dashboards.display import column_label

    assert "件/30分" in column_label("offered", "ja") and "per 30 min" in column_label("offered", "en")
