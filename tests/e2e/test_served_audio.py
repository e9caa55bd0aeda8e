"""The audio the dashboard serves is the masked one (issue 13): in the demo's Japanese identity-check call the
customer's name and birth date are silent, the rest of the call is as recorded. Reads the session's demo run."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import soundfile

import warehouse
from dashboards.app import create_app
from tests.e2e.dashboard_client import add_users, sign_in

pytestmark = pytest.mark.e2e
FRAME = 0.02  # seconds per RMS frame


def _blocks(channel: np.ndarray, rate: int, gap: float) -> list[tuple[float, float]]:
    """Voiced stretches of one channel (RMS over 20 ms frames), joining pauses shorter than ``gap`` seconds."""
    size = int(FRAME * rate)
    frames = channel[: len(channel) // size * size].reshape(-1, size)
    voiced = np.sqrt((frames**2).mean(axis=1)) > 0.01
    blocks: list[tuple[float, float]] = []
    for i in np.flatnonzero(voiced):
        start, end = i * FRAME, (i + 1) * FRAME
        if blocks and start - blocks[-1][1] < gap:
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    return blocks


def _rms(channel: np.ndarray, rate: int, start: float, end: float) -> float:
    return float(np.sqrt(np.mean(channel[int(start * rate) : int(end * rate)] ** 2)))


def _part(block: tuple[float, float], lo: float, hi: float) -> tuple[float, float]:
    return block[0] + (block[1] - block[0]) * lo, block[0] + (block[1] - block[0]) * hi


@pytest.fixture(scope="module")
def call(demo_with_pii: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The recorded Japanese call: original from the landing folder, served audio over HTTP as a manager."""
    recording = warehouse.query(demo_with_pii, "select interaction_id, path, agent_channel from core.recordings"
                                " where status = 'transcribed'").row(0, named=True)
    app_db = tmp_path_factory.mktemp("served_audio") / "app.sqlite"
    add_users(app_db)
    client = create_app(demo_with_pii, app_db=app_db).server.test_client()
    sign_in(client, "mika")
    response = client.get(f"/recordings/{recording['interaction_id']}")
    original, rate = soundfile.read(recording["path"])
    served, served_rate = soundfile.read(io.BytesIO(response.data)) if response.status_code == 200 else (None, 0)
    customer = 1 - (recording["agent_channel"] or 0)
    return {"response": response, "original": original, "served": served, "rate": rate, "served_rate": served_rate,
            "agent": 1 - customer, "customer": customer}


def test_the_served_audio_is_a_masked_wav_of_the_whole_call(call: dict) -> None:
    assert call["response"].status_code == 200 and call["response"].mimetype == "audio/wav"
    assert call["served_rate"] == call["rate"] and call["served"].shape == call["original"].shape


def test_the_customers_name_and_birth_date_are_silent_and_the_rest_audible(call: dict) -> None:
    rate, customer, agent = call["rate"], call["customer"], call["agent"]
    original, served = call["original"][:, customer], call["served"][:, customer]
    # customer turns are seconds apart (the agent speaks between them); the pause between two sentences is < 1 s
    turns = _blocks(original, rate, gap=1.5)  # complaint, 「山田花子です。生年月日は1985年4月12日です。」, わかりました…
    assert len(turns) == 3, turns
    sentences = _blocks(original[int(turns[1][0] * rate) : int(turns[1][1] * rate)], rate, gap=0.3)
    assert len(sentences) == 2, sentences  # 「山田花子です。」 and 「生年月日は1985年4月12日です。」
    offset = turns[1][0]
    name = _part((offset + sentences[0][0], offset + sentences[0][1]), 0.1, 0.6)  # 山田花子 (です is the last fifth)
    birth_date = _part((offset + sentences[1][0], offset + sentences[1][1]), 0.4, 0.85)  # after 生年月日は, before です
    for what, (start, end) in {"name": name, "birth date": birth_date}.items():
        assert _rms(original, rate, start, end) > 0.03, what  # spoken in the recording ...
        assert _rms(served, rate, start, end) < 0.001, what  # ... silent in what is served
    complaint = turns[0]
    assert _rms(served, rate, *complaint) == pytest.approx(_rms(original, rate, *complaint), rel=0.05)
    everything = (0.0, len(original) / rate)
    assert _rms(call["served"][:, agent], rate, *everything) == pytest.approx(
        _rms(call["original"][:, agent], rate, *everything), rel=0.05)
