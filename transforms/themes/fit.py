"""Fit themes on a set of documents (full re-clustering with stable ids) or assign new documents to the
existing themes incrementally. Pure: frames and arrays in, frames out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from transforms.redaction.detect import redact_text
from transforms.themes.cluster import NOISE, ClusterParams, centroids, cluster, nearest_centroid
from transforms.themes.label import representative_examples, theme_keywords
from transforms.themes.stable_ids import MATCH_THRESHOLD, match_themes

LABEL_EXAMPLE_CHARS = 40  # a theme labelled by its most typical document shows this much of it
THEME_COLUMNS = ["theme_id", "label", "keywords_en", "keywords_ja", "documents", "centroid", "status"]


@dataclass(frozen=True)
class ThemeFit:
    themes: pl.DataFrame  # THEME_COLUMNS; previous themes that merged or retired are included with that status
    assignments: pl.DataFrame  # document_id, theme_id (null = unassigned), similarity, method
    examples: pl.DataFrame  # theme_id, document_id, text, language, rank, similarity
    events: pl.DataFrame  # theme_id, event (new|kept|split|merged|retired), related_theme_id, similarity
    resolution: float  # Leiden resolution used: the caller's, or chosen from the number of documents


def centroid_matrix(themes: pl.DataFrame) -> np.ndarray:
    """The ``centroid`` list column as a float32 matrix (rows in frame order)."""
    if themes.height == 0:
        return np.zeros((0, 0), dtype=np.float32)
    return np.asarray(themes["centroid"].to_list(), dtype=np.float32)


def _assignments(documents: pl.DataFrame, theme_ids: list[str | None], similarity: np.ndarray, method: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "document_id": documents["document_id"],
            "theme_id": pl.Series(theme_ids, dtype=pl.String),
            "similarity": pl.Series(similarity, dtype=pl.Float32),
            "method": pl.Series([method] * documents.height, dtype=pl.String),
        }
    )


def fit_themes(
    documents: pl.DataFrame,
    embeddings: np.ndarray,
    previous: pl.DataFrame | None = None,
    params: ClusterParams = ClusterParams(),
    match_threshold: float = MATCH_THRESHOLD,
    previous_assignments: pl.DataFrame | None = None,
) -> ThemeFit:
    """Cluster ``documents`` (document_id, language, text; rows aligned with ``embeddings``) into themes.

    ``previous``: the stored themes (theme_id, centroid, status, …); active ones keep their ids when matched.
    ``previous_assignments`` (document_id, theme_id): where known documents were, to warm-start clustering.
    """
    old = previous.filter(pl.col("status") == "active") if previous is not None else pl.DataFrame()
    grown = old.height > 0 and not same_documents(documents, previous_assignments)
    initial = warm_start(documents, embeddings, old, previous_assignments, params) if grown else None
    clustering = cluster(embeddings, params, initial, documents["language"].fill_null("").to_numpy())
    labels = clustering.labels
    clusters, cents = centroids(embeddings, labels)
    known = previous["theme_id"].to_list() if previous is not None else []
    ids, events = match_themes(cents, old["theme_id"].to_list() if old.height else [], centroid_matrix(old), known, match_threshold)
    row_of_label = np.full(int(labels.max()) + 2 if len(labels) else 1, -1, dtype=np.int64)
    row_of_label[clusters] = np.arange(len(clusters))
    rows = np.where(labels >= 0, row_of_label[np.maximum(labels, 0)], -1)
    doc_theme = [ids[r] if r >= 0 else None for r in rows]
    own_sim = np.where(rows >= 0, np.einsum("ij,ij->i", embeddings, cents[np.maximum(rows, 0)]) if len(cents) else 0.0, 0.0)
    labelled = documents.select("document_id", "language", "text").with_columns(theme_id=pl.Series(doc_theme, dtype=pl.String))
    examples = representative_examples(labelled, own_sim)
    themes = _label_without_keywords(_theme_frame(labelled, ids, cents), examples)
    return ThemeFit(
        themes=pl.concat([themes, _ended_themes(previous, events)], how="vertical_relaxed"),
        assignments=_assignments(documents, doc_theme, own_sim, "fit"),
        examples=examples,
        events=events,
        resolution=clustering.resolution,
    )


def same_documents(documents: pl.DataFrame, previous_assignments: pl.DataFrame | None) -> bool:
    """Whether the previous fit saw exactly these documents. Then the fit starts cold: clustering is deterministic,
    so it draws the previous partition again and every theme keeps its id (a warm start may still move a few
    boundary documents); the warm start is for grown or changed data."""
    if previous_assignments is None or previous_assignments.height != documents.height:
        return False
    return bool(documents["document_id"].is_in(previous_assignments["document_id"].implode()).all())


def warm_start(
    documents: pl.DataFrame, embeddings: np.ndarray, old: pl.DataFrame, previous_assignments: pl.DataFrame | None,
    params: ClusterParams,
) -> np.ndarray:
    """Index into ``old`` per document: its previous theme when it had one (-1 if it was unassigned), else the
    nearest old centroid. Starting Leiden there makes a re-fit on the same data (nearly) a fixed point and
    keeps ids through growth."""
    nearest, _ = nearest_centroid(embeddings, centroid_matrix(old), params.member_similarity)
    if previous_assignments is None:
        return nearest
    index = pl.DataFrame({"theme_id": old["theme_id"], "old_row": pl.int_range(0, old.height, eager=True)})
    known = (
        documents.select("document_id")
        .join(previous_assignments.select("document_id", "theme_id"), on="document_id", how="left", coalesce=True)
        .join(previous_assignments.select("document_id", seen=pl.lit(True)), on="document_id", how="left")
        .join(index, on="theme_id", how="left")
    )
    seen = known["seen"].fill_null(False).to_numpy()
    return np.where(seen, known["old_row"].fill_null(NOISE).to_numpy(), nearest)


def _theme_frame(labelled: pl.DataFrame, ids: list[str], cents: np.ndarray) -> pl.DataFrame:
    sizes = labelled.filter(pl.col("theme_id").is_not_null()).group_by("theme_id").len("documents")
    base = pl.DataFrame({"theme_id": ids, "centroid": pl.Series(cents.tolist(), dtype=pl.List(pl.Float32))})
    keywords = theme_keywords(labelled) if ids else pl.DataFrame(schema={"theme_id": pl.String})
    return (
        base.join(sizes, on="theme_id", how="left")
        .join(keywords, on="theme_id", how="left")
        .with_columns(status=pl.lit("active"), documents=pl.col("documents").cast(pl.Int64))
        .select(THEME_COLUMNS)
    )


def _label_without_keywords(themes: pl.DataFrame, examples: pl.DataFrame, chars: int = LABEL_EXAMPLE_CHARS) -> pl.DataFrame:
    """A theme whose documents share no keyword twice (short, varied turns) is labelled by its most typical document,
    redacted and cut to ``chars``, instead of showing an empty name."""
    typical = examples.filter(pl.col("rank") == 1).select(
        "theme_id", typical=pl.col("text").map_elements(redact_text, return_dtype=pl.String).str.slice(0, chars))
    return themes.join(typical, on="theme_id", how="left").with_columns(
        label=pl.when(pl.col("label").fill_null("") == "").then(pl.col("typical")).otherwise(pl.col("label"))
    ).drop("typical")


def _ended_themes(previous: pl.DataFrame | None, events: pl.DataFrame) -> pl.DataFrame:
    """Previous active themes that merged or retired in this fit, with their new status."""
    ended = events.filter(pl.col("event").is_in(["merged", "retired"])).select("theme_id", new_status="event")
    if previous is None or ended.height == 0:
        return pl.DataFrame(schema={c: t for c, t in _empty_schema().items()})
    return (
        previous.join(ended, on="theme_id")
        .with_columns(status=pl.col("new_status"), documents=pl.lit(0, dtype=pl.Int64))
        .select(THEME_COLUMNS)
    )


def _empty_schema() -> dict[str, pl.DataType]:
    return {
        "theme_id": pl.String(), "label": pl.String(), "keywords_en": pl.List(pl.String), "keywords_ja": pl.List(pl.String),
        "documents": pl.Int64(), "centroid": pl.List(pl.Float32), "status": pl.String(),
    }  # fmt: skip


def assign_documents(
    documents: pl.DataFrame, embeddings: np.ndarray, themes: pl.DataFrame, threshold: float = ClusterParams().member_similarity
) -> pl.DataFrame:
    """Incremental assignment between full fits: nearest active theme centroid, or unassigned below ``threshold``."""
    active = themes.filter(pl.col("status") == "active")
    rows, sims = nearest_centroid(embeddings, centroid_matrix(active), threshold)
    ids = active["theme_id"].to_list()
    return _assignments(documents, [ids[r] if r != NOISE else None for r in rows], sims, "incremental")
