"""Normalised measures and the fixed-margins null model of co-reference links, on small
matrices whose answers are known."""

from __future__ import annotations

import numpy as np

from graph_build.analysis.association import (
    COLUMNS,
    _curveball_round,
    associations,
    cells,
    null_counts,
)
from graph_build.analysis.layers import COREFERENCE, GOAL, TARGET, build_layers

from .test_analysis_layers import plan


def _random_matrix(seed: int, rows: int = 30, cols: int = 8) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.random((rows, cols)) < 0.35


def test_curveball_keeps_every_row_and_column_sum_and_moves() -> None:
    matrix = _random_matrix(1)
    sample = matrix.copy()
    rng = np.random.default_rng(7)
    for _ in range(20):
        _curveball_round(sample, rng)
        assert (sample.sum(axis=1) == matrix.sum(axis=1)).all()
        assert (sample.sum(axis=0) == matrix.sum(axis=0)).all()
    assert (sample != matrix).any()


def test_null_counts_are_reproducible_with_the_seed() -> None:
    matrix = _random_matrix(2)
    first = null_counts(matrix, 50, 11)
    again = null_counts(matrix, 50, 11)
    other = null_counts(matrix, 50, 12)
    assert all((a == b).all() for a, b in zip(first, again, strict=True))
    assert not (first[0] == other[0]).all()


def test_a_planted_pair_is_above_chance() -> None:
    # codes 0 and 1 share 10 of their 12 rows; 48 more rows hold two of the codes 2..11
    rows = [[0, 1]] * 10 + [[0, 2], [0, 3], [1, 4], [1, 5]]
    rows += [[2 + i % 10, 2 + (i * 3 + 1) % 10] for i in range(46) if i % 10 != (i * 3 + 1) % 10]
    matrix = np.zeros((len(rows), 12), dtype=bool)
    for r, codes in enumerate(rows):
        matrix[r, codes] = True
    mean, sd, at_least = null_counts(matrix, 200, 3)
    assert mean[0, 1] + 3 * sd[0, 1] < 10
    assert (1 + at_least[0, 1]) / 201 < 0.05
    # a pair that co-occurs less than chance gets a large p
    assert (1 + at_least[0, 2]) / 201 > 0.5


def test_links_that_the_margins_force_are_not_above_chance() -> None:
    # town: I {9.1, 12.1, 13.2}, J {9.2, 12.1, 13.2}. Every matrix with these margins puts
    # 12.1 and 13.2 in both rows: weight 2 is what chance gives.
    data = plan()
    layers = build_layers(data, ["town", "village"])
    found = associations(data, layers, draws=40)
    pair = found[(TARGET, "town", "12.1", "13.2")]
    assert pair.expected == 2 and pair.p_value == 1 and not pair.above_chance
    assert pair.jaccard == 1 and pair.phi is None and pair.z is None
    single = found[(TARGET, "town", "9.1", "12.1")]
    assert single.jaccard == 0.5 and single.count_a == 1 and single.count_b == 2
    assert single.carriers == 2 and single.draws == 40
    # every co-reference link has its measures, and only those
    keys = {
        (x.level, x.city, x.source, x.target)
        for x in layers.links
        if x.layer == COREFERENCE and x.level in (TARGET, GOAL)
    }
    assert set(found) == keys
    row = cells(pair, "direction+table")
    assert len(row) == len(COLUMNS) and row[-1] == "direction+table" and row[-3] is False
    assert cells(None, "stated") == [""] * len(COLUMNS)
