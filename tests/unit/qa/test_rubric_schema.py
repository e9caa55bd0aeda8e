from pathlib import Path

import pytest

from qa_rubrics import RubricError, load_all, load_rubric, rubric_folder, schema_json

GOOD = """
id: tiny
version: 1
label: {ja: 小, en: Tiny}
languages: [ja]
channels: [phone]
sections:
  - id: s
    label: {ja: 節, en: Section}
    weight: 10
    criteria:
      - id: c
        label: {ja: 項目, en: Item}
        weight: 1
        detector:
          all_of:
            - {type: phrase, phrases: [こんにちは]}
            - not: {type: regex, pattern: "x"}
"""


def test_schema_json_matches_the_models() -> None:
    assert (rubric_folder() / "schema.json").read_text(encoding="utf-8") == schema_json(), (
        "qa_rubrics/schema.json drifted: regenerate with "
        "python -c 'from qa_rubrics import schema_json; open(\"qa_rubrics/schema.json\",\"w\").write(schema_json())'"
    )


def test_shipped_rubrics_load() -> None:
    ids = [r.id for r in load_all()]
    assert ids == ["customer_harassment", "email_chat", "en_call_center", "ja_call_center", "outbound_call"]


@pytest.mark.parametrize(
    ("old", "new", "yaml_path", "reason"),
    [
        ("phrases: [こんにちは]", "phrases: []", "sections[0].criteria[0].detector.all_of[0].phrases", "at least 1"),
        ('pattern: "x"', 'pattern: "x", speaker: boss', "sections[0].criteria[0].detector.all_of[1].not.speaker", "agent"),
        ("weight: 10", "weight: -1", "sections[0].weight", "greater than 0"),
        ("type: phrase,", "type: phrasal,", "sections[0].criteria[0].detector.all_of[0]", "phrasal"),
        ("        weight: 1\n", "        weight: 1\n        scale: three_point\n", "sections[0].criteria[0]", "points"),
    ],
)
def test_bad_rubric_names_file_path_and_reason(tmp_path: Path, old: str, new: str, yaml_path: str, reason: str) -> None:
    bad = tmp_path / "bad.yaml"
    assert old in GOOD
    bad.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load_rubric(bad)
    assert info.value.file == str(bad)
    assert info.value.yaml_path == yaml_path
    assert reason in info.value.reason


def test_good_rubric_and_broken_yaml(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    assert load_rubric(good).effective_weights() == {"c": 10.0}
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(RubricError, match="cannot read YAML"):
        load_rubric(broken)
