"""Entity pages: content negotiation, HTML with labels, links and provenance, RDF descriptions."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from graph_build.build import BuildResult
from graph_build.serve.entity_pages import (
    ACCEPTABLE,
    HTML,
    JSON_LD,
    N_TRIPLES,
    RDF_XML,
    TURTLE,
    entity_html,
    entity_rdf,
    format_media_type,
    local_link,
    negotiate,
    render_entity,
    resource_iri,
)
from graph_build.store.embedded import open_store

KPI = "https://w3id.org/sdgkg/id/sampletown/kpi/co2-emissions"
RDFLIB_FORMATS = {TURTLE: "turtle", JSON_LD: "json-ld", N_TRIPLES: "nt", RDF_XML: "xml"}


@pytest.fixture(scope="module")
def store(fixture_build: BuildResult) -> ox.Store:
    return open_store(fixture_build.out)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, HTML),
        ("", HTML),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", HTML),
        ("*/*", HTML),
        ("text/turtle", TURTLE),
        ("text/turtle, */*", TURTLE),
        ("application/ld+json", JSON_LD),
        ("application/json", JSON_LD),
        ("application/n-triples", N_TRIPLES),
        ("application/rdf+xml", RDF_XML),
        ("application/ld+json;q=0.5, text/turtle;q=0.9", TURTLE),
        ("TEXT/Turtle ; q=0.7, application/ld+json;q=0.8", JSON_LD),
        ("text/html;q=0, */*", TURTLE),
        ("text/*", HTML),
        ("image/png", None),
        ("text/turtle;q=0", None),
        ("text/turtle;q=abc", None),
    ],
)
def test_negotiate(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept) == expected


def test_format_parameter_and_paths() -> None:
    assert format_media_type("ttl") == TURTLE
    assert format_media_type("JSONLD") == JSON_LD
    assert format_media_type("nt") == N_TRIPLES
    assert format_media_type("pdf") is None
    assert format_media_type(None) is None
    assert resource_iri("/id/sampletown/kpi/co2-emissions") == KPI
    assert local_link(KPI) == "/id/sampletown/kpi/co2-emissions"
    assert local_link(KPI, "http://127.0.0.1:8000/") == (
        "http://127.0.0.1:8000/id/sampletown/kpi/co2-emissions"
    )
    assert local_link("http://metadata.un.org/sdg/11.6") == "http://metadata.un.org/sdg/11.6"


def test_html_page_shows_labels_links_and_provenance(store: ox.Store) -> None:
    page = entity_html(store, KPI)
    assert page is not None
    assert "<title>温室効果ガス排出量</title>" in page
    assert "Greenhouse gas emissions" in page
    assert 'href="/id/sampletown"' in page  # the municipality, on this server
    assert 'href="/id/sampletown/kpi/co2-emissions/baseline"' in page
    assert "Provenance / 出典" in page and "lines / 行 20–21" in page
    assert 'type="text/turtle"' in page  # alternate representations are announced
    assert "Referenced by / 参照元" in page  # the KPI block points to it


def test_unknown_iri_has_no_page(store: ox.Store) -> None:
    missing = "https://w3id.org/sdgkg/id/sampletown/kpi/no-such-kpi"
    assert entity_html(store, missing) is None
    assert entity_rdf(store, missing, TURTLE) is None
    assert render_entity(store, missing, HTML) is None


def expected_description(store: ox.Store, iri: str) -> Graph:
    """The resource's own statements and those of its source spans, straight from SPARQL."""
    graph = Graph()
    query = (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"{{ BIND(<{iri}> AS ?s) }} UNION "
        f"{{ GRAPH ?h {{ <{iri}> <http://www.w3.org/ns/prov#wasDerivedFrom> ?s }} }} }}"
    )
    data = store.query(query).serialize(format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data, format="nt")
    return graph


@pytest.mark.parametrize("media_type", [TURTLE, JSON_LD, N_TRIPLES, RDF_XML])
def test_rdf_descriptions_hold_the_resource_and_its_provenance(
    store: ox.Store, media_type: str
) -> None:
    page = render_entity(store, KPI, media_type)
    assert page is not None
    assert page.content_type.startswith(media_type)
    graph = Graph()
    graph.parse(data=page.body, format=RDFLIB_FORMATS[media_type])
    assert isomorphic(graph, expected_description(store, KPI))
    assert (URIRef(KPI), RDFS.label, Literal("温室効果ガス排出量", lang="ja")) in graph


def test_jsonld_description_uses_the_project_context(store: ox.Store) -> None:
    body = entity_rdf(store, KPI, JSON_LD)
    assert body is not None
    document = json.loads(body)
    node = next(n for n in document["@graph"] if n["@id"] == "id:sampletown/kpi/co2-emissions")
    assert node["label"]["ja"] == "温室効果ガス排出量"


def test_every_acceptable_type_renders(store: ox.Store) -> None:
    for media_type in ACCEPTABLE:
        page = render_entity(store, KPI, media_type)
        assert page is not None and page.body, media_type
    with pytest.raises(ValueError, match="no RDF syntax"):
        entity_rdf(store, KPI, "image/png")
