import polars as pl
import pytest

from transforms.text_ja import fold_text, is_japanese, normalize_expr, normalize_text


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("ｵﾏﾁｸﾀﾞｻｲ", "オマチクダサイ"),  # half-width katakana
        ("オマチクダサイ", "おまちください"),  # katakana → hiragana
        ("ＫＯＥサポート", "koeさぽーと"),  # full-width ASCII, case
        ("わたくし、田中と申します。", "私田中と申します"),  # pronoun variants and punctuation
        ("申し訳ありません", "申し訳ございません"),  # polite-form variants
        ("少々お待ち頂けますでしょうか", "少々お待ちいただけますでしょうか"),
        ("お待たせしました", "お待たせいたしました"),
        ("Thank you  for calling!", "thank you for calling"),
    ],
)
def test_variants_fold_to_the_same_form(variant: str, canonical: str) -> None:
    assert normalize_text(variant) == normalize_text(canonical)


def test_opening_and_closing_thanks_stay_distinct() -> None:
    assert normalize_text("お電話ありがとうございます") != normalize_text("お電話ありがとうございました")


def test_expr_matches_scalar_and_keeps_nulls_as_empty() -> None:
    frame = pl.DataFrame({"text": ["ﾃｽﾄ、です", None]})
    out = frame.select(normalize_expr("text")).to_series().to_list()
    assert out == [normalize_text("ﾃｽﾄ、です"), ""]


def test_fold_and_language_detection() -> None:
    assert fold_text("ＣＡＬＭ Down") == "calm down"
    assert is_japanese("ﾃｽﾄ") and is_japanese("本日") and not is_japanese("hello")
