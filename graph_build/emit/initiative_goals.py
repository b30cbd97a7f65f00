"""The goals each initiative counts for in co-reference, as a computed graph per municipality.

``graph/<city>/computed/initiative-goals`` holds one statement per initiative of the municipality
and SDG goal in its code set under the widest inheritance rule. The property names the narrowest
rule that counts the goal, so that one statement serves every rule:

* ``sdgkg:statedCoreferenceGoal``: printed for the initiative itself (counts under every rule);
* ``sdgkg:directionCoreferenceGoal``: inherited from an area it is placed under (``direction``
  and ``direction+table``);
* ``sdgkg:tableCoreferenceGoal``: inherited only from a KPI table under such an area
  (``direction+table``).

The rule is the analysis's one definition
(:func:`graph_build.analysis.coreference.narrowest_rules`), applied to the statements of the
municipality's documents as they are emitted. The query library
(``goal_links``, ``goal_link_weights``, ``dimension_links``) reads this graph rather than
re-deriving the rule in SPARQL. Nothing here is printed in a plan: the graph is computed.
"""

from __future__ import annotations

from collections import defaultdict

from graph_build.analysis.coreference import DIRECTION, DIRECTION_TABLE, STATED, narrowest_rules
from graph_build.analysis.plan_data import AREA_KINDS, Area, Carrier, PlanData
from graph_build.emit.common import Triple
from graph_build.emit.ntriples import iri_text, iri_value
from graph_build.emit.terms import RDF, SDGKG
from graph_build.iris import sdg_iri_value
from graph_build.namespaces import SDG
from graph_build.sdg.framework import goal_of

#: The property of each narrowest rule, as N-Triples text.
RULE_PROPERTIES = {
    STATED: SDGKG.statedCoreferenceGoal,
    DIRECTION: SDGKG.directionCoreferenceGoal,
    DIRECTION_TABLE: SDGKG.tableCoreferenceGoal,
}
_KINDS = {iri_text(iri): kind for iri, kind in AREA_KINDS.items()}
_INITIATIVE = SDGKG.Initiative
_KPI_BLOCK = SDGKG.KpiBlock
_THEMATIC_AREA = SDGKG.ThematicArea
_SDG = str(SDG)
# The predicates the rule reads (every other statement passes by).
_READ = frozenset(
    (
        RDF.type,
        SDGKG.municipality,
        SDGKG.hasPlacement,
        SDGKG.placedUnder,
        SDGKG.underArea,
        SDGKG.addressesTarget,
        SDGKG.addressesGoal,
    )
)


class CoreferenceInput:
    """The statements of a municipality's documents that the inheritance rule reads.

    Fed every statement of the documents (terms as N-Triples text); keeps only initiatives,
    KPI blocks and thematic areas with their municipality, placements and printed SDG links.
    """

    def __init__(self) -> None:
        self.types: dict[str, set[str]] = defaultdict(set)
        self.located: set[str] = set()
        self.placements: dict[str, set[str]] = defaultdict(set)
        self.placed_under: dict[str, set[str]] = defaultdict(set)
        self.under_area: dict[str, set[str]] = defaultdict(set)
        self.targets: dict[str, set[str]] = defaultdict(set)
        self.goals: dict[str, set[str]] = defaultdict(set)

    def add(self, s: str, p: str, o: str) -> None:
        """Keep the statement when the rule reads it."""
        if p not in _READ:
            return
        if p == RDF.type:
            self.types[s].add(o)
        elif p == SDGKG.municipality:
            self.located.add(s)
        elif p == SDGKG.hasPlacement:
            self.placements[s].add(o)
        elif p == SDGKG.placedUnder:
            self.placed_under[s].add(o)
        elif p == SDGKG.underArea:
            self.under_area[s].add(o)
        elif p == SDGKG.addressesTarget:
            self.targets[s].add(_code(o))
        elif p == SDGKG.addressesGoal:
            self.goals[s].add(_code(o))

    def _carrier(self, iri: str, kind: str, areas: set[str]) -> Carrier:
        return Carrier(
            iri=iri,
            ja="",
            en="",
            city="",
            kind=kind,
            targets=frozenset(self.targets.get(iri, ())),
            goals=frozenset(self.goals.get(iri, ())),
            aspects=frozenset(),
            areas=tuple(sorted(areas)),
        )

    def plan_data(self) -> tuple[PlanData, list[Carrier]]:
        """The areas and KPI blocks as the analysis reads them, and the initiatives."""
        typed = {s: kinds for s, kinds in self.types.items() if s in self.located}
        areas: dict[str, Area] = {}
        carriers: dict[str, Carrier] = {}
        initiatives: list[Carrier] = []
        for iri, kinds in sorted(typed.items()):
            key = iri_value(iri)
            area_kinds = sorted(_KINDS[k] for k in kinds if k in _KINDS)
            if _THEMATIC_AREA in kinds and area_kinds:
                areas[key] = Area(
                    iri=key,
                    ja="",
                    en="",
                    city="",
                    kind=area_kinds[0],
                    number=None,
                    targets=frozenset(self.targets.get(iri, ())),
                    goals=frozenset(self.goals.get(iri, ())),
                    aspects=frozenset(),
                    aspects_via_block=frozenset(),
                )
            if _KPI_BLOCK in kinds:
                served = {iri_value(a) for a in self.under_area.get(iri, ())}
                carriers[key] = self._carrier(iri, "kpi-block", served)
            if _INITIATIVE in kinds:
                placed = {
                    iri_value(area)
                    for placement in self.placements.get(iri, ())
                    for area in self.placed_under.get(placement, ())
                }
                initiatives.append(self._carrier(iri, "initiative", placed))
        data = PlanData(
            cities={},
            goals={},
            targets={},
            target_goal={code: goal_of(code) for codes in self.targets.values() for code in codes},
            schemes={},
            areas=areas,
            carriers=carriers,
            statements={},
            stakeholders={},
            data_date=None,
        )
        return data, initiatives


def _code(text: str) -> str:
    """``<http://metadata.un.org/sdg/11.6>`` → ``11.6``."""
    return iri_value(text).removeprefix(_SDG)


def initiative_goal_triples(found: CoreferenceInput) -> list[Triple]:
    """One statement per initiative and goal it counts for, by the narrowest rule."""
    data, initiatives = found.plan_data()
    triples: list[Triple] = []
    for initiative in initiatives:
        for goal, rule in narrowest_rules(data, initiative, "goal").items():
            triples.append((initiative.iri, RULE_PROPERTIES[rule], iri_text(sdg_iri_value(goal))))
    return triples
