"""Deterministic serialisation of triples and quads in every common RDF syntax.

Statements are sorted (graph, subject, ``rdf:type`` first, predicate, object) and only the
prefixes a document uses are declared, in alphabetical order, so the same graph always gives the
same bytes and the files read well.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TypeAlias, cast

import pyoxigraph as ox

from graph_build.namespaces import PREFIXES
from graph_build.release.jsonld import write_jsonld

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_IRI = re.compile(rb"<([^>]*)>")
_PREFIX_BATCH = 100_000  # statements serialised at a time to find the prefixes they use
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


# Sort keys are one string per statement, not tuples of tuples: a graph of millions of quads
# is sorted with a third of the memory. Each part of the tuple order above is written with
# NUL escaped ("\0" as "\0\1") and ended by "\0\0", which sorts before any character, so
# comparing the strings compares the tuples part by part.
_END = "\x00\x00"


def _part(text: str) -> str:
    return text.replace("\x00", "\x00\x01") + _END


def _term_text(term: Term | ox.DefaultGraph) -> str:
    kind, value, language, datatype = term_key(term)
    return f"{kind}{_part(value)}{_part(language)}{_part(datatype)}"


def _predicate_text(predicate: ox.NamedNode) -> str:
    # rdf:type first: a reader sees what a resource is before what it says.
    return ("0" if predicate.value == RDF_TYPE else "1") + _part(predicate.value)


def _triple_key(triple: ox.Triple | ox.Quad) -> str:
    subject, predicate, obj = triple.subject, triple.predicate, triple.object
    return _term_text(subject) + _predicate_text(predicate) + _term_text(obj)


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Unique triples in stable reading order: by subject, ``rdf:type`` first, predicate,
    object (terms in :func:`term_key` order)."""
    return sorted(set(triples), key=_triple_key)


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Unique quads grouped by graph, then in the order of :func:`sorted_triples`."""
    return sorted(set(quads), key=lambda q: _term_text(q.graph_name) + _triple_key(q))


def used_prefixes(
    statements: Iterable[ox.Triple | ox.Quad], prefixes: dict[str, str] | None = None
) -> dict[str, str]:
    """The prefixes (of ``prefixes``, default :data:`FILE_PREFIXES`) the statements' IRIs use."""
    table = prefixes or FILE_PREFIXES
    namespaces = set(table.values())
    heads: set[bytes] = set()
    # Every IRI (datatypes included) is written <…> in N-Quads: let the fast writer list them,
    # a batch at a time so that a large graph is never held as text.
    iterator = iter(statements)
    while batch := list(itertools.islice(iterator, _PREFIX_BATCH)):
        items = [
            s if isinstance(s, ox.Quad) else ox.Quad(s.subject, s.predicate, s.object)
            for s in batch
        ]
        text = ox.serialize(items, format=ox.RdfFormat.N_QUADS)
        assert text is not None
        heads.update(iri[: max(iri.rfind(b"/"), iri.rfind(b"#")) + 1] for iri in _IRI.findall(text))
    used = {ns for head in heads for ns in namespaces if head.decode("utf-8").startswith(ns)}
    return {name: ns for name, ns in sorted(table.items()) if ns in used}


class _SortedPrefixes:
    """A binary writer that passes text on, except that the ``@prefix`` lines a Turtle or TriG
    writer puts first (in its own order) go out in alphabetical order. (Oxigraph's writers
    need only ``write`` and ``flush``.)"""

    def __init__(self, output: IO[bytes]) -> None:
        self._output = output
        self._head: bytearray | None = bytearray()

    def write(self, data: bytes) -> int:
        if self._head is None:
            self._output.write(data)
            return len(data)
        self._head += data
        complete = bytes(self._head).split(b"\n")[:-1]
        if any(not line.startswith(b"@prefix ") for line in complete):
            self.flush_head()  # a line that is no prefix has ended: the head is complete
        return len(data)

    def flush(self) -> None:
        """Pass on a flush (the head waits for its last prefix line)."""
        if self._head is None:
            self._output.flush()

    def flush_head(self) -> None:
        """Write the held prefix lines, sorted, and whatever followed them."""
        if self._head is None:
            return
        lines = bytes(self._head).split(b"\n")
        self._head = None
        count = 0
        while count < len(lines) and lines[count].startswith(b"@prefix "):
            count += 1
        self._output.write(b"\n".join(sorted(lines[:count]) + lines[count:]))


def _serialize_with_sorted_prefixes(
    statements: Iterable[ox.Triple] | Iterable[ox.Quad],
    output: IO[bytes],
    rdf_format: ox.RdfFormat,
    prefixes: dict[str, str],
) -> None:
    """Turtle or TriG to ``output``, its ``@prefix`` lines in alphabetical order."""
    sorted_output = _SortedPrefixes(output)
    ox.serialize(statements, cast(IO[bytes], sorted_output), format=rdf_format, prefixes=prefixes)
    sorted_output.flush_head()


def write_triples(
    triples: Iterable[ox.Triple],
    syntax: str,
    output: IO[bytes],
    prefixes: dict[str, str] | None = None,
) -> None:
    """Sorted triples (from :func:`sorted_triples`) in a triple syntax (``turtle``,
    ``ntriples``, ``jsonld``, ``rdfxml``), written to ``output`` as they are formatted.

    ``prefixes`` overrides the prefixes found by :func:`used_prefixes` (``turtle``, ``rdfxml``).
    """
    if syntax == "jsonld":
        write_jsonld(triples, output)
    elif syntax == "ntriples":
        ox.serialize(triples, output, format=ox.RdfFormat.N_TRIPLES)
    elif syntax in ("turtle", "rdfxml"):
        if prefixes is None:
            triples = list(triples)
            prefixes = used_prefixes(triples)
        if syntax == "turtle":
            _serialize_with_sorted_prefixes(triples, output, OX_FORMATS[syntax], prefixes)
        else:
            ox.serialize(triples, output, format=OX_FORMATS[syntax], prefixes=prefixes)
    else:
        raise ValueError(
            f"unknown triple syntax {syntax!r}: use turtle, ntriples, jsonld or rdfxml"
        )


def write_quads(
    quads: Iterable[ox.Quad],
    syntax: str,
    output: IO[bytes],
    prefixes: dict[str, str] | None = None,
) -> None:
    """Sorted quads (from :func:`sorted_quads`) in a quad syntax (``nquads``, ``trig``), written
    to ``output`` as they are formatted; ``prefixes`` as for :func:`write_triples`."""
    if syntax == "nquads":
        ox.serialize(quads, output, format=ox.RdfFormat.N_QUADS)
    elif syntax == "trig":
        if prefixes is None:
            quads = list(quads)
            prefixes = used_prefixes(quads)
        _serialize_with_sorted_prefixes(quads, output, ox.RdfFormat.TRIG, prefixes)
    else:
        raise ValueError(f"unknown quad syntax {syntax!r}: use nquads or trig")


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
    buffer = io.BytesIO()
    write_triples(triples if presorted else sorted_triples(triples), syntax, buffer, prefixes)
    return buffer.getvalue()


def serialize_quads(
    quads: Iterable[ox.Quad],
    syntax: str,
    presorted: bool = False,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """A dataset in a quad syntax (``nquads``, ``trig``), sorted and grouped by graph.

    ``presorted=True`` and ``prefixes`` as for :func:`serialize_triples`.
    """
    buffer = io.BytesIO()
    write_quads(quads if presorted else sorted_quads(quads), syntax, buffer, prefixes)
    return buffer.getvalue()
