"""Minting of stable, readable IRIs. Same record, same IRI, every build."""

from __future__ import annotations

from rdflib import URIRef

from graph_build.namespaces import BASE, GRAPH, ID, SDG


def municipality_iri(city: str) -> URIRef:
    """The municipality as a place, e.g. ``…/id/kanazawa``."""
    return ID[city]


def entity_iri(city: str, kind: str, slug: str) -> URIRef:
    """A city-scoped entity, e.g. ``…/id/kanazawa/kpi/greenhouse-gas-emissions``."""
    return ID[f"{city}/{kind}/{slug}"]


def organisation_iri(slug: str) -> URIRef:
    """Organisations and stakeholders are global: one node for every city that names them."""
    return ID[f"org/{slug}"]


def document_iri(city: str, doc_id: str) -> URIRef:
    """A source document."""
    return entity_iri(city, "document", doc_id)


def document_graph_iri(city: str, doc_id: str) -> URIRef:
    """The named graph holding everything curated from one document."""
    return GRAPH[f"{city}/{doc_id}"]


FRAMEWORK_GRAPH = GRAPH["un-sdg"]
SCHEMES_GRAPH = GRAPH["schemes"]
ONTOLOGY_GRAPH = GRAPH["ontology"]
UN_LABELS_GRAPH = GRAPH["un-sdg-labels"]
ONTOLOGY_IRI = URIRef(BASE + "ontology")


def sdg_iri(code: str) -> URIRef:
    """UN IRI of a goal (``11``), target (``11.6``) or indicator permanent code (``C110601``)."""
    return SDG[code]
