"""KPIs, their baseline and target observations (RDF Data Cube), and the blocks that list them."""

from __future__ import annotations

from graph_build.emit.common import (
    NUMBER_BOUNDS,
    Context,
    add_entity,
    add_provenance,
    add_record,
    add_sdg_links,
    aspect_iri,
    decimal_literal,
    year_literal,
)
from graph_build.emit.ntriples import iri_text, iri_value
from graph_build.emit.terms import QB, RDF, RDFS, SDGKG, SKOS, UNIT, literal
from graph_build.iris import part_iri_value, sdg_iri_value
from graph_build.records.model import DocumentRecords, Kpi, KpiBlock, Observation
from graph_build.sdg.framework import indicator_codes

KPI_DATASET = "kpi-dataset"
DIRECTIONS = {"increase": SDGKG.Increase, "decrease": SDGKG.Decrease, "maintain": SDGKG.Maintain}
YEAR_TYPES = {"fiscal": SDGKG.FiscalYear, "calendar": SDGKG.CalendarYear}
ROLES = {"baseline": SDGKG.BaselineRole, "target": SDGKG.TargetRole}
ROLE_LABELS = {"baseline": ("現在値", "baseline"), "target": ("目標値", "target")}
MATCHES = {"exact": SDGKG.ExactIndicatorMatch, "proxy": SDGKG.ProxyIndicatorMatch}


def kpi_observation(
    ctx: Context, kpi: Kpi, kpi_iri: str, role: str, obs: Observation, dataset: str
) -> str:
    """One observation node: value as printed, unit, multiplier, year and year type."""
    iri = iri_text(part_iri_value(iri_value(kpi_iri), role))
    ja, en = ROLE_LABELS[role]
    ctx.add(iri, RDF.type, SDGKG.KpiObservation)
    ctx.add(iri, RDF.type, QB.Observation)
    ctx.add(iri, QB.dataSet, dataset)
    ctx.add(iri, RDFS.label, literal(f"{kpi.ja}（{ja} {obs.year}）", lang="ja"))
    ctx.add(iri, RDFS.label, literal(f"{kpi.en} ({en} {obs.year})", lang="en"))
    ctx.add(iri, SDGKG.observedKpi, kpi_iri)
    ctx.add(iri, SDGKG.observationRole, ROLES[role])
    ctx.add(iri, SDGKG.value, decimal_literal(obs.value))
    ctx.add(iri, SDGKG.unit, UNIT[obs.unit])
    ctx.add(iri, SDGKG.unitMultiplier, decimal_literal(obs.multiplier))
    ctx.add(iri, SDGKG.referenceYear, year_literal(obs.year))
    ctx.add(iri, SDGKG.yearType, YEAR_TYPES[obs.year_type])
    ctx.add(iri, SDGKG.numberBound, NUMBER_BOUNDS[obs.bound])
    ctx.add(iri, SDGKG.municipality, ctx.municipality)
    add_provenance(ctx, iri, kpi.source)
    return iri


def kpi_triples(ctx: Context, kpi: Kpi, dataset: str) -> str:
    """A KPI with its two observations."""
    iri = ctx.iri("kpi", kpi.id)
    add_record(ctx, iri, SDGKG.KPI, kpi)
    ctx.add(iri, SDGKG.desiredDirection, DIRECTIONS[kpi.desired_direction])
    ctx.add(iri, SDGKG.isCumulative, literal(kpi.cumulative))
    ctx.add(iri, SDGKG.baseline, kpi_observation(ctx, kpi, iri, "baseline", kpi.baseline, dataset))
    ctx.add(iri, SDGKG.target, kpi_observation(ctx, kpi, iri, "target", kpi.target, dataset))
    un_indicator_links(ctx, kpi, iri)
    return iri


def un_indicator_links(ctx: Context, kpi: Kpi, kpi_iri: str) -> None:
    """Curated links from a KPI to UN indicators: the link itself (``curatedUnIndicator``) and a
    curator's-inference node saying exact or proxy, and why. No plan prints these links."""
    permanent = indicator_codes()
    for link in kpi.un_indicators:
        indicator = iri_text(sdg_iri_value(permanent[link.code]))
        node = iri_text(part_iri_value(iri_value(kpi_iri), "inference", "un-indicator", link.code))
        ctx.add(kpi_iri, SDGKG.curatedUnIndicator, indicator)
        ctx.add(kpi_iri, SDGKG.hasInference, node)
        ctx.add(node, RDF.type, SDGKG.CuratorInference)
        ctx.add(node, RDF.type, SDGKG.IndicatorMapping)
        ctx.add(node, RDFS.label, literal(f"{kpi.ja}：国連SDG指標{link.code}との対応", lang="ja"))
        ctx.add(node, RDFS.label, literal(f"{kpi.en}: UN SDG indicator {link.code}", lang="en"))
        ctx.add(node, SDGKG.inferredProperty, SDGKG.curatedUnIndicator)
        ctx.add(node, SDGKG.inferenceMethod, SDGKG.FromIndicatorDefinition)
        ctx.add(node, SDGKG.mappedIndicator, indicator)
        ctx.add(node, SDGKG.indicatorMatch, MATCHES[link.match])
        ctx.add(node, SKOS.note, literal(link.note_en, lang="en"))
        ctx.add(node, SKOS.note, literal(link.note_ja, lang="ja"))


