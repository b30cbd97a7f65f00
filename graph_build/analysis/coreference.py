"""The one definition of structural co-reference, with its inheritance rule.

**Shared-initiative co-reference.** Two SDG codes (two goals, or two targets) co-occur in an
initiative when both are in the initiative's *code set*; the weight of the link is the number of
distinct initiatives of the city whose code sets hold both. Initiatives are the only carriers:
directions, issue areas and KPI tables are printed *lists* that initiatives inherit, not carriers
of their own, so each printed list is counted once per initiative, and a KPI table that repeats its
direction's list adds nothing (the union of two identical sets is the same set).

An initiative's code set depends on the inheritance rule:

* ``stated``: the SDG goals and targets printed for the initiative itself;
* ``direction``: those, plus the goals and targets printed beside every direction, issue area or
  partnership area the initiative is placed under (re-listings included);
* ``direction+table`` (default): those, plus the goals and targets printed in the KPI tables
  under those areas.

At goal level a target counts as its goal. A code an initiative reaches only by inheritance is
marked *inferred*; a link whose every initiative is inferred is "inferred via direction".

The query library mirrors this rule (``goal_link_weights``, ``goal_links``, ``dimension_links``
take the same ``inheritance`` parameter); ``tests/test_coreference_definition.py`` checks that
the query and ``sdgkg analyze`` give the same weights under every rule.
"""

from __future__ import annotations

from itertools import combinations

from graph_build.analysis.plan_data import Carrier, PlanData, Scheme
from graph_build.errors import SdgkgError
from graph_build.sdg.coreference_rule import (
    DEFAULT_RULE,
    DIRECTION,
    DIRECTION_TABLE,
    RULES,
    STATED,
    inherits_areas,
    inherits_tables,
)

__all__ = ["DEFAULT_RULE", "DIRECTION", "DIRECTION_TABLE", "RULES", "STATED"]
DEFINITION_NAME = "shared-initiative co-reference"
RULE_LABELS = {
    STATED: ("記載のみ", "stated only"),
    DIRECTION: ("方向性から継承", "inherited from the direction"),
    DIRECTION_TABLE: ("方向性とKPI表から継承", "inherited from the direction and its KPI tables"),
}


def check_rule(rule: str) -> str:
    """The rule itself, or a clear error naming the known rules."""
    if rule not in RULES:
        raise SdgkgError(f"--inheritance '{rule}': write one of {', '.join(RULES)}")
    return rule


def _codes(data: PlanData, targets: frozenset[str], goals: frozenset[str], level: str) -> set[str]:
    if level == "target":
        return set(targets)
    return set(goals) | {data.goal_of(t) for t in targets}


def initiative_codes(
    data: PlanData, carrier: Carrier, level: str, rule: str = DEFAULT_RULE
) -> dict[str, bool]:
    """An initiative's code set at ``level`` under ``rule``: code → True when only inherited.

    For any other carrier (a KPI table, an area) the codes it prints itself, all stated.
    """
    stated = _codes(data, carrier.targets, carrier.goals, level)
    inherited: set[str] = set()
    if carrier.kind == "initiative" and inherits_areas(rule):
        for area_iri in carrier.areas:
            area = data.areas.get(area_iri)
            if area is not None:
                inherited |= _codes(data, area.targets, area.goals, level)
            if inherits_tables(rule):
                for table in data.tables_under(area_iri):
                    inherited |= _codes(data, table.targets, table.goals, level)
    found = dict.fromkeys(stated, False)
    for code in inherited - stated:
        found[code] = True
    return found


def dimension_initiatives(
    data: PlanData, city: str, scheme: Scheme, rule: str = DEFAULT_RULE
) -> dict[tuple[str, str], int]:
    """Initiatives of a city that address a goal in each of two dimensions of a goal scheme.

    The initiative count of the ``dimension_links`` query (evidence ``co-reference``): one per
    initiative and pair of dimensions, first dimension the lower-numbered.
    """
    number = {d.key: d.number for d in scheme.dimensions}
    found: dict[tuple[str, str], int] = {}
    for carrier in data.carriers.values():
        if carrier.kind != "initiative" or carrier.city != city:
            continue
        dims = {
            d.key
            for goal in initiative_codes(data, carrier, "goal", rule)
            for d in scheme.dimensions
            if goal in d.goals
        }
        for a, b in combinations(sorted(dims, key=lambda k: (number[k], k)), 2):
            if number[a] < number[b]:
                found[(a, b)] = found.get((a, b), 0) + 1
    return dict(sorted(found.items()))
