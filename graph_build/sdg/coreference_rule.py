"""The inheritance rules of shared-initiative co-reference: which printed SDG lists count.

An initiative's code set is its own printed codes; under ``direction`` (and ``direction+table``)
also those printed beside the areas it is placed under; under ``direction+table`` also those of
the KPI tables under those areas. The analysis (:mod:`graph_build.analysis.coreference`) and the
build's computed initiative goals (:mod:`graph_build.emit.initiative_goals`) both read the rule
from here.
"""

from __future__ import annotations

from graph_build.namespaces import SDG, SDGKG

STATED = "stated"
DIRECTION = "direction"
DIRECTION_TABLE = "direction+table"
# narrowest first: each rule counts everything the ones before it count
RULES = (STATED, DIRECTION, DIRECTION_TABLE)
DEFAULT_RULE = DIRECTION_TABLE

#: The kinds of thematic area whose printed lists an initiative inherits, with their short names.
AREA_KINDS = {
    str(SDGKG.LocalDirection): "direction",
    str(SDGKG.PartnershipArea): "partnership",
    str(SDGKG.IssueArea): "issue-area",
}


def sdg_code(iri: str) -> str:
    """``http://metadata.un.org/sdg/11.6`` → ``11.6``."""
    return iri.removeprefix(str(SDG))


def inherits_areas(rule: str) -> bool:
    """Whether the rule adds the codes printed beside the areas an initiative is placed under."""
    return rule != STATED


def inherits_tables(rule: str) -> bool:
    """Whether the rule adds the codes printed in the KPI tables under those areas."""
    return rule == DIRECTION_TABLE


def narrowest_rules(own: set[str], from_areas: set[str], from_tables: set[str]) -> dict[str, str]:
    """Each code of the widest code set, with the narrowest rule that counts it, in code order."""
    found: dict[str, str] = {}
    for rule in RULES:
        codes = set(own)
        if inherits_areas(rule):
            codes |= from_areas
        if inherits_tables(rule):
            codes |= from_tables
        for code in sorted(codes):
            found.setdefault(code, rule)
    return found
