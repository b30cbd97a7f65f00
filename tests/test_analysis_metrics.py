"""Network metrics on small hand-made graphs whose answers are worked out by hand.

Each test states the hand calculation, including networkx's conventions: betweenness needs
distance = 1/weight, PageRank scores incoming links, Louvain needs a seed.
"""

from __future__ import annotations

import pytest

from graph_build.analysis.layers import SYNERGY, Link
from graph_build.analysis.metrics import (
    adjusted_rand_index,
    betweenness,
    brokers,
    community_stability,
    directed_graph,
    louvain,
    node_metrics,
    pagerank,
    undirected_graph,
    weighted_degree,
)


def link(a: str, b: str, weight: float, directed: bool = False) -> Link:
    return Link("coreference" if not directed else SYNERGY, "goal", "x", a, b, weight, directed)


def test_weighted_degree_sums_link_weights() -> None:
    # A-B (2), B-C (3): A = 2, B = 2 + 3 = 5, C = 3
    graph = undirected_graph([link("1", "2", 2), link("2", "3", 3)])
    assert weighted_degree(graph) == {"1": 2.0, "2": 5.0, "3": 3.0}


def test_betweenness_treats_strong_links_as_short() -> None:
    # 1-2 and 2-3 are carried by 4 carriers each (distance 1/4), 1-3 by one (distance 1).
    # Shortest 1→3 path: via 2 (0.25 + 0.25 = 0.5 < 1), so 2 lies on the only pair's path:
    # normalised betweenness of 2 = 1 / ((n-1)(n-2)/2) = 1 / 1 = 1. Using weights as lengths
    # would send 1→3 along the direct link (1 < 8) and give 0.
    graph = undirected_graph([link("1", "2", 4), link("2", "3", 4), link("1", "3", 1)])
    assert betweenness(graph) == pytest.approx({"1": 0.0, "2": 1.0, "3": 0.0})


def test_pagerank_on_directed_layer_scores_incoming_and_reversed_outgoing() -> None:
    # 1 → 2 ← 3, damping d = 0.85, n = 3; 2 has no out-links, so networkx spreads its rank evenly.
    # p1 = p3 = (1-d)/3 + d·p2/3 and p2 = (1-d)/3 + d(p1 + p3) + d·p2/3 with 2·p1 + p2 = 1
    # give p2 = 0.9 / 1.566667 = 0.574468, p1 = p3 = 0.212766.
    # Reversed (2 → 1, 2 → 3): q2 = 0.05 + d·(2·q1/3), q1 = 0.05 + d·q2/2 + d·(2·q1/3)
    # give q1 = q3 = 0.370130, q2 = 0.259740: the influencing nodes rank highest.
    graph = directed_graph([link("1", "2", 1, True), link("3", "2", 1, True)])
    receiving, influencing = pagerank(graph), pagerank(graph, reverse=True)
    assert receiving["2"] == pytest.approx(0.574468, abs=1e-5)
    assert receiving["1"] == pytest.approx(0.212766, abs=1e-5)
    assert influencing["1"] == pytest.approx(0.370130, abs=1e-5)
    assert influencing["2"] == pytest.approx(0.259740, abs=1e-5)


def test_pagerank_of_undirected_star_favours_the_hub() -> None:
    # Star 1-2, 1-3, 1-4 (weight 1): p1 = 0.15/4 + 0.85(p2 + p3 + p4),
    # each leaf pi = 0.15/4 + 0.85·p1/3;
    # with p1 + 3·pi = 1: p1 = (0.0375 + 0.85·3·0.0375) / (1 − 0.85·0.85) = 0.479730.
    ranks = pagerank(undirected_graph([link("1", "2", 1), link("1", "3", 1), link("1", "4", 1)]))
    assert ranks["1"] == pytest.approx(0.479730, abs=1e-5)
    assert ranks["2"] == pytest.approx((1 - 0.479730) / 3, abs=1e-5)


TWO_TRIANGLES = [
    link("1", "2", 3),
    link("2", "3", 3),
    link("1", "3", 3),
    link("4", "5", 3),
    link("5", "6", 3),
    link("4", "6", 3),
    link("3", "4", 1),
]


def test_louvain_finds_two_triangles_whatever_the_seed() -> None:
    # Modularity is highest when the weak 3-4 link separates the triangles.
    graph = undirected_graph(TWO_TRIANGLES)
    for seed in (0, 1, 42):
        parts = louvain(graph, seed)
        assert parts["1"] == parts["2"] == parts["3"]
        assert parts["4"] == parts["5"] == parts["6"]
        assert parts["1"] != parts["4"]
    stability = community_stability(graph, seed=42, seeds=range(8))
    assert stability.ari == (1.0,) * 8
    assert stability.distinct_partitions == 1
    assert stability.co_assignment[("1", "2")] == 1.0
    assert stability.co_assignment[("3", "4")] == 0.0


def test_node_metrics_are_the_same_on_every_run() -> None:
    graph = undirected_graph(TWO_TRIANGLES)
    assert node_metrics(graph, seed=7) == node_metrics(undirected_graph(TWO_TRIANGLES), seed=7)


def test_adjusted_rand_index_by_hand() -> None:
    # p = {a,b | c,d}, q = {a,b,c | d}: contingency cells 2,1,1 → index = C(2,2) = 1;
    # rows 2,2 → 2; columns 3,1 → 3; expected = 2·3 / C(4,2) = 1; max = (2 + 3) / 2 = 2.5;
    # ARI = (1 − 1) / (2.5 − 1) = 0.
    p = {"a": 1, "b": 1, "c": 2, "d": 2}
    q = {"a": 1, "b": 1, "c": 1, "d": 2}
    assert adjusted_rand_index(p, q) == 0.0
    assert adjusted_rand_index(p, {"a": 7, "b": 7, "c": 9, "d": 9}) == 1.0


def test_brokers_need_two_dimensions_and_rank_by_betweenness() -> None:
    # 1 (econ) - 2 (econ) - 3 (env): 2 lies between 1 and 3 and reaches econ and env; 1 reaches
    # only econ; 3 reaches env and econ (through 2) with betweenness 0.
    graph = undirected_graph([link("1", "2", 1), link("2", "3", 1)])
    dims = {"1": frozenset({"economy"}), "2": frozenset({"economy"}), "3": frozenset({"env"})}
    found = brokers(graph, betweenness(graph), dims)
    assert [(n, b) for n, b, _ in found] == [("2", 1.0), ("3", 0.0)]
    assert found[0][2] == ("economy", "env")
