import datetime as dt

import polars as pl
import pytest

from transforms.qa.agreement import calibration_report, krippendorff_alpha, machine_vs_human, weighted_kappa
from transforms.qa.effective import effective_scores
from transforms.qa.sampling import SamplingPolicy, assign_reviewers, review_sample

T0 = dt.datetime(2026, 4, 1)


def test_kappa_known_values() -> None:
    # Two answers only: Cohen's κ. Classic 2x2: 20 pass/pass, 5 pass/fail, 10 fail/pass, 15 fail/fail → κ = .4
    a = ["pass"] * 25 + ["fail"] * 25
    b = ["pass"] * 20 + ["fail"] * 5 + ["pass"] * 10 + ["fail"] * 15
    assert weighted_kappa(a, b) == pytest.approx(0.4)
    assert weighted_kappa(["pass", "fail"], ["pass", "fail"]) == pytest.approx(1.0)
    assert weighted_kappa(["pass", "pass"], ["pass", "pass"]) is None  # no chance disagreement: undefined
    with pytest.raises(ValueError):
        weighted_kappa(["pass"], [])


def test_weighted_kappa_counts_partial_as_half_way() -> None:
    # pairs: pass/pass 0, pass/fail 1, fail/fail 0, partial/pass .5 → Σw·o = 1.5/4 = .375;
    # margins a (pass .5, fail .25, partial .25) × b (pass .5, fail .5) → Σw·e = .25 + .125 + .0625 + .0625 = .5
    assert weighted_kappa(["pass", "pass", "fail", "partial"], ["pass", "fail", "fail", "pass"]) == pytest.approx(0.25)
    # N/A is apart from every answer: na/pass weighs 1 → Σw·o = 1/3, Σw·e = 1/3 + 1/9 + 2/9 = 2/3, κ = .5
    assert weighted_kappa(["na", "pass", "fail"], ["pass", "pass", "fail"]) == pytest.approx(0.5)


def _answers(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["interaction_id", "criterion_id", "answer"], orient="row").with_columns(
        rubric_id=pl.lit("r"), rubric_version=pl.lit(1), max_points=pl.lit(1), weight=pl.lit(10.0),
        critical=pl.lit(False), points=pl.when(pl.col("answer") == "pass").then(1).when(pl.col("answer") == "fail").then(0))


def _reviews(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["interaction_id", "criterion_id", "answer", "score", "reviewer", "created_at"],
                        orient="row").with_columns(rubric_id=pl.lit("r"))


def test_machine_vs_human_marks_weak_criteria() -> None:
    auto = _answers([(f"i{k}", c, "pass") for k in range(4) for c in ("good", "weak")])
    human = _reviews([(f"i{k}", "good", "pass", None, "qa1", T0) for k in range(4)]
                     + [(f"i{k}", "weak", "fail" if k % 2 else "pass", None, "qa1", T0) for k in range(4)])
    table = machine_vs_human(auto, human, min_kappa=0.6, min_count=4)
    rows = {r["criterion_id"]: r for r in table.to_dicts()}
    assert rows["good"]["agreement_pct"] == 100.0 and rows["good"]["needs_tuning"] is False
    assert rows["weak"]["agreement_pct"] == 50.0 and rows["weak"]["needs_tuning"] is True
    assert machine_vs_human(auto, human, min_count=5)["needs_tuning"].null_count() == 2  # too few reviews


def test_calibration_alpha_and_reviewer_deviation() -> None:
    rows = []
    for k in range(6):
        for reviewer, bias in (("qa1", 0), ("qa2", 0), ("harsh", -20)):
            answer = "pass" if k % 2 else "fail"
            if reviewer == "harsh" and k == 1:
                answer = "fail"
            rows.append((f"i{k}", "greeting", answer, None, reviewer, T0))
            rows.append((f"i{k}", None, None, 80.0 + bias, reviewer, T0))
    crit, deviation = calibration_report(_reviews(rows))
    alpha = crit.row(0, named=True)["alpha"]
    assert 0.5 < alpha < 1.0
    assert deviation.row(0, named=True)["reviewer"] == "harsh"
    assert deviation.row(0, named=True)["mean_deviation"] == pytest.approx(-13.33, abs=0.01)
    assert krippendorff_alpha(_reviews([("i1", "g", "pass", None, "a", T0)])) is None


