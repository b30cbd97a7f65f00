"""The SDG targets and goals each stakeholder works on through its initiatives, computed by the
build: one statement per stakeholder and code, by the strongest way, as partner finding weighs
them (``graph_build.partners.scoring.candidate_sdgs``)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from graph_build.build import BuildResult
from graph_build.emit.ntriples import literal_text
from graph_build.emit.stakeholder_sdgs import (
    GOAL_PROPERTIES,
    TARGET_PROPERTIES,
    StakeholderSdgInput,
    stakeholder_sdg_triples,
)
from graph_build.emit.terms import RDF, RDFS, SDGKG
from graph_build.iris import (
    GRAPH,
    STAKEHOLDER_SDGS_KIND,
    stakeholder_sdgs_graph_iri,
)
from graph_build.partners.evidence import load_partner_graph
from graph_build.partners.scoring import candidate_sdgs
from graph_build.sparql.query import plain
from graph_build.store.embedded import open_store
from tests.test_initiative_goals import plan_store

ID = "https://w3id.org/sdgkg/id/testcity"
ORG = "https://w3id.org/sdgkg/id/org/"
FIRST, SECOND, ALONE = f"<{ORG}first>", f"<{ORG}second>", f"<{ORG}alone>"
A, B = f"<{ID}/initiative/a>", f"<{ID}/initiative/b>"
DIRECTION, PLACEMENT, TABLE = f"<{ID}/direction/1>", f"<{ID}/placement/1>", f"<{ID}/kpi-block/1>"


def _sdg(code: str) -> str:
    return f"<http://metadata.un.org/sdg/{code}>"


def _plan() -> list[tuple[str, str, str]]:
    """Initiative A (first and second named for it) prints goal 3 and target 11.6 and is placed
    under a direction printing goals 13 and 3, with a KPI table printing 7.2 under it;
    initiative B (second only) prints 7.2 itself. The third stakeholder is named for nothing."""
    return [
        (DIRECTION, RDF.type, SDGKG.LocalDirection),
        (DIRECTION, SDGKG.addressesGoal, _sdg("13")),
        (DIRECTION, SDGKG.addressesGoal, _sdg("3")),
        (TABLE, RDF.type, SDGKG.KpiBlock),
        (TABLE, SDGKG.underArea, DIRECTION),
        (TABLE, SDGKG.addressesTarget, _sdg("7.2")),
        (A, RDF.type, SDGKG.Initiative),
        (A, RDFS.label, literal_text("取組A", "ja")),
        (A, SDGKG.addressesGoal, _sdg("3")),
        (A, SDGKG.addressesTarget, _sdg("11.6")),
        (A, SDGKG.hasPlacement, PLACEMENT),
        (PLACEMENT, SDGKG.placedUnder, DIRECTION),
        (A, SDGKG.involves, FIRST),
        (A, SDGKG.involves, SECOND),
        (B, RDF.type, SDGKG.Initiative),
        (B, SDGKG.addressesTarget, _sdg("7.2")),
        (B, SDGKG.involves, SECOND),
        (ALONE, RDF.type, SDGKG.Stakeholder),
    ]


def _ways() -> dict[tuple[str, str], str]:
    found = StakeholderSdgInput()
    for triple in _plan():
        found.add(*triple)
    triples = stakeholder_sdg_triples(found)
    names = {p: way for way, p in TARGET_PROPERTIES.items()}
    names.update({p: way for way, p in GOAL_PROPERTIES.items()})
    ways = {(s, o): names[p] for s, p, o in triples}
    assert len(ways) == len(triples)  # one statement per stakeholder and code
    return ways


def test_each_code_is_stated_once_by_the_strongest_way() -> None:
    first = {
        _sdg("3"): "stated",  # printed by A, even though its direction prints it too
        _sdg("11.6"): "stated",
        _sdg("11"): "stated",  # the goal of a printed target
        _sdg("13"): "inherited",
        _sdg("7.2"): "inherited",  # from the KPI table under A's direction
        _sdg("7"): "inherited",
    }
    # B prints 7.2 itself: for the second stakeholder that way is the stronger
    second = {**first, _sdg("7.2"): "stated", _sdg("7"): "stated"}
    expected = {(FIRST, o): w for o, w in first.items()}
    expected.update({(SECOND, o): w for o, w in second.items()})
    assert _ways() == expected


def test_targets_and_goals_have_their_own_properties() -> None:
    found = StakeholderSdgInput()
    for triple in _plan():
        found.add(*triple)
    for _, p, o in stakeholder_sdg_triples(found):
        code = o.rsplit("/", 1)[1].rstrip(">")
        assert (p in TARGET_PROPERTIES.values()) == ("." in code), (p, o)


_WAY_OF = {
    str(SDGKG.statedInitiativeTarget).strip("<>"): "stated",
    str(SDGKG.inheritedInitiativeTarget).strip("<>"): "inherited",
    str(SDGKG.statedInitiativeGoal).strip("<>"): "stated",
    str(SDGKG.inheritedInitiativeGoal).strip("<>"): "inherited",
}


def test_the_seed_build_computes_what_partner_finding_derives(
    project_build: BuildResult,
) -> None:
    computed, derived = _computed_and_derived(project_build.out)
    assert len(derived) >= 5
    assert computed == derived


def test_the_fixture_build_computes_what_partner_finding_derives(
    fixture_build: BuildResult,
) -> None:
    computed, derived = _computed_and_derived(fixture_build.out)
    assert derived
    assert computed == derived


def test_the_small_plan_computes_what_partner_finding_derives() -> None:
    """The records hold no initiative that prints a target and names a stakeholder: the small
    plan above has both ways, loaded into a store beside the UN framework."""
    found = StakeholderSdgInput()
    for triple in _plan():
        found.add(*triple)
    typed = [(o, RDF.type, SDGKG.Stakeholder) for o in (FIRST, SECOND)]
    located = [(i, SDGKG.municipality, f"<{ID}>") for i in (A, B)]
    store = plan_store(
        {
            f"{ID.replace('/id/', '/graph/')}/plan": _plan() + typed + located,
            str(stakeholder_sdgs_graph_iri("testcity")): stakeholder_sdg_triples(found),
        }
    )
    computed, derived = _from_store(store)
    assert set(derived) == {FIRST.strip("<>"), SECOND.strip("<>")}
    assert computed == derived


def _computed_and_derived(
    out: Path,
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """:func:`_from_store` for a build."""
    return _from_store(open_store(out))


def _from_store(
    store: ox.Store,
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Per stakeholder, each code and way as the build computed it, and the stated and inherited
    targets and goals ``sdgkg partners`` derives from the documents. Checks on the way that each
    statement is in the computed graph of a municipality whose initiative names the
    stakeholder."""
    computed: dict[str, dict[str, str]] = defaultdict(dict)
    rows = store.query(
        """PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
        SELECT ?g ?s ?p ?code ?named WHERE {
          VALUES ?kind { "KIND" }
          GRAPH ?g { ?s ?p ?o }
          FILTER(?p IN (sdgkg:statedInitiativeTarget, sdgkg:inheritedInitiativeTarget,
                        sdgkg:statedInitiativeGoal, sdgkg:inheritedInitiativeGoal))
          BIND(STRAFTER(STR(?o), "http://metadata.un.org/sdg/") AS ?code)
          BIND(EXISTS { ?i sdgkg:involves ?s ; sdgkg:municipality ?city .
                        FILTER(STR(?g) = CONCAT(REPLACE(STR(?city), "/id/", "/graph/"), "/",
                                                ?kind)) } AS ?named)
        }""".replace("KIND", STAKEHOLDER_SDGS_KIND),
        use_default_graph_as_union=True,
    )
    for row in rows:
        g, s, p, code, named = (plain(term) for term in row)
        assert str(g).startswith(str(GRAPH)) and str(g).endswith(STAKEHOLDER_SDGS_KIND)
        assert named == "true", (g, s, code)
        way = _WAY_OF[str(p)]
        if computed[str(s)].get(str(code)) != "stated":  # the strongest over municipalities
            computed[str(s)][str(code)] = way
    graph = load_partner_graph(store)
    derived: dict[str, dict[str, str]] = {}
    for iri, cand in graph.candidates.items():
        ways = candidate_sdgs(graph, cand)
        codes: dict[str, str] = {}
        for way in ("inherited", "stated"):  # stated last: the stronger way wins
            targets, goals = ways[way]
            codes.update(dict.fromkeys(targets | goals, way))
        if codes:
            derived[iri] = codes
    return dict(computed), derived
