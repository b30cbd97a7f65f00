"""Read KPI progress from a store through the library's KPI progress queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from graph_build.iris import municipality_iri_value
from graph_build.namespaces import RDF, RDFS, SDGKG
from graph_build.paths import QUERIES_DIR
from graph_build.progress.rows import (
    KpiSeries,
    KpiState,
    Row,
    StatusCounts,
    kpi_series,
    kpi_states,
    status_counts,
)
from graph_build.progress.statuses import NO_DATA, statuses
from graph_build.sparql.query import QuerySpec, parse_spec, plain, run_spec

KPI_PROGRESS = "kpi_progress"
KPI_STATUS = "kpi_status"
BY_AREA = "kpi_status_by_area"
BY_GOAL = "kpi_status_by_goal"


@dataclass(frozen=True)
class CityProgress:
    """A city's KPIs: latest states (most urgent first), trajectories and counts per area."""

    city: str
    name_ja: str
    name_en: str
    states: tuple[KpiState, ...]
    series: tuple[KpiSeries, ...]
    areas: tuple[StatusCounts, ...]
    goals: tuple[StatusCounts, ...] = ()

    @property
    def observed(self) -> int:
        """KPIs with at least one monitored value."""
        return sum(1 for s in self.states if s.status != NO_DATA)

    @property
    def illustrative(self) -> bool:
        """True when any figure shown comes from illustrative data."""
        return any(s.illustrative for s in self.states) or any(s.illustrative for s in self.series)

    def counts(self) -> list[tuple[str, int]]:
        """KPIs per status, most urgent first (every status, zeros included)."""
        return [(s.key, sum(1 for x in self.states if x.status == s.key)) for s in statuses()]

    def series_of(self, kpi_iri: str) -> KpiSeries | None:
        """The trajectory of one KPI, if it has observations."""
        return next((s for s in self.series if s.kpi_iri == kpi_iri), None)


@cache
def progress_query(name: str) -> QuerySpec:
    """A KPI progress query of the library, parsed once per process."""
    return parse_spec(QUERIES_DIR / f"{name}.rq")


def _rows(store: ox.Store, name: str, params: dict[str, str] | None = None) -> list[Row]:
    result = run_spec(store, progress_query(name), params)
    return [{v: plain(row.get(v)) for v in result.variables} for row in result.rows]


def _label(store: ox.Store, iri: str, lang: str) -> str:
    found = sorted(
        q.object.value
        for q in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(str(RDFS.label)), None)
        if isinstance(q.object, ox.Literal) and q.object.language == lang
    )
    return found[0] if found else ""


def read_city_progress(store: ox.Store, city: str, with_series: bool = True) -> CityProgress:
    """The KPI progress of the municipality ``city`` (its id, e.g. ``kanazawa``); without
    ``with_series`` only the latest states and the counts per area (a board needs no more)."""
    params = {"city": city}
    states = kpi_states(_rows(store, KPI_STATUS, params))
    series: list[KpiSeries] = []
    if with_series:
        # one KPI at a time: kpi_progress bound to a KPI is quick, bound to a city alone it
        # was slow (seconds) on the Kanazawa graph
        for state in states:
            if state.status != NO_DATA:
                rows = _rows(store, KPI_PROGRESS, {**params, "kpi": state.kpi_iri})
                series += kpi_series(rows, [state])
        series.sort(key=lambda s: (s.status.rank, s.name_ja, s.kpi_iri))
    areas = status_counts(_rows(store, BY_AREA, params), "area")
    goals = status_counts(_rows(store, BY_GOAL, params), "goal")
    iri = municipality_iri_value(city)
    return CityProgress(
        city=city,
        name_ja=_label(store, iri, "ja") or city,
        name_en=_label(store, iri, "en") or city,
        states=tuple(states),
        series=tuple(series),
        areas=tuple(areas),
        goals=tuple(goals),
    )


def read_goal_progress(store: ox.Store, city: str) -> list[StatusCounts]:
    """KPIs of the municipality ``city`` per status for each SDG goal."""
    return status_counts(_rows(store, BY_GOAL, {"city": city}), "goal")


def kpi_city(store: ox.Store, kpi_iri: str) -> str | None:
    """The municipality id of a KPI (``…/id/kanazawa`` → ``kanazawa``), None if not a KPI."""
    subject = ox.NamedNode(kpi_iri)
    rdf_type = ox.NamedNode(str(RDF.type))
    if not any(store.quads_for_pattern(subject, rdf_type, ox.NamedNode(str(SDGKG.KPI)))):
        return None
    prefix = municipality_iri_value("")
    for quad in store.quads_for_pattern(subject, ox.NamedNode(str(SDGKG.municipality)), None):
        if isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(prefix):
            return quad.object.value[len(prefix) :]
    return None


def is_municipality(store: ox.Store, iri: str) -> str | None:
    """The municipality id when ``iri`` is a municipality with KPIs, else None."""
    prefix = municipality_iri_value("")
    if not iri.startswith(prefix) or "/" in iri[len(prefix) :]:
        return None
    has_kpi = store.quads_for_pattern(
        None, ox.NamedNode(str(SDGKG.municipality)), ox.NamedNode(iri)
    )
    kpi_type = ox.NamedNode(str(SDGKG.KPI))
    rdf_type = ox.NamedNode(str(RDF.type))
    for quad in has_kpi:
        if any(store.quads_for_pattern(quad.subject, rdf_type, kpi_type)):
            return iri[len(prefix) :]
    return None


def read_progress(store: ox.Store, cities: Sequence[str]) -> tuple[CityProgress, ...]:
    """The KPI progress of ``cities`` (municipality ids), in the order given."""
    return tuple(read_city_progress(store, city) for city in cities)


def read_kpi(store: ox.Store, city: str, kpi_iri: str) -> tuple[KpiSeries | None, KpiState | None]:
    """One KPI's trajectory (None without observations) and latest state."""
    params = {"city": city}
    state = next(
        (s for s in kpi_states(_rows(store, KPI_STATUS, params)) if s.kpi_iri == kpi_iri), None
    )
    if state is None or state.status == NO_DATA:
        return None, state
    series = kpi_series(_rows(store, KPI_PROGRESS, {**params, "kpi": kpi_iri}), [state])
    return (series[0] if series else None), state
