"""Convert CTranslate2 Whisper weights into an openai-whisper checkpoint (``{"dims", "model_state_dict"}``).

No PyPI package carries openai-whisper's ``.pt`` files, but the float16 CTranslate2 weights hold exactly the same
tensors under other names (q/k/v fused, cross-attention key/value fused, output projection tied to the embedding).
"""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch

from pipelines.speech.ct2_format import read_ct2_variables

# Per-block renames: CTranslate2 suffix -> openai-whisper suffix (layer norms use gamma/beta there).
_NORMS = {"self_attention/layer_norm": "attn_ln", "attention/layer_norm": "cross_attn_ln", "ffn/layer_norm": "mlp_ln"}
_LINEARS = {"self_attention/linear_1": "attn.out", "attention/linear_0": "cross_attn.query",
            "attention/linear_2": "cross_attn.out", "ffn/linear_0": "mlp.0", "ffn/linear_1": "mlp.2"}


def _layer_count(variables: dict[str, np.ndarray], stack: str) -> int:
    pattern = re.compile(rf"^{stack}/layer_(\d+)/")
    return 1 + max(int(m.group(1)) for name in variables if (m := pattern.match(name)))


def whisper_dims(variables: dict[str, np.ndarray]) -> dict[str, int]:
    """openai-whisper ``ModelDimensions`` fields read off the tensor shapes."""
    embeddings = variables["decoder/embeddings/weight"]
    return {
        "n_mels": int(variables["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(variables["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(variables["encoder/conv1/weight"].shape[0]),
        "n_audio_head": int(variables["encoder/num_heads"][0]),
        "n_audio_layer": _layer_count(variables, "encoder"),
        "n_vocab": int(embeddings.shape[0]),
        "n_text_ctx": int(variables["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(embeddings.shape[1]),
        "n_text_head": int(variables["decoder/num_heads"][0]),
        "n_text_layer": _layer_count(variables, "decoder"),
    }


def _block_state(variables: dict[str, np.ndarray], src: str, dst: str) -> dict[str, np.ndarray]:
    """One transformer block: split the fused projections, rename the rest."""
    state: dict[str, np.ndarray] = {}
    qkv_w, qkv_b = variables[f"{src}/self_attention/linear_0/weight"], variables[f"{src}/self_attention/linear_0/bias"]
    for part, w, b in zip(("query", "key", "value"), np.split(qkv_w, 3), np.split(qkv_b, 3), strict=True):
        state[f"{dst}.attn.{part}.weight"] = w
        if part != "key":  # Whisper's key projection has no bias; CTranslate2 stores zeros there
            state[f"{dst}.attn.{part}.bias"] = b
    if f"{src}/attention/linear_1/weight" in variables:
        kv_w, kv_b = variables[f"{src}/attention/linear_1/weight"], variables[f"{src}/attention/linear_1/bias"]
        (k_w, v_w), (_, v_b) = np.split(kv_w, 2), np.split(kv_b, 2)
        state.update({f"{dst}.cross_attn.key.weight": k_w, f"{dst}.cross_attn.value.weight": v_w,
                      f"{dst}.cross_attn.value.bias": v_b})
    for ct2, ow in _NORMS.items():
        if f"{src}/{ct2}/gamma" in variables:
            state[f"{dst}.{ow}.weight"] = variables[f"{src}/{ct2}/gamma"]
            state[f"{dst}.{ow}.bias"] = variables[f"{src}/{ct2}/beta"]
    for ct2, ow in _LINEARS.items():
        if f"{src}/{ct2}/weight" in variables:
            state[f"{dst}.{ow}.weight"] = variables[f"{src}/{ct2}/weight"]
            state[f"{dst}.{ow}.bias"] = variables[f"{src}/{ct2}/bias"]
    return state


def whisper_state_dict(variables: dict[str, np.ndarray], dims: dict[str, int]) -> dict[str, torch.Tensor]:
    """The openai-whisper ``model_state_dict`` (float16 tensors, as in OpenAI's own checkpoints)."""
    state = {
        "encoder.conv1.weight": variables["encoder/conv1/weight"], "encoder.conv1.bias": variables["encoder/conv1/bias"],
        "encoder.conv2.weight": variables["encoder/conv2/weight"], "encoder.conv2.bias": variables["encoder/conv2/bias"],
        "encoder.positional_embedding": variables["encoder/position_encodings/encodings"],
        "encoder.ln_post.weight": variables["encoder/layer_norm/gamma"],
        "encoder.ln_post.bias": variables["encoder/layer_norm/beta"],
        "decoder.token_embedding.weight": variables["decoder/embeddings/weight"],
        "decoder.positional_embedding": variables["decoder/position_encodings/encodings"],
        "decoder.ln.weight": variables["decoder/layer_norm/gamma"],
        "decoder.ln.bias": variables["decoder/layer_norm/beta"],
    }
    for i in range(dims["n_audio_layer"]):
        state.update(_block_state(variables, f"encoder/layer_{i}", f"encoder.blocks.{i}"))
    for i in range(dims["n_text_layer"]):
        state.update(_block_state(variables, f"decoder/layer_{i}", f"decoder.blocks.{i}"))
    return {name: torch.from_numpy(array.copy()) for name, array in state.items()}


def convert_ct2_to_openai_whisper(model_dir: Path, checkpoint: Path) -> Path:
    """Write an openai-whisper checkpoint for the CTranslate2 model in ``model_dir`` (atomically)."""
    from whisper.model import ModelDimensions  # checks the field names

    variables = read_ct2_variables(model_dir / "model.bin")
    dims = whisper_dims(variables)
    payload = {"dims": asdict(ModelDimensions(**dims)), "model_state_dict": whisper_state_dict(variables, dims)}
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    partial = checkpoint.with_suffix(".partial")
    torch.save(payload, partial)
    partial.replace(checkpoint)
    return checkpoint
