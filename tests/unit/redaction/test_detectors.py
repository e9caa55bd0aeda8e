"""Table tests per entity type: what must be masked, and near-misses that must stay."""

from __future__ import annotations

import pytest

from transforms.redaction import find_entities, redact_text

MASKED = [
    ("電話は090-1234-5678です", "電話は[PHONE]です"),
    ("ＴＥＬ：０３－１２３４－５６７８", "ＴＥＬ：[PHONE]"),
    ("連絡先 +81-90-1234-5678", "連絡先 [PHONE]"),
    ("call +1 415-555-2671 today", "call [PHONE] today"),
    ("office +44 20 7946 0958", "office [PHONE]"),
    ("番号はゼロキューゼロのイチニーサンヨンのゴーロクナナハチにお願いします", "番号は[PHONE]にお願いします"),
    ("it's four one five, five five five, two six seven one", "it's [PHONE]"),
    ("mail taro.yamada@example.co.jp now", "mail [EMAIL] now"),
    ("my email is john dot smith at example dot com", "my email is [EMAIL]"),
    ("card 4111 1111 1111 1111 exp 12/27", "card [CARD] exp 12/27"),
    ("Amex 3782 822463 10005", "Amex [CARD]"),
    ("マイナンバーは1234 5678 9018です", "マイナンバーは[MY_NUMBER]です"),
    ("口座番号は1234567です", "口座番号は[BANK_ACCOUNT]です"),
    ("IBAN GB82 WEST 1234 5698 7654 32", "IBAN [BANK_ACCOUNT]"),
    ("〒100-0001 東京都千代田区千代田1-1", "〒[POSTAL_CODE] [ADDRESS]"),
    ("住所は大阪府大阪市北区梅田3丁目1番3号です", "住所は[ADDRESS]です"),
    ("ship to 221 Baker Street please", "ship to [ADDRESS] please"),
    ("生年月日は昭和60年3月3日です", "生年月日は[DOB]です"),
    ("DOB: 03/04/1985", "DOB: [DOB]"),
    ("お客様の田中様", "お客様の[NAME]様"),
    ("担当の山田と申します", "担当の[NAME]と申します"),
    ("my name is John Smith.", "my name is [NAME]."),
    ("Thanks, Ms. O'Brien", "Thanks, Ms. [NAME]"),
]

NEAR_MISSES = [
    "注文番号 1234567890 の件です",
    "お問い合わせ番号 0312345678 です",
    "チケット T-000123 を確認しました",
    "10:30に折り返します",
    "価格は12,800円です",
    "2024年3月15日に発送しました",
    "It was delivered on March 3, 2024.",
    "reference 4111111111111112 for your return",
    "伝票番号123456789012で発送しました",
    "order #4821-5567 has shipped",
    "お客様各位",
    "皆さんこんにちは",
    "This is great service",
    "5678にご連絡ください",
    "I'm calling about order 55512",
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_masks_personal_data(text: str, expected: str) -> None:
    assert redact_text(text) == expected


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_leaves_near_misses_alone(text: str) -> None:
    assert find_entities(text) == []


def test_entity_spans_index_the_original_text() -> None:
    text = "ＴＥＬはゼロキューゼロ、イチニーサンヨン、ゴーロクナナハチ、メールはａ＠ｅｘａｍｐｌｅ．ｊｐ"
    entities = find_entities(text)
    assert [(e.type, text[e.start : e.end]) for e in entities] == [
        ("PHONE", "ゼロキューゼロ、イチニーサンヨン、ゴーロクナナハチ"),
        ("EMAIL", "ａ＠ｅｘａｍｐｌｅ．ｊｐ"),
    ]
    assert all(e.text == text[e.start : e.end] for e in entities)


def test_card_beats_phone_shaped_fragment_and_account_beats_phone() -> None:
    assert [e.type for e in find_entities("4111-1111-1111-1111")] == ["CARD"]
    assert [e.type for e in find_entities("account number 2125550134")] == ["BANK_ACCOUNT"]


def test_checksums_decide() -> None:
    assert find_entities("個人番号 1234 5678 9018")[0].type == "MY_NUMBER"
    assert find_entities("個人番号 1234 5678 9017") == []
