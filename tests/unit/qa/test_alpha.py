"""Krippendorff's α against published examples; the expected numbers were computed once with the `krippendorff`
package (0.9.0), which Koe no longer depends on (GPL-3), and agree with the paper to the digits it prints."""

import numpy as np
import pytest

from transforms.qa.agreement import alpha

N = np.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: 4 observers, 12 units, values 1-5.
PAPER = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
])
# The reliability data of the `krippendorff` package's documentation: 3 coders, 15 units.
PACKAGE_DOCS = np.array([
    [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
    [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
    [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
])


@pytest.mark.parametrize(("data", "level", "expected"), [
    (PAPER, "nominal", 0.743421052631579),  # paper: .743
    (PAPER, "ordinal", 0.8153875037548814),  # paper: .815
    (PAPER, "interval", 0.8491071428571428),  # paper: .849
    (PACKAGE_DOCS, "nominal", 0.691358024691358),  # docs: 0.691
    (PACKAGE_DOCS, "ordinal", 0.8067214199413153),
    (PACKAGE_DOCS, "interval", 0.8108448928121059),  # docs: 0.811
])
def test_alpha_matches_published_examples(data: np.ndarray, level: str, expected: float) -> None:
    assert alpha(data, level) == pytest.approx(expected, abs=1e-12)


def test_alpha_is_one_for_perfect_agreement_and_ignores_single_ratings() -> None:
    agree = np.array([[1, 2, 2, 3, N], [1, 2, 2, 3, 1]])  # the last unit has one rating: not pairable
    assert alpha(agree) == pytest.approx(1.0)


def test_alpha_rejects_an_unknown_level() -> None:
    with pytest.raises(ValueError, match="ratio"):
        alpha(PAPER, "ratio")
