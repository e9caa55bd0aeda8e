"""Unsupervised domain adaptation of the sentiment model at scoring time, measured for issue 19 (not shipped:
docs/sentiment.md, "Fourth round"). The texts being scored are the target domain; no label of theirs is read.

* Centring: e5 (and optionally USE) centred on the scored batch's mean instead of the seed sentences' mean, or on
  the batch's *class-balanced* mean (each class weighted equally, classes from the model's own posteriors), so that
  a batch that is mostly positive is not pulled towards negative by its own label mix.
* CORAL (Sun, Feng & Saenko 2016), target → source: the batch's features are whitened with their own covariance
  and re-coloured with the seed sentences', so the fixed classifier reads them in the space it was trained in.
* Label shift (Saerens, Latinne & Decaestecker 2002): EM re-estimates the class priors of the batch and adjusts
  each posterior to them; the label is then the adjusted argmax.
* Transductive smoothing (Zhou et al. 2004, "local and global consistency"): the posteriors are propagated over the
  batch's k-nearest-neighbour graph of embeddings, so that near-identical texts get near-identical labels.

Pure numpy functions, used by benchmarks/sentiment.py --adapt (the tuning halves) and its held-out run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from transforms.sentiment import LABELS, LEXICON_WEIGHT, REGULARISATION, Encoded, SentimentModel


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def adapt_priors(probabilities: np.ndarray, training_priors: np.ndarray | None = None, tolerance: float = 1e-8,
                 max_iterations: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """Saerens et al. (2002): EM estimate of the batch's class priors from posteriors computed under
    ``training_priors`` (uniform by default: the model is fitted with classes balanced). Returns the posteriors
    adjusted to the estimated priors, and those priors."""
    classes = probabilities.shape[1]
    trained = np.full(classes, 1 / classes) if training_priors is None else np.asarray(training_priors, dtype=float)
    priors = trained.copy()
    for _ in range(max_iterations):
        adjusted = probabilities * (priors / trained)
        adjusted /= adjusted.sum(axis=1, keepdims=True)
        estimate = adjusted.mean(axis=0)
        converged = np.abs(estimate - priors).max() < tolerance
        priors = estimate
        if converged:
            break
    adjusted = probabilities * (priors / trained)
    return adjusted / adjusted.sum(axis=1, keepdims=True), priors


def class_balanced_mean(vectors: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """Mean of the per-class means, each class mean weighted by the class's posterior (soft assignment): the
    batch's centre as if its classes were equally frequent."""
    weights = probabilities / np.maximum(probabilities.sum(axis=0, keepdims=True), 1e-12)
    return (weights.T @ vectors).mean(axis=0)


def coral(target: np.ndarray, source: np.ndarray, shrinkage: float, diagonal: bool = False) -> np.ndarray:
    """CORAL, target → source: ``(target − mean_t) C_t^−½ C_s^½ + mean_s``. Each covariance gets ``shrinkage`` ×
    its mean variance added on the diagonal (the seed sentences are fewer than the dimensions); ``diagonal`` matches
    per-feature variances only."""
    target_mean, source_mean = target.mean(axis=0), source.mean(axis=0)
    if diagonal:
        target_var, source_var = target.var(axis=0), source.var(axis=0)
        scale = np.sqrt((source_var + shrinkage * source_var.mean()) / (target_var + shrinkage * target_var.mean()))
        return (target - target_mean) * scale + source_mean

    def shrunk(features: np.ndarray) -> np.ndarray:
        covariance = np.cov(features, rowvar=False)
        return covariance + shrinkage * np.trace(covariance) / len(covariance) * np.eye(len(covariance))

    def power(matrix: np.ndarray, exponent: float) -> np.ndarray:
        values, vectors = np.linalg.eigh(matrix)
        return (vectors * np.maximum(values, 1e-12) ** exponent) @ vectors.T

    return (target - target_mean) @ power(shrunk(target), -0.5) @ power(shrunk(source), 0.5) + source_mean


def propagate_labels(embeddings: np.ndarray, probabilities: np.ndarray, neighbours: int, alpha: float,
                     iterations: int = 30) -> np.ndarray:
    """Zhou et al. (2004): F ← α·S·F + (1 − α)·P on the symmetric, normalised k-nearest-neighbour graph of the
    batch (cosine, negative similarities dropped); P is the classifier's posteriors, F starts at P. Dense n × n:
    for benchmark batches, not for a warehouse."""
    unit = unit_rows(embeddings)
    similarity = unit @ unit.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argpartition(-similarity, neighbours, axis=1)[:, :neighbours]
    rows = np.arange(len(unit))[:, None]
    graph = np.zeros_like(similarity)
    graph[rows, nearest] = np.maximum(similarity[rows, nearest], 0.0)
    graph = np.maximum(graph, graph.T)
    degree = graph.sum(axis=1)
    degree[degree == 0] = 1.0
    normalised = graph / np.sqrt(degree[:, None] * degree[None, :])
    smoothed = probabilities.copy()
    for _ in range(iterations):
        smoothed = alpha * normalised @ smoothed + (1 - alpha) * probabilities
    return smoothed / smoothed.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Centred:
    """The shipped model's inputs with the centring means given per call (USE centred too when ``use_mean``)."""

    coef: np.ndarray
    intercept: np.ndarray

    @staticmethod
    def inputs(encoded: Encoded, e5_mean: np.ndarray, use_mean: np.ndarray | None = None) -> np.ndarray:
        use = encoded.use if use_mean is None else unit_rows(encoded.use - use_mean)
        return np.hstack([use, unit_rows(encoded.e5 - e5_mean), LEXICON_WEIGHT * encoded.lexicon[:, None]])

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return softmax(features @ self.coef.T + self.intercept)


