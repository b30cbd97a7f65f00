"""Initiatives, their placements under areas (one node per listing), and their funding."""

from __future__ import annotations

import re

from graph_build.emit.common import (
    Context,
    add_provenance,
    add_record,
    add_sdg_links,
    aspect_iri,
    organisation_id,
    year_literal,
)
from graph_build.emit.ntriples import iri_text, iri_value
from graph_build.emit.terms import RDF, RDFS, SDGKG, literal
from graph_build.iris import funding_programme_iri_value, part_iri_value
from graph_build.records.model import Initiative

FUNDING_STATUS = {
    "planned-application": SDGKG.PlannedApplication,
    "funded": SDGKG.Funded,
    "named": SDGKG.NamedOnly,
}


def slugify(text: str) -> str:
    """ASCII slug of an English label, for IRIs of things records name without an id."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def placement_triples(ctx: Context, ini_iri: str, ini: Initiative) -> None:
    """One placement node per listing, so a re-listed initiative stays one node."""
    for order, placement in enumerate(ini.placements, start=1):
        area = ctx.iri("area", placement.area)
        iri = iri_text(part_iri_value(iri_value(ini_iri), "placement", placement.area))
        ctx.add(iri, RDF.type, SDGKG.Placement)
        ctx.add(iri, RDFS.label, literal(f"{ini.ja} @ {placement.area}", lang="ja"))
        ctx.add(iri, RDFS.label, literal(f"{ini.en} @ {placement.area}", lang="en"))
        ctx.add(iri, SDGKG.placedUnder, area)
        ctx.add(iri, SDGKG.isRelisting, literal(placement.relisted))
        ctx.add(iri, SDGKG.number, literal(order))
        ctx.add(iri, SDGKG.municipality, ctx.municipality)
        ctx.add(ini_iri, SDGKG.hasPlacement, iri)
        add_provenance(ctx, iri, placement.source)


def funding_triples(ctx: Context, ini_iri: str, ini: Initiative) -> None:
    """Funding programmes named for the initiative, with their status."""
    for funding in ini.funding:
        slug = slugify(funding.en)
        programme = iri_text(funding_programme_iri_value(slug))
        ctx.add(programme, RDF.type, SDGKG.FundingProgramme)
        ctx.add(programme, RDFS.label, literal(funding.ja, lang="ja"))
        ctx.add(programme, RDFS.label, literal(funding.en, lang="en"))
        add_provenance(ctx, programme, funding.source)
        iri = iri_text(part_iri_value(iri_value(ini_iri), "funding", slug))
        ctx.add(iri, RDF.type, SDGKG.Funding)
        ctx.add(iri, RDFS.label, literal(f"{ini.ja}：{funding.ja}", lang="ja"))
        ctx.add(iri, RDFS.label, literal(f"{ini.en}: {funding.en}", lang="en"))
        ctx.add(iri, SDGKG.fundingProgramme, programme)
        ctx.add(iri, SDGKG.fundingStatus, FUNDING_STATUS[funding.status])
        ctx.add(ini_iri, SDGKG.hasFunding, iri)
        add_provenance(ctx, iri, funding.source)


def initiative_triples(ctx: Context, ini: Initiative) -> str:
    """An initiative with placements, funding, flags, stated SDG targets and stakeholders."""
    iri = ctx.iri("initiative", ini.id)
    add_record(ctx, iri, SDGKG.Initiative, ini)
    ctx.add(iri, SDGKG.isModelProject, literal(ini.model_project))
    if ini.start_year is not None:
        ctx.add(iri, SDGKG.startYear, year_literal(ini.start_year))
    if ini.aspect:
        ctx.add(iri, SDGKG.aspect, aspect_iri(ini.aspect))
    if ini.policy:
        ctx.add(iri, SDGKG.underPolicy, ctx.iri("policy", ini.policy))
    for stakeholder in ini.stakeholders:
        ctx.add(iri, SDGKG.involves, organisation_id(stakeholder))
    add_sdg_links(ctx, iri, ini.sdg_targets)
    placement_triples(ctx, iri, ini)
    funding_triples(ctx, iri, ini)
    return iri
