"""QA scoring throughput: 100,000 synthetic interactions × ~20 turns against the shipped rubrics.

Prints interactions/s and peak RSS for the vectorised scorer, and the same rubric scored one interaction at a time
(the per-interaction baseline, on a small subset) measured in the same run, with the ratio. Target ≥ 2,000/s.
Customer sentiment is read as the warehouse stores it (core.message_sentiment, scored once per message when the
message is stored; that cost is printed on its own as texts/s). On up to COMPARE interactions the same run also
scores with sentiment computed during scoring (the way before it was stored) and prints both rates and the ratio.
Usage: .venv/bin/python benchmarks/scoring.py [N_INTERACTIONS]
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa_rubrics import load_all  # noqa: E402
from transforms.qa.scoring import score_interactions  # noqa: E402
from transforms.sentiment import score_texts  # noqa: E402

YEAR_INTERACTIONS = 10_000_000  # a year of a 500-seat center (issue 8)
COMPARE = 5_000  # interactions scored both ways (stored vs computed sentiment) in the same run
NAMES = ["田中", "佐藤", "鈴木", "高橋", "伊藤", "渡辺", "Emma", "Liam", "Olivia", "Noah"]
JA_AGENT = ["お電話ありがとうございます。Koeサポートセンターの{n}でございます。",
            "ご本人様確認のため、お名前と生年月日をお願いいたします。", "恐れ入りますが、ご注文番号{k}をお願いできますか。",
            "ご迷惑をおかけして申し訳ございません。", "注文{k}の商品が届かないということでございますね。",
            "少々お待ちいただけますでしょうか。", "お待たせいたしました。", "本日中に再送を手配いたします。",
            "はい、承知いたしました。", "本日は{n}が承りました。お電話ありがとうございました。"]
JA_CUSTOMER = ["注文した商品{k}がまだ届かないんです。", "山本{n}、1985年{m}月2日です。", "はい、そうです。",
               "わかりました。", "いつ届きますか。", "ありがとうございます。", "ふざけるな、いつまで待たせるんだ。"]
EN_AGENT = ["Thank you for calling Koe support, this is {n} speaking. This call may be recorded for quality and training purposes.",
            "For verification, could you please confirm your full name and date of birth?", "I'm sorry to hear that.",
            "Just to confirm, you're saying order {k} has not arrived?", "May I place you on a brief hold?",
            "Thank you for holding.", "Here's what I'll do: I'll reship order {k} today.",
            "You'll receive a tracking email within 2 business days.", "Is there anything else I can help you with?",
            "Thank you for calling, have a great day."]
EN_CUSTOMER = ["My order {k} hasn't arrived.", "{n} Smith, March {m} 1980.", "Yes.", "Okay.", "When will it arrive?",
               "Thanks so much.", "This is ridiculous, I want your manager."]


def synthetic(n: int, seed: int = 1) -> tuple[pl.DataFrame, pl.DataFrame]:
    """n interactions (60 % ja, 40 % en phone calls), 20 turns alternating agent/customer, with per-call numbers."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 4, 1)
    inter, msgs = {"interaction_id": [], "channel": [], "language": [], "hold_seconds": [], "transfers": [],
                   "created_at": []}, {k: [] for k in ("interaction_id", "message_id", "seq", "role", "sent_at",
                                                       "offset_seconds", "end_offset_seconds", "text", "language")}
    for i in range(n):
        ja = rng.random() < 0.6
        agent, customer = (JA_AGENT, JA_CUSTOMER) if ja else (EN_AGENT, EN_CUSTOMER)
        iid = f"I{i:07d}"
        for key, value in (("interaction_id", iid), ("channel", "phone"), ("language", "ja" if ja else "en"),
                           ("hold_seconds", float(rng.choice([0, 0, 30, 45]))), ("transfers", 0),
                           ("created_at", start + dt.timedelta(minutes=i))):
            inter[key].append(value)
        fill = {"n": rng.choice(NAMES), "k": rng.randint(10000, 99999), "m": rng.randint(1, 12)}
        for seq in range(1, 21):
            role = "agent" if seq % 2 else "customer"
            pool = agent if role == "agent" else customer
            text = (pool[(seq // 2) % len(pool)] if rng.random() < 0.85 else rng.choice(pool)).format(**fill)
            for key, value in (("interaction_id", iid), ("message_id", f"{iid}-{seq}"), ("seq", seq), ("role", role),
                               ("sent_at", None), ("offset_seconds", seq * 6.0), ("end_offset_seconds", seq * 6.0 + 5),
                               ("text", text), ("language", "ja" if ja else "en")):
                msgs[key].append(value)
    return pl.DataFrame(inter), pl.DataFrame(msgs, schema_overrides={"sent_at": pl.Datetime("us")})


def with_stored_sentiment(messages: pl.DataFrame) -> pl.DataFrame:
    """``messages`` with the `sentiment` column the warehouse stores for customer turns (each distinct text scored
    once, as the message_sentiment asset does); prints the cost of that load-time step."""
    customer = messages.filter(pl.col("role") == "customer")["text"].unique().to_list()
    t0, cpu0 = time.perf_counter(), time.process_time()
    scores = dict(zip(customer, score_texts(customer), strict=True))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    print(f"load-time sentiment (once per message, before scoring): {len(customer):,} distinct customer texts in "
          f"{elapsed:.1f} s, {len(customer) / elapsed:,.0f} texts/s ({cpu:.1f} CPU s, {len(customer) / cpu:,.0f} per CPU s)")
    stored = pl.DataFrame({"text": list(scores), "sentiment": list(scores.values())})
    return messages.join(stored, on="text", how="left")


def compare_stored(rubrics: list, interactions: pl.DataFrame, messages: pl.DataFrame) -> None:
    """The same interactions scored with stored sentiment and with sentiment computed during scoring."""
    rates = {}
    for name, frame in (("stored sentiment", messages), ("computed during scoring", messages.drop("sentiment"))):
        t0 = time.perf_counter()
        score_interactions(rubrics, interactions, frame)
        rates[name] = interactions.height / (time.perf_counter() - t0)
        print(f"{interactions.height:,} interactions, {name}: {rates[name]:,.0f} interactions/s")
    print(f"stored / computed: {rates['stored sentiment'] / rates['computed during scoring']:,.1f}x")


def main(n: int = 100_000, baseline_n: int = 200) -> None:
    rubrics = load_all()
    interactions, messages = synthetic(n)
    print(f"{n:,} interactions, {messages.height:,} messages, {messages['text'].n_unique():,} distinct texts")
    messages = with_stored_sentiment(messages)
    compare_ids = interactions["interaction_id"].head(COMPARE).implode()
    compare_stored(rubrics, interactions.filter(pl.col("interaction_id").is_in(compare_ids)),
                   messages.filter(pl.col("interaction_id").is_in(compare_ids)))
    t0, cpu0 = time.perf_counter(), time.process_time()
    scored = score_interactions(rubrics, interactions, messages)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0  # CPU: every thread of this process
    rate = n / elapsed
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"vectorised: {elapsed:.1f} s, {rate:,.0f} interactions/s, {scored.answers.height:,} answers, "
          f"{scored.evidence.height:,} evidence rows, peak RSS {peak_mb:,.0f} MB")
    print(f"CPU: {cpu:.1f} core-seconds = {n / cpu:,.0f} interactions per core-second (load average "
          f"{os.getloadavg()[0]:.1f})")
    ids = interactions["interaction_id"].head(baseline_n)
    t0 = time.perf_counter()
    for iid in ids:
        score_interactions(rubrics, interactions.filter(pl.col("interaction_id") == iid),
                           messages.filter(pl.col("interaction_id") == iid))
    base_rate = baseline_n / (time.perf_counter() - t0)
    print(f"baseline (one interaction at a time, {baseline_n}): {base_rate:,.1f} interactions/s")
    print(f"ratio: {rate / base_rate:,.0f}x; target 2,000/s: {'met' if rate >= 2000 else 'NOT met'}")
    day = YEAR_INTERACTIONS / 365
    print(f"at this rate a 500-seat center's day ({day:,.0f} interactions, one daily partition) scores in "
          f"{day / rate:,.1f} s and its year ({YEAR_INTERACTIONS:,}) in {YEAR_INTERACTIONS / rate / 3600:,.2f} h "
          "(projection from the measured rate; memory grows with the batch, so a year is scored day by day)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