def block_labels(block: KpiBlock, area_labels: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """Blocks have no printed name: label them by aspect, else by the areas they serve."""
    aspects = {
        "economy": ("経済", "economy"),
        "society": ("社会", "society"),
        "environment": ("環境", "environment"),
        "integrated": ("統合", "integrated"),
    }
    if block.aspect:
        ja, en = aspects[block.aspect]
        return f"KPI表：優先的なゴール・ターゲット（{ja}）", f"KPI table: priority goals ({en})"
    named = [area_labels[a] for a in block.areas if a in area_labels]
    if named:
        return (
            "KPI表：" + "・".join(ja for ja, _ in named),
            "KPI table: " + "; ".join(en for _, en in named),
        )
    return f"KPI表 {block.id}", f"KPI table {block.id}"


def kpi_block_triples(
    ctx: Context, block: KpiBlock, area_labels: dict[str, tuple[str, str]]
) -> None:
    """A KPI block: its aspect or area, the goals and targets it prints, and its KPIs."""
    iri = ctx.iri("kpi-block", block.id)
    ja, en = block_labels(block, area_labels)
    add_entity(ctx, iri, SDGKG.KpiBlock, ja, en, block.source)
    if block.aspect:
        ctx.add(iri, SDGKG.aspect, aspect_iri(block.aspect))
    for area in block.areas:
        ctx.add(iri, SDGKG.underArea, ctx.iri("area", area))
    add_sdg_links(ctx, iri, block.sdg_goals)
    add_sdg_links(ctx, iri, block.sdg_targets)
    for kpi in block.kpis:
        ctx.add(iri, SDGKG.hasKpi, ctx.iri("kpi", kpi))


def target_source_triples(
    ctx: Context,
    block: KpiBlock,
    kpis: dict[str, Kpi],
    area_labels: dict[str, tuple[str, str]],
) -> None:
    """A KPI table's note on where its targets come from, and what it says for each KPI.

    The note covers the targets whose year is not the exempted one; a target it covers is tied to
    the note, and to the plan when the note names one plan and nothing besides.
    """
    note = block.target_source
    if note is None:
        return
    block_iri = ctx.iri("kpi-block", block.id)
    iri = iri_text(part_iri_value(iri_value(block_iri), "target-source"))
    ja, en = block_labels(block, area_labels)
    add_entity(
        ctx,
        iri,
        SDGKG.TargetSourceNote,
        f"{ja}：目標値の出典",
        f"{en}: target sources",
        note.source,
    )
    ctx.add(block_iri, SDGKG.targetSourceNote, iri)
    plans = [ctx.iri("plan", plan) for plan in note.plans]
    for plan in plans:
        ctx.add(iri, SDGKG.namesPlan, plan)
    ctx.add(iri, SDGKG.includesOtherRelatedPlans, literal(note.other_related_plans))
    if note.except_target_year is not None:
        ctx.add(iri, SDGKG.exceptTargetYear, year_literal(note.except_target_year))
    for kpi_id in block.kpis:
        kpi = kpis[kpi_id]
        if kpi.target.year == note.except_target_year:
            continue
        target = iri_text(part_iri_value(iri_value(ctx.iri("kpi", kpi_id)), "target"))
        ctx.add(target, SDGKG.targetSourceNote, iri)
        if len(plans) == 1 and not note.other_related_plans:
            ctx.add(target, SDGKG.targetQuotedFrom, plans[0])


def kpis_of_document(
    ctx: Context, records: DocumentRecords, area_labels: dict[str, tuple[str, str]]
) -> None:
    """Every KPI and KPI block of a document, with the Data Cube dataset they belong to."""
    if not records.kpis:
        return
    dataset = ctx.iri(KPI_DATASET, ctx.doc_id)
    ctx.add(dataset, RDF.type, QB.DataSet)
    ctx.add(dataset, QB.structure, SDGKG.kpiStructure)
    ctx.add(dataset, RDFS.label, literal(f"{records.document.ja} のKPI", lang="ja"))
    ctx.add(dataset, RDFS.label, literal(f"KPIs of {records.document.en}", lang="en"))
    ctx.add(dataset, SDGKG.municipality, ctx.municipality)
    add_provenance(ctx, dataset, records.document.source)
    for kpi in records.kpis:
        kpi_triples(ctx, kpi, dataset)
    kpis = {kpi.id: kpi for kpi in records.kpis}
    for block in records.kpi_blocks:
        kpi_block_triples(ctx, block, area_labels)
        target_source_triples(ctx, block, kpis, area_labels)
