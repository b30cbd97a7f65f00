"""The emitters write IRIs and literals as N-Triples text; they must mint exactly the IRIs that
:mod:`graph_build.iris` documents, and literals as rdflib and Oxigraph would write them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal

from graph_build.emit.common import Context, add_provenance, organisation_id
from graph_build.emit.ntriples import iri_text
from graph_build.emit.terms import PROV, literal
from graph_build.iris import (
    document_iri,
    entity_iri,
    municipality_iri,
    organisation_iri,
    part_iri_value,
    source_span_iri_value,
)
from graph_build.records.model import Source

SLUG = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True)


@given(city=SLUG, doc=SLUG, kind=SLUG, slug=SLUG)
def test_context_iris_are_the_documented_iris(city: str, doc: str, kind: str, slug: str) -> None:
    ctx = Context(triples=[], city=city, doc_id=doc)
    assert ctx.municipality == iri_text(str(municipality_iri(city)))
    assert ctx.doc == iri_text(str(document_iri(city, doc)))
    assert ctx.iri(kind, slug) == iri_text(str(entity_iri(city, kind, slug)))
    assert organisation_id(slug) == iri_text(str(organisation_iri(slug)))


def test_iris_have_the_documented_form() -> None:
    base = "https://w3id.org/sdgkg/id/"
    assert str(municipality_iri("kanazawa")) == base + "kanazawa"
    assert str(entity_iri("kanazawa", "kpi", "co2")) == base + "kanazawa/kpi/co2"
    assert str(document_iri("kanazawa", "plan")) == base + "kanazawa/document/plan"
    assert str(organisation_iri("city-hall")) == base + "org/city-hall"
    kpi = str(entity_iri("kanazawa", "kpi", "co2"))
    assert part_iri_value(kpi, "baseline") == kpi + "/baseline"
    assert part_iri_value(kpi, "placement", "a1") == kpi + "/placement/a1"


@given(city=SLUG, doc=SLUG, slug=SLUG, start=st.integers(1, 999), length=st.integers(0, 99))
def test_provenance_points_at_the_documented_span_iri(
    city: str, doc: str, slug: str, start: int, length: int
) -> None:
    ctx = Context(triples=[], city=city, doc_id=doc)
    entity = ctx.iri("kpi", slug)
    span = add_provenance(ctx, entity, Source(section="1", lines=f"{start}-{start + length}"))
    expected = source_span_iri_value(
        str(entity_iri(city, "kpi", slug)), city, doc, start, start + length
    )
    assert span == iri_text(expected)
    assert (entity, PROV.wasDerivedFrom, span) in ctx.triples


@given(text=st.text(), lang=st.sampled_from([None, "ja", "en"]))
def test_literal_text_is_what_oxigraph_writes(text: str, lang: str | None) -> None:
    expected = str(ox.Literal(text, language=lang) if lang else ox.Literal(text))
    assert literal(text, lang=lang) == expected


@pytest.mark.parametrize("value", [0, 7, -3, True, False])
def test_plain_values_type_like_rdflib(value: int | bool) -> None:
    term = Literal(value)
    expected = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    assert literal(value) == str(expected)
