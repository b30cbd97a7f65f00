"""The goals each initiative counts for in co-reference, as a computed graph per municipality.

``graph/<city>/computed/initiative-goals`` holds one statement per initiative of the municipality
and SDG goal in its code set under the widest inheritance rule. The property names the narrowest
rule that counts the goal, so that one statement serves every rule:

* ``sdgkg:statedCoreferenceGoal``: printed for the initiative itself (counts under every rule);
* ``sdgkg:directionCoreferenceGoal``: inherited from an area it is placed under (``direction``
  and ``direction+table``);
* ``sdgkg:tableCoreferenceGoal``: inherited only from a KPI table under such an area
  (``direction+table``).

The rule is the one the analysis applies (:mod:`graph_build.sdg.coreference_rule`; the analysis
reads the same sets from the store, and ``tests/test_coreference_definition.py`` checks that the
two agree), applied to the statements of the municipality's documents as they are emitted. The
query library (``goal_links``, ``goal_link_weights``, ``dimension_links``) reads this graph
rather than re-deriving the rule in SPARQL. Nothing here is printed in a plan: the graph is
computed.
"""

from __future__ import annotations

from collections import defaultdict

from graph_build.emit.common import Triple
from graph_build.emit.ntriples import iri_text
from graph_build.emit.printed_links import LINK_PREDICATES, PrintedLinks
from graph_build.emit.terms import RDF, SDGKG
from graph_build.iris import sdg_iri_value
from graph_build.sdg.coreference_rule import (
    AREA_KINDS,
    DIRECTION,
    DIRECTION_TABLE,
    STATED,
    narrowest_rules,
)

#: The property of each narrowest rule, as N-Triples text.
RULE_PROPERTIES = {
    STATED: SDGKG.statedCoreferenceGoal,
    DIRECTION: SDGKG.directionCoreferenceGoal,
    DIRECTION_TABLE: SDGKG.tableCoreferenceGoal,
}
# The kinds of thematic area whose printed lists an initiative inherits, as N-Triples text.
_AREA_KINDS = frozenset(iri_text(kind) for kind in AREA_KINDS)
_INITIATIVE = SDGKG.Initiative
_KPI_BLOCK = SDGKG.KpiBlock
_THEMATIC_AREA = SDGKG.ThematicArea


class CoreferenceInput(PrintedLinks):
    """The statements of a municipality's documents that the inheritance rule reads.

    Fed every statement of the documents (terms as N-Triples text); keeps only initiatives,
    KPI blocks and thematic areas with their municipality, placements and printed SDG links.
    """

    def __init__(self) -> None:
        super().__init__()
        self.types: dict[str, set[str]] = defaultdict(set)
        self.located: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        """Keep the statement when the rule reads it."""
        if p == RDF.type:
            self.types[s].add(o)
        elif p == SDGKG.municipality:
            self.located.add(s)
        elif p in LINK_PREDICATES:
            self.add_link(s, p, o)

    def initiative_sets(self) -> list[tuple[str, set[str], set[str], set[str]]]:
        """Per initiative of the municipality: its own goals, those printed beside the thematic
        areas it is placed under, and those of the KPI tables under those areas."""
        located = {s: kinds for s, kinds in self.types.items() if s in self.located}
        areas = {
            s for s, kinds in located.items() if _THEMATIC_AREA in kinds and kinds & _AREA_KINDS
        }
        tables: dict[str, set[str]] = defaultdict(set)
        for block, kinds in located.items():
            if _KPI_BLOCK in kinds:
                for area in self.under_area.get(block, ()):
                    tables[area].add(block)
        found = []
        for iri, kinds in sorted(located.items()):
            if _INITIATIVE not in kinds:
                continue
            placed = self.areas_of(iri)
            from_areas = {g for area in placed if area in areas for g in self.printed_goals(area)}
            from_tables = {
                g for area in placed for t in tables.get(area, ()) for g in self.printed_goals(t)
            }
            found.append((iri, self.printed_goals(iri), from_areas, from_tables))
        return found


def initiative_goal_triples(found: CoreferenceInput) -> list[Triple]:
    """One statement per initiative and goal it counts for, by the narrowest rule."""
    triples: list[Triple] = []
    for initiative, own, from_areas, from_tables in found.initiative_sets():
        for goal, rule in narrowest_rules(own, from_areas, from_tables).items():
            triples.append((initiative, RULE_PROPERTIES[rule], iri_text(sdg_iri_value(goal))))
    return triples
