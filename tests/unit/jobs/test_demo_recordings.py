"""Which demo calls get a recording: half Japanese with speech synthesis (the `demo` extra), all English without."""

from pipelines.demo.contact_center import DemoConfig, build_demo
from pipelines.demo.recordings import pick_recorded_calls


def test_recorded_calls_are_english_only_without_japanese_speech() -> None:
    interactions = build_demo(DemoConfig(days=7)).frames()["interactions"]
    mixed = pick_recorded_calls(interactions, 6)
    english = pick_recorded_calls(interactions, 6, japanese=False)
    assert mixed["language"].value_counts(sort=True).sort("language").rows() == [("en", 3), ("ja", 3)]
    assert english.height == 6 and set(english["language"]) == {"en"}
