"""How a plan frames its work: the account of its city (regional features and the issues it will
tackle), the mechanisms that carry and finance the work, and what it says it contributes to
regional revitalisation."""

from __future__ import annotations

from graph_build.emit.common import Context, add_record, organisation_id
from graph_build.emit.terms import SDGKG, literal
from graph_build.records.model import DocumentRecords

SITUATION_CLASSES = {"feature": SDGKG.RegionalFeature, "issue": SDGKG.LocalIssue}
MECHANISM_KINDS = {
    "goal-localisation": SDGKG.GoalLocalisation,
    "partner-network": SDGKG.PartnerNetworking,
    "private-finance": SDGKG.PrivateFinance,
    "matching": SDGKG.StakeholderMatching,
    "self-running": SDGKG.SelfRunningProjects,
    "budget-linkage": SDGKG.BudgetLinkage,
    "reinvestment": SDGKG.Reinvestment,
}
STATUSES = {"current": SDGKG.CurrentStatus, "planned": SDGKG.PlannedStatus}


def plan_context_of_document(ctx: Context, records: DocumentRecords) -> None:
    """Local situation items, mechanisms and contribution statements of a document."""
    for item in records.local_situation:
        iri = ctx.iri("local-situation", item.id)
        add_record(ctx, iri, SITUATION_CLASSES[item.kind], item)
        if item.number is not None:
            ctx.add(iri, SDGKG.number, literal(item.number))
        for area in item.areas:
            ctx.add(iri, SDGKG.concernsArea, ctx.iri("area", area))
    for mech in records.mechanisms:
        iri = ctx.iri("mechanism", mech.id)
        add_record(ctx, iri, SDGKG.Mechanism, mech)
        ctx.add(iri, SDGKG.mechanismKind, MECHANISM_KINDS[mech.kind])
        ctx.add(iri, SDGKG.planningStatus, STATUSES[mech.status])
        ctx.add(iri, SDGKG.mechanismOf, ctx.doc)
        for body in mech.bodies:
            ctx.add(iri, SDGKG.mechanismParticipant, ctx.iri("body", body))
        for stakeholder in mech.stakeholders:
            ctx.add(iri, SDGKG.mechanismParticipant, organisation_id(stakeholder))
        for theme in mech.themes:
            ctx.add(iri, SDGKG.drawsOnTheme, ctx.iri("theme", theme))
    for contribution in records.contributions:
        iri = ctx.iri("contribution", contribution.id)
        add_record(ctx, iri, SDGKG.RevitalisationContribution, contribution)
        ctx.add(iri, SDGKG.contributionOf, ctx.doc)
        for area in contribution.areas:
            ctx.add(iri, SDGKG.concernsArea, ctx.iri("area", area))
        for plan in contribution.plans:
            ctx.add(iri, SDGKG.pursuedThrough, ctx.iri("plan", plan))
