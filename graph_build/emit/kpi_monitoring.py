"""Monitored KPI values and the progress computed from them, as two named graphs per municipality.

``graph/<city>/kpi-observations`` holds one ``sdgkg:KpiObservation`` (role
``sdgkg:MonitoredRole``) per row of ``kpi-observations.csv``, in the Data Cube dataset of its KPI,
with the published source as given and the file and line it was read from.
``graph/<city>/computed/kpi-progress`` holds what the build derives from them by the rules of
:mod:`graph_build.emit.kpi_progress`: an assessment per monitored value and the latest status and
projection per KPI. Nothing here is a fact of the plan documents, and every node derived from an
illustrative row is marked ``sdgkg:illustrative true``.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from graph_build.emit.common import (
    NUMBER_BOUNDS,
    Context,
    Triple,
    add_data_file_line,
    decimal_literal,
    year_literal,
)
from graph_build.emit.kpi_progress import (
    ACHIEVED,
    BEHIND,
    CONFLICT,
    ON_TRACK,
    REGRESSING,
    Assessment,
    KpiFrame,
    assess,
    project,
)
from graph_build.emit.kpis import KPI_DATASET, YEAR_TYPES
from graph_build.emit.ntriples import iri_text, iri_value
from graph_build.emit.terms import PROV, QB, RDF, RDFS, SDGKG, SKOS, UNIT, literal
from graph_build.iris import kpi_observations_graph_iri, kpi_progress_graph_iri, part_iri_value
from graph_build.records.model import Kpi
from graph_build.records.observations import OBSERVATIONS_FILE, MonitoredValue
from graph_build.records.sources import CityRecords

STATUS_CONCEPTS = {
    ACHIEVED: SDGKG.AchievedStatus,
    ON_TRACK: SDGKG.OnTrackStatus,
    BEHIND: SDGKG.BehindStatus,
    REGRESSING: SDGKG.RegressingStatus,
    CONFLICT: SDGKG.ConflictStatus,
}
ILLUSTRATIVE_LABELS = ("（例示）", " (illustrative)")


def kpi_frame(kpi: Kpi) -> KpiFrame:
    """The figures the progress rules read from a KPI record."""
    return KpiFrame(
        baseline=Fraction(kpi.baseline.value) * Fraction(kpi.baseline.multiplier),
        baseline_year=kpi.baseline.year,
        target=Fraction(kpi.target.value) * Fraction(kpi.target.multiplier),
        target_year=kpi.target.year,
        direction=kpi.desired_direction,
        multiplier=Fraction(kpi.target.multiplier),
    )


def _labels(ctx: Context, iri: str, ja: str, en: str, illustrative: bool) -> None:
    if illustrative:
        ja, en = ja + ILLUSTRATIVE_LABELS[0], en + ILLUSTRATIVE_LABELS[1]
    ctx.add(iri, RDFS.label, literal(ja, lang="ja"))
    ctx.add(iri, RDFS.label, literal(en, lang="en"))


def observation_iri(kpi_iri: str, period: int) -> str:
    """A monitored value's node: the KPI's IRI + ``/observation/<period>``."""
    return iri_text(part_iri_value(iri_value(kpi_iri), "observation", str(period)))


def monitored_observation(
    ctx: Context, kpi: Kpi, kpi_iri: str, dataset: str, row: MonitoredValue
) -> str:
    """One row as an observation of the KPI's dataset, with the file line it was read from."""
    iri = observation_iri(kpi_iri, row.period)
    ctx.add(iri, RDF.type, SDGKG.KpiObservation)
    ctx.add(iri, RDF.type, QB.Observation)
    ctx.add(iri, QB.dataSet, dataset)
    _labels(
        ctx,
        iri,
        f"{kpi.ja}（実績値 {row.period}）",
        f"{kpi.en} (monitored {row.period})",
        row.illustrative,
    )
    ctx.add(iri, SDGKG.observedKpi, kpi_iri)
    ctx.add(iri, SDGKG.observationRole, SDGKG.MonitoredRole)
    ctx.add(iri, SDGKG.value, decimal_literal(row.value))
    ctx.add(iri, SDGKG.unit, UNIT[kpi.target.unit])
    ctx.add(iri, SDGKG.unitMultiplier, decimal_literal(kpi.target.multiplier))
    ctx.add(iri, SDGKG.referenceYear, year_literal(row.period))
    ctx.add(iri, SDGKG.yearType, YEAR_TYPES[kpi.target.year_type])
    ctx.add(iri, SDGKG.numberBound, NUMBER_BOUNDS["exact"])
    ctx.add(iri, SDGKG.municipality, ctx.municipality)
    ctx.add(iri, SDGKG.publishedSource, literal(row.source))
    ctx.add(iri, SDGKG.illustrative, literal(row.illustrative))
    if row.note:
        ctx.add(iri, SKOS.note, literal(row.note))
    add_data_file_line(ctx, iri, OBSERVATIONS_FILE, row.line)
    return iri


