"""A municipality's partner registry (``partners.csv``) as its own named graph.

``graph/<city>/partner-registry`` holds one ``sdgkg:PartnerRegistry`` for the file and one
``sdgkg:PartnerRegistration`` (an ``org:Membership``) per row: who registered (``org:member``, the
stakeholder, named and typed as the row gives it), and what the registrant declares. Declared
goals and targets use ``sdgkg:declaresGoal``/``sdgkg:declaresTarget``, never the
``addressesGoal``/``addressesTarget`` a plan document prints. Every node names the file line it
was read from; rows whose source is marked ``illustrative:`` say so in their labels and with
``sdgkg:illustrative true``.
"""

from __future__ import annotations

from graph_build.emit.common import Context, Triple, add_data_file_line, organisation_id
from graph_build.emit.kpi_monitoring import ILLUSTRATIVE_LABELS
from graph_build.emit.ntriples import iri_text
from graph_build.emit.terms import ORG, RDF, RDFS, SDGKG, STYPE, literal
from graph_build.iris import partner_registry_graph_iri, sdg_iri_value
from graph_build.records.partners import PARTNERS_FILE, PartnerRow
from graph_build.records.sources import CityRecords

REGISTRY_SLUG = PARTNERS_FILE.removesuffix(".csv")
# The free-text columns and the property each becomes.
DECLARED_TEXT = (
    ("themes", SDGKG.declaredThemes),
    ("offers", SDGKG.offers),
    ("needs", SDGKG.needs),
)


def _labels(ctx: Context, iri: str, ja: str, en: str, illustrative: bool) -> None:
    if illustrative:
        ja, en = ja + ILLUSTRATIVE_LABELS[0], en + ILLUSTRATIVE_LABELS[1]
    ctx.add(iri, RDFS.label, literal(ja, lang="ja"))
    ctx.add(iri, RDFS.label, literal(en, lang="en"))


def registry_iri(ctx: Context) -> str:
    """The registry of a municipality: ``<city>/partner-registry/partners``."""
    return ctx.iri("partner-registry", REGISTRY_SLUG)


def registration_iri(ctx: Context, stakeholder: str) -> str:
    """One registration: ``<city>/partner-registration/<stakeholder id>``."""
    return ctx.iri("partner-registration", stakeholder)


def registration_triples(
    ctx: Context, registry: str, row: PartnerRow, city_labels: tuple[str, str]
) -> str:
    """A registration, the stakeholder it registers and what it declares."""
    member = organisation_id(row.id)
    ctx.add(member, RDF.type, SDGKG.Stakeholder)
    ctx.add(member, RDFS.label, literal(row.ja, lang="ja"))
    ctx.add(member, RDFS.label, literal(row.en, lang="en"))
    ctx.add(member, SDGKG.stakeholderType, STYPE[row.type])
    ctx.add(member, SDGKG.stakeholderOf, ctx.municipality)
    add_data_file_line(ctx, member, PARTNERS_FILE, row.line)
    iri = registration_iri(ctx, row.id)
    ctx.add(iri, RDF.type, SDGKG.PartnerRegistration)
    ctx.add(iri, RDF.type, ORG.Membership)
    _labels(
        ctx,
        iri,
        f"{row.ja}の連携相手登録（{city_labels[0]}）",
        f"Partner registration of {row.en} ({city_labels[1]})",
        row.illustrative,
    )
    ctx.add(iri, ORG.member, member)
    ctx.add(iri, SDGKG.registeredIn, registry)
    for code in row.sdg_goals:
        ctx.add(iri, SDGKG.declaresGoal, iri_text(sdg_iri_value(code)))
    for code in row.sdg_targets:
        ctx.add(iri, SDGKG.declaresTarget, iri_text(sdg_iri_value(code)))
    for column, prop in DECLARED_TEXT:
        text = getattr(row, column)
        if text:
            ctx.add(iri, prop, literal(text))
    ctx.add(iri, SDGKG.publishedSource, literal(row.source))
    ctx.add(iri, SDGKG.illustrative, literal(row.illustrative))
    ctx.add(iri, SDGKG.municipality, ctx.municipality)
    add_data_file_line(ctx, iri, PARTNERS_FILE, row.line)
    return iri


def partner_registry_graphs(city: CityRecords) -> list[tuple[str, list[Triple]]]:
    """The municipality's partner registry as (graph IRI, triples); none without a registry."""
    if not city.partners:
        return []
    muni = city.municipality.municipality
    # No document: these statements name the data file line they come from, not a source span.
    ctx = Context([], city.id, "")
    registry = registry_iri(ctx)
    illustrative = any(row.illustrative for row in city.partners)
    ctx.add(registry, RDF.type, SDGKG.PartnerRegistry)
    _labels(
        ctx, registry, f"{muni.ja}の連携相手登録簿", f"{muni.en} partner registry", illustrative
    )
    ctx.add(registry, SDGKG.municipality, ctx.municipality)
    ctx.add(registry, SDGKG.illustrative, literal(illustrative))
    # the header line stands for the file as a whole
    add_data_file_line(ctx, registry, PARTNERS_FILE, 1)
    platforms = sorted(
        {b.id for doc in city.documents for b in doc.records.bodies if b.type == "platform"}
    )
    if len(platforms) == 1:  # the platform whose members the registry lists
        ctx.add(registry, SDGKG.registryOf, ctx.iri("body", platforms[0]))
    for row in city.partners:
        registration_triples(ctx, registry, row, (muni.ja, muni.en))
    return [(str(partner_registry_graph_iri(city.id)), ctx.triples)]
