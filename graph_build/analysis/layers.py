"""Linkage layers built from the graph, each link with the evidence that carries it.

* **co-reference** (after Le Blanc 2015), defined once in :mod:`.coreference`: two SDG targets,
  or two goals, co-occur when the same initiative addresses both; weight = number of distinct
  initiatives. What an initiative addresses follows the inheritance rule (``stated``,
  ``direction``, ``direction+table``). An initiative that reaches a pair only by inheritance is
  kept as *inferred via direction* evidence, and a link with no other evidence is marked
  ``inferred``. Co-occurrence is structure, not synergy: :mod:`.association` tells how far each
  count departs from chance.
* **re-listing**: an initiative the city placed under two areas links those areas; through the
  areas' printed targets, it links their goals (inferred via direction by construction).
* **stated synergies**: a document's synergy statements between two aspects.
* **expert interactions** are read by :mod:`.interactions` into the same :class:`Link` shape.
* **suggested** (only with ``--include-suggestions``): two targets, or two goals, are linked when
  both are among the best :data:`SUGGESTED_TOP` SDG targets suggested from one entity's own
  words. Suggestions are inferred, never printed; the layer is kept apart and labelled so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from graph_build.analysis.coreference import DEFAULT_RULE, STATED, check_rule, initiative_codes
from graph_build.analysis.plan_data import Area, Carrier, PlanData, Statement, city_slug

ALL = "all"
COREFERENCE = "coreference"
RELISTING = "relisting"
STATEMENT = "statement"
INTERACTION = "interaction"  # expert scores, read into the two layers below (never summed)
SYNERGY = "interaction-synergy"
TRADE_OFF = "interaction-trade-off"
EXPERT_LAYERS = (SYNERGY, TRADE_OFF)
SUGGESTED = "suggested"
LAYERS = (COREFERENCE, RELISTING, STATEMENT, SYNERGY, TRADE_OFF, SUGGESTED)
# How many of an entity's suggestions carry links: the best few, where the method is surest.
SUGGESTED_TOP = 3
LAYER_LABELS = {
    COREFERENCE: ("共起", "co-occurrence"),
    RELISTING: ("再掲", "re-listing"),
    STATEMENT: ("記述された相乗効果", "stated synergies"),
    INTERACTION: ("専門家による相互作用評価", "expert interaction scores"),
    SYNERGY: ("専門家評価による相乗効果（正の評価）", "expert-scored synergies (positive scores)"),
    TRADE_OFF: (
        "専門家評価によるトレードオフ（負の評価）",
        "expert-scored trade-offs (negative scores)",
    ),
    SUGGESTED: ("推定されたSDGsの共起（推定）", "suggested SDG co-reference (inferred)"),
}
TARGET, GOAL, AREA, ASPECT = "target", "goal", "area", "aspect"


@dataclass(frozen=True)
class Evidence:
    """One carrier of a link; ``inferred`` when it links the pair only through a direction."""

    carrier: str
    inferred: bool = False


@dataclass(frozen=True)
class Link:
    """A weighted link between two nodes of one layer, for one city or for all cities.

    Undirected links keep ``source <= target`` in node order. ``attributes`` holds the rationale,
    context and confidence of an expert score.
    """

    layer: str
    level: str
    city: str
    source: str
    target: str
    weight: float
    directed: bool = False
    evidence: tuple[Evidence, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()

    @property
    def stated_weight(self) -> int:
        """Number of carriers that state both ends themselves."""
        return sum(1 for e in self.evidence if not e.inferred)

    @property
    def inferred_weight(self) -> int:
        """Number of carriers that link the pair only through a direction."""
        return sum(1 for e in self.evidence if e.inferred)

    @property
    def inferred(self) -> bool:
        """True when every carrier links the pair only through a direction."""
        return bool(self.evidence) and self.stated_weight == 0

    @property
    def basis(self) -> str:
        """``stated`` or ``inferred-via-direction`` (``scored`` for expert scores)."""
        if self.layer in EXPERT_LAYERS:
            return "scored"
        if self.layer == SUGGESTED:
            return "suggested"
        return "inferred-via-direction" if self.inferred else "stated"

    def attribute(self, name: str) -> str:
        """An expert-score attribute such as ``rationale`` ('' when absent)."""
        return dict(self.attributes).get(name, "")


@dataclass
class Layers:
    """All links of an analysis, by layer; the cities analysed; the options used."""

    links: list[Link] = field(default_factory=list)
    cities: tuple[str, ...] = ()
    include_inferred: bool = True
    rule: str = DEFAULT_RULE
    _index: dict[tuple[str, str, str], list[Link]] = field(
        default_factory=dict, repr=False, compare=False
    )
    detail: tuple[str, ...] | None = None
    _indexed: int = field(default=-1, repr=False, compare=False)
    _index_of: list[Link] | None = field(default=None, repr=False, compare=False)

    def select(self, layer: str, level: str, city: str) -> list[Link]:
        """Links of one layer, level and city (``all`` for the union of cities)."""
        # An index keyed by view, rebuilt when links were added or removed: selecting by
        # scanning every link made an analysis quadratic in the number of cities.
        if self._indexed != len(self.links) or self._index_of is not self.links:
            index: dict[tuple[str, str, str], list[Link]] = defaultdict(list)
            for link in self.links:
                index[(link.layer, link.level, link.city)].append(link)
            self._index, self._indexed, self._index_of = index, len(self.links), self.links
        return list(self._index.get((layer, level, city), ()))

    def limit_views(self, cities: Iterable[str]) -> None:
        """Keep the links of ``cities`` and of the union; drop the other cities' own links.

        The union of areas goes too: areas belong to one city, so it is only the disjoint sum of
        the per-city views, and its centralities cost the most of all. Every link of a dropped
        city is still counted in the union; analyse the city with ``--city`` for its own view.
        """
        self.detail = tuple(c for c in self.cities if c in set(cities))
        kept = set(self.detail)
        self.links = [
            x for x in self.links if x.city in kept or (x.city == ALL and x.level != AREA)
        ]

    @property
    def detailed_cities(self) -> tuple[str, ...]:
        """Cities with views of their own."""
        return self.cities if self.detail is None else self.detail

    def views(self) -> list[tuple[str, str, str]]:
        """Every (layer, level, city) that has links, in a stable order."""
        seen = {(link.layer, link.level, link.city) for link in self.links}
        return sorted(seen, key=lambda v: (LAYERS.index(v[0]), v[1], v[2] == ALL, v[2]))


_TARGET_PART = re.compile(r"^(\d+)(?:\.(\w+))?$")


def code_key(code: str) -> tuple[int, int, int, str]:
    """Natural order of SDG codes: 9 < 9.1 < 9.5 < 9.a < 10 < 10.1."""
    match = _TARGET_PART.match(code)
    if not match:
        return (999, 9, 0, code)
    goal, part = int(match.group(1)), match.group(2)
    if part is None:
        return (goal, -1, 0, "")
    if part.isdigit():
        return (goal, 0, int(part), "")
    return (goal, 1, 0, part)


def node_key(node: str) -> tuple[object, ...]:
    """Sort key for any node id: SDG codes in natural order, other ids as text."""
    return (0, *code_key(node)) if _TARGET_PART.match(node) else (1, node)


def area_goals(data: PlanData, area: Area) -> set[str]:
    """Goals an area addresses: stated goals and the goals of its printed targets."""
    return set(area.goals) | {data.goal_of(t) for t in area.targets}


def carrier_codes(data: PlanData, carrier: Carrier, level: str) -> dict[str, bool]:
    """Codes a carrier addresses at ``level`` → True when only inherited (default rule)."""
    return initiative_codes(data, carrier, level, DEFAULT_RULE)


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if node_key(a) <= node_key(b) else (b, a)


def _collect(
    layer: str,
    level: str,
    city: str,
    pairs: dict[tuple[str, str], dict[str, bool]],
) -> list[Link]:
    """Turn pair → {carrier: inferred} into links; weight = number of distinct carriers."""
    links = []
    for (a, b), carriers in sorted(
        pairs.items(), key=lambda kv: (node_key(kv[0][0]), node_key(kv[0][1]))
    ):
        evidence = tuple(Evidence(c, carriers[c]) for c in sorted(carriers))
        links.append(Link(layer, level, city, a, b, float(len(evidence)), False, evidence))
    return links


def _add(
    pairs: dict[tuple[str, str], dict[str, bool]], a: str, b: str, carrier: str, inferred: bool
) -> None:
    key = _ordered(a, b)
    # a carrier that states the pair somewhere counts as stated, even if it also inherits it
    pairs[key][carrier] = pairs[key].get(carrier, True) and inferred


def _by_city(data: PlanData, cities: Iterable[str]) -> dict[str, list[Carrier]]:
    """Carriers of each city in ``data.carriers`` order (one pass, not one scan per city)."""
    grouped: dict[str, list[Carrier]] = {city: [] for city in cities}
    for carrier in data.carriers.values():
        found = grouped.get(carrier.city)
        if found is not None:
            found.append(carrier)
    return grouped


def coreference_links(
    data: PlanData, cities: Iterable[str], level: str, rule: str = DEFAULT_RULE
) -> list[Link]:
    """Co-reference links at target or goal level, per city and (for several cities) for all.

    Carriers are initiatives only; see :mod:`.coreference` for the definition and the rules.
    """
    per_city: dict[str, dict[tuple[str, str], dict[str, bool]]] = {}
    chosen = list(cities)
    # grouped once: scanning every carrier for each city made this quadratic in the corpus
    grouped = _by_city(data, chosen)
    for city in chosen:
        pairs: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)
        for carrier in grouped[city]:
            if carrier.kind != "initiative":
                continue
            codes = initiative_codes(data, carrier, level, rule)
            for a, b in combinations(sorted(codes, key=code_key), 2):
                _add(pairs, a, b, carrier.iri, codes[a] or codes[b])
        per_city[city] = pairs
    return _with_union(COREFERENCE, level, per_city)


def _with_union(
    layer: str, level: str, per_city: dict[str, dict[tuple[str, str], dict[str, bool]]]
) -> list[Link]:
    links: list[Link] = []
    union: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)
    for city in sorted(per_city):
        links += _collect(layer, level, city, per_city[city])
        for key, carriers in per_city[city].items():
            union[key].update(carriers)
    if len(per_city) > 1:
        links += _collect(layer, level, ALL, union)
    return links


def relisting_links(data: PlanData, cities: Iterable[str]) -> list[Link]:
    """Re-listing links between areas, and through the areas' printed targets between goals."""
    area_pairs: dict[str, dict[tuple[str, str], dict[str, bool]]] = {}
    goal_pairs: dict[str, dict[tuple[str, str], dict[str, bool]]] = {}
    chosen = list(cities)
    grouped = _by_city(data, chosen)
    for city in chosen:
        areas_here: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)
        goals_here: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)
        for carrier in grouped[city]:
            if carrier.kind != "initiative" or len(carrier.areas) < 2:
                continue
            for a, b in combinations(carrier.areas, 2):
                first, second = sorted((a, b), key=lambda iri: _area_key(data, iri))
                areas_here[(first, second)][carrier.iri] = False
                area_a, area_b = data.areas.get(first), data.areas.get(second)
                if area_a is None or area_b is None:
                    continue
                for ga in area_goals(data, area_a):
                    for gb in area_goals(data, area_b):
                        if ga != gb:
                            _add(goals_here, ga, gb, carrier.iri, True)
        area_pairs[city] = areas_here
        goal_pairs[city] = goals_here
    links = []
    for city in sorted(area_pairs):
        links += [
            Link(
                RELISTING,
                AREA,
                city,
                a,
                b,
                float(len(c)),
                False,
                tuple(Evidence(i) for i in sorted(c)),
            )
            for (a, b), c in sorted(
                area_pairs[city].items(),
                key=lambda kv: (_area_key(data, kv[0][0]), _area_key(data, kv[0][1])),
            )
        ]
    return links + _with_union(RELISTING, GOAL, goal_pairs)


