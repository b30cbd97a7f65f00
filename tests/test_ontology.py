"""The ontology: every term declared, labelled in both languages, and consistent with the data."""

from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph_build.build import BuildResult
from graph_build.namespaces import SDGKG, STYPE, UNIT
from graph_build.paths import ONTOLOGY_FILE
from graph_build.records.vocabulary import known_stakeholder_types, known_units

ERROR_MESSAGE = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    return graph


def own_terms(graph: Graph) -> list[URIRef]:
    terms = {s for t in TERM_TYPES for s in graph.subjects(RDF.type, t)}
    terms |= set(graph.subjects(RDF.type, SKOS.Concept))
    terms |= set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    return sorted(
        t for t in terms if isinstance(t, URIRef) and str(t).startswith("https://w3id.org/sdgkg/")
    )


def langs(graph: Graph, term: URIRef, prop: URIRef) -> set[str]:
    return {o.language for o in graph.objects(term, prop) if isinstance(o, Literal) and o.language}


def test_there_are_many_terms(ontology: Graph) -> None:
    assert len(own_terms(ontology)) > 100


def test_every_term_has_label_and_definition_in_en_and_ja(ontology: Graph) -> None:
    missing = []
    for term in own_terms(ontology):
        if not {"en", "ja"} <= langs(ontology, term, RDFS.label) | langs(
            ontology, term, SKOS.prefLabel
        ):
            missing.append(f"{term} label")
        if not {"en", "ja"} <= langs(ontology, term, SKOS.definition):
            missing.append(f"{term} definition")
    assert not missing, missing


def test_every_sdgkg_term_used_in_data_is_declared(
    ontology: Graph, project_build: BuildResult
) -> None:
    declared = set(own_terms(ontology)) | {s for s in ontology.subjects() if isinstance(s, URIRef)}
    data = Graph()
    data.parse(project_build.out / "sdgkg.nq", format="nquads")
    used = {
        t
        for triple in data
        for t in (triple[1], triple[2])
        if isinstance(t, URIRef) and str(t).startswith(str(SDGKG))
    }
    used |= {o for o in data.objects(None, RDF.type) if str(o).startswith(str(SDGKG))}
    undeclared = sorted(str(u) for u in used - declared)
    assert not undeclared


def test_units_and_stakeholder_types_come_from_the_ontology() -> None:
    assert {"person", "percent", "tonne-co2", "cubic-metre"} <= known_units()
    assert {"university", "financial-institution", "sister-city"} <= known_stakeholder_types()
    assert str(UNIT) and str(STYPE)


def reasoner_errors(graph: Graph) -> list[str]:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return [
        str(m)
        for e in graph.subjects(RDF.type, ERROR_MESSAGE)
        for m in graph.objects(e, None)
        if isinstance(m, Literal)
    ]


def test_ontology_and_project_data_are_consistent_under_owl_rl(
    ontology: Graph, project_build: BuildResult
) -> None:
    graph = Graph()
    graph += ontology
    graph.parse(project_build.out / "sdgkg.nq", format="nquads")
    assert reasoner_errors(graph) == []
    assert not list(graph.subjects(RDF.type, OWL.Nothing))


def test_reasoner_detects_a_node_typed_two_disjoint_ways(ontology: Graph) -> None:
    graph = Graph()
    graph += ontology
    node = URIRef("https://w3id.org/sdgkg/id/test/kpi/x")
    graph.add((node, RDF.type, SDGKG.KPI))
    graph.add((node, RDF.type, SDGKG.Initiative))
    assert reasoner_errors(graph)
