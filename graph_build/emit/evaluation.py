"""What a plan says about its own evaluation: evaluation and progress-management processes, the
indicator lists they use, and the municipality's profile facts the plan prints."""

from __future__ import annotations

from rdflib import URIRef

from graph_build.emit.common import (
    NUMBER_BOUNDS,
    Context,
    add_provenance,
    add_record,
    decimal_literal,
    year_literal,
)
from graph_build.emit.terms import RDF, RDFS, SDGKG, UNIT, literal
from graph_build.namespaces import SDGKG as SDGKG_TERMS
from graph_build.records.model import CityFact, DocumentRecords, Evaluation, Municipality
from graph_build.records.vocabulary import concept_label

METHODS = {
    "kpi-progress-management": "KpiProgressManagement",
    "indicator-assessment": "IndicatorAssessment",
    "flag-management": "FlagManagement",
    "pdca-cycle": "PdcaCycle",
    "policy-evaluation": "PolicyEvaluation",
    "progress-disclosure": "ProgressDisclosure",
}
STATUSES = {"current": SDGKG.CurrentStatus, "planned": SDGKG.PlannedStatus}
FACT_KINDS = {
    "land-area": "LandArea",
    "population": "Population",
    "population-change": "PopulationChange",
    "city-incorporation": "CityIncorporation",
    "core-city-transition": "CoreCityTransition",
}
YEAR_TYPES = {"fiscal": SDGKG.FiscalYear, "calendar": SDGKG.CalendarYear}


def evaluation_triples(ctx: Context, ev: Evaluation, kpi_ids: list[str]) -> None:
    """An evaluation process: method, status, who evaluates what, with which KPIs and lists."""
    iri = ctx.iri("evaluation", ev.id)
    add_record(ctx, iri, SDGKG.EvaluationProcess, ev)
    ctx.add(iri, SDGKG.evaluationMethod, SDGKG[METHODS[ev.method]])
    ctx.add(iri, SDGKG.planningStatus, STATUSES[ev.status])
    ctx.add(iri, SDGKG.evaluates, ctx.iri("plan", ev.evaluates) if ev.evaluates else ctx.doc)
    for body in ev.evaluated_by:
        ctx.add(iri, SDGKG.evaluatedBy, ctx.iri("body", body))
    for kpi in sorted(set(ev.kpis) | (set(kpi_ids) if ev.all_kpis else set())):
        ctx.add(iri, SDGKG.usesKpi, ctx.iri("kpi", kpi))
    for indicator_list in ev.indicator_lists:
        ctx.add(iri, SDGKG.usesIndicatorList, ctx.iri("indicator-list", indicator_list))
    ctx.add(iri, SDGKG.comparesWithOtherCities, literal(ev.compares_with_other_cities))
    if ev.frequency_ja and ev.frequency_en:
        ctx.add(iri, SDGKG.frequency, literal(ev.frequency_ja, lang="ja"))
        ctx.add(iri, SDGKG.frequency, literal(ev.frequency_en, lang="en"))


def city_fact_triples(ctx: Context, fact: CityFact, muni: Municipality) -> None:
    """A profile fact of the municipality, labelled from its kind and year."""
    iri = ctx.iri("city-fact", fact.id)
    kind = URIRef(SDGKG_TERMS[FACT_KINDS[fact.kind]])
    kind_ja = concept_label(kind, "ja") or fact.kind
    kind_en = concept_label(kind, "en") or fact.kind
    when_ja, when_en = (f"（{fact.year}年）", f" ({fact.year})") if fact.year else ("", "")
    ctx.add(iri, RDF.type, SDGKG.CityProfileFact)
    ctx.add(iri, RDFS.label, literal(f"{muni.ja}の{kind_ja}{when_ja}", lang="ja"))
    ctx.add(iri, RDFS.label, literal(f"{muni.en}: {kind_en}{when_en}", lang="en"))
    ctx.add(iri, SDGKG.municipality, ctx.municipality)
    ctx.add(ctx.municipality, SDGKG.hasProfileFact, iri)
    ctx.add(iri, SDGKG.factKind, SDGKG[FACT_KINDS[fact.kind]])
    if fact.year is not None:
        ctx.add(iri, SDGKG.referenceYear, year_literal(fact.year))
        ctx.add(iri, SDGKG.yearType, YEAR_TYPES[fact.year_type])
    if fact.value is not None and fact.unit is not None:
        ctx.add(iri, SDGKG.value, decimal_literal(fact.value))
        ctx.add(iri, SDGKG.unit, UNIT[fact.unit])
        ctx.add(iri, SDGKG.unitMultiplier, decimal_literal(fact.multiplier))
        ctx.add(iri, SDGKG.numberBound, NUMBER_BOUNDS[fact.bound])
    if fact.compared_with_year is not None:
        ctx.add(iri, SDGKG.comparedWithYear, year_literal(fact.compared_with_year))
    if fact.survey_ja and fact.survey_en:
        ctx.add(iri, SDGKG.survey, literal(fact.survey_ja, lang="ja"))
        ctx.add(iri, SDGKG.survey, literal(fact.survey_en, lang="en"))
    add_provenance(ctx, iri, fact.source)


def evaluation_of_document(ctx: Context, records: DocumentRecords, muni: Municipality) -> None:
    """Indicator lists, evaluation processes and profile facts of a document."""
    for indicator_list in records.indicator_lists:
        iri = ctx.iri("indicator-list", indicator_list.id)
        add_record(ctx, iri, SDGKG.IndicatorList, indicator_list)
        ctx.add(iri, SDGKG.planningStatus, STATUSES[indicator_list.status])
    kpi_ids = [kpi.id for kpi in records.kpis]
    for ev in records.evaluations:
        evaluation_triples(ctx, ev, kpi_ids)
    for fact in records.city_facts:
        city_fact_triples(ctx, fact, muni)
