"""The emitters write IRIs and literals as N-Triples text; they must mint exactly the IRIs that
:mod:`graph_build.iris` documents, and literals as rdflib and Oxigraph would write them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal

from graph_build.emit.common import Context, entity_id, organisation_id
from graph_build.emit.ntriples import iri_text
from graph_build.emit.terms import literal
from graph_build.iris import document_iri, entity_iri, municipality_iri, organisation_iri

SLUG = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True)


@given(city=SLUG, doc=SLUG, kind=SLUG, slug=SLUG)
def test_context_iris_are_the_documented_iris(city: str, doc: str, kind: str, slug: str) -> None:
    ctx = Context(triples=[], city=city, doc_id=doc)
    assert ctx.municipality == iri_text(str(municipality_iri(city)))
    assert ctx.doc == iri_text(str(document_iri(city, doc)))
    assert ctx.iri(kind, slug) == entity_id(ctx, kind, slug)
    assert ctx.iri(kind, slug) == iri_text(str(entity_iri(city, kind, slug)))
    assert organisation_id(slug) == iri_text(str(organisation_iri(slug)))


@given(text=st.text(), lang=st.sampled_from([None, "ja", "en"]))
def test_literal_text_is_what_oxigraph_writes(text: str, lang: str | None) -> None:
    expected = str(ox.Literal(text, language=lang) if lang else ox.Literal(text))
    assert literal(text, lang=lang) == expected


@pytest.mark.parametrize("value", [0, 7, -3, True, False])
def test_plain_values_type_like_rdflib(value: int | bool) -> None:
    term = Literal(value)
    expected = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    assert literal(value) == str(expected)
