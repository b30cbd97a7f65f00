"""How two cities' plans compare: shared targets and goals, Jaccard similarity, and where their
goal networks differ."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from graph_build.analysis.dimensions import BlockMatrix
from graph_build.analysis.layers import COREFERENCE, GOAL, Layers, code_key
from graph_build.analysis.plan_data import PlanData


@dataclass(frozen=True)
class Similarity:
    """Overlap of two cities on targets, goals, goal links and stakeholders."""

    city_a: str
    city_b: str
    targets_a: tuple[str, ...]
    targets_b: tuple[str, ...]
    goals_a: tuple[str, ...]
    goals_b: tuple[str, ...]
    links_a: int
    links_b: int
    shared_links: int
    stakeholders_shared: tuple[str, ...]
    stakeholders_a: int
    stakeholders_b: int

    @property
    def shared_targets(self) -> tuple[str, ...]:
        """Targets both cities address."""
        return tuple(sorted(set(self.targets_a) & set(self.targets_b), key=code_key))

    @property
    def shared_goals(self) -> tuple[str, ...]:
        """Goals both cities address."""
        return tuple(sorted(set(self.goals_a) & set(self.goals_b), key=code_key))

    @property
    def jaccard_targets(self) -> float:
        """|A ∩ B| / |A ∪ B| over targets (0 when neither addresses any)."""
        return _jaccard(self.targets_a, self.targets_b)

    @property
    def jaccard_goals(self) -> float:
        """Jaccard similarity over goals."""
        return _jaccard(self.goals_a, self.goals_b)

    @property
    def jaccard_links(self) -> float:
        """Jaccard similarity over goal-level co-reference links."""
        union = self.links_a + self.links_b - self.shared_links
        return self.shared_links / union if union else 0.0

    @property
    def jaccard_stakeholders(self) -> float:
        """Jaccard similarity over stakeholders."""
        union = self.stakeholders_a + self.stakeholders_b - len(self.stakeholders_shared)
        return len(self.stakeholders_shared) / union if union else 0.0


@dataclass(frozen=True)
class LinkDifference:
    """A goal link present in one or both cities, with its weight in each."""

    city_a: str
    city_b: str
    source: str
    target: str
    weight_a: float
    weight_b: float

    @property
    def where(self) -> str:
        """``both``, ``only <city_a>`` or ``only <city_b>``."""
        if self.weight_a and self.weight_b:
            return "both"
        return f"only {self.city_a if self.weight_a else self.city_b}"


def _jaccard(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 0.0


def addressed(data: PlanData, city: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Targets and goals a city's carriers state (blocks, areas, initiatives)."""
    targets: set[str] = set()
    goals: set[str] = set()
    for carrier in data.carriers.values():
        if carrier.city == city:
            targets |= carrier.targets
            goals |= carrier.goals | {data.goal_of(t) for t in carrier.targets}
    return tuple(sorted(targets, key=code_key)), tuple(sorted(goals, key=code_key))


def compare_cities(data: PlanData, layers: Layers) -> tuple[list[Similarity], list[LinkDifference]]:
    """Similarity and link differences for every pair of analysed cities."""
    similarities, differences = [], []
    for a, b in combinations(layers.detailed_cities, 2):
        ta, ga = addressed(data, a)
        tb, gb = addressed(data, b)
        wa = {(x.source, x.target): x.weight for x in layers.select(COREFERENCE, GOAL, a)}
        wb = {(x.source, x.target): x.weight for x in layers.select(COREFERENCE, GOAL, b)}
        sa = {s.iri for s in data.stakeholders.values() if a in s.cities}
        sb = {s.iri for s in data.stakeholders.values() if b in s.cities}
        similarities.append(
            Similarity(
                a,
                b,
                ta,
                tb,
                ga,
                gb,
                len(wa),
                len(wb),
                len(set(wa) & set(wb)),
                tuple(sorted(sa & sb)),
                len(sa),
                len(sb),
            )
        )
        for key in sorted(set(wa) | set(wb), key=lambda k: (code_key(k[0]), code_key(k[1]))):
            differences.append(
                LinkDifference(a, b, key[0], key[1], wa.get(key, 0.0), wb.get(key, 0.0))
            )
    return similarities, differences


#: Levels two cities can be compared at, finest first.
TARGET_LEVEL, GOAL_LEVEL, DIMENSION_LEVEL = "target", "goal", "dimension"


def comparison_level(data: PlanData, city_a: str, city_b: str) -> str:
    """The finest level both cities' documents print: ``target``, ``goal`` or ``dimension``.

    A city that prints no SDG targets or goals can only be compared through dimensions (the
    Future City aspects it assigns, or the wedding cake and 5Ps when it prints goals).
    """
    ta, ga = addressed(data, city_a)
    tb, gb = addressed(data, city_b)
    if ta and tb:
        return TARGET_LEVEL
    if ga and gb:
        return GOAL_LEVEL
    return DIMENSION_LEVEL


@dataclass(frozen=True)
class DimensionComparison:
    """One dimension pair of one scheme in two cities, each with the layer its weight counts."""

    city_a: str
    city_b: str
    scheme: str
    dimension_a: str
    dimension_b: str
    layer_a: str
    weight_a: float
    layer_b: str
    weight_b: float

    @property
    def same_layer(self) -> bool:
        """True when both weights count the same kind of evidence (then sizes compare too)."""
        return self.layer_a == self.layer_b


def compare_dimensions(
    matrices: list[BlockMatrix], city_a: str, city_b: str
) -> list[DimensionComparison]:
    """The dimension pairs of every scheme that both cities fill, city by city and layer by layer.

    A scheme is compared only when each city has weight in one of its block matrices; each row
    names the layer behind each city's weight, because two cities may fill the same scheme from
    different evidence (Kanazawa re-lists initiatives across aspects, Komatsu states synergies).
    """
    filled: dict[str, dict[str, list[BlockMatrix]]] = {}
    for m in matrices:
        if m.city in (city_a, city_b) and m.total():
            filled.setdefault(m.scheme, {}).setdefault(m.city, []).append(m)
    rows = []
    for scheme, by_city in filled.items():
        for ma in by_city.get(city_a, []):
            for mb in by_city.get(city_b, []):
                for a, b in ma.pairs():
                    rows.append(
                        DimensionComparison(
                            city_a,
                            city_b,
                            scheme,
                            a,
                            b,
                            ma.layer,
                            ma.weight(a, b),
                            mb.layer,
                            mb.weight(a, b),
                        )
                    )
    return rows
