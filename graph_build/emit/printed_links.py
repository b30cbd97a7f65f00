"""The placements and printed SDG links of a municipality's documents, as the computed graphs read
them from the statements passing by (terms as N-Triples text).

:class:`graph_build.emit.initiative_goals.CoreferenceInput` and
:class:`graph_build.emit.stakeholder_sdgs.StakeholderSdgInput` each add what their own rule needs.
"""

from __future__ import annotations

from collections import defaultdict

from graph_build.emit.ntriples import iri_value
from graph_build.emit.terms import SDGKG
from graph_build.sdg.coreference_rule import sdg_code
from graph_build.sdg.framework import goal_of

#: The predicates :meth:`PrintedLinks.add_link` keeps.
LINK_PREDICATES = frozenset(
    (
        SDGKG.hasPlacement,
        SDGKG.placedUnder,
        SDGKG.underArea,
        SDGKG.addressesTarget,
        SDGKG.addressesGoal,
    )
)


class PrintedLinks:
    """Initiatives' placements, the areas they are placed under, the KPI tables under those
    areas, and the SDG codes each node prints."""

    def __init__(self) -> None:
        self.placements: dict[str, set[str]] = defaultdict(set)
        self.placed_under: dict[str, set[str]] = defaultdict(set)
        self.under_area: dict[str, set[str]] = defaultdict(set)
        self.targets: dict[str, set[str]] = defaultdict(set)
        self.goals: dict[str, set[str]] = defaultdict(set)

    def add_link(self, s: str, p: str, o: str) -> None:
        """Keep a statement of :data:`LINK_PREDICATES`; any other passes by."""
        if p == SDGKG.hasPlacement:
            self.placements[s].add(o)
        elif p == SDGKG.placedUnder:
            self.placed_under[s].add(o)
        elif p == SDGKG.underArea:
            self.under_area[s].add(o)
        elif p == SDGKG.addressesTarget:
            self.targets[s].add(sdg_code(iri_value(o)))
        elif p == SDGKG.addressesGoal:
            self.goals[s].add(sdg_code(iri_value(o)))

    def areas_of(self, initiative: str) -> set[str]:
        """The areas an initiative is placed under."""
        return {
            area
            for placement in self.placements.get(initiative, ())
            for area in self.placed_under.get(placement, ())
        }

    def printed_goals(self, node: str) -> set[str]:
        """The goals a node prints: its goals, and the goals of its targets."""
        return set(self.goals.get(node, ())) | {goal_of(t) for t in self.targets.get(node, ())}
