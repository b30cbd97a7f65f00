"""Network metrics on the linkage layers, with networkx's conventions made explicit.

* Weighted degree (strength) = sum of link weights at a node.
* Betweenness uses *distance* = 1 / weight: a link carried by many carriers is a short path.
  (networkx treats ``weight`` as a length, so passing link weights directly would make the
  strongest links the longest.)
* PageRank on undirected layers (on directed ones networkx scores *incoming* links; ``reverse``
  scores outgoing ones). PageRank needs non-negative weights.
* Louvain communities with a fixed seed; stability = adjusted Rand index of the partitions found
  with other seeds against the reference partition, and how often each pair shares a community.
* The directed, signed expert layers have their own measures (Weitz et al. 2018 row sums and
  second-order influence): see :mod:`graph_build.analysis.expert`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import comb

import networkx as nx

from graph_build.analysis.layers import Link, node_key

DEFAULT_SEED = 42
STABILITY_SEEDS = tuple(range(20))


def undirected_graph(links: Iterable[Link], nodes: Iterable[str] = ()) -> nx.Graph:
    """An undirected weighted graph, nodes and edges inserted in a stable order.

    Each edge has ``weight`` (the link weight) and ``distance`` (1 / weight) for path metrics.
    """
    graph = nx.Graph()
    chosen = list(links)
    ends = {n for link in chosen for n in (link.source, link.target)} | set(nodes)
    graph.add_nodes_from(sorted(ends, key=node_key))
    for link in sorted(chosen, key=lambda x: (node_key(x.source), node_key(x.target))):
        if link.weight > 0:
            graph.add_edge(link.source, link.target, weight=link.weight, distance=1.0 / link.weight)
    return graph


def directed_graph(links: Iterable[Link], positive_only: bool = False) -> nx.DiGraph:
    """A directed graph of (signed) scores; ``positive_only`` keeps scores above zero."""
    graph = nx.DiGraph()
    chosen = list(links)
    ends = {n for link in chosen for n in (link.source, link.target)}
    graph.add_nodes_from(sorted(ends, key=node_key))
    for link in sorted(chosen, key=lambda x: (node_key(x.source), node_key(x.target))):
        if positive_only and link.weight <= 0:
            continue
        if link.weight != 0:
            graph.add_edge(link.source, link.target, weight=link.weight)
    return graph


def weighted_degree(graph: nx.Graph) -> dict[str, float]:
    """Sum of link weights at each node."""
    return {n: float(d) for n, d in graph.degree(weight="weight")}


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness centrality on distance = 1 / weight."""
    if graph.number_of_nodes() == 0:
        return {}
    return {
        n: float(v)
        for n, v in nx.betweenness_centrality(graph, weight="distance", normalized=True).items()
    }


def pagerank(graph: nx.Graph | nx.DiGraph, reverse: bool = False) -> dict[str, float]:
    """Weighted PageRank (damping 0.85); ``reverse`` scores outgoing links of a directed graph."""
    if graph.number_of_nodes() == 0:
        return {}
    target = graph.reverse(copy=True) if reverse and graph.is_directed() else graph
    return {n: float(v) for n, v in nx.pagerank(target, alpha=0.85, weight="weight").items()}


def louvain(graph: nx.Graph, seed: int = DEFAULT_SEED, resolution: float = 1.0) -> dict[str, int]:
    """Louvain communities, numbered 1… by size (largest first), ties by their first node."""
    if graph.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed
    )
    ordered = sorted(
        (sorted(c, key=node_key) for c in found), key=lambda c: (-len(c), node_key(c[0]))
    )
    return {node: number for number, members in enumerate(ordered, start=1) for node in members}


