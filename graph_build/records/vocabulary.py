"""Read the ontology file and the controlled values it defines (units, stakeholder types)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from graph_build.namespaces import SDGKG, STYPE, UNIT
from graph_build.paths import ONTOLOGY_FILE


@lru_cache(maxsize=4)
def load_ontology(path: Path = ONTOLOGY_FILE) -> Graph:
    """Parse the ontology Turtle file (cached; treat the result as read-only)."""
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def _codes(graph: Graph, cls: URIRef, namespace: str) -> frozenset[str]:
    return frozenset(
        str(s)[len(namespace) :]
        for s in graph.subjects(RDF.type, cls)
        if str(s).startswith(namespace)
    )


def known_units(path: Path = ONTOLOGY_FILE) -> frozenset[str]:
    """Unit codes (``person``, ``tonne-co2`` …) that records may use."""
    return _codes(load_ontology(path), SDGKG.Unit, str(UNIT))


def known_stakeholder_types(path: Path = ONTOLOGY_FILE) -> frozenset[str]:
    """Stakeholder type codes (``university``, ``media`` …) that records may use."""
    return _codes(load_ontology(path), SDGKG.StakeholderType, str(STYPE))


def unit_symbol(code: str, path: Path = ONTOLOGY_FILE) -> str:
    """The printed symbol of a unit (``t-CO2``), falling back to its code."""
    value = load_ontology(path).value(UNIT[code], SDGKG.symbol)
    return str(value) if value is not None else code


def concept_label(iri: URIRef, lang: str, path: Path = ONTOLOGY_FILE) -> str | None:
    """The SKOS preferred label of a concept in ``lang``."""
    for label in load_ontology(path).objects(iri, SKOS.prefLabel):
        if getattr(label, "language", None) == lang:
            return str(label)
    return None