def fit_centred(seed: Encoded, labels: list[str], centre_use: bool) -> tuple[Centred, dict[str, np.ndarray]]:
    """Logistic regression on the seed sentences as ``fit_model`` (same C, classes balanced), optionally with USE
    centred per language too; returns the model and the seed means ("e5_ja", "e5_en", "use_ja", "use_en")."""
    from sklearn.linear_model import LogisticRegression

    means = {f"{part}_{language}": getattr(seed, part)[rows].mean(axis=0)
             for part in ("e5", "use") for language, rows in (("ja", seed.japanese), ("en", ~seed.japanese))}
    e5_mean = np.where(seed.japanese[:, None], means["e5_ja"], means["e5_en"])
    use_mean = np.where(seed.japanese[:, None], means["use_ja"], means["use_en"]) if centre_use else None
    fitted = LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced").fit(
        Centred.inputs(seed, e5_mean, use_mean), labels)
    order = [list(fitted.classes_).index(label) for label in LABELS]
    return Centred(fitted.coef_[order], fitted.intercept_[order]), means


def variants(model: SentimentModel, seed: Encoded, labels: list[str], batch: Encoded, language: str) -> dict[str, np.ndarray]:
    """Posteriors of each adaptation variant on ``batch`` (one language, no labels read), by name."""
    onehot = np.array([[label == name for name in LABELS] for label in labels], dtype=float)
    in_language = seed.japanese if language == "ja" else ~seed.japanese
    results: dict[str, np.ndarray] = {}
    for centre_use in (False, True):
        centred, means = fit_centred(seed, labels, centre_use)
        seed_use = means[f"use_{language}"] if centre_use else None
        prefix = "USE centred too: " if centre_use else ""

        def scored(e5_mean: np.ndarray, use_mean: np.ndarray | None = seed_use) -> np.ndarray:
            return centred.probabilities(Centred.inputs(batch, e5_mean, use_mean))  # noqa: B023

        plain = scored(means[f"e5_{language}"])
        results[prefix + "seed-centred (as shipped)"] = plain
        results[prefix + "e5 centred on the batch mean"] = scored(batch.e5.mean(axis=0))
        shift = means[f"e5_{language}"] - class_balanced_mean(seed.e5[in_language], onehot[in_language])
        balanced = scored(class_balanced_mean(batch.e5, plain) + shift)
        results[prefix + "e5 centred on the batch's class-balanced mean"] = balanced
        if centre_use:
            results[prefix + "USE and e5 centred on the batch mean"] = scored(batch.e5.mean(axis=0), batch.use.mean(axis=0))
            use_shift = means[f"use_{language}"] - class_balanced_mean(seed.use[in_language], onehot[in_language])
            results[prefix + "USE and e5 centred on the batch's class-balanced means"] = scored(
                class_balanced_mean(batch.e5, plain) + shift, class_balanced_mean(batch.use, plain) + use_shift)
        else:
            results["EM label-shift priors"] = adapt_priors(plain)[0]
            results["e5 centred on the batch mean + EM priors"] = adapt_priors(results["e5 centred on the batch mean"])[0]
            results["e5 class-balanced batch centring + EM priors"] = adapt_priors(balanced)[0]
            embeddings = Centred.inputs(batch, means[f"e5_{language}"])[:, :-1]
            for neighbours, alpha in ((5, 0.3), (5, 0.6), (10, 0.3), (10, 0.6), (20, 0.6)):
                results[f"label propagation, k = {neighbours}, alpha = {alpha}"] = propagate_labels(
                    embeddings, plain, neighbours, alpha)
            results["e5 class-balanced batch centring + label propagation, k = 5, alpha = 0.3"] = propagate_labels(
                Centred.inputs(batch, class_balanced_mean(batch.e5, plain) + shift)[:, :-1], balanced, 5, 0.3)
            source = model.inputs(seed)[in_language]
            target = model.inputs(batch)
            for diagonal, shrinkage in ((True, 1.0), (False, 1.0), (False, 10.0)):
                name = f"CORAL {'diagonal' if diagonal else 'full'}, shrinkage {shrinkage:g}"
                aligned = softmax(coral(target, source, shrinkage, diagonal) @ model.coef.T + model.intercept)
                results[name] = aligned
                results[name + " + EM priors"] = adapt_priors(aligned)[0]
    return results
