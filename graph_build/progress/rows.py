"""KPI progress as typed values, read from the rows of the KPI progress queries.

The queries (``kpi_progress``, ``kpi_status``, ``kpi_status_by_area``, ``kpi_status_by_goal``)
compute achievement and status; this module only groups and types their rows, so each rule
lives in the SPARQL. Rows are plain strings (``''`` where a variable is unbound).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import isfinite

from graph_build.progress.statuses import NO_DATA, Status, status, statuses

Row = Mapping[str, str]
PERIOD = re.compile(r"^(?:FY)?(\d{4})(?:[-/](\d{1,2}))?")
TRUE = {"true", "1"}


def number(text: str) -> float | None:
    """A finite number, or None for an empty or unreadable value."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if isfinite(value) else None


def period_year(period: str) -> float | None:
    """Where a period sits on a year axis: ``2023`` → 2023.0, ``2023-10`` → 2023.75."""
    match = PERIOD.match(period.strip())
    if not match:
        return None
    year = float(match.group(1))
    month = int(match.group(2)) if match.group(2) else 0
    return year + (month - 1) / 12 if 1 <= month <= 12 else year


def flag(text: str) -> bool | None:
    """An xsd:boolean as Python, None when unbound."""
    return None if not text else text.strip().lower() in TRUE


@dataclass(frozen=True)
class Observation:
    """One monitored value of a KPI (a ``kpi_progress`` row)."""

    period: str
    value: float | None
    achievement: float | None
    elapsed: float | None
    status: str
    source: str

    @property
    def year(self) -> float | None:
        """The period on the year axis."""
        return period_year(self.period)


@dataclass(frozen=True)
class KpiState:
    """A KPI's latest state (a ``kpi_status`` row); status ``no-data`` without observations."""

    city: str
    kpi_iri: str
    name_ja: str
    name_en: str
    period: str
    value: float | None
    achievement: float | None
    elapsed: float | None
    status: str
    projected_value: float | None
    projection_meets_target: bool | None
    illustrative: bool
    unit: str = ""
    target: float | None = None
    target_year: str = ""

    @property
    def shown(self) -> Status:
        """How the status is shown."""
        return status(self.status)


@dataclass(frozen=True)
class KpiSeries:
    """A KPI's trajectory: baseline, monitored values, target and the latest state."""

    kpi_iri: str
    name_ja: str
    name_en: str
    unit: str
    baseline: float | None
    baseline_year: float | None
    target: float | None
    target_year: float | None
    observations: tuple[Observation, ...]
    state: KpiState | None
    illustrative: bool

    @property
    def latest(self) -> Observation | None:
        """The most recent observation."""
        return self.observations[-1] if self.observations else None

    @property
    def status(self) -> Status:
        """The latest status: the state's, else the latest observation's."""
        if self.state is not None:
            return self.state.shown
        return status(self.latest.status if self.latest else NO_DATA)


@dataclass(frozen=True)
class StatusCounts:
    """KPIs per status for a direction, issue area or SDG goal (``kpi_status_by_*`` rows)."""

    iri: str
    name_ja: str
    name_en: str
    kpis: int
    counts: tuple[tuple[str, int], ...]  # (status key, KPIs), most urgent first

    def count(self, key: str) -> int:
        """KPIs with status ``key``."""
        return dict(self.counts).get(key, 0)


def _count(text: str) -> int:
    value = number(text)
    return int(value) if value is not None else 0


def observations(rows: Iterable[Row]) -> dict[str, list[Observation]]:
    """``kpi_progress`` rows grouped by KPI IRI, each KPI's observations in time order."""
    grouped: dict[str, list[Observation]] = {}
    for row in rows:
        grouped.setdefault(row["kpi_iri"], []).append(
            Observation(
                period=row["period"],
                value=number(row["value"]),
                achievement=number(row["achievement"]),
                elapsed=number(row["elapsed"]),
                status=row["status"],
                source=row["source"],
            )
        )
    for found in grouped.values():
        found.sort(key=lambda o: (o.year if o.year is not None else float("inf"), o.period))
    return grouped


def kpi_states(rows: Iterable[Row]) -> list[KpiState]:
    """``kpi_status`` rows, most urgent status first, then by name."""
    states = [
        KpiState(
            city=row["city"],
            kpi_iri=row["kpi_iri"],
            name_ja=row["kpi"],
            name_en=row["kpi_en"],
            period=row["period"],
            value=number(row["value"]),
            achievement=number(row["achievement"]),
            elapsed=number(row["elapsed"]),
            status=row["status"] or NO_DATA,
            projected_value=number(row["projected_value"]),
            projection_meets_target=flag(row["projection_meets_target"]),
            illustrative=bool(flag(row["illustrative"])),
            unit=row.get("unit", ""),
            target=number(row.get("target", "")),
            target_year=row.get("target_year", ""),
        )
        for row in rows
    ]
    return sorted(states, key=lambda s: (s.shown.rank, s.name_ja, s.kpi_iri))


def kpi_series(progress_rows: Iterable[Row], states: Iterable[KpiState]) -> list[KpiSeries]:
    """One series per KPI with observations (``kpi_progress`` rows), with its latest state."""
    rows = list(progress_rows)
    grouped = observations(rows)
    by_iri = {s.kpi_iri: s for s in states}
    first: dict[str, Row] = {}
    illustrative: set[str] = set()
    for row in rows:
        first.setdefault(row["kpi_iri"], row)
        if flag(row["illustrative"]):
            illustrative.add(row["kpi_iri"])
    series = [
        KpiSeries(
            kpi_iri=iri,
            name_ja=row["kpi"],
            name_en=row["kpi_en"],
            unit=row["unit"],
            baseline=number(row["baseline"]),
            baseline_year=period_year(row["baseline_year"]),
            target=number(row["target"]),
            target_year=period_year(row["target_year"]),
            observations=tuple(grouped[iri]),
            state=by_iri.get(iri),
            illustrative=iri in illustrative,
        )
        for iri, row in first.items()
    ]
    return sorted(series, key=lambda s: (s.status.rank, s.name_ja, s.kpi_iri))


def status_counts(rows: Iterable[Row], prefix: str) -> list[StatusCounts]:
    """``kpi_status_by_area`` (``prefix`` ``area``) or ``_by_goal`` (``goal``) rows."""
    found = [
        StatusCounts(
            iri=row[f"{prefix}_iri"],
            name_ja=row[prefix],
            name_en=row[f"{prefix}_en"],
            kpis=_count(row["kpis"]),
            counts=tuple((s.key, _count(row[s.key.replace("-", "_")])) for s in statuses()),
        )
        for row in rows
    ]
    return sorted(found, key=lambda c: (_natural(c.iri.rsplit("/", 1)[-1]), c.name_ja, c.iri))


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key that puts ``direction-2`` before ``direction-10`` and goal 2 before goal 10."""
    return tuple(
        (int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", text)
    )
