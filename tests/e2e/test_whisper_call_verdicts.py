"""The demo's Whisper-transcribed calls get the verdicts their scripts imply (issue 18): opening with the company
name, identity check, apology and closing, scored on the stored transcript by the job, equal the same rubric on the
script the call was synthesised from. Reuses the session's one job run (tests/e2e/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import warehouse
from pipelines.demo.audio import EN_SENTENCES
from pipelines.demo.recordings import call_turns
from qa_rubrics import load_all
from transforms.qa.scoring import score_interactions

pytestmark = [pytest.mark.e2e, pytest.mark.whisper]
CHECKED = {"ja": ("opening_greeting", "identity_verification", "apology_empathy", "closing_greeting"),
           "en": ("greeting", "identity_verification", "empathy", "closing")}


def _script_verdicts(call: dict) -> dict[str, str]:
    turns = call_turns(call, call["agent_name"])
    texts = [EN_SENTENCES[t.text][1] if t.language == "en" and t.text in EN_SENTENCES else t.text for t in turns]
    interactions = pl.DataFrame([{"interaction_id": call["interaction_id"], "channel": "phone",
                                  "language": call["language"], "hold_seconds": 0.0, "transfers": 0}])
    messages = pl.DataFrame([
        {"interaction_id": call["interaction_id"], "message_id": f"s{i}", "seq": i, "role": t.role, "sent_at": None,
         "offset_seconds": 5.0 * i, "end_offset_seconds": 5.0 * i + 4, "text": text}
        for i, (t, text) in enumerate(zip(turns, texts, strict=True), start=1)], schema_overrides={"sent_at": pl.Datetime("us")})
    scored = score_interactions(load_all(), interactions, messages)
    return dict(scored.answers.select("criterion_id", "answer").iter_rows())


def test_transcribed_calls_get_the_verdicts_their_scripts_imply(demo_with_pii: Path) -> None:
    calls = warehouse.query(demo_with_pii, (
        "select r.interaction_id, i.language, i.contact_reason, ag.name as agent_name from core.recordings r"
        " join core.interactions i using (interaction_id) join core.agents ag using (agent_id)"))
    answers = warehouse.query(demo_with_pii, "select interaction_id, criterion_id, answer from qa.current_answers")
    assert calls.height > 0, "the demo has recorded calls"
    for call in calls.to_dicts():
        script = _script_verdicts(call)
        stored = dict(answers.filter(pl.col("interaction_id") == call["interaction_id"])
                      .select("criterion_id", "answer").iter_rows())
        checked = CHECKED[call["language"]]
        assert all(script[c] == "pass" for c in checked), script  # the demo's agents do all four
        assert {c: stored.get(c) for c in checked} == {c: script[c] for c in checked}, call
