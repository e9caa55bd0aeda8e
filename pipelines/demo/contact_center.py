"""A seeded, realistic contact center: interactions of every channel, messages, surveys and agents.

Pure builders: ``build_demo(DemoConfig)`` returns frames; ``pipelines.demo.generate`` writes them as files.
Local times are JST, written without an offset (as Japanese PBX and helpdesk exports do).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl

from pipelines.demo import campaigns, phrases
from pipelines.demo.scripts import USES_NG_WORDS, phone_turns, written_turns

CHANNEL_WEIGHTS = {"phone": 45, "email": 18, "chat": 15, "web_form": 10, "sns": 6, "fax": 3, "postal": 3}
THEME_WEIGHTS = {"delivery_delay": 22, "double_charge": 12, "login_failure": 14, "defective_item": 12,
                 "rude_support": 6, "general": 34}
PRODUCTS = {"delivery_delay": ["定期便", "Koe Mart"], "double_charge": ["Koe Pay"], "login_failure": ["Koe Mart アプリ"],
            "defective_item": ["スマート家電 K1", "Koe Blender"], "rude_support": ["Koe Mart"],
            "general": ["Koe Mart", "ポイントカード"], "app_crash": ["Koe Mart アプリ"]}
TEAMS = ["東京1課", "東京2課", "大阪課", "Global"]
HOURLY_WEIGHTS = [0, 0, 0, 0, 0, 0, 0, 1, 3, 8, 12, 10, 7, 9, 11, 9, 7, 5, 3, 2, 1, 1, 0, 0]  # peaks at 10 and 14


@dataclass(frozen=True)
class DemoConfig:
    seed: int = 7
    end_date: date = date(2026, 11, 20)  # last day of the demo period
    days: int = 30
    contacts_per_weekday: int = 160
    spike_days: int = 5  # the emerging theme appears in the last days
    agents: int = 20
    recorded_calls: int = 6  # calls that also get a stereo recording (transcribed by Whisper in the pipeline)


@dataclass
class DemoData:
    interactions: list[dict] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)
    surveys: list[dict] = field(default_factory=list)
    agents: list[dict] = field(default_factory=list)

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: pl.DataFrame(getattr(self, name), infer_schema_length=None)
                for name in ("interactions", "messages", "surveys", "agents")}


def build_agents(config: DemoConfig) -> list[dict]:
    agents = []
    for n in range(1, config.agents + 1):
        name = phrases.AGENT_NAMES[(n - 1) % len(phrases.AGENT_NAMES)]
        team = "Global" if name.isascii() else TEAMS[(n - 1) % 3]
        agents.append({"agent_id": f"A{n:03d}", "name": name, "team": team, "site": "大阪" if team == "大阪課" else "東京",
                       "language": "en" if team == "Global" else "ja", "hired_on": f"20{18 + n % 7}-04-01"})
    return agents


def build_demo(config: DemoConfig = DemoConfig()) -> DemoData:
    rng = random.Random(config.seed)
    data = DemoData(agents=build_agents(config))
    customers = [f"C{n:06d}" for n in range(1, config.days * config.contacts_per_weekday * 5)]
    start = config.end_date - timedelta(days=config.days - 1)
    for offset in range(config.days):
        day = start + timedelta(days=offset)
        spike = offset >= config.days - config.spike_days
        volume = config.contacts_per_weekday if day.weekday() < 5 else config.contacts_per_weekday // 3
        for _ in range(int(volume * rng.uniform(0.9, 1.1))):
            _add_contact(rng, data, day, rng.choice(customers), spike)
    _add_repeat_contacts(rng, data, config)
    campaigns.plant(data, config, PRODUCTS)  # outbound, bot, IVR, falling customers: a generator of their own
    _add_planted_cancellations(data, config)
    _cut_at_export_time(data, datetime.combine(config.end_date + timedelta(days=1), datetime.min.time()))
    return data


def _cut_at_export_time(data: DemoData, exported_at: datetime) -> None:
    """What happens after the export is unknown: later resolutions become open tickets, later surveys vanish."""
    for row in data.interactions:
        cut = [c for c in ("first_response_at", "resolved_at", "closed_at") if row.get(c) and row[c] >= exported_at]
        for column in cut:
            row[column] = None
        if cut:
            row["status"] = "new" if row["first_response_at"] is None else "open"
    data.surveys = [s for s in data.surveys if s["responded_at"] < exported_at]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _arrival(rng: random.Random, day: date) -> datetime:
    hour = rng.choices(range(24), weights=HOURLY_WEIGHTS)[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def _add_contact(rng: random.Random, data: DemoData, day: date, customer: str, spike: bool,
                 theme: str | None = None, created: datetime | None = None, *, channel: str | None = None,
                 language: str | None = None, complaint: str | None = None) -> None:
    if theme is None:
        theme = "app_crash" if spike and rng.random() < 0.25 else _pick(rng, THEME_WEIGHTS)
    channel = channel or _pick(rng, CHANNEL_WEIGHTS)
    language = language or ("ja" if rng.random() < 0.7 else "en")
    pool = [a for a in data.agents if (a["language"] == "en") == (language == "en")]
    agent = rng.choice(pool)
    created = created or _arrival(rng, day)
    interaction = _timings(rng, channel, created)
    interaction.update({
        "interaction_id": f"I{len(data.interactions) + 1:06d}", "channel": channel, "customer_id": customer,
        "agent_id": None if interaction["abandoned"] else agent["agent_id"], "team": agent["team"],
        "queue": _queue(theme, language), "product": rng.choice(PRODUCTS[theme]), "contact_reason": theme,
        "language": language, "priority": "high" if theme in ("double_charge", "app_crash") else "normal",
        "subject": phrases.SUBJECTS[theme][language] if channel != "phone" else None,
        "escalated": theme == "rude_support" or rng.random() < 0.04,
    })
    data.interactions.append(interaction)
    if interaction["abandoned"]:
        return
    complaint = complaint or rng.choice(phrases.THEMES[theme][language])
    if channel == "phone":
        turns = phone_turns(rng, agent, language, complaint, interaction["hold_seconds"] > 0)
    else:
        turns = written_turns(rng, agent, language, complaint, created, channel)
    for seq, turn in enumerate(turns, start=1):
        data.messages.append({"interaction_id": interaction["interaction_id"], "seq": seq, "language": language, **turn})
    if rng.random() < 0.35:
        data.surveys.append(_survey(rng, interaction, theme, agent["agent_id"], complaint))


def _queue(theme: str, language: str) -> str:
    base = {"double_charge": "billing", "login_failure": "tech", "app_crash": "tech"}.get(theme, "orders")
    return f"{base}_en" if language == "en" else base


def _timings(rng: random.Random, channel: str, created: datetime) -> dict:
    """Queue, answer and handling times per channel (seconds), abandonment, transfers and SLA."""
    t: dict[str, Any] = {"created_at": created, "direction": "inbound", "queued_at": None, "answered_at": None, "first_response_at": None,
         "abandoned": False, "talk_seconds": None, "hold_seconds": 0.0, "acw_seconds": None, "transfers": 0}
    if channel == "phone" and rng.random() < 0.08:
        t["direction"] = "outbound"
    if channel in ("phone", "chat"):
        wait = 0.0 if t["direction"] == "outbound" else rng.expovariate(1 / (14 if channel == "phone" else 10))
        patience = rng.expovariate(1 / 120)
        t["queued_at"] = created
        if wait > patience:
            t.update(abandoned=True, resolved_at=None, closed_at=created + timedelta(seconds=patience), status="closed")
            return t
        answered = created + timedelta(seconds=wait)
        talk = rng.uniform(150, 540)
        t.update(answered_at=answered, first_response_at=answered, talk_seconds=round(talk),
                 hold_seconds=float(rng.choice([0, 0, 0, rng.randint(20, 120)])), acw_seconds=rng.randint(20, 90),
                 transfers=1 if rng.random() < 0.1 else 0)
        end = answered + timedelta(seconds=talk + t["hold_seconds"] + t["acw_seconds"])
        t.update(resolved_at=end, closed_at=end, status="closed", sla_due_at=None)
        return t
    hours = {"email": 6, "web_form": 8, "sns": 2, "fax": 30, "postal": 60}[channel]
    first = created + timedelta(hours=rng.expovariate(1 / hours))
    resolved = first + timedelta(hours=rng.expovariate(1 / (hours * 2)))
    sla = {"email": 24, "web_form": 24, "sns": 24, "fax": 72, "postal": 120}[channel]
    t.update(first_response_at=first, resolved_at=resolved, closed_at=resolved, status="resolved",
             sla_due_at=created + timedelta(hours=sla))
    return t


def _survey(rng: random.Random, interaction: dict, theme: str, agent_id: str, complaint: str) -> dict:
    unhappy = theme in ("rude_support", "double_charge", "app_crash") or agent_id in USES_NG_WORDS
    csat = rng.choice([1, 2, 2, 3]) if unhappy else rng.choice([3, 4, 4, 5, 5])
    language = interaction["language"]
    comment = complaint if csat <= 3 else rng.choice(phrases.SURVEY_COMMENTS["good"][language])
    responded = (interaction["resolved_at"] or interaction["created_at"]) + timedelta(hours=rng.uniform(1, 30))
    return {"survey_id": f"S{interaction['interaction_id'][1:]}", "interaction_id": interaction["interaction_id"],
            "customer_id": interaction["customer_id"], "responded_at": responded, "csat": csat,
            "nps": min(10, max(0, csat * 2 + rng.randint(-1, 1))), "ces": min(7, max(1, 8 - csat - rng.randint(0, 2))),
            "comment": comment, "language": language}


def _add_repeat_contacts(rng: random.Random, data: DemoData, config: DemoConfig) -> None:
    """About one contact in eight is followed by the same customer, on the same problem, within a week."""
    last_day = datetime.combine(config.end_date, datetime.max.time())
    for first in list(data.interactions):
        if first["abandoned"] or rng.random() > 0.12:
            continue
        again = first["created_at"] + timedelta(days=rng.uniform(0.5, 6.5))
        if again <= last_day:
            spike = again.date() > config.end_date - timedelta(days=config.spike_days)
            _add_contact(rng, data, again.date(), first["customer_id"], spike, first["contact_reason"], again)


def _add_planted_cancellations(data: DemoData, config: DemoConfig) -> None:
    """Two customers who want to cancel (解約, "cancel my subscription") and call again two days later: what search,
    the cancellation rule and the customer's timeline must find. Drawn from their own random stream, so the rest of
    the demo is the same with or without them."""
    rng = random.Random(config.seed + 21)  # a stream in which none of the four calls is abandoned
    first = datetime.combine(config.end_date - timedelta(days=3), datetime.min.time())
    for customer, language, hour in (("C900001", "ja", 10), ("C900002", "en", 14)):
        for days_later in (0, 2):
            created = first + timedelta(days=days_later, hours=hour, minutes=7 * days_later)
            _add_contact(rng, data, created.date(), customer, False, "general", created, channel="phone",
                         language=language, complaint=phrases.CANCELLATION[language][days_later // 2])
