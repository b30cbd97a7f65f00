"""Stakeholders (global nodes) with their per-city roles, agreements and governance bodies."""

from __future__ import annotations

from graph_build.emit.common import (
    NUMBER_BOUNDS,
    Context,
    add_entity_sources,
    add_provenance,
    add_record,
    date_literal,
    organisation_id,
    year_literal,
)
from graph_build.emit.terms import DCTERMS, ORG, RDF, RDFS, SDGKG, STYPE, literal
from graph_build.records.model import Agreement, Body, DocumentRecords, Stakeholder

BODY_CLASSES = {
    "headquarters": SDGKG.PromotionHeadquarters,
    "council": SDGKG.PromotionCouncil,
    "platform": SDGKG.PartnersPlatform,
    "meeting": SDGKG.StakeholderMeeting,
    "urban-area": SDGKG.MetropolitanPartnershipArea,
    "study-group": SDGKG.StudyGroup,
}


def stakeholder_triples(ctx: Context, s: Stakeholder) -> str:
    """A stakeholder node, its type, and a role node tying it to this document's municipality."""
    iri = organisation_id(s.id)
    add_record(ctx, iri, SDGKG.Stakeholder, s, city_scoped=False)
    ctx.add(iri, SDGKG.stakeholderType, STYPE[s.type])
    ctx.add(iri, SDGKG.stakeholderOf, ctx.municipality)
    if s.count is not None:
        ctx.add(iri, SDGKG.memberCount, literal(s.count))
        ctx.add(iri, SDGKG.numberBound, NUMBER_BOUNDS[s.count_bound])
    if s.part_of:
        ctx.add(iri, ORG.subOrganizationOf, organisation_id(s.part_of))
    if s.country_en:
        ctx.add(iri, SDGKG.country, literal(s.country_en, lang="en"))
    if s.partner_since is not None:
        ctx.add(iri, SDGKG.partnerSince, year_literal(s.partner_since))
    role = ctx.iri("stakeholder-role", s.id)
    ctx.add(role, RDF.type, SDGKG.StakeholderRole)
    ctx.add(role, SDGKG.roleIn, ctx.municipality)
    ctx.add(role, SDGKG.municipality, ctx.municipality)
    ctx.add(iri, SDGKG.hasRole, role)
    ctx.add(role, SDGKG.roleDescription, literal(s.role_en, lang="en"))
    if s.role_ja:
        ctx.add(role, SDGKG.roleDescription, literal(s.role_ja, lang="ja"))
    ctx.add(role, RDFS.label, literal(f"{s.ja}の役割（{ctx.city}）", lang="ja"))
    ctx.add(role, RDFS.label, literal(f"Role of {s.en} for {ctx.city}", lang="en"))
    add_provenance(ctx, role, s.source)
    add_entity_sources(ctx, role, s.more_sources)
    return iri


def agreement_triples(ctx: Context, agr: Agreement) -> None:
    """An agreement with its date and parties."""
    iri = ctx.iri("agreement", agr.id)
    add_record(ctx, iri, SDGKG.Agreement, agr)
    if agr.date:
        ctx.add(iri, DCTERMS.date, date_literal(agr.date))
    for party in agr.parties:
        ctx.add(iri, SDGKG.party, organisation_id(party))


def body_triples(ctx: Context, body: Body) -> None:
    """A governance body (headquarters, council, platform, meeting, metropolitan partnership
    area, study group), its members and the projects they run together."""
    iri = ctx.iri("body", body.id)
    add_record(ctx, iri, BODY_CLASSES[body.type], body)
    ctx.add(iri, RDF.type, SDGKG.GoverningBody)
    ctx.add(iri, RDF.type, ORG.Organization)
    for member in body.members:
        ctx.add(iri, ORG.hasMember, organisation_id(member))
    if body.secretariat:
        ctx.add(iri, SDGKG.secretariat, organisation_id(body.secretariat))
    if body.established:
        ctx.add(iri, DCTERMS.created, date_literal(body.established))
    if body.member_count is not None:
        ctx.add(iri, SDGKG.memberCount, literal(body.member_count))
        ctx.add(iri, SDGKG.numberBound, NUMBER_BOUNDS[body.member_count_bound])
    if body.member_count_date:
        ctx.add(iri, SDGKG.memberCountDate, literal(body.member_count_date))
    for project in body.joint_projects:
        project_iri = ctx.iri("joint-project", project.id)
        add_record(ctx, project_iri, SDGKG.JointProject, project)
        ctx.add(project_iri, SDGKG.jointProjectOf, iri)


def organisations_of_document(ctx: Context, records: DocumentRecords) -> None:
    """Stakeholders, agreements and bodies of a document."""
    for s in records.stakeholders:
        stakeholder_triples(ctx, s)
    for agr in records.agreements:
        agreement_triples(ctx, agr)
    for body in records.bodies:
        body_triples(ctx, body)
