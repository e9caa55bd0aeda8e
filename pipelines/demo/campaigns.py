"""Planted outbound campaigns, bot chats, IVR times and customers whose health falls (issue 21).

Drawn from their own seeded generator after the inbound demo is built, so the inbound contacts keep every value they
had (inbound calls only gain an IVR time). What is planted (and what the pages and tests must find again):

- three outbound campaigns on weekdays of the last 20 days, one calling block a day each (about 22 calls per agent
  hour); 「新プラン乗り換えキャンペーン」 fails (few connects, no conversions, do-not-call answers); evening calls
  (18–19 h) connect best; agent A003 skips the solicitation disclosure (勧誘目的の告知) the outbound rubric checks;
- a chat bot answering about 5 chats a day: most "delivery" and "general" questions are contained, double charges
  (refunds) are what it hands off most; some customers come back after a "resolved" bot session;
- IVR time on every inbound call and a few calls a day that end in the IVR;
- six customers whose health falls (repeat contacts on one problem, falling CSAT, an overdue ticket): C980001–3 then
  stop contacting, C980004–6 answer NPS 0–3 at the end.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from pipelines.demo import phrases

if TYPE_CHECKING:
    from pipelines.demo.contact_center import DemoConfig, DemoData

FAILING_CAMPAIGN = "新プラン乗り換えキャンペーン"
SKIPS_SOLICITATION_NOTICE = {"A003"}
BOT_TOP_HANDOFF = "double_charge"
FALLING_CUSTOMERS = [f"C98000{n}" for n in range(1, 7)]  # 1–3 stop contacting, 4–6 answer NPS 0–3


@dataclass(frozen=True)
class Campaign:
    product: str
    win: str  # the disposition that counts as a conversion
    connect: float
    right_party: float  # of connects
    convert: float  # of right-party contacts
    do_not_call: float
    callback: float
    calls_per_day: int


CAMPAIGNS = {
    "定期便 継続のご案内": Campaign("定期便", "sale", 0.45, 0.9, 0.30, 0.03, 0.12, 6),
    "お支払いのご案内": Campaign("Koe Pay", "promise_to_pay", 0.50, 0.85, 0.45, 0.02, 0.10, 5),
    FAILING_CAMPAIGN: Campaign("Koe Mart", "appointment", 0.20, 0.7, 0.03, 0.30, 0.05, 6),
}
HOUR_CONNECT = {9: 0.8, 10: 0.9, 11: 0.9, 12: 1.0, 13: 0.7, 14: 0.7, 15: 0.7, 16: 0.8, 17: 1.0, 18: 1.6, 19: 1.7}
OUTBOUND_SCRIPT = {  # the disclosures of 特定商取引法 第16条: 事業者名, 勧誘目的であることの告知, 商品の種類
    "opening": "お世話になっております。株式会社Koeの{agent}と申します。",
    "purpose": "本日は{product}のご案内のお電話をさせていただきました。",
    "product": "{product}の新しいプランについてご説明してもよろしいでしょうか。",
    "closing": "お忙しいところありがとうございました。株式会社Koeの{agent}でした。",
}
BOT = {
    "ja": {"greeting": "Koeサポートのチャットボットです。ご用件を入力してください。",
           "answer": "こちらのページで手続きできます。解決しましたか？", "resolved": "解決しました。ありがとう。",
           "handoff": "担当者におつなぎします。少々お待ちください。"},
    "en": {"greeting": "This is the Koe support bot. How can I help?",
           "answer": "You can do this on this page. Did that solve it?", "resolved": "Yes, solved. Thanks.",
           "handoff": "Let me connect you to an agent. Please wait a moment."},
}


def plant(data: DemoData, config: DemoConfig, products: dict[str, list[str]]) -> None:
    """Add everything above to ``data`` (before the export-time cut); ``products`` per theme."""
    rng = random.Random(config.seed + 21)
    start = config.end_date - timedelta(days=config.days - 1)
    days = [start + timedelta(days=n) for n in range(config.days)]
    _outbound(rng, data, [d for d in days[-20:] if d.weekday() < 5])
    _bot_chats(rng, data, days, config.end_date, products)
    _ivr(rng, data, days)
    _falling_customers(rng, data, config.end_date, min(21, config.days - 1), products)


def _next_id(data: DemoData) -> str:
    return f"I{len(data.interactions) + 1:06d}"


def _base(data: DemoData, channel: str, direction: str, customer: str | None, created: datetime,
          **values: object) -> dict:
    row: dict[str, object] = {"interaction_id": _next_id(data), "channel": channel, "direction": direction, "customer_id": customer,
           "created_at": created, "queued_at": None, "answered_at": None, "first_response_at": None,
           "resolved_at": None, "closed_at": None, "abandoned": False, "talk_seconds": None, "hold_seconds": 0.0,
           "acw_seconds": None, "transfers": 0, "escalated": False, "sla_due_at": None, "language": "ja",
           "subject": None, "priority": "normal"}
    row.update(values)
    data.interactions.append(row)
    return row


def _messages(data: DemoData, row: dict, turns: list[tuple[str, str]]) -> None:
    for seq, (role, text) in enumerate(turns, start=1):
        data.messages.append({"interaction_id": row["interaction_id"], "seq": seq, "language": row["language"],
                              "role": role, "text": text, "sent_at": row["created_at"] + timedelta(seconds=20 * seq),
                              "offset_seconds": None, "end_offset_seconds": None, "source": "ticket"})


def _disposition(rng: random.Random, campaign: Campaign, hour: int) -> str:
    if rng.random() > min(0.95, campaign.connect * HOUR_CONNECT[hour]):
        return rng.choices(["no_answer", "busy", "voicemail"], weights=[60, 15, 25])[0]
    if rng.random() > campaign.right_party:
        return "wrong_number"
    roll = rng.random()
    for disposition, share in ((campaign.win, campaign.convert), ("do_not_call", campaign.do_not_call),
                               ("callback_requested", campaign.callback)):
        if roll < share:
            return disposition
        roll -= share
    return "connected"


def _outbound(rng: random.Random, data: DemoData, days: list[date]) -> None:
    """One calling block a day per campaign: an agent dials the list from a random hour, the next call a little after
    the last one ended (wrap-up included)."""
    callers = [a for a in data.agents if a["language"] == "ja"][:4]
    for number, (name, campaign) in enumerate(CAMPAIGNS.items()):
        customers = [f"C97{number}{n:03d}" for n in range(80)]
        tries: dict[str, int] = {}
        done: set[str] = set()
        for index, day in enumerate(days):
            agent = callers[(index + number) % len(callers)]
            created = datetime(day.year, day.month, day.day, rng.choice(list(HOUR_CONNECT)), rng.randrange(30))
            for _ in range(campaign.calls_per_day):
                customer = rng.choice([c for c in customers if c not in done])
                tries[customer] = tries.get(customer, 0) + 1
                disposition = _disposition(rng, campaign, min(created.hour, max(HOUR_CONNECT)))
                row = _base(data, "phone", "outbound", customer, created, agent_id=agent["agent_id"],
                            team=agent["team"], queue="outbound", product=campaign.product, campaign=name,
                            disposition=disposition, attempt=tries[customer], status="closed",
                            closed_at=created + timedelta(seconds=rng.randint(15, 40)))
                if disposition not in ("no_answer", "busy", "voicemail"):
                    answered = created + timedelta(seconds=rng.randint(6, 25))
                    talk, acw = rng.randint(60, 420), rng.randint(15, 60)
                    row.update(answered_at=answered, first_response_at=answered, talk_seconds=talk, acw_seconds=acw,
                               closed_at=answered + timedelta(seconds=talk + acw))
                    if disposition in (campaign.win, "do_not_call"):
                        done.add(customer)
                    _messages(data, row, _outbound_turns(agent, campaign.product, disposition))
                created = row["closed_at"] + timedelta(seconds=rng.randint(20, 90))


def _outbound_turns(agent: dict, product: str, disposition: str) -> list[tuple[str, str]]:
    say = {k: v.format(agent=agent["name"], product=product) for k, v in OUTBOUND_SCRIPT.items()}
    turns = [("agent", say["opening"])]
    if agent["agent_id"] not in SKIPS_SOLICITATION_NOTICE:
        turns.append(("agent", say["purpose"]))
    answer = {"do_not_call": "今後この電話はかけないでください。", "callback_requested": "今は忙しいので、夕方にかけ直してください。",
              "wrong_number": "番号をお間違えではないですか。"}.get(disposition, "はい、どうぞ。")
    turns += [("customer", answer), ("agent", say["product"]), ("agent", say["closing"])]
    return turns


def _bot_chats(rng: random.Random, data: DemoData, days: list[date], end: date,
               products: dict[str, list[str]]) -> None:
    pool = [f"C96{n:04d}" for n in range(400)]
    contained_themes = {"delivery_delay": 45, "general": 45, "login_failure": 10}
    handoff_themes = {BOT_TOP_HANDOFF: 55, "defective_item": 25, "login_failure": 20}
    for day in days:
        for _ in range(5):
            language = "ja" if rng.random() < 0.8 else "en"
            created = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randrange(60), rng.randrange(60))
            customer = rng.choice(pool)
            seconds = rng.randint(30, 200)
            contained = rng.random() < 0.6
            themes = contained_themes if contained else handoff_themes
            theme = rng.choices(list(themes), weights=list(themes.values()))[0]
            complaint = rng.choice(phrases.THEMES[theme][language])
            bot = BOT[language]
            queue = {"double_charge": "billing", "login_failure": "tech"}.get(theme, "orders")
            queue = f"{queue}_en" if language == "en" else queue
            values = {"language": language, "queue": queue, "contact_reason": theme, "self_service_seconds": seconds,
                      "product": rng.choice(products[theme])}
            if contained:
                done = created + timedelta(seconds=seconds)
                row = _base(data, "chat", "inbound", customer, created, status="resolved", resolved_at=done,
                            closed_at=done, team=None, agent_id=None, **values)
                _messages(data, row, [("bot", bot["greeting"]), ("customer", complaint), ("bot", bot["answer"]),
                                      ("customer", bot["resolved"])])
                again = created + timedelta(days=rng.uniform(1, 5))
                if rng.random() < 0.15 and again.date() <= end:  # "resolved" by the bot, yet back within days
                    _handed_off(rng, data, customer, again, theme, language, queue, rng.randint(30, 120))
                continue
            _handed_off(rng, data, customer, created, theme, language, queue, seconds)


def _handed_off(rng: random.Random, data: DemoData, customer: str, created: datetime, theme: str, language: str,
                queue: str, seconds: int) -> None:
    agent = rng.choice([a for a in data.agents if (a["language"] == "en") == (language == "en")])
    queued = created + timedelta(seconds=seconds)
    answered = queued + timedelta(seconds=rng.randint(5, 60))
    talk, acw = rng.randint(150, 500), rng.randint(20, 60)
    end = answered + timedelta(seconds=talk + acw)
    row = _base(data, "chat", "inbound", customer, created, language=language, queue=queue, contact_reason=theme,
                self_service_seconds=seconds, agent_id=agent["agent_id"], team=agent["team"], queued_at=queued,
                answered_at=answered, first_response_at=answered, talk_seconds=talk, acw_seconds=acw,
                resolved_at=end, closed_at=end, status="closed", subject=phrases.SUBJECTS[theme][language])
    bot = BOT[language]
    reply = phrases.AGENT_WRITTEN[language]["answer"]
    _messages(data, row, [("bot", bot["greeting"]), ("customer", rng.choice(phrases.THEMES[theme][language])),
                          ("bot", bot["handoff"]), ("agent", reply)])


def _ivr(rng: random.Random, data: DemoData, days: list[date]) -> None:
    for row in data.interactions:
        if row["channel"] == "phone" and row["direction"] == "inbound" and row.get("self_service_seconds") is None:
            row["self_service_seconds"] = rng.randint(15, 75)  # the IVR menu before the queue
    for day in days:
        for _ in range(4 if day.weekday() < 5 else 1):
            created = datetime(day.year, day.month, day.day, rng.randint(8, 20), rng.randrange(60), rng.randrange(60))
            seconds = rng.randint(20, 150)
            queue = rng.choices(["orders", "billing", "tech"], weights=[50, 35, 15])[0]
            _base(data, "phone", "inbound", None, created, queue=queue, contact_reason="general",
                  self_service_seconds=seconds, closed_at=created + timedelta(seconds=seconds), status="closed")


def _falling_customers(rng: random.Random, data: DemoData, end: date, days: int,
                       products: dict[str, list[str]]) -> None:
    """Five contacts each over the last ``days`` (21 in the full demo); the first three customers fall silent for the
    last ~40 % of them, the others answer NPS 0–3 the day before the end."""
    agents = [a for a in data.agents if a["language"] == "ja"]
    last = datetime.combine(end, datetime.min.time())
    for index, customer in enumerate(FALLING_CUSTOMERS):
        stops = index < 3
        theme = "double_charge" if index % 2 == 0 else "defective_item"
        queue = "billing" if theme == "double_charge" else "orders"
        first = last - timedelta(days=days)
        span = days * (0.57 if stops else 0.86)  # full demo: C980001–3 fall silent 9 days before the end
        moments = sorted(first + timedelta(days=rng.uniform(0, span), hours=rng.uniform(9, 17)) for _ in range(5))
        for n, created in enumerate(moments):
            agent = rng.choice(agents)
            overdue = n == len(moments) - 2  # an email ticket nobody answers, past its SLA
            channel = "email" if overdue else "phone"
            talk = None if overdue else rng.randint(200, 600)
            end_at = None if overdue else created + timedelta(seconds=(talk or 0) + 60)
            row = _base(data, channel, "inbound", customer, created, agent_id=None if overdue else agent["agent_id"],
                        team=agent["team"], queue=queue, contact_reason=theme, product=products[theme][0],
                        status="open" if overdue else "closed", talk_seconds=talk, acw_seconds=None if overdue else 60,
                        queued_at=None if overdue else created, answered_at=None if overdue else created,
                        first_response_at=None if overdue else created, resolved_at=end_at, closed_at=end_at,
                        sla_due_at=created + timedelta(hours=24) if overdue else None,
                        subject=phrases.SUBJECTS[theme]["ja"] if overdue else None,
                        self_service_seconds=None if overdue else rng.randint(15, 60))
            if overdue:
                continue
            csat = 4 if n == 0 else rng.choice([1, 2])
            responded = created + timedelta(hours=2)
            nps = 7 if n == 0 else 6
            if not stops and n == len(moments) - 1:
                responded, nps = last - timedelta(days=1) + timedelta(hours=10), rng.randint(0, 3)
            data.surveys.append({"survey_id": f"S{row['interaction_id'][1:]}", "interaction_id": row["interaction_id"],
                                 "customer_id": customer, "responded_at": responded, "csat": csat, "nps": nps,
                                 "ces": 6 if csat <= 2 else 3, "comment": rng.choice(phrases.THEMES[theme]["ja"]),
                                 "language": "ja"})
