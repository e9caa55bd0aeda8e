"""Conversations for demo interactions: call transcripts (with offsets) and written threads (with send times)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from pipelines.demo import phrases

SKIPS_GREETING = {"A005", "A012"}
SKIPS_IDENTITY = {"A007", "A015"}
USES_NG_WORDS = {"A018"}


def call_script(rng: random.Random, agent: dict, language: str, complaint: str, has_hold: bool) -> list[tuple[str, str]]:
    """(role, text) turns of a call, with the agent's planted habits (skipped greeting or identity check, NG words)."""
    say = {k: v.format(agent=agent["name"], topic=complaint.rstrip("。.")) for k, v in phrases.AGENT_PHONE[language].items()}
    customer = phrases.CUSTOMER_PHONE[language]
    turns: list[tuple[str, str]] = []
    if agent["agent_id"] not in SKIPS_GREETING:
        turns.append(("agent", say["opening"]))
    if "compliance" in say:
        turns.append(("agent", say["compliance"]))
    turns.append(("customer", complaint))
    if agent["agent_id"] not in SKIPS_IDENTITY:
        turns += [("agent", say["identity"]), ("customer", customer["identity"])]
    turns += [("agent", say["paraphrase"]), ("customer", "はい、そうです。" if language == "ja" else "Yes, that's right.")]
    if rng.random() < 0.04:
        turns += [("customer", customer["abuse"]), ("customer", customer["abuse"])]
    turns += [("agent", say["empathy"]), ("agent", say["cushion"]), ("customer", customer["order"])]
    if has_hold:
        turns += [("agent", say["hold"]), ("agent", say["after_hold"])]
    if agent["agent_id"] in USES_NG_WORDS:
        turns.append(("agent", say["ng"]))
    turns += [("agent", say["solution"]), ("customer", customer["thanks"]), ("agent", say["closing"])]
    return turns


def phone_turns(rng: random.Random, agent: dict, language: str, complaint: str, has_hold: bool) -> list[dict]:
    """Transcript-like messages: offsets grow with each turn's length (about 7 Japanese chars or 2.5 words a second)."""
    offset = rng.uniform(0.5, 2.0)
    rows = []
    for role, text in call_script(rng, agent, language, complaint, has_hold):
        seconds = len(text) / 7 if language == "ja" else len(text.split()) / 2.5
        rows.append({"role": role, "offset_seconds": round(offset, 2), "end_offset_seconds": round(offset + seconds, 2),
                     "text": text, "source": "transcript", "sent_at": None})
        offset += seconds + rng.uniform(0.3, 1.5) + (40 if text == phrases.AGENT_PHONE[language]["hold"] else 0)
    return rows


def written_turns(rng: random.Random, agent: dict, language: str, complaint: str, created: datetime,
                  channel: str) -> list[dict]:
    """A customer message and the agent's reply (chat adds a follow-up)."""
    say = {k: v.format(agent=agent["name"]) for k, v in phrases.AGENT_WRITTEN[language].items()}
    greeting = "" if agent["agent_id"] in SKIPS_GREETING else say["greeting"] + "\n"
    reply = f"{greeting}{say['answer']}\n{say['closing']}"
    gap = timedelta(minutes=rng.uniform(1, 5)) if channel == "chat" else timedelta(hours=rng.uniform(1, 8))
    rows = [("customer", complaint, created), ("agent", reply, created + gap)]
    if channel == "chat":
        thanks = "ありがとうございました。" if language == "ja" else "Thanks!"
        rows.append(("customer", thanks, created + gap * 2))
    return [{"role": role, "text": text, "sent_at": at, "offset_seconds": None, "end_offset_seconds": None,
             "source": "ticket"} for role, text, at in rows]
