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
from graph_build.emit.terms import QB, RDF, RDFS, SDGKG, UNIT, literal
from graph_build.iris import part_iri_value
from graph_build.records.model import DocumentRecords, Kpi, KpiBlock, Observation

KPI_DATASET = "kpi-dataset"
DIRECTIONS = {"increase": SDGKG.Increase, "decrease": SDGKG.Decrease, "maintain": SDGKG.Maintain}
YEAR_TYPES = {"fiscal": SDGKG.FiscalYear, "calendar": SDGKG.CalendarYear}
ROLES = {"baseline": SDGKG.BaselineRole, "target": SDGKG.TargetRole}
ROLE_LABELS = {"baseline": ("現在値", "baseline"), "target": ("目標値", "target")}


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
    return iri


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
    for block in records.kpi_blocks:
        kpi_block_triples(ctx, block, area_labels)
