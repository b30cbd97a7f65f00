"""How far each co-reference count departs from chance: normalised measures and a null model.

For one view (city, level) the initiatives and the codes they address form a 0/1 incidence
matrix; a link's weight is the number of rows holding both codes. Beside the weight:

* **Jaccard** = w / (n_a + n_b − w), n_a = initiatives holding code a;
* **φ** (phi), the correlation of the two 0/1 columns over the N initiatives holding any code;
* **null model**: random matrices with the same row sums (each initiative keeps its number of
  codes) and column sums (each code keeps its number of initiatives), drawn with the global
  curveball algorithm (Carstens et al. 2018) from a numpy ``Generator`` with a fixed seed.
  ``expected`` is the mean count over the draws, ``z`` = (w − expected) / sd, ``p_value`` the
  one-sided empirical p = (1 + draws with count ≥ w) / (1 + draws), and ``above_chance`` is
  ``p_value < ALPHA``. No correction for the many pairs tested: read it as a screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from graph_build.analysis.coreference import initiative_codes
from graph_build.analysis.layers import ALL, COREFERENCE, Layers, code_key
from graph_build.analysis.plan_data import PlanData

NULL_DRAWS = 1000
NULL_SEED = 20150101
BURN_IN_ROUNDS = 50
ROUNDS_PER_DRAW = 2
ALPHA = 0.05
NULL_MODEL = "global curveball (fixed row and column sums)"
COLUMNS = (
    "initiatives_with_codes",
    "source_initiatives",
    "target_initiatives",
    "jaccard",
    "phi",
    "expected",
    "z",
    "p_value",
    "above_chance",
    "null_draws",
    "inheritance",
)


@dataclass(frozen=True)
class Association:
    """Normalised measures and null-model significance of one co-reference link."""

    carriers: int
    count_a: int
    count_b: int
    jaccard: float
    phi: float | None
    expected: float
    z: float | None
    p_value: float
    draws: int

    @property
    def above_chance(self) -> bool:
        """True when the count is higher than the null model gives in ``ALPHA`` of draws."""
        return self.p_value < ALPHA


def incidence(
    data: PlanData, city: str, level: str, rule: str, cities: tuple[str, ...]
) -> tuple[list[str], np.ndarray]:
    """Codes (columns, natural order) and the initiative × code 0/1 matrix of one view."""
    rows: list[set[str]] = []
    for carrier in data.carriers.values():
        if carrier.kind != "initiative":
            continue
        if (city == ALL and carrier.city not in cities) or (city != ALL and carrier.city != city):
            continue
        codes = set(initiative_codes(data, carrier, level, rule))
        if codes:
            rows.append(codes)
    columns = sorted({c for row in rows for c in row}, key=code_key)
    index = {c: i for i, c in enumerate(columns)}
    matrix = np.zeros((len(rows), len(columns)), dtype=bool)
    for r, codes in enumerate(rows):
        matrix[r, [index[c] for c in codes]] = True
    return columns, matrix


def _curveball_round(matrix: np.ndarray, rng: np.random.Generator) -> None:
    """One global curveball round: pair the rows at random and trade their differing codes."""
    order = rng.permutation(matrix.shape[0])
    half = matrix.shape[0] // 2
    a, b = order[:half], order[half : 2 * half]
    ra, rb = matrix[a], matrix[b]
    diff = ra ^ rb
    keep = (ra & diff).sum(axis=1)
    keys = rng.random(diff.shape)
    keys[~diff] = 2.0  # shared and absent codes sort last and stay where they are
    ranks = np.argsort(np.argsort(keys, axis=1), axis=1)
    new_a = np.where(diff, ranks < keep[:, None], ra)
    matrix[a] = new_a
    matrix[b] = np.where(diff, ~new_a, rb)


def null_counts(
    matrix: np.ndarray, draws: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, standard deviation and number of draws ≥ observed, per pair of columns."""
    observed = matrix.astype(np.float64).T @ matrix.astype(np.float64)
    total = np.zeros_like(observed)
    squares = np.zeros_like(observed)
    at_least = np.zeros_like(observed)
    if draws <= 0 or matrix.shape[0] < 2:
        return observed, np.zeros_like(observed), np.full_like(observed, draws)
    rng = np.random.default_rng(seed)
    sample = matrix.copy()
    for _ in range(BURN_IN_ROUNDS):
        _curveball_round(sample, rng)
    for _ in range(draws):
        for _ in range(ROUNDS_PER_DRAW):
            _curveball_round(sample, rng)
        counts = sample.astype(np.float64).T @ sample.astype(np.float64)
        total += counts
        squares += counts * counts
        at_least += counts >= observed
    mean = total / draws
    sd = np.sqrt(np.maximum(squares / draws - mean * mean, 0.0))
    return mean, sd, at_least


def _phi(n: int, w: int, na: int, nb: int) -> float | None:
    denominator = na * nb * (n - na) * (n - nb)
    return None if denominator == 0 else (n * w - na * nb) / math.sqrt(denominator)


def associations(
    data: PlanData, layers: Layers, draws: int = NULL_DRAWS, seed: int = NULL_SEED
) -> dict[tuple[str, str, str, str], Association]:
    """(level, city, source, target) → association, for every co-reference link."""
    found: dict[tuple[str, str, str, str], Association] = {}
    views = sorted({(x.level, x.city) for x in layers.links if x.layer == COREFERENCE})
    for level, city in views:
        columns, matrix = incidence(data, city, level, layers.rule, layers.cities)
        index = {c: i for i, c in enumerate(columns)}
        mean, sd, at_least = null_counts(matrix, draws, seed)
        sizes = matrix.sum(axis=0)
        n = matrix.shape[0]
        for link in layers.select(COREFERENCE, level, city):
            i, j = index[link.source], index[link.target]
            w, na, nb = int(link.weight), int(sizes[i]), int(sizes[j])
            spread = float(sd[i, j])
            found[(level, city, link.source, link.target)] = Association(
                carriers=n,
                count_a=na,
                count_b=nb,
                jaccard=w / (na + nb - w),
                phi=_phi(n, w, na, nb),
                expected=float(mean[i, j]),
                z=(w - float(mean[i, j])) / spread if spread > 0 else None,
                p_value=(1 + float(at_least[i, j])) / (1 + draws),
                draws=draws,
            )
    return found


def _round(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def cells(found: Association | None, rule: str) -> list[object]:
    """The :data:`COLUMNS` of a link's row ('' for links of other layers)."""
    if found is None:
        return [""] * len(COLUMNS)
    return [
        found.carriers,
        found.count_a,
        found.count_b,
        _round(found.jaccard),
        _round(found.phi),
        _round(found.expected),
        _round(found.z),
        _round(found.p_value),
        found.above_chance,
        found.draws,
        rule,
    ]
