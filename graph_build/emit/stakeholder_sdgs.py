"""The SDG targets and goals each stakeholder works on through its initiatives, as a computed
graph per municipality.

``graph/<city>/computed/stakeholder-sdgs`` holds one statement per stakeholder a document of the
municipality names for an initiative (``sdgkg:involves``) and SDG target or goal of those
initiatives, its property naming the strongest way, as partner finding weighs them:

* ``sdgkg:statedInitiativeTarget`` / ``sdgkg:statedInitiativeGoal``: printed for one of the
  initiatives itself (a goal also when one of its targets is);
* ``sdgkg:inheritedInitiativeTarget`` / ``sdgkg:inheritedInitiativeGoal``: only printed for a
  direction or area one of them is placed under, or for a KPI table under that area.

These are the candidate's stated and inherited targets and goals of
:func:`graph_build.partners.scoring.candidate_sdgs` (``tests/test_stakeholder_sdgs.py`` checks
that the two agree), so that the library query ``partner_candidates`` looks a candidate up by
target or goal instead of walking every initiative, area and KPI table of the corpus. What a
partner registry declares is not here: the query reads the registry itself. Nothing here is
printed in a plan: the graph is computed.
"""

from __future__ import annotations

from collections import defaultdict

from graph_build.emit.common import Triple
from graph_build.emit.ntriples import iri_text
from graph_build.emit.printed_links import LINK_PREDICATES, PrintedLinks
from graph_build.emit.terms import RDF, SDGKG
from graph_build.iris import sdg_iri_value

STATED = "stated"
INHERITED = "inherited"
#: The property of each way, for targets and for goals, as N-Triples text.
TARGET_PROPERTIES = {
    STATED: SDGKG.statedInitiativeTarget,
    INHERITED: SDGKG.inheritedInitiativeTarget,
}
GOAL_PROPERTIES = {STATED: SDGKG.statedInitiativeGoal, INHERITED: SDGKG.inheritedInitiativeGoal}
_INITIATIVE = SDGKG.Initiative
_KPI_BLOCK = SDGKG.KpiBlock


class StakeholderSdgInput(PrintedLinks):
    """The statements of a municipality's documents that the rule reads.

    Fed every statement of the documents (terms as N-Triples text); keeps initiatives with their
    stakeholders and placements, KPI tables with their areas, and every printed SDG link.
    """

    def __init__(self) -> None:
        super().__init__()
        self.initiatives: set[str] = set()
        self.tables: set[str] = set()
        self.involves: dict[str, set[str]] = defaultdict(set)

    def add(self, s: str, p: str, o: str) -> None:
        """Keep the statement when the rule reads it."""
        if p == RDF.type:
            if o == _INITIATIVE:
                self.initiatives.add(s)
            elif o == _KPI_BLOCK:
                self.tables.add(s)
        elif p == SDGKG.involves:
            self.involves[s].add(o)
        elif p in LINK_PREDICATES:
            self.add_link(s, p, o)

    def _printed(self, nodes: set[str]) -> tuple[set[str], set[str]]:
        """The targets the nodes print, and the goals they print or print a target of."""
        targets = {t for node in nodes for t in self.targets.get(node, ())}
        return targets, {g for node in nodes for g in self.printed_goals(node)}

    def ways(self) -> dict[str, dict[str, str]]:
        """Per stakeholder, each SDG code of its initiatives with the strongest way."""
        tables_under: dict[str, set[str]] = defaultdict(set)
        for table in self.tables:
            for area in self.under_area.get(table, ()):
                tables_under[area].add(table)
        found: dict[str, dict[str, str]] = defaultdict(dict)
        for initiative in sorted(self.initiatives):
            stakeholders = self.involves.get(initiative, set())
            if not stakeholders:
                continue
            areas = self.areas_of(initiative)
            tables = {t for area in areas for t in tables_under.get(area, ())}
            stated = self._printed({initiative})
            inherited = self._printed(areas | tables)
            for way, (targets, goals) in ((STATED, stated), (INHERITED, inherited)):
                for code in targets | goals:
                    for stakeholder in stakeholders:
                        known = found[stakeholder].get(code)
                        if known is None or (known == INHERITED and way == STATED):
                            found[stakeholder][code] = way
        return found


def stakeholder_sdg_triples(found: StakeholderSdgInput) -> list[Triple]:
    """One statement per stakeholder and SDG code its initiatives carry, by the strongest way."""
    triples: list[Triple] = []
    for stakeholder, codes in found.ways().items():
        for code, way in codes.items():
            properties = GOAL_PROPERTIES if "." not in code else TARGET_PROPERTIES
            triples.append((stakeholder, properties[way], iri_text(sdg_iri_value(code))))
    return triples
