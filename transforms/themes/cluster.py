"""Graph-based clustering of document embeddings with a noise bucket.

Method: a k-nearest-neighbour graph on cosine similarity (edges below ``min_similarity`` dropped, so
unrelated documents do not chain), Leiden community detection (graspologic-native, modularity, fixed seed), then
communities smaller than ``min_cluster_size`` and documents far from their community's centroid go to
the noise bucket (label ``-1``). Above ``max_fit_documents`` a deterministic sample is clustered and the
rest are assigned to the nearest centroid, which keeps 100k documents within minutes on 2 cores.

Granularity. With a fixed modularity resolution γ, a kNN graph of fewer documents gives fewer themes: each
theme has fewer members, so more of a document's k neighbours lie in the next theme and modularity merges the
two (banking77 at γ = 2: 19 themes at 1,000 documents, 54 at 10,003, 77 intents in both). Two themes of s₁, s₂
documents stay apart while their cross weight is below γ·d̄·s₁·s₂/n (d̄ the mean weighted degree), and the cross
share grows like n^(−1/D) as the kNN radius shrinks in a D-dimensional neighbourhood; with D ≈ 2 (banking77
half A: the resolution that keeps the number of themes fixed goes as n^(−0.3…−0.65) from 1,000 to 5,000
documents) the same themes come out at any size when γ ∝ 1/√n. So when no resolution is given:

1. γ = RESOLUTION_SCALE/√n for the n documents clustered, lowered by √2 steps while more than
   MAX_UNASSIGNED_SHARE of the documents would be left unassigned (tiny corpora, where 1/√n asks for themes
   smaller than a theme may be);
2. that assumes themes that overlap like banking77's intents. Compact, well-separated themes are instead cut
   into arbitrary pieces by a high γ, which shows as a collapse of the silhouette (cosine, in the embedding
   space): γ/2, γ/4, … (≥ 1) are tried and a coarser partition is taken when its silhouette is SILHOUETTE_GAIN
   times the best so far;
3. a theme is what customers contact about, not the language they wrote in. When the documents' languages are
   given and the themes tell the language apart (the theme explains more than LANGUAGE_SPLIT of the language's
   entropy), the finest of γ/2, γ/4, … (≥ 1) whose themes mix the languages is taken, as long as it leaves at
   most MAX_UNASSIGNED_SHARE unassigned. Templated bilingual corpora (the demo: 199 distinct wordings of 7
   reasons, 4,186 documents) are otherwise cut by language and wording: 30 themes, each in one language. A corpus
   whose languages talk about different things keeps γ (no coarser partition mixes them), and so does a corpus
   in one language.

docs/themes.md has the measurements on every labelled corpus.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import graspologic_native
import numpy as np

NOISE = -1
# Leiden cycles, each starting from the last one's result: 20 matched or beat igraph's run-to-convergence on NMI in
# benchmarks/themes.py (banking77, NLU++ at resolution 1 and 2); see docs/themes.md.
LEIDEN_ITERATIONS = 20
# γ·√n, set on one corpus only: banking77 train half A (5,002 queries) gets as many themes as intents (76 vs 77).
# Every other corpus in docs/themes.md was measured with this value unchanged.
RESOLUTION_SCALE = 500.0
MAX_UNASSIGNED_SHARE = 0.10  # tiny corpora: a finer resolution that leaves more unassigned is not tried
SILHOUETTE_GAIN = 1.10  # a coarser resolution must beat the size rule's silhouette by 10 % to be taken
MIN_RESOLUTION = 1.0  # the coarsest resolution tried (plain modularity)
LANGUAGE_SPLIT = 0.10  # themes that explain more of the documents' language than this are split by language


@dataclass(frozen=True)
class ClusterParams:
    neighbours: int = 15  # k of the kNN graph
    min_similarity: float = 0.35  # weaker kNN edges are dropped (USE cosines: matched ≈0.56, unrelated ≈0.16)
    resolution: float | None = None  # Leiden modularity resolution, higher → more, smaller themes; None = from the data
    min_cluster_size: int = 5  # smaller communities become noise
    member_similarity: float = 0.35  # a document less similar than this to its theme centroid is noise
    max_fit_documents: int = 20_000  # above this, cluster a sample and assign the rest
    seed: int = 7


def knn(embeddings: np.ndarray, k: int, chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """(indices, similarities) of each row's k nearest other rows, by brute-force cosine in chunks."""
    n = len(embeddings)
    k = min(k, n - 1)
    indices = np.empty((n, k), dtype=np.int64)
    sims = np.empty((n, k), dtype=np.float32)
    for start in range(0, n, chunk):
        block = embeddings[start : start + chunk] @ embeddings.T
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf  # not your own neighbour
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        indices[start : start + len(block)] = top
        sims[start : start + len(block)] = np.take_along_axis(block, top, axis=1)
    return indices, sims


