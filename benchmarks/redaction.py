"""PII redaction: per-type recall/precision on the annotated corpus, real-text checks, throughput on 1M texts.

Run: .venv/bin/python benchmarks/redaction.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

import polars as pl

from transforms.redaction import find_entities, redact_frame, redact_text
from transforms.redaction.evaluation import score_corpus

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CORPUS = REPO / "tests" / "data" / "redaction" / "corpus.jsonl"
STRUCTURED = ("PHONE", "EMAIL", "CARD", "MY_NUMBER")
TARGET_RECALL, TARGET_PRECISION = 0.98, 0.95


def corpus_scores() -> bool:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    pl.Config.set_tbl_rows(20).set_tbl_hide_dataframe_shape(True)
    for name in ("templated", "handwritten"):
        part = [r for r in rows if r["set"] == name]
        print(f"\n{name}: {len(part)} texts")
        print(score_corpus(part).select("type", "gold", "predicted", "recall", "precision"))
    overall = score_corpus(rows).filter(pl.col("type").is_in(STRUCTURED))
    print("\nall texts, structured types (target recall >= 0.98, precision >= 0.95):")
    print(overall.select("type", "gold", "recall", "precision"))
    return bool(overall.select((pl.col("recall") >= TARGET_RECALL).all() & (pl.col("precision") >= TARGET_PRECISION).all()).item())


def real_text_checks() -> list[str]:
    """Masks on real customer texts (none expected outside person_name slots) and recall on those names."""
    lines: list[str] = []
    nlupp = SHARED / "nlupp_banking_hotels" / "nlupp.jsonl"
    if nlupp.exists():
        rows = [json.loads(line) for line in nlupp.read_text().splitlines()]
        names = [s["span"] for r in rows for k, s in r["slots"].items() if k == "person_name"]
        found = spurious = 0
        for r in rows:
            name = r["slots"].get("person_name", {}).get("span")
            for e in find_entities(r["text"]):
                if name and e.type == "NAME" and e.start < name[1] and name[0] < e.end:
                    found += 1
                else:
                    spurious += 1
        lines.append(f"nlupp ({len(rows)} real EN utterances): person_name recall {found}/{len(names)}, "
                     f"masks outside person names {spurious} ({spurious / len(rows):.2%} of texts)")
    for path, column, label in (
        (SHARED / "banking77_train" / "train.csv", "text", "banking77 EN"),
        (SHARED / "jalan_hotel_review_sentences_ja" / "pn.tsv", "text", "jalan JA"),
    ):
        if path.exists():
            with path.open(encoding="utf-8") as f:
                texts = [r[column] for r in csv.DictReader(f, delimiter="\t" if path.suffix == ".tsv" else ",")]
            masked = [t for t in texts if find_entities(t)]
            lines.append(f"{label} ({len(texts)} real texts, no PII expected): {len(masked)} masked "
                         f"({len(masked) / len(texts):.2%}), e.g. {[redact_text(t) for t in masked[:3]]}")
    return lines


def throughput(n_rows: int) -> None:
    """rows/s of redact_frame on n_rows short texts (real texts plus 5 % corpus texts with PII) vs no prefilter."""
    pool = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    real: list[str] = []
    for path in (SHARED / "banking77_train" / "train.csv", SHARED / "jalan_hotel_review_sentences_ja" / "pn.tsv"):
        if path.exists():
            with path.open(encoding="utf-8") as f:
                real += [r["text"] for r in csv.DictReader(f, delimiter="\t" if path.suffix == ".tsv" else ",")]
    background = pl.Series(real or ["ありがとうございました", "I still have not received my card"])
    df = pl.DataFrame(
        {"text": pl.concat([background.sample(int(n_rows * 0.95), with_replacement=True, seed=1),
                            pl.Series(pool).sample(n_rows - int(n_rows * 0.95), with_replacement=True, seed=2)])}
    )
    start = time.perf_counter()
    redact_frame(df, ["text"])
    seconds = time.perf_counter() - start
    sample = df.head(20_000).get_column("text").to_list()
    start = time.perf_counter()
    [redact_text(t) for t in sample]
    baseline = len(sample) / (time.perf_counter() - start)
    rate = n_rows / seconds
    print(f"\nthroughput: redact_frame {n_rows:,} texts in {seconds:.1f} s = {rate:,.0f} rows/s; "
          f"baseline (redact_text on every row, no prefilter) {baseline:,.0f} rows/s; ratio {rate / baseline:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    meets = corpus_scores()
    print("\nreal texts:", *real_text_checks(), sep="\n  ")
    throughput(args.rows)
    print(f"\nstructured-type targets met: {meets}")


if __name__ == "__main__":
    main()
