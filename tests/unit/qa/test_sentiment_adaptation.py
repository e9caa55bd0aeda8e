"""The domain-adaptation functions measured for issue 19 (benchmarks/sentiment_adaptation.py), on data made here."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from sentiment_adaptation import adapt_priors, class_balanced_mean, coral, propagate_labels  # noqa: E402


def test_em_recovers_the_batch_priors_from_posteriors_made_under_uniform_priors() -> None:
    rng = np.random.default_rng(0)
    priors = np.array([0.1, 0.2, 0.7])
    centres = np.array([-2.0, 0.0, 2.0])
    classes = rng.choice(3, size=20_000, p=priors)
    x = rng.normal(centres[classes], 1.0)
    likelihood = np.exp(-0.5 * (x[:, None] - centres[None, :]) ** 2)
    posteriors = likelihood / likelihood.sum(axis=1, keepdims=True)  # what a classifier trained balanced gives
    adjusted, estimated = adapt_priors(posteriors)
    assert np.abs(estimated - priors).max() < 0.02
    # the mean posterior (no EM) is pulled towards uniform; EM must do better than it
    assert np.abs(posteriors.mean(axis=0) - priors).max() > 0.04
    assert np.allclose(adjusted.sum(axis=1), 1.0)
    assert (adjusted.argmax(axis=1) == 2).mean() > (posteriors.argmax(axis=1) == 2).mean()


def test_em_keeps_posteriors_when_the_batch_has_the_training_priors() -> None:
    posteriors = np.array([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]])
    adjusted, estimated = adapt_priors(posteriors)
    assert np.allclose(estimated, 1 / 3) and np.allclose(adjusted, posteriors)


def test_class_balanced_mean_weighs_each_class_equally() -> None:
    vectors = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [3.0, 0.0], [0.0, 3.0]])  # three of class 0
    hard = np.array([[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=float)
    assert np.allclose(class_balanced_mean(vectors, hard), [1.0, 1.0])
    assert not np.allclose(vectors.mean(axis=0), [1.0, 1.0])


def test_coral_gives_the_target_the_source_mean_and_covariance() -> None:
    rng = np.random.default_rng(1)
    source = rng.normal(size=(4000, 3)) @ np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 0.5]]) + 1.0
    target = rng.normal(size=(4000, 3)) * np.array([3.0, 0.2, 1.0]) - 2.0
    aligned = coral(target, source, shrinkage=0.0)
    assert np.allclose(aligned.mean(axis=0), source.mean(axis=0))
    assert np.allclose(np.cov(aligned, rowvar=False), np.cov(source, rowvar=False), atol=1e-6)
    diagonal = coral(target, source, shrinkage=0.0, diagonal=True)
    assert np.allclose(diagonal.var(axis=0), source.var(axis=0))


def test_label_propagation_pulls_an_outlier_towards_its_neighbours_and_keeps_rows_normalised() -> None:
    # five near-identical texts, four read as positive and one (index 4) as negative by the classifier
    rng = np.random.default_rng(2)
    embeddings = np.vstack([np.ones((5, 4)) + 0.01 * rng.normal(size=(5, 4)), -np.ones((5, 4))])
    positive, negative = [0.1, 0.1, 0.8], [0.8, 0.1, 0.1]
    probabilities = np.array([positive] * 4 + [negative] + [negative] * 5)
    smoothed = propagate_labels(embeddings, probabilities, neighbours=4, alpha=0.8)
    assert smoothed[4].argmax() == 2  # the outlier now agrees with its neighbours
    assert (smoothed[5:].argmax(axis=1) == 0).all()  # the other cluster is untouched by the first
    assert np.allclose(smoothed.sum(axis=1), 1.0)
    assert np.allclose(propagate_labels(embeddings, probabilities, neighbours=4, alpha=0.0), probabilities)
