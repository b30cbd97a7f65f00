"""What every emitter shares: the target graph, the document context, labels and provenance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from graph_build.emit.ntriples import iri_text, iri_value
from graph_build.emit.terms import DCTERMS, PROV, RDF, RDFS, SDGKG, SKOS, XSD, literal
from graph_build.emit.terms import typed_literal as typed
from graph_build.iris import (
    dimension_iri_value,
    document_iri_value,
    entity_iri_value,
    municipality_iri_value,
    organisation_iri_value,
    part_iri_value,
    sdg_iri_value,
    source_span_iri_value,
)
from graph_build.records.model import Labelled, Source
from graph_build.sdg.framework import GOAL_CODE

# Subject, predicate and object, each as N-Triples text (see graph_build.emit.terms).
Triple = tuple[str, str, str]


@dataclass
class Context:
    """The statements being written and the document and municipality they belong to.

    Statements go into a plain list: a large corpus has millions of them, and an rdflib graph's
    indexes would cost more than writing them out. IRIs are minted by :mod:`graph_build.iris`.
    """

    triples: list[Triple]
    city: str
    doc_id: str

    @property
    def doc(self) -> str:
        """IRI of the document."""
        return iri_text(document_iri_value(self.city, self.doc_id))

    @property
    def municipality(self) -> str:
        """IRI of the municipality."""
        return iri_text(municipality_iri_value(self.city))

    def iri(self, kind: str, slug: str) -> str:
        """A city-scoped IRI."""
        return iri_text(entity_iri_value(self.city, kind, slug))

    def add(self, s: str, p: str, o: str) -> None:
        """Add one triple."""
        self.triples.append((s, p, o))


def year_literal(year: int) -> str:
    """``2030`` as ``"2030"^^xsd:gYear``."""
    return typed(f"{year:04d}", XSD.gYear)


def decimal_literal(value: Decimal) -> str:
    """A decimal as written (no exponent, always with a decimal point), typed ``xsd:decimal``.

    The point keeps the lexical form stable through Turtle, where ``1000`` would be an integer.
    """
    text = format(value, "f")
    if "." not in text:
        text += ".0"
    return typed(text, XSD.decimal)


def date_literal(text: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with the matching XSD type."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(text)]
    return typed(text, datatype)


def aspect_iri(aspect: str) -> str:
    """The Future City aspect concept: economy, society, environment or integrated."""
    return iri_text(dimension_iri_value("future-city", aspect))


def add_entity(
    ctx: Context,
    iri: str,
    cls: str,
    ja: str,
    en: str,
    source: Source,
    description_en: str | None = None,
    description_ja: str | None = None,
    city_scoped: bool = True,
) -> None:
    """Type, bilingual labels, descriptions, owning municipality, and provenance of an entity."""
    ctx.add(iri, RDF.type, cls)
    ctx.add(iri, RDFS.label, literal(ja, lang="ja"))
    ctx.add(iri, RDFS.label, literal(en, lang="en"))
    if description_en:
        ctx.add(iri, DCTERMS.description, literal(description_en, lang="en"))
    if description_ja:
        ctx.add(iri, DCTERMS.description, literal(description_ja, lang="ja"))
    if city_scoped:
        ctx.add(iri, SDGKG.municipality, ctx.municipality)
    add_provenance(ctx, iri, source)


NUMBER_BOUNDS = {
    "exact": SDGKG.ExactNumber,
    "at-least": SDGKG.AtLeast,
    "more-than": SDGKG.MoreThan,
    "about": SDGKG.About,
}

# The property each inferable record field is written to.
INFERRED_PROPERTIES = {
    "desired_direction": SDGKG.desiredDirection,
    "type": SDGKG.stakeholderType,
    "aspect": SDGKG.aspect,
}
INFERENCE_METHODS = {
    "indicator-meaning": SDGKG.FromIndicatorMeaning,
    "organisation-name": SDGKG.FromOrganisationName,
    "area-content": SDGKG.FromAreaContent,
}


def add_record(ctx: Context, iri: str, cls: str, rec: Labelled, city_scoped: bool = True) -> None:
    """An entity from a labelled record: what :func:`add_entity` writes, further source spans,
    alternative names with their notes, and markers on values curators inferred."""
    add_entity(
        ctx,
        iri,
        cls,
        rec.ja,
        rec.en,
        rec.source,
        rec.description_en,
        rec.description_ja,
        city_scoped,
    )
    add_entity_sources(ctx, iri, rec.more_sources)
    for alt in rec.alt_names:
        ctx.add(iri, SKOS.altLabel, literal(alt.ja, lang="ja"))
        ctx.add(iri, SKOS.editorialNote, literal(alt.note_en, lang="en"))
        ctx.add(iri, SKOS.editorialNote, literal(alt.note_ja, lang="ja"))
    for inference in rec.inferred:
        node = iri_text(
            part_iri_value(iri_value(iri), "inference", inference.field.replace("_", "-"))
        )
        ctx.add(node, RDF.type, SDGKG.CuratorInference)
        ctx.add(node, RDFS.label, literal(f"{rec.ja}：{inference.field}の推定", lang="ja"))
        ctx.add(node, RDFS.label, literal(f"{rec.en}: inferred {inference.field}", lang="en"))
        ctx.add(node, SDGKG.inferredProperty, INFERRED_PROPERTIES[inference.field])
        ctx.add(node, SDGKG.inferenceMethod, INFERENCE_METHODS[inference.method])
        ctx.add(node, SKOS.note, literal(inference.note_en, lang="en"))
        ctx.add(node, SKOS.note, literal(inference.note_ja, lang="ja"))
        ctx.add(iri, SDGKG.hasInference, node)


def add_alt_labels(ctx: Context, iri: str, labels: Iterable[str], lang: str = "ja") -> None:
    """Alternative labels, e.g. a direction's long form."""
    for label in labels:
        ctx.add(iri, SKOS.altLabel, literal(label, lang=lang))


