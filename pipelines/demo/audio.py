"""Synthetic stereo call recordings for the demo and the tests: agent on one channel, customer on the other.

Japanese is synthesised on the fly with pyopenjtalk-plus (offline; the ``demo`` extra). English comes from committed espeak-ng clips
(``voices/en_<key>.wav``), so only the sentences in ``EN_SENTENCES`` exist in English.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import soundfile

from pipelines.speech.audio import resample_mono

VOICES_DIR = Path(__file__).resolve().parent / "voices"
LEAD_IN_SECONDS = 0.5  # ring-to-first-word silence
PAUSE_SECONDS = 0.6  # between turns
_JA_HALF_TONE = {"agent": 0.0, "customer": -4.0}  # a lower voice for the customer

Speaker = Literal["agent", "customer"]

# key -> (role, sentence); the clip is voices/en_<key>.wav
EN_SENTENCES: dict[str, tuple[Speaker, str]] = {
    "greeting": ("agent", "Thank you for calling Koe support. My name is Emma. How can I help you today?"),
    "ask_order": ("agent", "May I have your order number, please?"),
    "hold": ("agent", "Let me check that for you. Please hold for a moment."),
    "thanks_wait": ("agent", "Thank you for waiting."),
    "delayed": ("agent", "I can see the package was delayed at our warehouse."),
    "replacement": ("agent", "I will send a replacement today, and it should arrive on Friday."),
    "refund": ("agent", "I have issued a full refund to your card."),
    "apology": ("agent", "I am very sorry for the trouble."),
    "anything_else": ("agent", "Is there anything else I can help you with?"),
    "closing": ("agent", "Thank you for calling. Have a great day."),
    "order_late": ("customer", "Hi, my order has not arrived yet, and it is already a week late."),
    "order_number": ("customer", "Sure, the order number is four five seven two."),
    "disappointed": ("customer", "This is the second time this has happened. I am really disappointed."),
    "charged_twice": ("customer", "I was charged twice for the same order."),
    "thanks": ("customer", "That is great. Thank you so much for your help."),
    "no_thanks": ("customer", "No, that is all. Thanks."),
}


@dataclass(frozen=True)
class DemoTurn:
    role: Speaker
    language: Literal["ja", "en"]
    text: str  # Japanese: any text; English: a key or a sentence of EN_SENTENCES


def japanese_speech_available() -> bool:
    """Whether pyopenjtalk-plus (the ``demo`` extra, 137 MB) is installed to synthesise Japanese calls."""
    return importlib.util.find_spec("pyopenjtalk") is not None


def english_sentences() -> list[str]:
    """The English sentences a demo call can use (others have no committed clip)."""
    return [text for _, text in EN_SENTENCES.values()]


def _english_clip(text: str) -> tuple[np.ndarray, int]:
    key = text if text in EN_SENTENCES else next((k for k, (_, t) in EN_SENTENCES.items() if t == text), None)
    if key is None:
        raise ValueError(f"no English clip for {text!r}; available: {sorted(EN_SENTENCES)}")
    audio, rate = soundfile.read(VOICES_DIR / f"en_{key}.wav", dtype="float32")
    return audio, rate


def _speech(turn: DemoTurn, sample_rate: int) -> np.ndarray:
    if turn.language == "en":
        audio, rate = _english_clip(turn.text)
    else:
        import pyopenjtalk

        wave, rate = pyopenjtalk.tts(turn.text, half_tone=_JA_HALF_TONE[turn.role])
        audio = (wave / 32768.0).astype(np.float32)
    return resample_mono(audio, rate, sample_rate)


def write_demo_call(
    path: Path, turns: Sequence[DemoTurn], agent_channel: int = 0, sample_rate: int = 16000
) -> float:
    """Write a 16-bit stereo WAV of ``turns`` spoken in order; return its duration in seconds."""
    clips = [_speech(turn, sample_rate) for turn in turns]
    pause, cursor = int(PAUSE_SECONDS * sample_rate), int(LEAD_IN_SECONDS * sample_rate)
    total = cursor + sum(len(clip) for clip in clips) + pause * len(clips)
    stereo = np.zeros((total, 2), dtype=np.float32)
    for turn, clip in zip(turns, clips, strict=True):
        channel = agent_channel if turn.role == "agent" else 1 - agent_channel
        stereo[cursor : cursor + len(clip), channel] = clip
        cursor += len(clip) + pause
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, np.clip(stereo, -1.0, 1.0), sample_rate, subtype="PCM_16")
    return total / sample_rate
