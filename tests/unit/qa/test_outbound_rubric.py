"""The outbound rubric finds the disclosures of 特定商取引法 第16条 (and the US Telemarketing Sales Rule's) in Japanese
and English calls, fails a call that solicits without saying so, and scores only outbound calls."""

import polars as pl
import pytest

from qa_rubrics import load_all
from transforms.qa.scoring import score_interactions

CALLS = {
    "ja_ok": ("ja", "outbound", ["お世話になっております。株式会社Koeの佐藤と申します。", "本日は定期便のご案内のお電話をさせていただきました。",
                                 "定期便の新しいプランについてご説明してもよろしいでしょうか。", "お忙しいところありがとうございました。"]),
    "ja_no_purpose": ("ja", "outbound", ["お世話になっております。株式会社Koeの佐藤と申します。",
                                         "定期便の新しいプランについてご説明してもよろしいでしょうか。", "ありがとうございました。"]),
    "en_ok": ("en", "outbound", ["Hello, this is Mary from Koe Mart.", "I'm calling to offer you our new delivery plan.",
                                 "Our premium plan includes free shipping.", "Thank you for your time."]),
    "en_no_name": ("en", "outbound", ["Hello there.", "I'm calling to offer you our new delivery plan.",
                                      "Thank you for your time."]),
    "ja_inbound": ("ja", "inbound", ["お電話ありがとうございます。"]),
}


def _score() -> pl.DataFrame:
    interactions = pl.DataFrame([{"interaction_id": k, "channel": "phone", "language": lang, "direction": direction,
                                  "hold_seconds": 0.0, "talk_seconds": 60.0, "transfers": 0}
                                 for k, (lang, direction, _) in CALLS.items()])
    messages = pl.DataFrame([{"message_id": f"{k}-{n}", "interaction_id": k, "seq": n, "role": "agent", "text": text,
                              "sent_at": None, "offset_seconds": float(n * 5), "end_offset_seconds": float(n * 5 + 4),
                              "language": lang, "source": "transcript"}
                             for k, (lang, _, turns) in CALLS.items() for n, text in enumerate(turns, start=1)],
                            schema_overrides={"sent_at": pl.Datetime("us")})
    rubric = [r for r in load_all() if r.id == "outbound_call"]
    return score_interactions(rubric, interactions, messages).scores


def test_disclosures_ja_en() -> None:
    scores = {row["interaction_id"]: row for row in _score().iter_rows(named=True)}
    assert scores["ja_ok"]["score"] == pytest.approx(100.0) and not scores["ja_ok"]["critical_failed"]
    assert scores["en_ok"]["score"] == pytest.approx(100.0) and not scores["en_ok"]["critical_failed"]
    assert scores["ja_no_purpose"]["critical_failed"]  # 勧誘目的であることの告知 missing
    assert scores["en_no_name"]["critical_failed"]  # the seller's identity missing
    assert "ja_inbound" not in scores  # directions: [outbound]
