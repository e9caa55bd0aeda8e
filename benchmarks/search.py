"""Search at scale: build the index over N messages, add one day, and time queries (docs/search.md).

Run: .venv/bin/python benchmarks/search.py [--messages 10000000] [--repeats 30] [--keep DIR]

Messages are the demo's Japanese and English complaint, agent and customer lines with order numbers, names and
dates varied, over one year; 1 % mention 解約 (cancel), contacts have 3 messages. The index is built the way the
job builds it (warehouse.search_index.update_index: tokenising, writing contacts, messages and FTS5 tokens), in
chunks of 500,000 messages (one transaction each); then one more day's messages are added (the nightly run), then
each query type runs `--repeats` times with a fresh read-only connection per query, as the dashboard does.
Not included: the job's warehouse read (hashing messages in DuckDB) and sentiment scoring of new written contacts.
Target: p95 < 300 ms per query type.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.demo import phrases  # noqa: E402
from warehouse.search_index import IndexChanges, Scope, SearchRequest, search, update_index  # noqa: E402

CHUNK = 500_000
PER_CONTACT = 3
START = datetime(2025, 11, 21)
CHANNELS = ["phone", "email", "chat", "web_form", "sns"]
QUEUES = ["billing", "orders", "tech", "billing_en", "orders_en", "tech_en"]
THEMES = [f"T{n:04d}" for n in range(1, 41)]


def _pool() -> tuple[list[str], list[str]]:
    customer = [t for theme in phrases.THEMES.values() for lang in theme.values() for t in lang]
    agent = [v.replace("{agent}", "佐藤").replace("{topic}", "配送") for d in phrases.AGENT_PHONE.values() for v in d.values()]
    return customer, agent


def generate(first: int, count: int, step: float, rng: random.Random) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`count` messages of contacts number first.., one every `step` seconds from START, in time order."""
    customer, agent = _pool()
    contacts = count // PER_CONTACT
    ids = [f"I{first + n:09d}" for n in range(contacts)]
    frame = pl.DataFrame({
        "interaction_id": ids,
        "created_at": [START + timedelta(seconds=(first + n) * step) for n in range(contacts)],
        "channel": [rng.choice(CHANNELS) for _ in ids], "queue": [rng.choice(QUEUES) for _ in ids],
        "agent_id": [f"A{rng.randrange(500):03d}" for _ in ids], "team": [f"team{rng.randrange(40)}" for _ in ids],
        "language": [rng.choice(["ja", "ja", "en"]) for _ in ids], "theme": [rng.choice(THEMES) for _ in ids],
        "categories": [rng.choice(["", "", "", "cancellation_intent", "customer_harassment"]) for _ in ids],
        "sentiment": [rng.uniform(-1, 1) for _ in ids], "content_hash": ids, "attrs_hash": ids,
    })
    texts, roles, owners, seqs = [], [], [], []
    for iid in ids:
        for seq in range(1, PER_CONTACT + 1):
            role = "customer" if seq % 2 else "agent"
            text = rng.choice(customer if role == "customer" else agent)
            if rng.random() < 0.5:
                text += f" 注文番号A{rng.randrange(10**6):06d}"
            if rng.random() < 0.01:
                text = rng.choice(["解約したいのですが。", "I want to cancel my subscription. "]) + text
            texts.append(text), roles.append(role), owners.append(iid), seqs.append(seq)
    messages = pl.DataFrame({"interaction_id": owners, "seq": seqs, "role": roles, "text": texts})
    return frame, messages


def timed(fn, repeats: int) -> tuple[float, float, int, bool]:  # noqa: ANN001
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], result.total, result.capped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="build the index here and keep it (default: a temporary folder)")
    parser.add_argument("--queries-only", action="store_true",
                        help="time the queries on the index kept in --keep (built by an earlier run, same --messages)")
    args = parser.parse_args()
    if args.queries_only and not args.keep:
        parser.error("--queries-only needs --keep DIR")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="koe-search-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "search.sqlite"
    if not args.queries_only:
        build(path, args.messages)
    time_queries(path, args.repeats)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


def build(path: Path, total: int) -> None:
    """Build the index over `total` messages in chunks, then add one day; print both times."""
    path.unlink(missing_ok=True)
    rng = random.Random(20)

    print(f"messages: {total:,} ({total // PER_CONTACT:,} contacts over 365 days)")
    building = generate_time = 0.0
    step = 365 * 86400 / (total // PER_CONTACT)
    contacts_per_chunk = CHUNK // PER_CONTACT
    for first in range(0, total // PER_CONTACT, contacts_per_chunk):
        count = min(CHUNK, total - first * PER_CONTACT)
        start = time.perf_counter()
        contacts, messages = generate(first, count, step, rng)
        generate_time += time.perf_counter() - start
        start = time.perf_counter()
        update_index(path, IndexChanges(contacts, messages))
        building += time.perf_counter() - start
    size_mb = path.stat().st_size / 2**20
    print(f"index build: {building:.1f} s ({total / building:,.0f} messages/s), file {size_mb:,.0f} MB"
          f" (generating the messages: {generate_time:.1f} s, not counted)")

    day = total // 365
    contacts, messages = generate(total // PER_CONTACT, day, step, rng)
    start = time.perf_counter()
    update_index(path, IndexChanges(contacts, messages))
    print(f"incremental update, one day ({day:,} messages): {time.perf_counter() - start:.1f} s")


def time_queries(path: Path, repeats: int) -> None:
    """p50 / p95 of each query type, a fresh read-only connection per query (as the dashboard)."""

    last_month = (START + timedelta(days=335), START + timedelta(days=366))
    queries = {
        "Japanese substring 解約": SearchRequest("解約"),
        "Japanese substring 二重請求": SearchRequest("二重請求"),
        "Japanese substring ログインできません": SearchRequest("ログインできません"),
        "English words cancel": SearchRequest("cancel"),
        "English words charged twice": SearchRequest("charged twice"),
        "English prefix deliver*": SearchRequest("deliver*"),
        "filtered 解約, phone, last 30 days": SearchRequest("解約", *last_month, channel=("phone",)),
        "filtered 届きません, queue orders, category, negative": SearchRequest(
            "届きません", queue=("orders",), category=("cancellation_intent",), sentiment=("negative",)),
        "filtered 解約, one agent (agent role scope)": None,
    }
    print(f"query p50 / p95 ms ({repeats} runs each, fresh connection per query; target p95 < 300):")
    worst = 0.0
    for name, request in queries.items():
        if request is None:
            p50, p95, total, capped = timed(lambda: search(path, SearchRequest("解約"), Scope(agent_id="A007")), repeats)
        else:
            p50, p95, total, capped = timed(lambda request=request: search(path, request), repeats)
        worst = max(worst, p95)
        print(f"  {name}: {p50:.1f} / {p95:.1f} ms ({total:,}{'+' if capped else ''} matching messages)")
    print(f"worst p95: {worst:.1f} ms ({'meets' if worst < 300 else 'misses'} the 300 ms target)")


if __name__ == "__main__":
    main()