def assessment_triples(
    ctx: Context, kpi: Kpi, kpi_iri: str, obs: str, row: MonitoredValue, result: Assessment
) -> str:
    """The computed achievement, elapsed share and status of one monitored value."""
    iri = iri_text(part_iri_value(iri_value(obs), "assessment"))
    ctx.add(iri, RDF.type, SDGKG.KpiProgressAssessment)
    _labels(
        ctx,
        iri,
        f"{kpi.ja}の進捗評価（{row.period}）",
        f"Progress of {kpi.en} ({row.period})",
        row.illustrative,
    )
    ctx.add(iri, SDGKG.assessedObservation, obs)
    ctx.add(iri, SDGKG.assessedKpi, kpi_iri)
    ctx.add(iri, SDGKG.referenceYear, year_literal(row.period))
    if result.achievement is not None:
        ctx.add(iri, SDGKG.achievement, decimal_literal(result.achievement))
        ctx.add(iri, SDGKG.appliedRule, SDGKG.kpiAchievementRule)
    ctx.add(iri, SDGKG.elapsed, decimal_literal(result.elapsed))
    ctx.add(iri, SDGKG.progressStatus, STATUS_CONCEPTS[result.status])
    ctx.add(iri, SDGKG.appliedRule, SDGKG.kpiElapsedRule)
    ctx.add(iri, SDGKG.appliedRule, SDGKG.kpiStatusRule)
    ctx.add(iri, SDGKG.illustrative, literal(row.illustrative))
    ctx.add(iri, SDGKG.municipality, ctx.municipality)
    ctx.add(iri, PROV.wasDerivedFrom, obs)
    for role in ("baseline", "target"):
        ctx.add(iri, PROV.wasDerivedFrom, iri_text(part_iri_value(iri_value(kpi_iri), role)))
    return iri


def summary_triples(
    ctx: Context,
    kpi: Kpi,
    kpi_iri: str,
    rows: list[MonitoredValue],
    assessments: list[tuple[str, Assessment]],
) -> None:
    """The KPI's latest status and the projection of its latest trend to the target year."""
    frame = kpi_frame(kpi)
    iri = iri_text(part_iri_value(iri_value(kpi_iri), "progress"))
    latest_iri, latest = assessments[-1]
    # the rows the summary reads: the latest, and the one before it for the projection
    used = rows[-2:]
    illustrative = any(r.illustrative for r in used)
    ctx.add(iri, RDF.type, SDGKG.KpiProgressSummary)
    _labels(ctx, iri, f"{kpi.ja}の最新の進捗状況", f"Latest progress of {kpi.en}", illustrative)
    ctx.add(iri, SDGKG.assessedKpi, kpi_iri)
    ctx.add(iri, SDGKG.latestAssessment, latest_iri)
    ctx.add(iri, SDGKG.progressStatus, STATUS_CONCEPTS[latest.status])
    ctx.add(iri, SDGKG.appliedRule, SDGKG.kpiStatusRule)
    projection = project(frame, [(r.period, r.value) for r in rows])
    if projection is not None:
        ctx.add(iri, SDGKG.projectedValue, decimal_literal(projection.value))
        ctx.add(iri, SDGKG.projectionMeetsTarget, literal(projection.meets_target))
        ctx.add(iri, SDGKG.appliedRule, SDGKG.kpiProjectionRule)
    ctx.add(iri, SDGKG.illustrative, literal(illustrative))
    ctx.add(iri, SDGKG.municipality, ctx.municipality)
    for row in used:
        ctx.add(iri, PROV.wasDerivedFrom, observation_iri(kpi_iri, row.period))


def kpi_monitoring_graphs(city: CityRecords) -> list[tuple[str, list[Triple]]]:
    """The municipality's monitored values and computed progress: (graph IRI, triples) pairs,
    none when it monitors nothing."""
    if not city.observations:
        return []
    kpis = city.kpis()
    # No document: these statements name the data file line they come from, not a source span.
    observed = Context([], city.id, "")
    computed = Context([], city.id, "")
    by_kpi: dict[str, list[MonitoredValue]] = defaultdict(list)
    for row in city.observations:
        by_kpi[row.kpi].append(row)
    for kpi_id, rows in sorted(by_kpi.items()):
        kpi, doc = kpis[kpi_id]
        kpi_iri = observed.iri("kpi", kpi.id)
        dataset = observed.iri(KPI_DATASET, doc.records.document.id)
        frame = kpi_frame(kpi)
        rows.sort(key=lambda r: r.period)
        assessments = []
        for row in rows:
            obs = monitored_observation(observed, kpi, kpi_iri, dataset, row)
            result = assess(frame, row.period, row.value)
            assessments.append(
                (assessment_triples(computed, kpi, kpi_iri, obs, row, result), result)
            )
        summary_triples(computed, kpi, kpi_iri, rows, assessments)
    return [
        (str(kpi_observations_graph_iri(city.id)), observed.triples),
        (str(kpi_progress_graph_iri(city.id)), computed.triples),
    ]
