"""A failed criterion says what was expected and not found, or what was found that breaks the rule, in ja and en."""

from qa_rubrics import load_all
from transforms.qa.expectation import describe, shortfalls

RUBRICS = {r.id: r for r in load_all()}


def _criterion(rubric_id: str, criterion_id: str):  # noqa: ANN202 - a qa_rubrics Criterion
    return next(c for _, c in RUBRICS[rubric_id].criteria() if c.id == criterion_id)


def test_greeting_found_but_name_missing_names_only_the_missing_part() -> None:
    greeting = _criterion("en_call_center", "greeting")
    found = {"greeting.detector.all_of[0]"}  # "thank you for calling" was said, no name
    [missing] = shortfalls(greeting, found, "en")
    assert missing.kind == "missing"
    assert missing.text == "the agent says it as the description asks (a name, a number…) (within the first 2 turns)"
    [ja] = shortfalls(greeting, found, "ja")
    assert ja.text == "オペレーターが説明どおりの言い方（名前・番号など）をする（最初の2ターン以内）"
    assert "\\" not in missing.text + ja.text and "(this is" not in missing.text  # no regex on a reviewer's screen


def test_nothing_found_lists_every_expectation() -> None:
    greeting = _criterion("ja_call_center", "opening_greeting")
    parts = shortfalls(greeting, set(), "ja")
    assert [p.kind for p in parts] == ["missing", "missing"]
    assert parts[0].text.startswith("オペレーターが「お電話ありがとうございます」「お待たせいたしました」")


def test_a_forbidden_phrase_found_is_reported_as_breaking_the_rule() -> None:
    ng = _criterion("ja_call_center", "ng_words")
    [broken] = shortfalls(ng, {"ng_words.detector.not"}, "ja")
    assert broken.kind == "forbidden" and broken.text.startswith("オペレーターが「知りません」")  # what was said


def test_hold_said_in_the_wrong_order_is_missing_the_order() -> None:
    hold = _criterion("en_call_center", "hold_etiquette")
    [wrong] = shortfalls(hold, {"hold_etiquette.detector.first", "hold_etiquette.detector.then"}, "en")
    assert ", and after that " in wrong.text


def test_every_shipped_criterion_has_wording_and_describes_in_both_languages() -> None:
    for rubric in RUBRICS.values():
        for _, criterion in rubric.criteria():
            assert criterion.description is not None, criterion.id
            for lang in ("ja", "en"):
                assert describe(criterion.detector or criterion.points[0].when, lang)
