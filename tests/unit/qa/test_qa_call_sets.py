"""The held-out script sets of benchmarks/qa_calls.py get, on their own text, the verdict each call intends for every
criterion: a pass variant the shipped rubric does not pass, or a fail variant it passes or finds N/A, would make the
benchmark's agreement measure the script instead of the transcription. Scored as qa_calls scores a script (its
``verdicts``), without audio or Whisper: each turn is timed by a slow speaking rate, so the rubric's time limits (the
greeting within 30 s, the recording notice within 60 s) are met with room to spare on the real synthesized calls.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from qa_calls import HOLD_SECONDS, PAUSE_SECONDS, VOICES, Call, make_calls, verdicts  # noqa: E402

# slower than the synthesized voices speak (pyopenjtalk about 7 characters a second at speed 1, espeak-ng at its words
# per minute), so the turns here start later than in the audio
JA_SECONDS_PER_CHARACTER = 0.2
EN_WORDS_PER_SECOND_AT_WPM = 1 / 60 * 0.8


def script_messages(call: Call) -> list[dict]:
    """The call's turns as timed messages (what ``qa_calls.write_call`` returns, timed without synthesizing)."""
    voice, cursor, messages = VOICES[(call.language, call.script_set)], 0.5, []
    for role, text, hold in call.turns:
        if call.language == "ja":
            seconds = len(text) * JA_SECONDS_PER_CHARACTER / voice.speed
        else:
            seconds = len(text.split()) / (voice.speed * EN_WORDS_PER_SECOND_AT_WPM)
        messages.append({"role": role, "text": text, "at": cursor, "end": cursor + seconds})
        cursor += seconds + PAUSE_SECONDS + HOLD_SECONDS * hold
    return messages


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("script_set", ["held-out-4", "held-out-5"])
def test_every_call_of_a_held_out_set_gets_its_intended_verdicts_on_its_script(language: str, script_set: str) -> None:
    # call 0 passes every criterion, call 1 fails every one, the rest mix them (a phrase said in another criterion's
    # line must not pass a criterion whose fail variant was drawn)
    calls = make_calls(language, script_set, 6)
    wrong: dict[tuple[str, str], tuple[str, str | None, str | None]] = {}
    for call in calls:
        found, evidence = verdicts(call, script_messages(call))
        wrong |= {(call.call_id, criterion): (intended, found.get(criterion), evidence.get(criterion))
                  for criterion, intended in call.verdicts.items() if found.get(criterion) != intended}
    assert not wrong, wrong
