"""The document node, its municipality and government, and all statements of one document."""

from __future__ import annotations

from graph_build.emit.areas import areas_of_document
from graph_build.emit.common import (
    Context,
    Triple,
    add_provenance,
    add_record,
    date_literal,
    organisation_id,
    year_literal,
)
from graph_build.emit.evaluation import evaluation_of_document
from graph_build.emit.initiatives import initiative_triples
from graph_build.emit.kpis import kpis_of_document
from graph_build.emit.organisations import organisations_of_document
from graph_build.emit.plan_context import plan_context_of_document
from graph_build.emit.plans import plans_of_document
from graph_build.emit.terms import DCTERMS, FOAF, ORG, RDF, RDFS, SDGKG, literal
from graph_build.records.model import DocumentRecords, Municipality

DOCUMENT_CLASSES = {
    "sdgs-future-city-plan": SDGKG.FutureCityPlan,
    "sdgs-action-plan": SDGKG.ActionPlan,
    "sdgs-model-project": SDGKG.ModelProjectPlan,
}


def municipality_triples(ctx: Context, muni: Municipality, with_provenance: bool) -> None:
    """The municipality as a place and its government as an organisation."""
    place, gov = ctx.municipality, organisation_id(muni.government.id)
    ctx.add(place, RDF.type, SDGKG.Municipality)
    ctx.add(place, RDFS.label, literal(muni.ja, lang="ja"))
    ctx.add(place, RDFS.label, literal(muni.en, lang="en"))
    ctx.add(place, SDGKG.prefectureName, literal(muni.prefecture_ja, lang="ja"))
    ctx.add(place, SDGKG.prefectureName, literal(muni.prefecture_en, lang="en"))
    ctx.add(place, SDGKG.hasGovernment, gov)
    ctx.add(gov, RDF.type, SDGKG.LocalGovernment)
    ctx.add(gov, RDF.type, ORG.FormalOrganization)
    ctx.add(gov, RDFS.label, literal(muni.government.ja, lang="ja"))
    ctx.add(gov, RDFS.label, literal(muni.government.en, lang="en"))
    ctx.add(gov, SDGKG.municipality, place)
    if with_provenance:
        add_provenance(ctx, place, muni.source)
        add_provenance(ctx, gov, muni.source)


def document_triples(ctx: Context, records: DocumentRecords, muni: Municipality) -> None:
    """The document: class by kind, title, seed file, dates, publisher."""
    meta = records.document
    add_record(ctx, ctx.doc, DOCUMENT_CLASSES[meta.kind], meta)
    ctx.add(ctx.doc, RDF.type, SDGKG.PlanDocument)
    ctx.add(ctx.doc, RDF.type, FOAF.Document)
    ctx.add(ctx.doc, DCTERMS.title, literal(meta.ja, lang="ja"))
    ctx.add(ctx.doc, DCTERMS.title, literal(meta.en, lang="en"))
    ctx.add(ctx.doc, SDGKG.seedFile, literal(meta.seed))
    ctx.add(ctx.doc, DCTERMS.publisher, organisation_id(muni.government.id))
    if meta.issued:
        ctx.add(ctx.doc, DCTERMS.issued, date_literal(meta.issued))
    if meta.period_start is not None:
        ctx.add(ctx.doc, SDGKG.periodStart, year_literal(meta.period_start))
    if meta.period_end is not None:
        ctx.add(ctx.doc, SDGKG.periodEnd, year_literal(meta.period_end))


def document_statements(city: str, records: DocumentRecords, muni: Municipality) -> list[Triple]:
    """Everything one document says, as triples (to become one named graph); may repeat some."""
    ctx = Context([], city, records.document.id)
    municipality_triples(ctx, muni, with_provenance=muni.source.document == records.document.id)
    document_triples(ctx, records, muni)
    areas_of_document(ctx, records)
    area_labels = {a.id: (a.ja, a.en) for a in records.areas}
    kpis_of_document(ctx, records, area_labels)
    for ini in records.initiatives:
        initiative_triples(ctx, ini)
    organisations_of_document(ctx, records)
    plans_of_document(ctx, records)
    evaluation_of_document(ctx, records, muni)
    plan_context_of_document(ctx, records)
    return ctx.triples