def _area_key(data: PlanData, iri: str) -> tuple[object, ...]:
    area = data.areas.get(iri)
    number = area.number if area is not None and area.number is not None else 999
    return (number, iri)


def statement_links(data: PlanData, cities: Iterable[str]) -> list[Link]:
    """Stated synergies as links between aspects; weight = number of statements."""
    per_city: dict[str, dict[tuple[str, str], dict[str, bool]]] = {}
    future = data.schemes.get("future-city")
    order = {d.key: d.number for d in future.dimensions} if future else {}
    chosen = list(cities)
    by_city: dict[str, list[Statement]] = {city: [] for city in chosen}
    for statement in data.statements.values():
        if statement.city in by_city:
            by_city[statement.city].append(statement)
    for city in chosen:
        pairs: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)
        for statement in by_city[city]:
            dims = sorted(statement.dimensions, key=lambda k: (order.get(k, 99), k))
            for a, b in combinations(dims, 2):
                pairs[(a, b)][statement.iri] = False
        per_city[city] = pairs
    links: list[Link] = []
    union: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)
    for city in sorted(per_city):
        for (a, b), carriers in sorted(per_city[city].items()):
            evidence = tuple(Evidence(s) for s in sorted(carriers))
            links.append(Link(STATEMENT, ASPECT, city, a, b, float(len(evidence)), False, evidence))
            union[(a, b)].update(carriers)
    if len(per_city) > 1:
        for (a, b), carriers in sorted(union.items()):
            evidence = tuple(Evidence(s) for s in sorted(carriers))
            links.append(Link(STATEMENT, ASPECT, ALL, a, b, float(len(evidence)), False, evidence))
    return links


