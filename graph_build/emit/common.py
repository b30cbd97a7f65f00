"""What every emitter shares: the target graph, the document context, labels and provenance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..framework import GOAL_CODE
from ..iris import document_iri, entity_iri, municipality_iri, sdg_iri
from ..namespaces import DIM, SDGKG
from ..records import Source

Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass
class Context:
    """The statements being written and the document and municipality they belong to.

    Statements go into a plain list: a large corpus has millions of them, and an rdflib graph's
    indexes would cost more than writing them out.
    """

    triples: list[Triple]
    city: str
    doc_id: str

    @property
    def doc(self) -> URIRef:
        """IRI of the document."""
        return document_iri(self.city, self.doc_id)

    @property
    def municipality(self) -> URIRef:
        """IRI of the municipality."""
        return municipality_iri(self.city)

    def iri(self, kind: str, slug: str) -> URIRef:
        """A city-scoped IRI."""
        return entity_iri(self.city, kind, slug)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        """Add one triple."""
        self.triples.append((s, p, o))


def year_literal(year: int) -> Literal:
    """``2030`` as ``"2030"^^xsd:gYear``."""
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def decimal_literal(value: Decimal) -> Literal:
    """A decimal as written (no exponent, always with a decimal point), typed ``xsd:decimal``.

    The point keeps the lexical form stable through Turtle, where ``1000`` would be an integer.
    """
    text = format(value, "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def date_literal(text: str) -> Literal:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with the matching XSD type."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(text)]
    return Literal(text, datatype=datatype)


def aspect_iri(aspect: str) -> URIRef:
    """The Future City aspect concept: economy, society, environment or integrated."""
    return DIM[f"future-city/{aspect}"]


def add_entity(
    ctx: Context,
    iri: URIRef,
    cls: URIRef,
    ja: str,
    en: str,
    source: Source,
    description_en: str | None = None,
    description_ja: str | None = None,
    city_scoped: bool = True,
) -> None:
    """Type, bilingual labels, descriptions, owning municipality, and provenance of an entity."""
    ctx.add(iri, RDF.type, cls)
    ctx.add(iri, RDFS.label, Literal(ja, lang="ja"))
    ctx.add(iri, RDFS.label, Literal(en, lang="en"))
    if description_en:
        ctx.add(iri, DCTERMS.description, Literal(description_en, lang="en"))
    if description_ja:
        ctx.add(iri, DCTERMS.description, Literal(description_ja, lang="ja"))
    if city_scoped:
        ctx.add(iri, SDGKG.municipality, ctx.municipality)
    add_provenance(ctx, iri, source)


def add_alt_labels(ctx: Context, iri: URIRef, labels: Iterable[str], lang: str = "ja") -> None:
    """Alternative labels, e.g. a direction's long form."""
    for label in labels:
        ctx.add(iri, SKOS.altLabel, Literal(label, lang=lang))


def add_provenance(ctx: Context, iri: URIRef, source: Source) -> URIRef:
    """Link ``iri`` to its document and to a source span (section and line range)."""
    # The city is part of the IRI: global nodes (stakeholders) are named by documents of several
    # cities, which may share a document id and line numbers.
    span = URIRef(f"{iri}/source/{ctx.city}/{ctx.doc_id}/L{source.start_line}-{source.end_line}")
    ctx.add(iri, DCTERMS.source, ctx.doc)
    ctx.add(iri, PROV.wasDerivedFrom, span)
    ctx.add(span, RDF.type, SDGKG.SourceSpan)
    ctx.add(span, SDGKG.sourceDocument, ctx.doc)
    ctx.add(span, SDGKG.section, Literal(source.section, lang="ja"))
    ctx.add(span, SDGKG.startLine, Literal(source.start_line))
    ctx.add(span, SDGKG.endLine, Literal(source.end_line))
    ctx.add(
        span, RDFS.label, Literal(f"{ctx.doc_id} L{source.start_line}-{source.end_line}", lang="en")
    )
    ctx.add(
        span,
        RDFS.label,
        Literal(f"{ctx.doc_id} {source.start_line}～{source.end_line}行", lang="ja"),
    )
    return span


def add_sdg_links(ctx: Context, iri: URIRef, codes: Iterable[str]) -> None:
    """Stated links to SDG goals (``11``) or targets (``11.6``)."""
    for code in codes:
        prop = SDGKG.addressesGoal if GOAL_CODE.match(code) else SDGKG.addressesTarget
        ctx.add(iri, prop, sdg_iri(code))


def add_entity_sources(ctx: Context, iri: URIRef, sources: Iterable[Source]) -> None:
    """Extra provenance spans for an entity printed in several places."""
    for source in sources:
        add_provenance(ctx, iri, source)


def entity_id(ctx: Context, kind: str, slug: str) -> URIRef:
    """Shorthand for :func:`graph_build.iris.entity_iri` in the context's city."""
    return entity_iri(ctx.city, kind, slug)
