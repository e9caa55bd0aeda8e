import numpy as np
import polars as pl
import pytest

from transforms.sentiment import DATA, SEED_PATH, classify_texts, encode, fit_model, load_model, score_texts


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("本当に腹が立つ！", -1),
        ("ふざけるな", -1),  # ML-Ask reads this as joy; the ABUSE list must flip it
        ("注文した商品がまだ届かない", -1),
        ("ありがとうございます、助かりました", 1),
        ("請求書を送ってください", 0),
        ("ﾌｻﾞｹﾙﾅ!", -1),  # half-width katakana
        ("this is ridiculous, I want your manager", -1),
        ("I'll sue you", -1),
        ("My order has not arrived", -1),
        ("Thanks, that was really helpful", 1),
    ],
)
def test_sign_on_contact_center_utterances(text: str, sign: int) -> None:
    (score,) = score_texts([text])
    assert -1.0 <= score <= 1.0
    if sign == 0:
        assert abs(score) < 0.2
    else:
        assert score * sign > 0.2


def test_keeps_order_length_and_handles_empty() -> None:
    texts = ["最悪です", "", None, "great, thank you", "ありがとう"]
    scores = score_texts(texts)  # type: ignore[arg-type]
    assert len(scores) == 5
    assert scores[1] == scores[2] == 0.0
    assert scores[0] < 0 < scores[3] and scores[4] > 0


def test_an_encoding_passed_in_gives_the_same_labels_and_scores() -> None:
    """benchmarks/sentiment.py encodes the held-out rows once and reads them with several models."""
    texts = ["", "シャワーのお湯が出なくて最悪でした", "  ", "ふざけるな", "The agent fixed it in two minutes, great job"]
    encoded = encode(["シャワーのお湯が出なくて最悪でした", "ふざけるな", "The agent fixed it in two minutes, great job"])
    assert classify_texts(texts, encoded=encoded).to_dicts() == classify_texts(texts).to_dicts()


def test_labels_ja_and_en_from_the_shipped_model() -> None:
    texts = ["部屋が広くてスタッフも親切でした", "チェックアウトは11時です", "シャワーのお湯が出なくて最悪でした",
             "The agent fixed it in two minutes, great job", "I need to update my billing address",
             "Nobody called me back and my card is still blocked"]  # fmt: skip
    assert classify_texts(texts)["label"].to_list() == ["positive", "neutral", "negative"] * 2


def test_shipped_weights_are_what_the_seed_sentences_give() -> None:
    """The weights in the repository come from the seed sentences written for Koe (licence: the project's own)."""
    seed = pl.read_csv(SEED_PATH, separator="\t", quote_char=None)
    refit = fit_model(encode(seed["text"].to_list()), seed["label"].to_list())
    shipped = load_model()
    assert np.allclose(refit.coef, shipped.coef, atol=1e-4) and np.allclose(refit.intercept, shipped.intercept, atol=1e-4)
    for language in ("ja", "en"):  # e5's per-language centring means come from the same sentences
        assert np.allclose(refit.e5_means[language], shipped.e5_means[language], atol=1e-5)


def test_contact_center_sentences_it_was_not_trained_on_are_labelled_right() -> None:
    """178 customer turns and survey comments written for Koe in the contact-center register (not in the training
    sentences; written by the same hand, so an optimistic check, not the held-out measurement): the USE-only model
    before e5 got 0.93 (ja) / 0.88 (en) of them right, this one 0.96 / 0.96."""
    check = pl.read_csv(DATA / "contact_center_check.tsv", separator="\t", quote_char=None)
    labelled = check.with_columns(predicted=classify_texts(check["text"].to_list())["label"])
    for language in ("ja", "en"):
        rows = labelled.filter(pl.col("language") == language)
        assert (rows["label"] == rows["predicted"]).mean() >= 0.94, language


def test_cli_scores_every_row_of_a_cp932_file(tmp_path) -> None:
    from typer.testing import CliRunner

    from pipelines.cli.main import app

    source = tmp_path / "comments.csv"
    source.write_bytes("id,comment\r\nA1,スタッフがとても親切でした\r\nA2,二度と利用しません。最悪です\r\nA3,\r\n".encode("cp932"))
    out = tmp_path / "scored.csv"
    result = CliRunner().invoke(app, ["sentiment", "--input", str(source), "--text-column", "comment", "--id-column", "id", "--out", str(out)])
    assert result.exit_code == 0, result.output
    scored = pl.read_csv(out)
    assert scored["id"].to_list() == ["A1", "A2", "A3"]
    assert scored["sentiment"].to_list() == ["positive", "negative", "neutral"]
    assert scored["score"][0] > 0.2 > -0.2 > scored["score"][1] and scored["score"][2] == 0.0
