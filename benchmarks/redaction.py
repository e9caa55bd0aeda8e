"""PII redaction: per-type recall/precision on the annotated corpus, real-text checks, throughput on 1M texts.

Also the transcript side of spoken personal data: customer answers to the agent's requests (``call_dialogue_scores``).

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


# The transcript side of spoken personal data (issue 13): a customer answers the agent's request, in the forms Whisper
# writes (digits as digits or read out, names in whatever kanji it heard). Gold spans are the answered values.
_CALL_ASKS = {
    "ja": {"NAME": "ご本人様確認のため、お名前をフルネームでお願いいたします。", "PHONE": "ご連絡先のお電話番号をお願いします。",
           "DOB": "生年月日をお願いいたします。", "CARD": "カード番号をお願いします。", "ADDRESS": "ご住所をお願いします。",
           "MY_NUMBER": "マイナンバーをお願いします。"},
    "en": {"NAME": "Could you confirm your full name, please?", "PHONE": "What's the best phone number to reach you?",
           "DOB": "And your date of birth?", "CARD": "Could you read me the card number?",
           "ADDRESS": "What's the delivery address?", "MY_NUMBER": "Your My Number, please."},
}
_CALL_ANSWERS = {
    "ja": {"NAME": ["{v}です。", "はい、{v}と申します。", "えっと、{v}です。"],
           "PHONE": ["{v}です。", "電話は{v}です。"], "DOB": ["生年月日は{v}です。", "{v}生まれです。"],
           "CARD": ["カード番号は{v}です。"], "ADDRESS": ["{v}です。", "住所は{v}です。"], "MY_NUMBER": ["マイナンバーは{v}です。"]},
    "en": {"NAME": ["It's {v}.", "{v} here.", "Sure, {v}."], "PHONE": ["It's {v}.", "My number is {v}."],
           "DOB": ["I was born on {v}.", "Date of birth {v}."], "CARD": ["The card number is {v}."],
           "ADDRESS": ["It's {v}.", "Ship it to {v}."], "MY_NUMBER": ["It's {v}."]},
}
_CALL_VALUES = {
    "ja": {"NAME": ["山田花子", "山田鼻子", "佐藤健一", "鈴木翔太", "ヤマダハナコ", "高橋美咲", "林"],
           "PHONE": ["090-1234-5678", "ゼロキューゼロ、イチニーサンヨン、ゴーロクナナハチ", "03-3456-7890"],
           "DOB": ["1985年4月12日", "昭和60年3月3日", "平成2年12月1日"],
           "CARD": ["4111 1111 1111 1111", "5500-0000-0000-0004"],
           "ADDRESS": ["東京都千代田区千代田1-1", "大阪府大阪市北区梅田3丁目1番3号"], "MY_NUMBER": ["1234 5678 9018"]},
    "en": {"NAME": ["Jane Smith", "John O'Brien", "Emily Clarke"],
           "PHONE": ["(415) 555-0132", "four one five, five five five, two six seven one", "+1 415 555 0199"],
           "DOB": ["April 12, 1985", "03/04/1985"], "CARD": ["4111 1111 1111 1111", "3782 822463 10005"],
           "ADDRESS": ["221 Baker Street", "12 Main Street, Springfield"], "MY_NUMBER": ["1234 5678 9018"]},
}
_NON_PERSONAL = {"ja": ["はい。", "わかりました。ありがとうございます。", "注文した商品がまだ届きません。", "注文番号はA12345です。"],
                 "en": ["Okay, thank you.", "My order hasn't arrived.", "The order number is A12345.", "Yes, that's right."]}


def call_dialogue_scores() -> pl.DataFrame:
    """Recall/precision per type on customer turns that answer the agent's request, and the share of other
    characters masked (the non-personal text of the same calls)."""
    from transforms.redaction.dialogue import Turn, dialogue_entities

    rows, other_chars, other_masked = [], 0, 0
    for language, asks in _CALL_ASKS.items():
        for kind, ask in asks.items():
            for template in _CALL_ANSWERS[language][kind]:
                for value in _CALL_VALUES[language][kind]:
                    answer = template.format(v=value)
                    start = answer.index(value)
                    for filler in _NON_PERSONAL[language]:
                        turns = [Turn("agent", ask), Turn("customer", answer), Turn("customer", filler)]
                        found = dialogue_entities(turns)
                        rows.append({"text": answer, "entities": [{"type": kind, "start": start, "end": start + len(value)}],
                                     "predicted": [{"type": e.type, "start": e.start, "end": e.end} for e in found[1]]})
                        other_chars += len(filler) + len(answer) - len(value)
                        other_masked += sum(e.end - e.start for e in found[2])
                        other_masked += sum(max(0, min(e.end, start) - e.start) + max(0, e.end - max(e.start, start + len(value)))
                                            for e in found[1])
    scores = score_corpus(rows, predicted="predicted").filter(pl.col("gold") > 0)
    print(f"\nspoken personal data, transcript side ({len(rows)} customer answers, ja+en):")
    print(scores.select("type", "gold", "recall", "precision"))
    print(f"non-personal characters masked: {other_masked}/{other_chars} = {other_masked / other_chars:.2%}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    meets = corpus_scores()
    call_dialogue_scores()
    print("\nreal texts:", *real_text_checks(), sep="\n  ")
    throughput(args.rows)
    print(f"\nstructured-type targets met: {meets}")


if __name__ == "__main__":
    main()
