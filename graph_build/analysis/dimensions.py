"""Dimension block matrices: how much link weight runs within and between dimensions.

Goal-based schemes (wedding cake, 5Ps) place each goal, and through it each target, in one
dimension; the goal-level co-reference and re-listing layers and the expert layer are summed
into their cells. The Future City aspects are assigned by the city to plan blocks, areas and
initiatives, not to goals, so under that scheme the cells sum the layers that join aspects
directly: re-listings between areas (an area's aspect is stated for it, or taken from the
aspect-headed KPI blocks that serve it) and stated synergies. A node with several dimensions
adds its link's weight to each of their cells.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graph_build.analysis.layers import (
    ALL,
    AREA,
    ASPECT,
    COREFERENCE,
    EXPERT_LAYERS,
    GOAL,
    RELISTING,
    STATEMENT,
    TARGET,
    Layers,
    Link,
)
from graph_build.analysis.plan_data import PlanData, Scheme

ECONOMY, ENVIRONMENT = "economy", "environment"


@dataclass
class BlockMatrix:
    """Link weight between dimensions of one scheme, for one city and one layer."""

    city: str
    scheme: str
    layer: str
    level: str
    directed: bool
    dimensions: tuple[str, ...]
    cells: dict[tuple[str, str], float] = field(default_factory=dict)
    links: dict[tuple[str, str], list[Link]] = field(default_factory=dict)

    def weight(self, a: str, b: str) -> float:
        """Weight of the cell (a, b); undirected matrices are symmetric."""
        if not self.directed and (a, b) not in self.cells:
            a, b = b, a
        return self.cells.get((a, b), 0.0)

    def total(self) -> float:
        """Sum of all cells."""
        return sum(self.cells.values())

    def pairs(self) -> list[tuple[str, str]]:
        """Cells in scheme order: all ordered pairs if directed, else a ≤ b."""
        dims = self.dimensions
        if self.directed:
            return [(a, b) for a in dims for b in dims]
        return [(a, b) for i, a in enumerate(dims) for b in dims[i:]]


def economy_environment(scheme: Scheme) -> tuple[str, str] | None:
    """The scheme's economy and environment dimensions (5Ps: prosperity and planet)."""
    economy, environment = scheme.key_for(ECONOMY), scheme.key_for(ENVIRONMENT)
    if economy is None or environment is None:
        return None
    return economy, environment


def city_aspects(data: PlanData, city: str, level: str) -> dict[str, set[str]]:
    """Future City aspects of targets or goals, from the aspect-bearing carriers that state them."""
    found: dict[str, set[str]] = defaultdict(set)
    for carrier in data.carriers.values():
        if (city != ALL and carrier.city != city) or not carrier.aspects:
            continue
        if level == TARGET:
            codes = set(carrier.targets)
        else:
            codes = set(carrier.goals) | {data.goal_of(t) for t in carrier.targets}
        for code in codes:
            found[code] |= set(carrier.aspects)
    return found


def node_dimensions(
    data: PlanData, scheme: Scheme, level: str, city: str, nodes: list[str]
) -> dict[str, frozenset[str]]:
    """Dimensions of each node under a scheme (empty when the scheme cannot place it)."""
    result: dict[str, frozenset[str]] = {}
    aspects = city_aspects(data, city, level) if level in (TARGET, GOAL) else {}
    for node in nodes:
        dims: set[str] = set()
        if level in (TARGET, GOAL) and scheme.goal_based:
            key = scheme.dimension_of_goal(data.goal_of(node))
            dims = {key} if key else set()
        elif level in (TARGET, GOAL):
            dims = {k for a in aspects.get(node, set()) if (k := scheme.key_for(a))}
        elif level == AREA:
            area = data.areas.get(node)
            raw = area.all_aspects if area is not None else frozenset()
            if scheme.goal_based and area is not None:
                goals = set(area.goals) | {data.goal_of(t) for t in area.targets}
                dims = {k for g in goals if (k := scheme.dimension_of_goal(g))}
            else:
                dims = {k for a in raw if (k := scheme.key_for(a))}
        elif level == ASPECT:
            key = scheme.key_for(node)
            dims = {key} if key else set()
        result[node] = frozenset(dims)
    return result


def _applies(scheme: Scheme, layer: str, level: str) -> bool:
    if scheme.goal_based:
        return (layer in (COREFERENCE, RELISTING) and level == GOAL) or layer in EXPERT_LAYERS
    return (layer == RELISTING and level == AREA) or layer == STATEMENT


def block_matrices(data: PlanData, layers: Layers, schemes: list[str]) -> list[BlockMatrix]:
    """Every (city, scheme, layer) block matrix that the scheme can form."""
    matrices = []
    for scheme_key in schemes:
        scheme = data.schemes[scheme_key]
        keys = tuple(d.key for d in scheme.dimensions)
        for layer, level, city in layers.views():
            if not _applies(scheme, layer, level):
                continue
            links = layers.select(layer, level, city)
            nodes = sorted({n for link in links for n in (link.source, link.target)})
            dims = node_dimensions(data, scheme, level, city, nodes)
            directed = any(link.directed for link in links)
            matrix = BlockMatrix(city, scheme_key, layer, level, directed, keys)
            for link in links:
                for a in sorted(dims[link.source], key=keys.index):
                    for b in sorted(dims[link.target], key=keys.index):
                        cell = (a, b)
                        if not directed and keys.index(a) > keys.index(b):
                            cell = (b, a)
                        matrix.cells[cell] = matrix.cells.get(cell, 0.0) + link.weight
                        matrix.links.setdefault(cell, []).append(link)
            matrices.append(matrix)
    return sorted(
        matrices,
        key=lambda m: (m.city == ALL, m.city, schemes.index(m.scheme), m.layer, m.level),
    )
