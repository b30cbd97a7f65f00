"""The main findings recomputed under every choice the reader could question.

For each city: the strongest goal links, the initiatives linking each scheme's economy and
environment dimensions (and the block sum of goal-link weights), the top brokers by
betweenness on the target network, and the number of Louvain communities with their modularity,
under each inheritance rule of :mod:`.coreference` (``stated`` is the stated-only view) and, for
the default rule, with the suggested links added.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph_build.analysis.coreference import DEFAULT_RULE, RULES, dimension_initiatives
from graph_build.analysis.dimensions import block_matrices, economy_environment
from graph_build.analysis.layers import (
    COREFERENCE,
    GOAL,
    SUGGESTED,
    TARGET,
    Link,
    build_layers,
    node_key,
)
from graph_build.analysis.metrics import DEFAULT_SEED, betweenness, louvain, undirected_graph
from graph_build.analysis.plan_data import PlanData

TOP = 3


@dataclass(frozen=True)
class Variant:
    """One way of counting: an inheritance rule, with or without the suggested links."""

    rule: str
    suggestions: bool = False

    @property
    def name(self) -> str:
        """``direction+table`` or ``direction+table + suggestions``."""
        return f"{self.rule} + suggestions" if self.suggestions else self.rule


@dataclass(frozen=True)
class SchemeFinding:
    """Economy–environment under one goal scheme: initiatives linking both, block weight."""

    scheme: str
    initiatives: int
    block_weight: float


@dataclass(frozen=True)
class Findings:
    """The headline figures of one city under one variant."""

    city: str
    variant: Variant
    goal_links: int
    strongest: tuple[tuple[str, str, float], ...]
    schemes: tuple[SchemeFinding, ...]
    brokers: tuple[tuple[str, float], ...]
    communities: int
    modularity: float


def variants(with_suggestions: bool) -> list[Variant]:
    """Every rule; the default rule again with suggestions when the graph has any."""
    found = [Variant(rule) for rule in RULES]
    if with_suggestions:
        found.append(Variant(DEFAULT_RULE, True))
    return found


def strongest(links: list[Link], top: int = TOP) -> tuple[tuple[str, str, float], ...]:
    """The heaviest links, ties in natural code order."""
    ordered = sorted(links, key=lambda x: (-x.weight, node_key(x.source), node_key(x.target)))
    return tuple((x.source, x.target, x.weight) for x in ordered[:top])


def _merged(links: list[Link]) -> list[Link]:
    """Co-reference and suggested links as one layer: weights of the same pair add up."""
    total: dict[tuple[str, str], Link] = {}
    for link in links:
        key = (link.source, link.target)
        seen = total.get(key)
        weight = link.weight + (seen.weight if seen else 0.0)
        total[key] = Link(COREFERENCE, link.level, link.city, link.source, link.target, weight)
    return list(total.values())


def findings(data: PlanData, cities: tuple[str, ...], schemes: list[str]) -> list[Findings]:
    """Findings for every city and variant, in city then variant order."""
    result: list[Findings] = []
    goal_schemes = [s for s in schemes if data.schemes[s].goal_based]
    for variant in variants(bool(data.suggested)):
        layers = build_layers(
            data, cities, include_suggestions=variant.suggestions, rule=variant.rule
        )
        matrices = {
            (m.city, m.scheme): m
            for m in block_matrices(data, layers, goal_schemes)
            if m.layer == COREFERENCE
        }
        for city in cities:
            goal_links = layers.select(COREFERENCE, GOAL, city)
            target_links = layers.select(COREFERENCE, TARGET, city)
            if variant.suggestions:
                goal_links = _merged(goal_links + layers.select(SUGGESTED, GOAL, city))
                target_links = _merged(target_links + layers.select(SUGGESTED, TARGET, city))
            found = []
            for key in goal_schemes:
                scheme = data.schemes[key]
                pair = economy_environment(scheme)
                if pair is None:
                    continue
                counts = dimension_initiatives(data, city, scheme, variant.rule)
                first, second = sorted(pair, key=[d.key for d in scheme.dimensions].index)
                matrix = matrices.get((city, key))
                found.append(
                    SchemeFinding(
                        key,
                        counts.get((first, second), 0),
                        matrix.weight(first, second) if matrix is not None else 0.0,
                    )
                )
            goal_graph = undirected_graph(goal_links)
            between = betweenness(undirected_graph(target_links))
            top = sorted(between.items(), key=lambda kv: (-kv[1], node_key(kv[0])))[:TOP]
            partition = louvain(goal_graph, DEFAULT_SEED)
            groups: dict[int, set[str]] = {}
            for node, number in partition.items():
                groups.setdefault(number, set()).add(node)
            modularity = (
                nx.community.modularity(goal_graph, list(groups.values()), weight="weight")
                if goal_graph.number_of_edges()
                else 0.0
            )
            result.append(
                Findings(
                    city=city,
                    variant=variant,
                    goal_links=len(goal_links),
                    strongest=strongest(goal_links),
                    schemes=tuple(found),
                    brokers=tuple(top),
                    communities=len(groups),
                    modularity=float(modularity),
                )
            )
    return sorted(result, key=lambda f: (f.city, variants(True).index(f.variant)))
