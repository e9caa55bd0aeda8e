"""Decode call recordings with PyAV (no ``ffmpeg`` program) into 16 kHz float32 arrays, one per channel."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

SAMPLE_RATE = 16_000  # what Whisper's feature extractor expects


class AudioError(ValueError):
    """The file is not usable audio (corrupt, empty, not audio); the message is the quarantine reason."""


@dataclass(frozen=True)
class DecodedAudio:
    channels: np.ndarray  # shape (n_channels, n_samples), float32 in [-1, 1], 16 kHz
    source_sample_rate: int

    @property
    def duration_seconds(self) -> float:
        return self.channels.shape[1] / SAMPLE_RATE

    def mono(self) -> np.ndarray:
        """All channels mixed down (for language detection on a stereo call)."""
        return self.channels.mean(axis=0).astype(np.float32)


def file_sha256(path: Path) -> str:
    """Content hash: the key that makes transcription idempotent across renames and re-deliveries."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode_channels(path: Path) -> DecodedAudio:
    """Every channel of the first audio stream, resampled to 16 kHz; raises ``AudioError`` with a reason."""
    if not path.exists():
        raise AudioError("file not found")
    if path.stat().st_size == 0:
        raise AudioError("empty file (0 bytes)")
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise AudioError("no audio stream")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="fltp", layout=stream.layout.name, rate=SAMPLE_RATE)
            blocks = [out.to_ndarray() for frame in container.decode(stream) for out in resampler.resample(frame)]
            blocks += [out.to_ndarray() for out in resampler.resample(None)]
            source_rate = stream.sample_rate
    except (av.error.FFmpegError, UnicodeDecodeError) as error:
        raise AudioError(f"not decodable as audio: {error.__class__.__name__}: {error}") from error
    if not blocks or sum(block.shape[1] for block in blocks) == 0:
        raise AudioError("no audio samples")
    return DecodedAudio(channels=np.concatenate(blocks, axis=1).astype(np.float32), source_sample_rate=source_rate)


def resample_mono(samples: np.ndarray, source_rate: int, target_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Resample a float mono array with FFmpeg's resampler (through PyAV)."""
    if source_rate == target_rate:
        return samples.astype(np.float32)
    frame = av.AudioFrame.from_ndarray(samples.astype(np.float32)[np.newaxis, :], format="fltp", layout="mono")
    frame.sample_rate = source_rate
    resampler = av.AudioResampler(format="fltp", layout="mono", rate=target_rate)
    blocks = [out.to_ndarray() for out in resampler.resample(frame)] + [o.to_ndarray() for o in resampler.resample(None)]
    return np.concatenate(blocks, axis=1)[0]
