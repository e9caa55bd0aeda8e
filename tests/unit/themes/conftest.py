"""Shared fixtures: planted bilingual documents and their USE embeddings (model loaded once per session)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from planted import planted_documents

from transforms.themes.embed import embed_texts


@pytest.fixture(scope="session")
def planted() -> pl.DataFrame:
    return planted_documents(per_language=12)


@pytest.fixture(scope="session")
def planted_embeddings(planted: pl.DataFrame) -> np.ndarray:
    return embed_texts(planted["text"].to_list())
