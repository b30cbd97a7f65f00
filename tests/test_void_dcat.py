"""The dataset description: VoID counts equal the real counts; DCAT metadata comes from the data."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, VOID, XSD

from graph_build import __version__
from graph_build.build import BuildResult
from graph_build.emit.dataset import NamedGraphs
from graph_build.namespaces import SDGKG
from graph_build.paths import CITATION_FILE
from graph_build.release.dumps import quads
from graph_build.release.void_dcat import (
    DATASET,
    DCAT_VERSION,
    DESCRIPTION_GRAPH,
    LICENCE,
    TITLE,
    UN_KOS,
    dataset_description,
)

DESC = f"<{DESCRIPTION_GRAPH}>"
UN = "http://metadata.un.org/sdg"


def load(release: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(release / "sdgkg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def number(store: ox.Store, query: str) -> int:
    rows = list(store.query(query))
    assert len(rows) == 1, query
    return int(rows[0][0].value)


def void_number(store: ox.Store, node: str, prop: str) -> int:
    return number(store, f"SELECT ?n WHERE {{ GRAPH {DESC} {{ <{node}> <{VOID}{prop}> ?n }} }}")


# Real counts, by SPARQL over the reloaded release, outside the description graph.
CONTENT = f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {DESC})"
REAL = {
    "triples": f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o {{ {CONTENT} }} }}",
    "entities": f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ {CONTENT} FILTER(isIRI(?s)) }}",
    "classes": f"SELECT (COUNT(DISTINCT ?o) AS ?n) {{ {CONTENT} FILTER(?p = <{RDF.type}>) }}",
    "properties": f"SELECT (COUNT(DISTINCT ?p) AS ?n) {{ {CONTENT} }}",
    "distinctSubjects": f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ {CONTENT} }}",
    "distinctObjects": f"SELECT (COUNT(DISTINCT ?o) AS ?n) {{ {CONTENT} }}",
}


@pytest.fixture(scope="module")
def project_store(project_build: BuildResult) -> ox.Store:
    return load(project_build.out / "release")


@pytest.mark.slow
@pytest.mark.parametrize("prop", sorted(REAL))
def test_dataset_counts_equal_real_counts(project_store: ox.Store, prop: str) -> None:
    assert void_number(project_store, str(DATASET), prop) == number(project_store, REAL[prop])


@pytest.mark.slow
def test_named_graph_counts_equal_real_counts(project_store: ox.Store) -> None:
    graphs = [
        row[0].value
        for row in project_store.query(
            f"SELECT DISTINCT ?g {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {DESC}) }} ORDER BY ?g"
        )
    ]
    assert len(graphs) >= 6
    for graph in graphs:
        inside = f"GRAPH <{graph}> {{ ?s ?p ?o }}"
        real = {
            "triples": f"SELECT (COUNT(*) AS ?n) {{ {inside} }}",
            "entities": f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ {inside} FILTER(isIRI(?s)) }}",
            "classes": (
                f"SELECT (COUNT(DISTINCT ?o) AS ?n) {{ {inside} FILTER(?p = <{RDF.type}>) }}"
            ),
            "properties": f"SELECT (COUNT(DISTINCT ?p) AS ?n) {{ {inside} }}",
        }
        for prop, query in real.items():
            assert void_number(project_store, graph, prop) == number(project_store, query), (
                graph,
                prop,
            )


@pytest.mark.slow
def test_class_and_property_partitions_equal_real_counts(project_store: ox.Store) -> None:
    partitions = list(
        project_store.query(
            f"SELECT ?cls ?n {{ GRAPH {DESC} {{ <{DATASET}> <{VOID.classPartition}> ?part . "
            f"?part <{VOID['class']}> ?cls ; <{VOID.entities}> ?n }} }}"
        )
    )
    assert len(partitions) > 40
    for cls, n in partitions:
        real = number(
            project_store,
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ {CONTENT} FILTER(isIRI(?s) && ?p = <{RDF.type}> "
            f"&& ?o = {cls}) }}",
        )
        assert int(n.value) == real, cls
    properties = list(
        project_store.query(
            f"SELECT ?prop ?n {{ GRAPH {DESC} {{ <{DATASET}> <{VOID.propertyPartition}> ?part . "
            f"?part <{VOID.property}> ?prop ; <{VOID.triples}> ?n }} }}"
        )
    )
    assert len(properties) == number(project_store, REAL["properties"])
    for prop, n in properties:
        real = number(
            project_store,
            f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?o {{ GRAPH ?g {{ ?s {prop} ?o }} "
            f"FILTER(?g != {DESC}) }} }}",
        )
        assert int(n.value) == real, prop


@pytest.mark.slow
def test_un_sdg_linksets_equal_real_links(project_store: ox.Store) -> None:
    linksets = {
        row[0].value: int(row[1].value)
        for row in project_store.query(
            f"SELECT ?p ?n {{ GRAPH {DESC} {{ ?ls a <{VOID.Linkset}> ; <{VOID.linkPredicate}> ?p ; "
            f"<{VOID.triples}> ?n ; <{VOID.objectsTarget}> <{UN}> }} }}"
        )
    }
    assert str(SDGKG.addressesTarget) in linksets
    real = {
        row[0].value: int(row[1].value)
        for row in project_store.query(
            "SELECT ?p (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { "
            f"{CONTENT} FILTER(isIRI(?o) && ?p != <{RDF.type}> "
            f'&& (STR(?o) = "{UN}" || (STRSTARTS(STR(?o), "{UN}/") '
            f'&& !STRSTARTS(STR(?o), "{UN}/ontology"))) '
            f'&& !(STR(?s) = "{UN}" || STRSTARTS(STR(?s), "{UN}/"))) }} }} GROUP BY ?p'
        )
    }
    assert linksets == real


def _small_graphs(extra: int = 0) -> NamedGraphs:
    graph = Graph()
    doc = URIRef("https://w3id.org/sdgkg/id/town/document/plan")
    graph.add((doc, RDF.type, SDGKG.PlanDocument))
    graph.add((doc, DCTERMS.issued, Literal("2024-03", datatype=XSD.gYearMonth)))
    older = URIRef("https://w3id.org/sdgkg/id/town/document/old-plan")
    graph.add((older, RDF.type, SDGKG.PlanDocument))
    graph.add((older, DCTERMS.issued, Literal("2019-05-09", datatype=XSD.date)))
    kpi = URIRef("https://w3id.org/sdgkg/id/town/kpi/a")
    graph.add((kpi, RDF.type, SDGKG.KPI))
    graph.add((kpi, SDGKG.addressesTarget, URIRef(UN + "/11.6")))
    for i in range(extra):
        graph.add((URIRef(f"https://w3id.org/sdgkg/id/town/kpi/x{i}"), RDF.type, SDGKG.KPI))
    named = NamedGraphs()
    named.put(URIRef("https://w3id.org/sdgkg/graph/town/plan"), graph)
    return named


def test_counts_follow_the_data() -> None:
    """The numbers are computed: more data, bigger numbers."""
    small = dataset_description(quads(_small_graphs()))
    bigger = dataset_description(quads(_small_graphs(extra=3)))
    for prop, more in ((VOID.triples, 3), (VOID.entities, 3), (VOID.classes, 0)):
        assert int(bigger.value(DATASET, prop)) == int(small.value(DATASET, prop)) + more
    assert int(small.value(DATASET, VOID.triples)) == 6
    linkset = small.value(predicate=VOID.linkPredicate, object=SDGKG.addressesTarget, any=False)
    assert small.value(linkset, VOID.triples) == Literal(1)


def test_issued_date_comes_from_the_latest_document() -> None:
    description = dataset_description(quads(_small_graphs()))
    assert description.value(DATASET, DCTERMS.issued) == Literal("2024-03", datatype=XSD.gYearMonth)


def test_dcat_metadata(fixture_build: BuildResult) -> None:
    release = fixture_build.out / "release"
    description = Graph()
    description.parse(release / "void.ttl", format="turtle")
    assert (DATASET, RDF.type, DCAT.Dataset) in description
    assert (DATASET, RDF.type, VOID.Dataset) in description
    titles = {t.language: str(t) for t in description.objects(DATASET, DCTERMS.title)}
    assert titles == TITLE
    langs = {d.language for d in description.objects(DATASET, DCTERMS.description)}
    assert langs == {"en", "ja"}
    assert description.value(DATASET, DCTERMS.license) == LICENCE
    assert description.value(DATASET, DCTERMS.publisher) is not None
    assert description.value(DATASET, DCAT_VERSION) == Literal(__version__)
    # The fixture's only document was issued 2024-03: the release date is that, not today.
    assert description.value(DATASET, DCTERMS.issued) == Literal("2024-03", datatype=XSD.gYearMonth)
    sources = set(description.objects(DATASET, PROV.wasDerivedFrom))
    assert URIRef("https://w3id.org/sdgkg/id/sampletown/document/plan-2024") in sources
    assert UN_KOS in sources
    assert description.value(DATASET, VOID.sparqlEndpoint) is None
    dumps = {str(u).rsplit("/", 1)[1] for u in description.objects(DATASET, VOID.dataDump)}
    assert dumps and all((release / name).is_file() for name in dumps)
    assert {n for n in dumps if n.endswith(".gz")} == {f"{n}.gz" for n in dumps if "gz" not in n}


def test_sparql_endpoint_when_served() -> None:
    description = dataset_description(
        quads(_small_graphs()), sparql_endpoint="http://127.0.0.1:7878/sparql"
    )
    assert description.value(DATASET, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1:7878/sparql")


def test_citation_cff_agrees_with_the_dataset_description() -> None:
    citation = yaml.safe_load(CITATION_FILE.read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["title"] == TITLE["en"]
    assert citation["version"] == __version__
    assert citation["license"] == "CC-BY-4.0" and "by/4.0" in str(LICENCE)
    assert citation["authors"] and citation["message"]