def suggested_links(data: PlanData, cities: Iterable[str], level: str) -> list[Link]:
    """Links between the best suggested targets (or their goals) of each entity."""
    chosen = set(cities)
    per_city: dict[str, dict[tuple[str, str], dict[str, bool]]] = {c: {} for c in chosen}
    for entity, ranked in data.suggested.items():
        city = city_slug(entity).split("/", 1)[0]
        if city not in chosen:
            continue
        best = ranked[:SUGGESTED_TOP]
        codes = best if level == TARGET else [data.goal_of(t) for t in best]
        pairs = per_city[city]
        for a, b in combinations(sorted(set(codes), key=code_key), 2):
            pairs.setdefault(_ordered(a, b), {})[entity] = False
    return _with_union(SUGGESTED, level, per_city)


def build_layers(
    data: PlanData,
    cities: Iterable[str],
    include_inferred: bool = True,
    include_suggestions: bool = False,
    rule: str | None = None,
) -> Layers:
    """Co-reference (target and goal level), re-listing and stated-synergy layers; with
    ``include_suggestions`` also the separate layer of suggested targets.

    ``rule`` is the inheritance rule of co-reference (default ``direction+table``);
    ``include_inferred=False`` is the same as ``rule="stated"``.
    """
    chosen = tuple(sorted(cities))
    chosen_rule = check_rule(rule or (DEFAULT_RULE if include_inferred else STATED))
    links = coreference_links(data, chosen, TARGET, chosen_rule)
    links += coreference_links(data, chosen, GOAL, chosen_rule)
    links += relisting_links(data, chosen)
    links += statement_links(data, chosen)
    if include_suggestions:
        links += suggested_links(data, chosen, TARGET)
        links += suggested_links(data, chosen, GOAL)
    return Layers(
        links=links,
        cities=chosen,
        include_inferred=chosen_rule != STATED,
        rule=chosen_rule,
    )