def test_effective_score_sources() -> None:
    auto = _answers([("i1", "a", "pass"), ("i1", "b", "fail"), ("i2", "a", "pass"), ("i2", "b", "pass"),
                     ("i3", "a", "pass"), ("i3", "b", "fail")])
    reviews = _reviews([("i1", "b", "pass", None, "qa1", T0), ("i2", None, None, 55.0, "qa1", T0)])
    disputes = pl.DataFrame({"interaction_id": ["i3"], "rubric_id": ["r"], "criterion_id": ["b"], "action": ["rejected"],
                             "answer": [None], "created_at": [T0]}, schema_overrides={"answer": pl.String})
    out = {r["interaction_id"]: r for r in effective_scores(auto, reviews, disputes).to_dicts()}
    assert (out["i1"]["auto_score"], out["i1"]["score"], out["i1"]["score_source"]) == (50.0, 100.0, "auto+human")
    assert (out["i2"]["score"], out["i2"]["score_source"]) == (55.0, "human")
    assert (out["i3"]["score"], out["i3"]["score_source"]) == (50.0, "auto")  # rejected dispute changes nothing
    tuned = {r["interaction_id"]: r for r in effective_scores(auto, reviews.head(0), disputes, {("r", "b")}).to_dicts()}
    assert tuned["i3"]["score"] == 100.0 and tuned["i3"]["suggestions"] == 1  # 'b' only a suggestion: left out


def test_review_sample_reasons_in_priority_order() -> None:
    base = {"rubric_id": "r", "agent_id": "A1", "team": "T1", "created_at": T0, "score": 90.0, "critical_failed": False,
            "harassment_flagged": False, "provisional_fail": False, "csat": None, "nps": None,
            "customer_sentiment_end": None, "longest_silence_seconds": None, "hold_seconds": None}
    cases = {
        "ok": {}, "crit": {"critical_failed": True, "score": 0.0}, "abuse": {"harassment_flagged": True},
        "low": {"score": 55.0}, "csat": {"csat": 2}, "nps": {"nps": 6}, "nps_ok": {"nps": 7},
        "sad_end": {"customer_sentiment_end": -0.5}, "silence": {"longest_silence_seconds": 45.0},
        "hold": {"hold_seconds": 240.0}, "both": {"score": 20.0, "harassment_flagged": True},
        "tuned": {"provisional_fail": True},
    }
    frame = pl.DataFrame([{**base, "interaction_id": k, **v} for k, v in cases.items()])
    picked = review_sample(frame, SamplingPolicy(calibration_per_mille=0))
    reasons = {r["interaction_id"]: r["reasons"] for r in picked.to_dicts()}
    assert reasons == {"crit": ["critical_fail", "low_score"], "abuse": ["harassment"], "low": ["low_score"],
                       "csat": ["unhappy_survey"], "nps": ["unhappy_survey"], "sad_end": ["negative_end"],
                       "silence": ["long_silence"], "hold": ["long_silence"], "both": ["harassment", "low_score"],
                       "tuned": ["provisional"]}
    assert picked["interaction_id"][0] == "crit"  # most important reason first


def test_calibration_share_is_about_the_policy_and_stable() -> None:
    ordinary = pl.DataFrame([{"interaction_id": f"x{i}", "rubric_id": "r", "agent_id": "A1", "team": "T1",
                              "created_at": T0, "score": 90.0, "critical_failed": False, "harassment_flagged": False,
                              "provisional_fail": False, "csat": None, "nps": None, "customer_sentiment_end": None,
                              "longest_silence_seconds": None, "hold_seconds": None} for i in range(4000)])
    first = review_sample(ordinary, SamplingPolicy(calibration_per_mille=50))
    assert 120 <= first.height <= 280 and set(first["reasons"].explode()) == {"calibration"}  # ~5 % of 4,000
    assert first.equals(review_sample(ordinary, SamplingPolicy(calibration_per_mille=50)))


def test_reviewers_get_at_most_their_weekly_goal_round_robin() -> None:
    picked = pl.DataFrame({"interaction_id": [f"i{k}" for k in range(7)]})
    assigned = assign_reviewers(picked, ["qa-b", "qa-a"], {"qa-a": 1}, weekly_goal=3)
    assert assigned["reviewer"].to_list() == ["qa-a", "qa-b", "qa-a", "qa-b", "qa-b", None, None]