def add_provenance(ctx: Context, iri: str, source: Source) -> str:
    """Link ``iri`` to its document and to a source span (section and line range)."""
    start, end = source.start_line, source.end_line
    span = iri_text(source_span_iri_value(iri_value(iri), ctx.city, ctx.doc_id, start, end))
    ctx.add(iri, DCTERMS.source, ctx.doc)
    ctx.add(iri, PROV.wasDerivedFrom, span)
    ctx.add(span, RDF.type, SDGKG.SourceSpan)
    ctx.add(span, SDGKG.sourceDocument, ctx.doc)
    ctx.add(span, SDGKG.section, literal(source.section, lang="ja"))
    ctx.add(span, SDGKG.startLine, literal(start))
    ctx.add(span, SDGKG.endLine, literal(end))
    ctx.add(span, RDFS.label, literal(f"{ctx.doc_id} L{start}-{end}", lang="en"))
    ctx.add(
        span,
        RDFS.label,
        literal(f"{ctx.doc_id} {start}～{end}行", lang="ja"),
    )
    return span


def add_data_file_line(ctx: Context, iri: str, file_name: str, line_number: int) -> str:
    """Link ``iri`` to the line of a data file of the municipality's folder it was read from
    (``kpi-observations.csv``, ``partners.csv``), the provenance of a row of a table."""
    data_file = f"{ctx.city}/{file_name}"
    stem = file_name.rsplit(".", 1)[0]
    line = iri_text(part_iri_value(iri_value(iri), "source", ctx.city, stem, f"L{line_number}"))
    ctx.add(iri, PROV.wasDerivedFrom, line)
    ctx.add(line, RDF.type, SDGKG.DataFileLine)
    ctx.add(line, SDGKG.dataFile, literal(data_file))
    ctx.add(line, SDGKG.lineNumber, literal(line_number))
    ctx.add(line, RDFS.label, literal(f"{data_file} {line_number}行", lang="ja"))
    ctx.add(line, RDFS.label, literal(f"{data_file} line {line_number}", lang="en"))
    return line


def add_sdg_links(ctx: Context, iri: str, codes: Iterable[str]) -> None:
    """Stated links to SDG goals (``11``) or targets (``11.6``)."""
    for code in codes:
        prop = SDGKG.addressesGoal if GOAL_CODE.match(code) else SDGKG.addressesTarget
        ctx.add(iri, prop, iri_text(sdg_iri_value(code)))


def add_entity_sources(ctx: Context, iri: str, sources: Iterable[Source]) -> None:
    """Extra provenance spans for an entity printed in several places."""
    for source in sources:
        add_provenance(ctx, iri, source)


def organisation_id(slug: str) -> str:
    """An organisation's IRI as N-Triples text: one node for every city that names it."""
    return iri_text(organisation_iri_value(slug))
