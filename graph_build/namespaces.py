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
]
