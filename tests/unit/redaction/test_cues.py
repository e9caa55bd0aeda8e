"""The cue screen (transforms.redaction.cues): a frame runs only the detectors whose cues a text holds, and the masks
are exactly those of the full path (every detector on every text)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.redaction import redact_frame, redact_text
from transforms.redaction.cues import EVERY_CUE, SPOKEN, cue_names, cues_held, may_contain_pii, may_hold_pii
from transforms.redaction.detect import DETECTORS
from transforms.redaction.dialogue import redact_turn
from transforms.redaction.frame import DialogueColumns
from transforms.redaction.text_view import fold_width, spoken_digit_view

CORPUS = Path(__file__).resolve().parents[2] / "data" / "redaction" / "corpus.jsonl"

# Every type the detectors know, Japanese and English, written and read out, in the spellings the folding and the
# regex engines could disagree on (full-width, dash look-alikes, ー between digits, U+001C, dotted İ, K).
VARIED = [
    "電話は090-1234-5678です", "０９０ー１２３４ー５６７８にお願いします", "携帯090ｰ1234ｰ5678", "090\x1c1234\x1c5678",
    "call (415) 555-0132 please", "+44 20 7946 0958", "電話はゼロキューゼロ、イチニーサンヨン、ゴーロクナナハチです",
    "four one five, five five five, two six seven one", "it's oh nine oh double one two three four five six seven",
    "mail taro.yamada@example.co.jp", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "taro dot yamada at example dot co dot jp",
    "taro アットマーク example ドット com", "TARO AT EXAMPLE DOT COM", "taro at example どっと com",
    "カードは4111 1111 1111 1111です", "card 5500-0000-0000-0004", "3782 822463 10005", "４１１１１１１１１１１１１１１１",
    "マイナンバーは1234 5678 9018", "my number 123456789018", "口座は普通 1234567 です", "account no. 12345678",
    "ACCOUNT 9876543", "ａｃｃｏｕｎｔ 1234567", "IBAN DE89 3704 0044 0532 0130 00", "〒100-0001 東京都千代田区千代田1-1",
    "郵便番号1000001", "123ー4567", "zip 94105", "Springfield, IL 62704", "東京都千代田区千代田1丁目2番3号 メゾン101号室",
    "大阪市北区梅田3丁目1番3号", "221 Baker Street, London", "12 Main Street, Springfield.", "生年月日は1985年4月12日です",
    "誕生日：昭和60年3月3日", "S60.3.3生まれ", "DOB 03/04/1985", "born on March 3, 1985", "Date of birth 12th of May, 1990",
    "山田様からのお問い合わせ", "田中さんに電話", "山田太郎と申します", "お名前は佐藤花子", "センターの佐藤でございます",
    "本日は鈴木が承りました", "Mr. John Smith called", "my name is Jane Smith", "This is Emily Clark from support",
    "THİS İS Jane Smith speaking", "You're speaking with Kevin Brown", "account holder is Mary Jones",
    "注文番号は#123です", "注文した商品がまだ届きません（order・商品・解約）#12345", "I was charged twice (refund·login·late) #999999",
    "The item arrived broken（account・account・delivery）#123456", "お客様、ご苦労様です", "仲居さん", "よろしくお願いします",
    "3,000円の返金", "2025/01/03 10:00に連絡", "order 1234567 shipped", "at home", "that's what it is.",
    "にごいち", "三丁目", "五十年", "元年", "①at example dot com", "ca\u0301t at example dot com", "Kelvin at example dot com",
]


def _corpus() -> list[str]:
    return [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def test_screened_frame_masks_exactly_as_the_full_path() -> None:
    """Corpus and varied texts, with and without speakers: the frame (cue screen, only cued detectors) gives the same
    text as every detector on every text."""
    texts = VARIED + _corpus()
    masked = redact_frame(pl.DataFrame({"text": texts}), ["text"])["text"].to_list()
    assert masked == [redact_text(t) for t in texts]
    roles = ["agent", "customer"] * (len(texts) // 2) + ["agent"] * (len(texts) % 2)
    turns = pl.DataFrame({"text": texts, "role": roles})
    by_role = redact_frame(turns, ["text"], DialogueColumns(conversation="none"))["text"].to_list()
    assert by_role == [redact_turn(t, r, cued=EVERY_CUE) for t, r in zip(texts, roles, strict=True)]
    assert sum(m != t for m, t in zip(masked, texts, strict=True)) > 400  # the texts do hold what is masked


def _detector_finds(text: str) -> set[str]:
    folded = fold_width(text)
    found = {kind for kind, detect in DETECTORS.items() if detect(folded)}
    return found | ({SPOKEN} if spoken_digit_view(folded) is not None else set())


def _cues(texts: list[str]) -> dict[str, frozenset[str]]:
    held = cues_held(pl.Series(texts))
    return {text: cue_names(code) for text, code in held.iter_rows()}


def test_each_detector_finds_nothing_without_its_cue() -> None:
    texts = VARIED + _corpus()
    cues = _cues(texts)
    for text in texts:
        assert _detector_finds(text) <= cues.get(text, frozenset()), text


# Pieces of every kind of personal data, their context words and the characters the screen must handle alike.
PIECES = [
    "090", "-", "1234", "5678", "12", "3", " ", "、", "・", "(", ")", "ー", "－", "ｰ", "‐", "\x1c", "\u3000", "０９", "#",
    "@", "＠", "example", ".", "com", " at ", " dot ", "ドット", "アット", "jp", "co",
    "4111", "1111", "5500", "0004", "9018", "口座", "普通", "account", "ACCT", "DE89", "3704", "0044", "0532",
    "〒", "郵便番号", "zip ", "94105", ", CA ", "東京都", "千代田区", "大阪市", "北区", "丁目", "番", "号", "の", "1-1",
    "221 ", "Baker ", "Main ", "Street", "St", "生年月日", "は", "年", "月", "日", "生まれ", "昭和", "born on ",
    "March ", "1985", "/", "DOB ", "様", "さん", "山田", "花子", "と申します", "お名前", "センターの", "でございます",
    "が承りました", "Mr. ", "My name is ", "this is ", "THİS İS ", " from", "Jane", " Smith", "ゼロ", "キュー", "イチ",
    "ニー", "に", "four", "one", "five", "oh", "double ", "nine", "三", "一", "K", "ı", "①", "\u0301",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_cues_hold_wherever_a_detector_finds(text: str) -> None:
    held = _cues([text]).get(text, frozenset())
    found = _detector_finds(text)
    assert found <= held
    assert may_hold_pii(text) or not found  # the same screen in Python, for single texts
    assert held or redact_text(text) == text


def test_forms_the_written_cue_list_let_through_are_masked() -> None:
    """The frame's earlier prefilter (a hand-written cue list read on the raw text) passed these texts as clean,
    though the detectors find something in each: full-width letters, どっと, a dotted capital İ."""
    texts = ["ｍｙ ｎａｍｅ ｉｓ Ｊａｎｅ Ｓｍｉｔｈ", "ｔａｒｏ ａｔ ｅｘａｍｐｌｅ ｄｏｔ ｃｏｍ", "taro at example どっと com",
             "THİS İS Jane Smith speaking"]
    masked = redact_frame(pl.DataFrame({"text": texts}), ["text"])["text"].to_list()
    assert masked == ["ｍｙ ｎａｍｅ ｉｓ [NAME]", "[EMAIL]", "[EMAIL]", "THİS İS [NAME] speaking"]


def test_distinct_ticket_subjects_hold_no_cue() -> None:
    """Ticket subjects that differ only by a short ticket number (benchmarks/ingest.py's distinct file) reach no
    detector: a digit alone is no cue (it used to send every such text through every detector)."""
    subjects = pl.DataFrame({"text": ["注文した商品がまだ届きません（order・商品・解約）#12345",
                                      "I was charged twice（refund・login・late）#999999", "ログインできません（返品・配送・注文）#7"]})
    assert not subjects.select(may_contain_pii("text").any()).item()
