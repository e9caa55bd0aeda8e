"""Masking a name never changes a verdict: the demo's conversations scored as generated and with names masked
([NAME], agents' own names too, the strictest setting) get the same answer on every criterion."""

import polars as pl

from pipelines.demo.contact_center import DemoConfig, build_demo
from qa_rubrics import load_all
from transforms.qa.scoring import score_interactions
from transforms.redaction.dialogue import PARTIES, Turn, redact_dialogue


def _masked(messages: pl.DataFrame) -> pl.DataFrame:
    texts = []
    for _, turns in messages.sort("interaction_id", "seq").group_by("interaction_id", maintain_order=True):
        texts += redact_dialogue([Turn(role, text) for role, text in turns.select("role", "text").iter_rows()],
                                 names_of=PARTIES)
    return messages.sort("interaction_id", "seq").with_columns(text=pl.Series(texts))


def test_masking_names_never_flips_a_criterion_on_the_demo_conversations() -> None:
    frames = build_demo(DemoConfig(days=7, contacts_per_weekday=60, recorded_calls=0)).frames()
    interactions = frames["interactions"]
    messages = frames["messages"].with_columns(message_id=pl.format("{}-{}", "interaction_id", "seq"))
    masked = _masked(messages)
    changed = masked.join(messages, on=["interaction_id", "seq"]).filter(pl.col("text") != pl.col("text_right"))
    assert changed.filter(pl.col("text").str.contains("[NAME]", literal=True)).height > 100  # names were masked
    rubrics = load_all()
    keys = ["interaction_id", "rubric_id", "criterion_id"]
    plain = score_interactions(rubrics, interactions, messages).answers.select(*keys, "answer")
    hidden = score_interactions(rubrics, interactions, masked).answers.select(*keys, "answer")
    flipped = plain.join(hidden, on=keys, suffix="_masked").filter(pl.col("answer") != pl.col("answer_masked"))
    assert plain.height == hidden.height > 1000
    assert flipped.is_empty(), flipped.head(10)
