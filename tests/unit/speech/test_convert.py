"""CTranslate2 → openai-whisper conversion on a tiny synthetic model file (the real one is tested in e2e)."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import torch
import whisper.model

from pipelines.speech.convert import convert_ct2_to_openai_whisper
from pipelines.speech.options import TranscribeOptions

STATE, MELS, VOCAB, AUDIO_CTX, TEXT_CTX = 8, 80, 12, 6, 5


def _string(value: str) -> bytes:
    data = value.encode() + b"\0"
    return struct.pack("<H", len(data)) + data


def _write_ct2(path: Path, variables: dict[str, np.ndarray]) -> None:
    dtype_ids = {np.dtype(np.float16): 4, np.dtype(np.int16): 2}
    blob = struct.pack("<I", 6) + _string("WhisperSpec") + struct.pack("<II", 3, len(variables))
    for name, array in variables.items():
        blob += _string(name) + struct.pack("<B", array.ndim) + struct.pack(f"<{array.ndim}I", *array.shape)
        blob += struct.pack("<BI", dtype_ids[array.dtype], array.nbytes) + array.tobytes()
    path.write_bytes(blob)


def _tiny_model() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    w = lambda *shape: rng.normal(size=shape).astype(np.float16)  # noqa: E731
    v = {"encoder/num_heads": np.array([2], np.int16), "decoder/num_heads": np.array([2], np.int16),
         "encoder/conv1/weight": w(STATE, MELS, 3), "encoder/conv1/bias": w(STATE),
         "encoder/conv2/weight": w(STATE, STATE, 3), "encoder/conv2/bias": w(STATE),
         "encoder/position_encodings/encodings": w(AUDIO_CTX, STATE),
         "decoder/embeddings/weight": w(VOCAB, STATE), "decoder/position_encodings/encodings": w(TEXT_CTX, STATE)}
    for stack in ("encoder", "decoder"):
        v[f"{stack}/layer_norm/gamma"], v[f"{stack}/layer_norm/beta"] = w(STATE), w(STATE)
        p = f"{stack}/layer_0"
        parts = {"self_attention/linear_0": 3 * STATE, "self_attention/linear_1": STATE, "ffn/linear_0": 4 * STATE}
        if stack == "decoder":
            parts |= {"attention/linear_0": STATE, "attention/linear_1": 2 * STATE, "attention/linear_2": STATE}
        for name, rows in parts.items():
            v[f"{p}/{name}/weight"], v[f"{p}/{name}/bias"] = w(rows, STATE), w(rows)
        v[f"{p}/ffn/linear_1/weight"], v[f"{p}/ffn/linear_1/bias"] = w(STATE, 4 * STATE), w(STATE)
        norms = ["self_attention", "ffn"] + (["attention"] if stack == "decoder" else [])
        for norm in norms:
            v[f"{p}/{norm}/layer_norm/gamma"], v[f"{p}/{norm}/layer_norm/beta"] = w(STATE), w(STATE)
    return v


def test_converted_checkpoint_loads_strictly_with_split_projections(tmp_path: Path) -> None:
    variables = _tiny_model()
    _write_ct2(tmp_path / "model.bin", variables)
    checkpoint = torch.load(convert_ct2_to_openai_whisper(tmp_path, tmp_path / "out.pt"), weights_only=False)
    dims = whisper.model.ModelDimensions(**checkpoint["dims"])
    assert (dims.n_audio_layer, dims.n_text_head, dims.n_vocab, dims.n_text_ctx) == (1, 2, VOCAB, TEXT_CTX)
    model = whisper.model.Whisper(dims)
    model.load_state_dict(checkpoint["model_state_dict"])  # strict: every tensor present, no extras
    fused = variables["decoder/layer_0/self_attention/linear_0/weight"]
    assert np.array_equal(model.decoder.blocks[0].attn.value.weight.detach().numpy(), fused[2 * STATE :])
    cross = variables["decoder/layer_0/attention/linear_1/weight"]
    assert np.array_equal(model.decoder.blocks[0].cross_attn.key.weight.detach().numpy(), cross[:STATE])


def test_options_hash_tracks_what_changes_the_words() -> None:
    base = TranscribeOptions()
    assert base.options_hash("ja") == TranscribeOptions(cpu_threads=1).options_hash("ja")
    assert base.options_hash("ja") != TranscribeOptions(beam_size=1).options_hash("ja")
    assert TranscribeOptions(engine="openai-whisper").options_hash("ja") == TranscribeOptions(
        engine="openai-whisper", compute_types=(("ja", "int8"),)).options_hash("ja")
