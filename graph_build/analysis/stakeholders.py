"""Stakeholder–goal bipartite network, and the partners whose work bridges dimensions.

A stakeholder is tied to a goal when an initiative that involves it (``sdgkg:involves``)
addresses the goal, stated for the initiative or through a direction it is placed under (then
marked inferred). It is tied to a Future City aspect stated for such an initiative, or to the
aspect of the area the initiative is placed under (inferred).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph_build.analysis.layers import GOAL, Evidence, carrier_codes, node_key
from graph_build.analysis.plan_data import PlanData


@dataclass(frozen=True)
class StakeholderTie:
    """A stakeholder–goal or stakeholder–aspect edge with the initiatives that carry it."""

    stakeholder: str
    city: str
    kind: str  # "goal" or "aspect"
    node: str
    evidence: tuple[Evidence, ...]

    @property
    def weight(self) -> int:
        """Number of initiatives."""
        return len(self.evidence)

    @property
    def inferred(self) -> bool:
        """True when every initiative reaches the node only through a direction."""
        return all(e.inferred for e in self.evidence)


@dataclass(frozen=True)
class Bridge:
    """The dimensions a stakeholder's initiatives reach under one scheme."""

    stakeholder: str
    city: str
    scheme: str
    dimensions: tuple[str, ...]
    initiatives: tuple[str, ...]

    @property
    def bridges(self) -> bool:
        """True when the stakeholder's initiatives reach two or more dimensions."""
        return len(self.dimensions) >= 2


def stakeholder_ties(data: PlanData, cities: tuple[str, ...]) -> list[StakeholderTie]:
    """Edges of the stakeholder–goal and stakeholder–aspect bipartite network, per city."""
    ties: dict[tuple[str, str, str, str], dict[str, bool]] = defaultdict(dict)
    for carrier in data.carriers.values():
        if carrier.kind != "initiative" or carrier.city not in cities or not carrier.stakeholders:
            continue
        goals = carrier_codes(data, carrier, GOAL)
        aspects = dict.fromkeys(carrier.aspects, False)
        if not aspects:
            for area_iri in carrier.areas:
                area = data.areas.get(area_iri)
                if area is not None:
                    for aspect in area.all_aspects:
                        aspects.setdefault(aspect, True)
        for stakeholder in carrier.stakeholders:
            for kind, nodes in (("goal", goals), ("aspect", aspects)):
                for node, inferred in nodes.items():
                    key = (stakeholder, carrier.city, kind, node)
                    ties[key][carrier.iri] = ties[key].get(carrier.iri, True) and inferred
    return [
        StakeholderTie(s, city, kind, node, tuple(Evidence(i, f) for i, f in sorted(c.items())))
        for (s, city, kind, node), c in sorted(
            ties.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2], node_key(kv[0][3]))
        )
    ]


def bridges(data: PlanData, ties: list[StakeholderTie], schemes: list[str]) -> list[Bridge]:
    """For each stakeholder, city and scheme: the dimensions its initiatives reach."""
    result = []
    grouped: dict[tuple[str, str], list[StakeholderTie]] = defaultdict(list)
    for tie in ties:
        grouped[(tie.stakeholder, tie.city)].append(tie)
    for (stakeholder, city), group in sorted(grouped.items()):
        initiatives = tuple(sorted({e.carrier for t in group for e in t.evidence}))
        for scheme_key in schemes:
            scheme = data.schemes[scheme_key]
            keys = [d.key for d in scheme.dimensions]
            dims: set[str] = set()
            for tie in group:
                if scheme.goal_based and tie.kind == "goal":
                    key = scheme.dimension_of_goal(tie.node)
                elif not scheme.goal_based and tie.kind == "aspect":
                    key = scheme.key_for(tie.node)
                else:
                    continue
                if key:
                    dims.add(key)
            result.append(
                Bridge(
                    stakeholder, city, scheme_key, tuple(sorted(dims, key=keys.index)), initiatives
                )
            )
    return result
