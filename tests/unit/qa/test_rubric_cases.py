"""Every annotated case under qa_rubrics/cases/ is scored and compared with its expected answers (semgrep-style).

Adding a case or a criterion needs no code here; the coverage test makes sure each shipped criterion is exercised
for pass, fail and N/A.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from qa_rubrics import load_all
from tests.unit.qa.casekit import all_cases, case_frames, load_case
from transforms.qa.scoring import score_interactions

RUBRICS = {r.id: r for r in load_all()}


@pytest.mark.parametrize("path", all_cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case_answers(path: Path) -> None:
    case = load_case(path)
    rubric = RUBRICS[path.parent.name]
    interactions, messages = case_frames(case)
    scored = score_interactions([rubric], interactions, messages)
    got = dict(scored.answers.select("criterion_id", "answer").iter_rows())
    wrong = {cid: (want, got.get(cid)) for cid, want in case["expect"].items() if got.get(cid) != want}
    reasons = {r["criterion_id"]: r["reason"] for r in scored.answers.to_dicts() if r["criterion_id"] in wrong}
    assert not wrong, f"(expected, got) {wrong}; reasons {reasons}"


def test_every_criterion_is_exercised_for_pass_fail_and_na() -> None:
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in all_cases():
        for criterion_id, answer in load_case(path)["expect"].items():
            seen[(path.parent.name, criterion_id)].add(answer)
    missing = {
        f"{rubric.id}.{c.id}": sorted({"pass", "fail", "na"} - seen[(rubric.id, c.id)])
        for rubric in RUBRICS.values() for _, c in rubric.criteria()
        if not {"pass", "fail", "na"} <= seen[(rubric.id, c.id)]
    }
    assert not missing, f"criteria without a pass/fail/na case: {missing}"
