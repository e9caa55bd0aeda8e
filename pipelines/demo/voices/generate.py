"""Regenerate the committed English demo clips (needs the Debian package espeak-ng; the demo itself does not).

Run: ``.venv/bin/python -m pipelines.demo.voices.generate`` after editing ``EN_SENTENCES`` in pipelines/demo/audio.py.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import soundfile

from pipelines.demo.audio import EN_SENTENCES, VOICES_DIR
from pipelines.speech.audio import decode_channels

# espeak-ng voices: a US female agent, a British male customer, slightly slower than the default 175 wpm.
_VOICE = {"agent": ["-v", "en-us+f3", "-s", "160"], "customer": ["-v", "en-gb", "-s", "155", "-p", "40"]}


def generate() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for key, (role, text) in EN_SENTENCES.items():
            raw = Path(tmp) / f"{key}.wav"
            subprocess.run(["espeak-ng", *_VOICE[role], "-w", str(raw), text], check=True)
            audio = decode_channels(raw).channels[0]
            soundfile.write(VOICES_DIR / f"en_{key}.wav", audio, 16_000, subtype="PCM_16")


if __name__ == "__main__":
    generate()