@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray  # theme label per document (0 = largest theme, -1 = unassigned)
    resolution: float  # the Leiden resolution used (given, or chosen from the data)


def size_resolution(documents: int) -> float:
    """Resolution that gives the same themes whatever the number of documents (see the module docstring)."""
    return RESOLUTION_SCALE / math.sqrt(max(documents, 1))


def leiden(
    indices: np.ndarray, sims: np.ndarray, params: ClusterParams, initial: np.ndarray | None = None,
    resolution: float = 1.0,
) -> np.ndarray:
    """Community of each node of the thresholded kNN graph (isolated nodes get their own community).

    ``initial`` (a label per node, -1 = none) warm-starts Leiden from the previous themes, so a re-fit on
    grown data refines the old partition instead of drawing a new one: that is what keeps ids stable.
    """
    n = len(indices)
    keep = (sims >= params.min_similarity).ravel()
    sources, targets = np.repeat(np.arange(n), indices.shape[1])[keep], indices.ravel()[keep]
    # one undirected edge per pair (a→b and b→a both appear when each is in the other's kNN), the stronger weight
    pairs, which = np.unique(np.minimum(sources, targets) * n + np.maximum(sources, targets), return_inverse=True)
    weights = np.zeros(len(pairs))
    np.maximum.at(weights, which, sims.ravel()[keep])
    membership = np.arange(n, 2 * n)  # isolated nodes: a community each, numbered apart from Leiden's
    if len(pairs) == 0:
        return membership
    edges = [(str(pair // n), str(pair % n), weight) for pair, weight in zip(pairs.tolist(), weights.tolist(), strict=True)]
    start = None
    if initial is not None:
        dense = _singletons_for_noise(initial)
        start = {str(node): int(dense[node]) for node in np.union1d(pairs // n, pairs % n).tolist()}
    _, communities = graspologic_native.leiden(
        edges, starting_communities=start, resolution=resolution, use_modularity=True,
        iterations=LEIDEN_ITERATIONS, seed=params.seed,
    )
    for node, community in communities.items():
        membership[int(node)] = community
    return membership


def unassigned_share(labels: np.ndarray, copies: np.ndarray) -> float:
    """Share of documents (``copies`` per row) left unassigned."""
    return float(copies[labels < 0].sum() / copies.sum())


def silhouette(embeddings: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> float:
    """Mean cosine silhouette (Rousseeuw 1987) over all documents, unassigned ones counting 0, each row weighted by
    its copies. Mean distances to a theme come from the theme's vector sum, so this is O(documents × themes)."""
    member = labels >= 0
    if member.sum() == 0 or labels.max() < 1:
        return 0.0
    x, own, w = embeddings[member].astype(np.float64), labels[member], weights[member]
    sums = np.zeros((own.max() + 1, x.shape[1]))
    np.add.at(sums, own, x * w[:, None])
    sizes = np.bincount(own, weights=w)
    mean_sim = (x @ sums.T) / sizes
    rows = np.arange(len(x))
    inside = 1 - (mean_sim[rows, own] * sizes[own] - 1) / np.maximum(sizes[own] - 1, 1)  # without itself
    mean_sim[rows, own] = -np.inf
    nearest = 1 - mean_sim.max(axis=1)
    score = np.where(sizes[own] > 1, (nearest - inside) / np.maximum(np.maximum(inside, nearest), 1e-12), 0.0)
    return float((score * w).sum() / weights.sum())


def language_share(labels: np.ndarray, languages: np.ndarray, weights: np.ndarray) -> float:
    """Share of the languages' entropy the theme explains (uncertainty coefficient U(language | theme)), over
    assigned documents, each row weighted by its copies: 0 = every theme mixes languages like the corpus, 1 = each
    theme is in one language."""
    member = labels >= 0
    _, language = np.unique(languages[member], return_inverse=True)
    if not member.any() or language.max(initial=0) == 0:
        return 0.0
    _, theme = np.unique(labels[member], return_inverse=True)
    joint = np.zeros((theme.max() + 1, language.max() + 1))
    np.add.at(joint, (theme, language), weights[member])
    joint /= joint.sum()
    by_theme, by_language = joint.sum(axis=1, keepdims=True), joint.sum(axis=0, keepdims=True)
    nonzero = joint > 0
    mutual = float((joint[nonzero] * np.log(joint[nonzero] / (by_theme @ by_language)[nonzero])).sum())
    entropy = float(-(by_language * np.log(by_language)).sum())
    return mutual / entropy


def partition(
    sample: np.ndarray, indices: np.ndarray, sims: np.ndarray, params: ClusterParams, copies: np.ndarray,
    initial: np.ndarray | None = None, languages: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """(theme per node of ``sample``, resolution): ``params.resolution`` when set, else chosen from the data (module
    docstring) from a cold start, so a warm-started re-fit of the same data settles on the same resolution.
    ``languages``: each node's language (step 3), or None."""
    if params.resolution is not None:
        return _relabel(leiden(indices, sims, params, initial, params.resolution), params, sample, copies), params.resolution
    resolution = size_resolution(int(copies.sum()))
    labels = _relabel(leiden(indices, sims, params, None, resolution), params, sample, copies)
    while resolution > MIN_RESOLUTION and unassigned_share(labels, copies) > MAX_UNASSIGNED_SHARE:
        resolution = max(MIN_RESOLUTION, resolution / math.sqrt(2))
        labels = _relabel(leiden(indices, sims, params, None, resolution), params, sample, copies)
    best, best_score = (labels, resolution), silhouette(sample, labels, copies)
    while resolution / 2 >= MIN_RESOLUTION:  # coarser partitions, kept only when clearly better separated
        resolution /= 2
        labels = _relabel(leiden(indices, sims, params, None, resolution), params, sample, copies)
        score = silhouette(sample, labels, copies)
        if score > best_score * SILHOUETTE_GAIN:
            best, best_score = (labels, resolution), score
    labels, resolution = best
    if languages is not None:
        labels, resolution = _mix_languages(labels, resolution, languages, indices, sims, params, sample, copies)
    if initial is None:
        return labels, resolution
    return _relabel(leiden(indices, sims, params, initial, resolution), params, sample, copies), resolution


def _mix_languages(
    labels: np.ndarray, resolution: float, languages: np.ndarray, indices: np.ndarray, sims: np.ndarray,
    params: ClusterParams, sample: np.ndarray, copies: np.ndarray,
) -> tuple[np.ndarray, float]:
    """Step 3 of the module docstring: the finest of γ/2, γ/4, … (≥ 1) whose themes mix the languages, when the
    themes at γ do not; γ itself when no coarser partition mixes them (the languages are about different things)."""
    if language_share(labels, languages, copies) <= LANGUAGE_SPLIT:
        return labels, resolution
    coarser = resolution
    while coarser / 2 >= MIN_RESOLUTION:
        coarser /= 2
        candidate = _relabel(leiden(indices, sims, params, None, coarser), params, sample, copies)
        if unassigned_share(candidate, copies) > MAX_UNASSIGNED_SHARE:
            break
        if language_share(candidate, languages, copies) <= LANGUAGE_SPLIT:
            return candidate, coarser
    return labels, resolution


def _singletons_for_noise(labels: np.ndarray) -> np.ndarray:
    """Labels made dense 0..m-1, each -1 turned into its own community."""
    _, dense = np.unique(labels, return_inverse=True)
    noise = labels < 0
    return np.where(noise, dense.max() + 1 + np.cumsum(noise), dense)


def centroids(embeddings: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(cluster labels ≥ 0 in ascending order, unit-length centroid of each)."""
    clusters = np.unique(labels[labels >= 0])
    if len(clusters) == 0:
        return clusters, np.zeros((0, embeddings.shape[1]), dtype=np.float32)
    sums = np.zeros((labels.max() + 1, embeddings.shape[1]), dtype=np.float64)
    np.add.at(sums, labels[labels >= 0], embeddings[labels >= 0])
    picked = sums[clusters]
    return clusters, (picked / np.maximum(np.linalg.norm(picked, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def nearest_centroid(
    embeddings: np.ndarray, centroid_matrix: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """(row index of the nearest centroid or -1 when below ``threshold``, its similarity) for each document."""
    if len(centroid_matrix) == 0 or len(embeddings) == 0:
        return np.full(len(embeddings), NOISE, dtype=np.int64), np.zeros(len(embeddings), dtype=np.float32)
    sims = embeddings @ centroid_matrix.T
    best = sims.argmax(axis=1)
    best_sim = sims[np.arange(len(sims)), best]
    return np.where(best_sim >= threshold, best, NOISE), best_sim.astype(np.float32)


def _relabel(labels: np.ndarray, params: ClusterParams, embeddings: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Small communities (by documents, ``weights`` = copies per row) and outlying members → noise; surviving
    clusters renumbered 0.. by size (desc)."""
    ids, dense = np.unique(labels, return_inverse=True)
    small = ids[np.bincount(dense, weights=weights) < params.min_cluster_size]
    labels = np.where(np.isin(labels, small), NOISE, labels)
    clusters, cents = centroids(embeddings, labels)
    if len(clusters) == 0:
        return labels
    row_of = {c: i for i, c in enumerate(clusters)}
    member = labels >= 0
    own = np.full(len(labels), -np.inf, dtype=np.float32)
    own[member] = np.einsum("ij,ij->i", embeddings[member], cents[[row_of[c] for c in labels[member]]])
    labels = np.where(own >= params.member_similarity, labels, NOISE)
    ids, dense = np.unique(labels[labels >= 0], return_inverse=True)
    counts = np.bincount(dense, weights=weights[labels >= 0], minlength=len(ids))
    order = ids[np.lexsort((ids, -counts))]
    mapping = np.full(labels.max() + 2 if len(labels) else 1, NOISE, dtype=np.int64)
    mapping[order] = np.arange(len(order))
    return np.where(labels >= 0, mapping[np.maximum(labels, 0)], NOISE)


def cluster_embeddings(
    embeddings: np.ndarray, params: ClusterParams = ClusterParams(), initial: np.ndarray | None = None,
    languages: np.ndarray | None = None,
) -> np.ndarray:
    """Theme label per document (0 = largest theme, -1 = unassigned); see ``cluster``."""
    return cluster(embeddings, params, initial, languages).labels


def cluster(
    embeddings: np.ndarray, params: ClusterParams = ClusterParams(), initial: np.ndarray | None = None,
    languages: np.ndarray | None = None,
) -> Clustering:
    """Theme label per document and the resolution used. Deterministic for a given input.

    Identical embeddings (templated tickets, repeated comments; numbers are masked before embedding) are
    clustered once, weighted by their copies: otherwise each wording forms its own clique in the kNN graph.
    ``initial`` (a previous theme index per document, -1 = none) warm-starts the partition. ``languages`` (a
    language tag per document, or None) lets the chosen resolution keep languages together (module docstring).
    """
    n = len(embeddings)
    unclustered = params.resolution or size_resolution(n)
    if n < max(params.min_cluster_size, 2):
        return Clustering(np.full(n, NOISE, dtype=np.int64), unclustered)
    fit_rows = np.arange(n)
    if n > params.max_fit_documents:
        fit_rows = np.sort(np.random.default_rng(params.seed).choice(n, params.max_fit_documents, replace=False))
    sample, first, copy_of, copies = np.unique(embeddings[fit_rows], axis=0, return_index=True, return_inverse=True, return_counts=True)
    sample = sample[np.argsort(first)]  # keep input order (np.unique sorts rows)
    copy_of, copies = np.argsort(np.argsort(first))[copy_of.ravel()], copies[np.argsort(first)]
    if len(sample) < 2:
        return Clustering(np.full(n, NOISE if copies.sum() < params.min_cluster_size else 0, dtype=np.int64), unclustered)
    start = None if initial is None else initial[fit_rows][np.sort(first)]
    indices, sims = knn(sample, params.neighbours)
    weights = copies.astype(np.float64)
    sample_languages = None if languages is None else np.asarray(languages, dtype=str)[fit_rows][np.sort(first)]
    unique_labels, resolution = partition(sample, indices, sims, params, weights, start, sample_languages)
    sample_labels = unique_labels[copy_of]
    if len(fit_rows) == n:
        return Clustering(sample_labels, resolution)
    clusters, cents = centroids(embeddings[fit_rows], sample_labels)
    rows, _ = nearest_centroid(embeddings, cents, params.member_similarity)
    return Clustering(np.where(rows >= 0, clusters[np.maximum(rows, 0)], NOISE), resolution)
