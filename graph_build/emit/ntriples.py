"""N-Triples / N-Quads text for rdflib terms, fast and in Oxigraph's canonical form.

A large build writes millions of statements; going through rdflib's serializers or building a
pyoxigraph term per value costs more than the rest of the build. Terms are formatted here as
strings instead: IRIs are cached (they repeat: predicates, classes, SDG targets, entities), and any
string with a character that needs escaping is handed to pyoxigraph, so the text is exactly what
Oxigraph itself writes; :func:`to_ox` gives the same terms as pyoxigraph objects. The record
emitters (:mod:`graph_build.emit`) write their terms with the same functions directly, without
building rdflib terms first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

# Characters N-Triples escapes in strings (quotes, backslash, controls); anything else is literal.
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
# Characters not allowed unescaped in an IRI reference.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_XSD_STRING = str(XSD.string)


def iri_text(value: str) -> str:
    """``<value>``; an IRI Oxigraph would reject raises ``ValueError`` naming it."""
    # Oxigraph writes (and checks: it raises on an invalid IRI) what needs escaping.
    return str(ox.NamedNode(value)) if _BAD_IRI.search(value) else f"<{value}>"


def iri_value(text: str) -> str:
    """The IRI written as ``text`` by :func:`iri_text` (which never escapes inside ``<>``)."""
    return text[1:-1]


def literal_text(text: str, language: str | None = None, datatype: str | None = None) -> str:
    """A literal with its language tag or datatype IRI (``xsd:string`` is left implicit)."""
    if _NEEDS_ESCAPE.search(text):
        if language:
            return str(ox.Literal(text, language=language))
        if datatype is not None:
            return str(ox.Literal(text, datatype=ox.NamedNode(datatype)))
        return str(ox.Literal(text))
    if language:
        return f'"{text}"@{language.lower()}'
    if datatype is not None and datatype != _XSD_STRING:
        return f'"{text}"^^{iri_text(datatype)}'
    return f'"{text}"'


def triple_text(s: str, p: str, o: str) -> str:
    """``s p o .`` with a newline, from terms already written as N-Triples."""
    return f"{s} {p} {o} .\n"


def sorted_lines(triples: Iterable[tuple[str, str, str]]) -> list[str]:
    """Sorted, unique N-Triples lines of triples whose terms are already N-Triples text."""
    return sorted({f"{s} {p} {o} .\n" for s, p, o in triples})


def literal_parts(literal: Literal) -> tuple[str, str | None, str | None]:
    """Lexical form, language tag and datatype IRI of an rdflib literal."""
    datatype = literal.datatype
    return str(literal), literal.language, None if datatype is None else str(datatype)


def to_ox(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as the pyoxigraph term that :class:`TermFormatter` writes as text."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        text, language, datatype = literal_parts(term)
        if language:
            return ox.Literal(text, language=language)
        if datatype is not None:
            return ox.Literal(text, datatype=ox.NamedNode(datatype))
        return ox.Literal(text)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot convert {term!r}")


class TermFormatter:
    """Formats rdflib terms as N-Triples; remembers IRIs already seen."""

    def __init__(self) -> None:
        self._iris: dict[str, str] = {}

    def iri(self, value: str) -> str:
        """``<value>``; an IRI Oxigraph would reject raises ``ValueError`` naming it."""
        text = self._iris.get(value)
        if text is None:
            text = self._iris[value] = iri_text(value)
        return text

    def term(self, term: Node) -> str:
        """One term as N-Triples."""
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, Literal):
            return self.literal(term)
        if isinstance(term, BNode):
            return f"_:{term}"
        raise TypeError(f"cannot write {term!r} as N-Triples")

    def literal(self, literal: Literal) -> str:
        """A literal with its language tag or datatype (``xsd:string`` is left implicit)."""
        return literal_text(*literal_parts(literal))

    def triple_line(self, s: Node, p: Node, o: Node) -> str:
        """``s p o .`` with a newline."""
        return triple_text(self.term(s), self.term(p), self.term(o))

    def lines(self, triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
        """Sorted, unique N-Triples lines of ``triples``."""
        return sorted({self.triple_line(s, p, o) for s, p, o in triples})


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """A pyoxigraph term as rdflib's (blank nodes keep their ids); the inverse of :func:`to_ox`."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an IRI, blank node or literal (RDF-star terms are not used): {term!r}")


def as_quad_lines(triple_lines: Iterable[str], graph: str) -> Iterable[str]:
    """N-Triples lines moved into the named graph ``graph`` (an IRI) as N-Quads lines."""
    suffix = f" <{graph}> .\n"
    for line in triple_lines:
        yield line[:-3] + suffix


def quad_block_lines(data: bytes, graph: str) -> list[str]:
    """N-Quads bytes of the one named graph ``graph`` back into the N-Triples lines that
    :func:`as_quad_lines` made them from."""
    suffix = f" <{graph}> .\n"
    lines = data.decode("utf-8").splitlines(keepends=True)
    stray = next((line for line in lines if not line.endswith(suffix)), None)
    if stray is not None:
        raise ValueError(f"a line outside the graph <{graph}>: {stray.strip()}")
    return [line[: -len(suffix)] + " .\n" for line in lines]


def subject_of(line: str) -> str:
    """The subject of an N-Triples line, as written (``<iri>`` or ``_:id``)."""
    return line[: line.index(" ")]
