"""Namespaces used across the graph. Everything the project mints lives under ``https://w3id.org/sdgkg/``."""

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SKOS,
    SOSA,
    VOID,
    XSD,
)

BASE = "https://w3id.org/sdgkg/"
SDGKG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
UNIT = Namespace(BASE + "unit/")
STYPE = Namespace(BASE + "stakeholder-type/")
DIM = Namespace(BASE + "dimension/")
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace | type] = {
    "sdgkg": SDGKG,
    "id": ID,
    "unit": UNIT,
    "stype": STYPE,
    "dim": DIM,
    "sdg": SDG,
    "sdgo": SDGO,
    "skos": SKOS,
    "org": ORG,
    "prov": PROV,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "void": VOID,
    "qb": QB,
    "sosa": SOSA,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

__all__ = [
    "BASE",
    "DCAT",
    "DCTERMS",
    "DIM",
    "FOAF",
    "GRAPH",
    "ID",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SDG",
    "SDGKG",
    "SDGO",
    "SDMX_ATTR",
    "SH",
    "SKOS",
    "SOSA",
    "STYPE",
    "UNIT",
    "VOID",
    "XSD",
    "compact_iri",
]


def compact_iri(iri: str) -> str:
    """``https://w3id.org/sdgkg/ontology#KPI`` → ``sdgkg:KPI`` with :data:`PREFIXES` (the longest
    namespace that matches); an IRI outside them stays whole."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


_BY_LENGTH = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda pn: -len(pn[1]))
