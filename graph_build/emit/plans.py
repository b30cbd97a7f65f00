"""Plans a document names (visions, ordinances, related plans), outreach events, and stated
synergies between dimensions."""

from __future__ import annotations

from graph_build.emit.common import (
    Context,
    add_record,
    aspect_iri,
    date_literal,
    year_literal,
)
from graph_build.emit.terms import DCTERMS, RDF, SDGKG
from graph_build.records.model import DocumentRecords

PLAN_CLASSES = {
    "vision": SDGKG.Vision,
    "ordinance": SDGKG.Ordinance,
    "basic-concept": SDGKG.BasicConcept,
    "strategy": SDGKG.Strategy,
    "related-plan": SDGKG.RelatedPlan,
}
REFLECTION = {"reflected": SDGKG.Reflected, "to-be-reflected": SDGKG.ToBeReflected}
AUDIENCE = {
    "local": SDGKG.LocalAudience,
    "domestic": SDGKG.DomesticAudience,
    "overseas": SDGKG.OverseasAudience,
}
YEAR_TYPES = {"fiscal": SDGKG.FiscalYear, "calendar": SDGKG.CalendarYear}


def plans_of_document(ctx: Context, records: DocumentRecords) -> None:
    """Named plans, events and synergy statements of a document."""
    for plan in records.plans:
        iri = ctx.iri("plan", plan.id)
        add_record(ctx, iri, PLAN_CLASSES[plan.kind], plan)
        ctx.add(iri, RDF.type, SDGKG.Plan)
        ctx.add(ctx.doc, SDGKG.relatedPlan, iri)
        if plan.reflection:
            ctx.add(iri, SDGKG.reflectionStatus, REFLECTION[plan.reflection])
        if plan.adopted:
            ctx.add(iri, DCTERMS.issued, date_literal(plan.adopted))
        if plan.period_start is not None:
            ctx.add(iri, SDGKG.periodStart, year_literal(plan.period_start))
        if plan.period_end is not None:
            ctx.add(iri, SDGKG.periodEnd, year_literal(plan.period_end))
        if plan.period_year_type:
            ctx.add(iri, SDGKG.yearType, YEAR_TYPES[plan.period_year_type])
    for theme in records.themes:
        vision = next((p for p in records.plans if p.kind == "vision"), None)
        if vision is not None:
            ctx.add(ctx.iri("plan", vision.id), SDGKG.hasTheme, ctx.iri("theme", theme.id))
    for event in records.events:
        iri = ctx.iri("event", event.id)
        add_record(ctx, iri, SDGKG.OutreachEvent, event)
        ctx.add(iri, SDGKG.audience, AUDIENCE[event.audience])
        for year in event.years:
            ctx.add(iri, SDGKG.heldInYear, year_literal(year))
        if event.initiative:
            ctx.add(iri, SDGKG.outreachOfInitiative, ctx.iri("initiative", event.initiative))
    for syn in records.synergies:
        iri = ctx.iri("synergy", syn.id)
        add_record(ctx, iri, SDGKG.SynergyStatement, syn)
        for dim in syn.dimensions:
            ctx.add(iri, SDGKG.betweenDimension, aspect_iri(dim))