def adjusted_rand_index(first: Mapping[str, int], second: Mapping[str, int]) -> float:
    """Adjusted Rand index of two partitions of the same nodes (1 = identical, ~0 = chance)."""
    nodes = sorted(set(first) & set(second), key=node_key)
    n = len(nodes)
    if n < 2:
        return 1.0
    table: dict[tuple[int, int], int] = {}
    rows: dict[int, int] = {}
    cols: dict[int, int] = {}
    for node in nodes:
        a, b = first[node], second[node]
        table[(a, b)] = table.get((a, b), 0) + 1
        rows[a] = rows.get(a, 0) + 1
        cols[b] = cols.get(b, 0) + 1
    index = sum(comb(v, 2) for v in table.values())
    sum_rows = sum(comb(v, 2) for v in rows.values())
    sum_cols = sum(comb(v, 2) for v in cols.values())
    expected = sum_rows * sum_cols / comb(n, 2)
    maximum = (sum_rows + sum_cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


@dataclass(frozen=True)
class Stability:
    """Louvain partitions over several seeds compared with the reference seed's partition."""

    reference: dict[str, int]
    seeds: tuple[int, ...]
    ari: tuple[float, ...]
    co_assignment: dict[tuple[str, str], float]
    distinct_partitions: int

    @property
    def mean_ari(self) -> float:
        """Mean adjusted Rand index against the reference partition."""
        return sum(self.ari) / len(self.ari) if self.ari else 1.0

    @property
    def min_ari(self) -> float:
        """Lowest adjusted Rand index against the reference partition."""
        return min(self.ari) if self.ari else 1.0


def community_stability(
    graph: nx.Graph,
    seed: int = DEFAULT_SEED,
    seeds: Sequence[int] = STABILITY_SEEDS,
    resolution: float = 1.0,
) -> Stability:
    """Run Louvain with each seed; compare with the partition of ``seed``."""
    reference = louvain(graph, seed, resolution)
    partitions = [louvain(graph, s, resolution) for s in seeds]
    nodes = list(graph.nodes)
    together: dict[tuple[str, str], float] = {}
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            shared = sum(1 for p in partitions if p[a] == p[b])
            together[(a, b)] = shared / len(partitions) if partitions else 0.0
    distinct = {tuple(sorted(_canonical(p).items())) for p in partitions}
    return Stability(
        reference=reference,
        seeds=tuple(seeds),
        ari=tuple(adjusted_rand_index(reference, p) for p in partitions),
        co_assignment=together,
        distinct_partitions=len(distinct),
    )


def _canonical(partition: Mapping[str, int]) -> dict[str, int]:
    """Relabel a partition by first appearance so equal partitions compare equal."""
    names: dict[int, int] = {}
    result = {}
    for node in sorted(partition, key=node_key):
        names.setdefault(partition[node], len(names) + 1)
        result[node] = names[partition[node]]
    return result


@dataclass(frozen=True)
class NodeMetrics:
    """Metrics of one node in one undirected network."""

    node: str
    degree: int
    weighted_degree: float
    betweenness: float
    pagerank: float
    community: int


def node_metrics(
    graph: nx.Graph, seed: int = DEFAULT_SEED, resolution: float = 1.0
) -> list[NodeMetrics]:
    """Degree, weighted degree, betweenness (1/weight), PageRank and Louvain community."""
    strength = weighted_degree(graph)
    between = betweenness(graph)
    rank = pagerank(graph)
    community = louvain(graph, seed, resolution)
    return [
        NodeMetrics(
            node=n,
            degree=int(graph.degree(n)),
            weighted_degree=strength[n],
            betweenness=between[n],
            pagerank=rank[n],
            community=community[n],
        )
        for n in graph.nodes
    ]


def brokers(
    graph: nx.Graph,
    between: Mapping[str, float],
    dimensions_of: Mapping[str, frozenset[str]],
    minimum: int = 2,
) -> list[tuple[str, float, tuple[str, ...]]]:
    """Nodes whose own and neighbours' dimensions span at least ``minimum`` dimensions.

    Returns (node, betweenness, dimensions reached) sorted by betweenness, highest first.
    """
    found = []
    for node in graph.nodes:
        reached = set(dimensions_of.get(node, frozenset()))
        for neighbour in graph.neighbors(node):
            reached |= dimensions_of.get(neighbour, frozenset())
        if len(reached) >= minimum:
            found.append((node, between.get(node, 0.0), tuple(sorted(reached))))
    return sorted(found, key=lambda x: (-x[1], node_key(x[0])))
