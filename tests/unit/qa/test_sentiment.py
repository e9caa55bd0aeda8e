import pytest

from transforms.sentiment import score_texts


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("本当に腹が立つ！", -1),
        ("ふざけるな", -1),  # ML-Ask alone reads this as joy; the cue list must flip it
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
