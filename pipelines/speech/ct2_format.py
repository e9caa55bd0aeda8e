"""Read a CTranslate2 ``model.bin`` (the faster-whisper weight format) into numpy arrays.

Layout (little-endian): uint32 version, string spec name, uint32 spec revision, uint32 variable count, then per
variable a name string, uint8 rank, rank x uint32 dims, uint8 dtype, uint32 byte count and the raw data. Strings are
a uint16 length followed by NUL-padded bytes. See docs/transcription.md.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

import numpy as np

# CTranslate2 DataType enum values that occur in Whisper models.
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def _read(stream: BinaryIO, fmt: str) -> tuple:
    size = struct.calcsize(fmt)
    return struct.unpack(fmt, stream.read(size))


def _read_string(stream: BinaryIO) -> str:
    (length,) = _read(stream, "<H")
    return stream.read(length).rstrip(b"\0").decode("utf-8")


def read_ct2_variables(model_bin: Path) -> dict[str, np.ndarray]:
    """Every variable of a CTranslate2 model file, by name (float16 weights stay float16)."""
    variables: dict[str, np.ndarray] = {}
    with open(model_bin, "rb") as stream:
        (version,) = _read(stream, "<I")
        if version < 5:
            raise ValueError(f"{model_bin}: unsupported CTranslate2 model version {version}")
        _read_string(stream)  # spec name, e.g. WhisperSpec
        _read(stream, "<I")  # spec revision
        (count,) = _read(stream, "<I")
        for _ in range(count):
            name = _read_string(stream)
            (rank,) = _read(stream, "<B")
            dims = _read(stream, f"<{rank}I") if rank else ()
            (dtype_id,) = _read(stream, "<B")
            (num_bytes,) = _read(stream, "<I")
            data = np.frombuffer(stream.read(num_bytes), dtype=_DTYPES[dtype_id])
            variables[name] = data.reshape(dims) if dims else data
    return variables
