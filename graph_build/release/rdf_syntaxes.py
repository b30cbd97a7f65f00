"""Deterministic serialisation of triples and quads in every common RDF syntax.

Statements are sorted (graph, subject, ``rdf:type`` first, predicate, object) and only the
prefixes a document uses are declared, in alphabetical order, so the same graph always gives the
same bytes and the files read well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias

import pyoxigraph as ox

from graph_build.namespaces import PREFIXES
from graph_build.release.jsonld import jsonld_bytes

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_IRI = re.compile(rb"<([^>]*)>")
# Any RDF term pyoxigraph hands out (its stubs name no common base class).
Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

# The project's prefixes plus the vocabularies the ontology and the dataset description use.
RELEASE_PREFIXES: dict[str, str] = {
    **{name: str(ns) for name, ns in PREFIXES.items()},
    "vann": "http://purl.org/vocab/vann/",
}
# Resource IRIs under id/ are paths (kanazawa/kpi/…): Turtle would have to escape every "/" in a
# prefixed name, which reads worse than the full IRI, so files declare every prefix but this one.
FILE_PREFIXES = {name: ns for name, ns in RELEASE_PREFIXES.items() if name != "id"}


@dataclass(frozen=True)
class Syntax:
    """An RDF syntax: its name, file extension, media type, W3C format IRI and usual label."""

    name: str
    extension: str
    media_type: str
    format_iri: str
    label: str

    @property
    def keeps_graphs(self) -> bool:
        """Whether the syntax keeps named graphs (N-Quads, TriG)."""
        return self.name in ("nquads", "trig")


FORMATS = "http://www.w3.org/ns/formats/"
SYNTAXES: dict[str, Syntax] = {
    s.name: s
    for s in (
        Syntax("nquads", "nq", "application/n-quads", FORMATS + "N-Quads", "N-Quads"),
        Syntax("trig", "trig", "application/trig", FORMATS + "TriG", "TriG"),
        Syntax("turtle", "ttl", "text/turtle", FORMATS + "Turtle", "Turtle"),
        Syntax("ntriples", "nt", "application/n-triples", FORMATS + "N-Triples", "N-Triples"),
        Syntax("jsonld", "jsonld", "application/ld+json", FORMATS + "JSON-LD", "JSON-LD"),
        Syntax("rdfxml", "rdf", "application/rdf+xml", FORMATS + "RDF_XML", "RDF/XML"),
    )
}
OX_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def term_key(term: Term | ox.DefaultGraph) -> tuple[int, str, str, str]:
    """Sort key of a term: IRIs, then blank nodes, then literals (by value, language, type)."""
    if isinstance(term, ox.NamedNode):
        return (0, term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return (1, term.value, "", "")
    if isinstance(term, ox.Literal):
        return (2, term.value, term.language or "", term.datatype.value)
    return (3, str(term), "", "")


def _predicate_key(predicate: ox.NamedNode) -> tuple[bool, str]:
    # rdf:type first: a reader sees what a resource is before what it says.
    return (predicate.value != RDF_TYPE, predicate.value)


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Unique triples in stable reading order."""
    return sorted(
        set(triples),
        key=lambda t: (term_key(t.subject), _predicate_key(t.predicate), term_key(t.object)),
    )


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Unique quads grouped by graph, then in the order of :func:`sorted_triples`."""
    return sorted(
        set(quads),
        key=lambda q: (
            term_key(q.graph_name),
            term_key(q.subject),
            _predicate_key(q.predicate),
            term_key(q.object),
        ),
    )


def used_prefixes(
    statements: Iterable[ox.Triple | ox.Quad], prefixes: dict[str, str] | None = None
) -> dict[str, str]:
    """The prefixes (of ``prefixes``, default :data:`FILE_PREFIXES`) the statements' IRIs use."""
    table = prefixes or FILE_PREFIXES
    namespaces = set(table.values())
    items = [
        s if isinstance(s, ox.Quad) else ox.Quad(s.subject, s.predicate, s.object)
        for s in statements
    ]
    # Every IRI (datatypes included) is written <…> in N-Quads: let the fast writer list them.
    text = ox.serialize(items, format=ox.RdfFormat.N_QUADS)
    assert text is not None
    heads = {iri[: max(iri.rfind(b"/"), iri.rfind(b"#")) + 1] for iri in _IRI.findall(text)}
    used = {ns for head in heads for ns in namespaces if head.decode("utf-8").startswith(ns)}
    return {name: ns for name, ns in sorted(table.items()) if ns in used}


def _sort_prefix_lines(data: bytes) -> bytes:
    """Turtle and TriG writers list prefixes in their own order; put them in alphabetical order."""
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def serialize_triples(
    triples: Iterable[ox.Triple],
    syntax: str,
    presorted: bool = False,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """A graph in a triple syntax (``turtle``, ``ntriples``, ``jsonld``, ``rdfxml``), sorted.

    ``presorted=True`` skips the sort for input that comes from :func:`sorted_triples`;
    ``prefixes`` overrides the prefixes found by :func:`used_prefixes`.
    """
    ordered = list(triples) if presorted else sorted_triples(triples)
    if syntax == "jsonld":
        return jsonld_bytes(ordered)
    if syntax == "ntriples":
        data = ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES)
        assert data is not None
        return data
    if syntax not in ("turtle", "rdfxml"):
        raise ValueError(
            f"unknown triple syntax {syntax!r}: use turtle, ntriples, jsonld or rdfxml"
        )
    declared = prefixes if prefixes is not None else used_prefixes(ordered)
    data = ox.serialize(ordered, format=OX_FORMATS[syntax], prefixes=declared)
    assert data is not None
    return _sort_prefix_lines(data) if syntax == "turtle" else data


def serialize_quads(
    quads: Iterable[ox.Quad],
    syntax: str,
    presorted: bool = False,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """A dataset in a quad syntax (``nquads``, ``trig``), sorted and grouped by graph.

    ``presorted=True`` and ``prefixes`` as for :func:`serialize_triples`.
    """
    ordered = list(quads) if presorted else sorted_quads(quads)
    if syntax == "nquads":
        data = ox.serialize(ordered, format=ox.RdfFormat.N_QUADS)
    elif syntax == "trig":
        declared = prefixes if prefixes is not None else used_prefixes(ordered)
        data = ox.serialize(ordered, format=ox.RdfFormat.TRIG, prefixes=declared)
    else:
        raise ValueError(f"unknown quad syntax {syntax!r}: use nquads or trig")
    assert data is not None
    return _sort_prefix_lines(data) if syntax == "trig" else data
