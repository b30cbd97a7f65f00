"""The fast N-Triples formatter writes exactly what Oxigraph writes, for any term."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from graph_build.emit.ntriples import TermFormatter, as_quad_lines, subject_of, to_ox

S = URIRef("https://w3id.org/sdgkg/id/x/s")
P = URIRef("https://w3id.org/sdgkg/ontology#p")


def oxigraph_line(o: URIRef | Literal | BNode) -> str:
    """The same triple as Oxigraph serialises it."""
    data = ox.serialize(
        [ox.Triple(to_ox(S), to_ox(P), to_ox(o))],  # type: ignore[arg-type]
        format=ox.RdfFormat.N_TRIPLES,
    )
    assert data is not None
    return data.decode("utf-8")


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(text, st.sampled_from([None, "ja", "en", "EN-us"]))
def test_plain_and_tagged_strings_match_oxigraph(value: str, lang: str | None) -> None:
    literal = Literal(value, lang=lang)
    assert TermFormatter().triple_line(S, P, literal) == oxigraph_line(literal)


@pytest.mark.parametrize(
    "literal",
    [
        Literal("2500.0", datatype=XSD.decimal),
        Literal("2030", datatype=XSD.gYear),
        Literal("x", datatype=XSD.string),
        Literal('say "hi"\\n', datatype=XSD.string),
        Literal("tab\there", lang="ja"),
        Literal(True),
        Literal(42),
    ],
)
def test_typed_literals_match_oxigraph(literal: Literal) -> None:
    assert TermFormatter().triple_line(S, P, literal) == oxigraph_line(literal)


def test_iris_and_blank_nodes() -> None:
    fmt = TermFormatter()
    odd = URIRef("https://example.org/a b")  # rdflib warns but keeps it; Oxigraph refuses it
    with pytest.raises(ValueError):
        fmt.term(odd)
    assert fmt.term(BNode("cb0")) == "_:cb0"
    assert fmt.triple_line(S, P, URIRef("https://w3id.org/sdgkg/id/x/o")) == oxigraph_line(
        URIRef("https://w3id.org/sdgkg/id/x/o")
    )


def test_lines_are_sorted_unique_and_move_into_a_graph() -> None:
    triples = [(S, P, Literal("b")), (S, P, Literal("a")), (S, P, Literal("b"))]
    lines = TermFormatter().lines(triples)
    assert lines == sorted(set(lines)) and len(lines) == 2
    quads = list(as_quad_lines(lines, "https://w3id.org/sdgkg/graph/x"))
    parsed = list(ox.parse("".join(quads).encode(), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name for q in parsed} == {ox.NamedNode("https://w3id.org/sdgkg/graph/x")}
    assert subject_of(lines[0]) == f"<{S}>"
