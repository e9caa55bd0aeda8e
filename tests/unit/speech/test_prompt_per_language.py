"""The decoding prompt per language (issue 18): ``KOE_DECODING_PROMPT`` names the languages whose calls Whisper decodes
with the names and rubric phrases as its initial prompt; the other languages' calls get none and keep their key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import numpy as np
import pytest

import warehouse
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.defs.transcription import call_transcripts
from pipelines.demo.audio import DemoTurn, write_demo_call
from pipelines.speech.options import TranscribeOptions, configured_options
from tests.unit.speech.fakes import add_call
from warehouse.settings import load_settings

NO_PROMPT_KEY = "451a3de8c96861d5"  # the options hash of the defaults without a prompt (beam 10; 3a2ec1a0… at beam 5)


@pytest.mark.parametrize(("value", "languages"), [
    ("ja", ("ja",)), ("ja, en", ("ja", "en")), ("EN", ("en",)), ("en,ja,en", ("en", "ja")),
    ("true", ("ja", "en")), ("1", ("ja", "en")), ("false", ()), ("off", ()), ("", ()),
])
def test_decoding_prompt_is_a_list_of_languages_or_a_switch(
        monkeypatch: pytest.MonkeyPatch, value: str, languages: tuple[str, ...]) -> None:
    monkeypatch.setenv("KOE_DECODING_PROMPT", value)
    assert load_settings().decoding_prompt == languages


@pytest.mark.parametrize(("value", "named"), [("jp", "'jp'"), ("ja,fr", "'fr'"), ("ja,true", "'true'"),
                                              ("maybe", "'maybe'")])
def test_anything_else_is_refused_naming_the_setting_and_the_value(
        monkeypatch: pytest.MonkeyPatch, value: str, named: str) -> None:
    monkeypatch.setenv("KOE_DECODING_PROMPT", value)
    with pytest.raises(ValueError, match=rf"decoding_prompt[\s\S]*{named} is not a language Koe transcribes"):
        load_settings()


def test_a_language_without_a_prompt_keeps_the_key_it_had_without_any() -> None:
    japanese_only = configured_options("faster-whisper", "base", ["Koe"], ("ja",))
    assert japanese_only.prompt("ja") and japanese_only.prompt("en") is None
    assert TranscribeOptions().options_hash("en") == TranscribeOptions().options_hash("ja") == NO_PROMPT_KEY
    assert japanese_only.options_hash("en") == japanese_only.options_hash(None) == NO_PROMPT_KEY
    assert japanese_only.options_hash("ja") != NO_PROMPT_KEY
    assert configured_options("faster-whisper", "base", ["Koe"], ()).prompts == ()


class _ListeningModel:
    """faster-whisper's WhisperModel as the engine calls it, without weights: it notes the language and initial
    prompt of every window and answers with one segment saying whether it had a prompt."""

    heard: list[tuple[str, str | None]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def encode(self, features: np.ndarray) -> np.ndarray:
        return features

    def transcribe(self, audio: np.ndarray, language: str, initial_prompt: str | None = None,
                   **kwargs: object) -> tuple[Iterator[SimpleNamespace], None]:
        self.heard.append((language, initial_prompt))
        said = SimpleNamespace(start=0.0, end=len(audio) / 16_000, text="prompted" if initial_prompt else "plain",
                               avg_logprob=-0.1, no_speech_prob=0.0, compression_ratio=1.0, words=None, tokens=[1],
                               seek=0)
        return iter([said]), None


def _run(db: Path, model: Path) -> dict:
    result = dg.materialize(
        [call_transcripts], resources={"warehouse": WarehouseResource(path=str(db)), "koe_settings": SettingsResource()},
        run_config={"ops": {"call_transcripts": {"config": {"model": str(model)}}}})
    return {k: v.value for k, v in result.asset_materializations_for_node("call_transcripts")[0].metadata.items()}


def test_an_english_call_gets_no_prompt_when_only_japanese_is_listed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Koe's real path (Dagster asset, settings, options, faster-whisper engine, warehouse), only the model stubbed."""
    monkeypatch.setattr("faster_whisper.WhisperModel", _ListeningModel)
    monkeypatch.setattr(_ListeningModel, "heard", [])
    db, model = tmp_path / "w.duckdb", tmp_path / "model"
    model.mkdir()
    write_demo_call(tmp_path / "ja.wav", [DemoTurn("agent", "en", "greeting")])
    write_demo_call(tmp_path / "en.wav", [DemoTurn("agent", "en", "refund")])
    add_call(db, "ja", tmp_path / "ja.wav")
    add_call(db, "en", tmp_path / "en.wav")
    with warehouse.connect(db) as conn:
        conn.execute("update core.interactions set language = 'ja' where interaction_id = 'i-ja'")

    monkeypatch.setenv("KOE_DECODING_PROMPT", "ja")
    assert _run(db, model)["transcribed_count"] == 2
    prompts = dict(_ListeningModel.heard)
    assert prompts["en"] is None and (prompts["ja"] or "").startswith("お電話ありがとうございます")
    keys = dict(warehouse.query(db, "select language, options_hash from core.transcriptions").iter_rows())
    assert keys["en"] == NO_PROMPT_KEY != keys["ja"]

    monkeypatch.setenv("KOE_DECODING_PROMPT", "false")  # off: the Japanese call again, without; English is current
    off = _run(db, model)
    assert (off["transcribed_count"], off["skipped_already_transcribed"]) == (1, 1)
    assert _ListeningModel.heard[2:] == [("ja", None)]

    monkeypatch.setenv("KOE_DECODING_PROMPT", "ja")  # on again: both stored transcriptions are current
    again = _run(db, model)
    assert (again["transcribed_count"], again["skipped_already_transcribed"]) == (0, 2)
    turns = dict(warehouse.query(db, "select interaction_id, text from core.messages where source = 'transcript'")
                 .iter_rows())
    assert turns == {"i-ja": "prompted", "i-en": "plain"}  # each call's turns from its current transcription
