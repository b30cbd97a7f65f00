"""KPI progress (進捗管理): achievement, elapsed share, status and projection, in one place.

The rules, stated once here and as individuals of the ontology (``sdgkg:kpiAchievementRule``,
``sdgkg:kpiElapsedRule``, ``sdgkg:kpiStatusRule``, ``sdgkg:kpiProjectionRule``):

* Values are compared after their unit multipliers are applied. A monitored value is in the
  KPI's own unit and multiplier: those of its target.
* achievement = (value - baseline) / (target - baseline) x 100. Not defined when the target
  equals the baseline, nor for a KPI whose target goes against its desired direction.
* elapsed = (period - baseline year) / (target year - baseline year) x 100; 100 when the target
  year is the baseline year.
* A value *meets the target* when it is at or beyond it in the desired direction: at or above it
  for ``increase`` and ``maintain`` (a level to hold, so at least the target), at or below it for
  ``decrease``.
* status: ``achieved`` when the value meets the target. Otherwise ``conflict`` for a KPI whose
  target goes against its desired direction (below the baseline for ``increase``/``maintain``,
  above it for ``decrease``): such a KPI is never scored. Otherwise ``regressing`` when the
  value moved against the desired direction from the baseline (achievement < 0, or any shortfall
  when target equals baseline), ``on-track`` when achievement >= elapsed, else ``behind``.
* projection: the straight line through the last two points, evaluated at the target year. The
  baseline is the first point; a monitored value for the baseline year replaces it. With one
  point only, there is no projection. The projection meets the target by the rule above.
* Arithmetic is exact (fractions); the status is decided on exact figures. Reported figures are
  rounded half away from zero (四捨五入) to one decimal place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

ACHIEVED = "achieved"
ON_TRACK = "on-track"
BEHIND = "behind"
REGRESSING = "regressing"
CONFLICT = "conflict"
NO_DATA = "no-data"
STATUSES = (ACHIEVED, ON_TRACK, BEHIND, REGRESSING, CONFLICT, NO_DATA)
DECIMAL_PLACES = 1
HUNDRED = Fraction(100)


@dataclass(frozen=True)
class KpiFrame:
    """What the rules need of a KPI: baseline and target (multipliers applied), their years,
    the desired direction, and the multiplier monitored values are given in."""

    baseline: Fraction
    baseline_year: int
    target: Fraction
    target_year: int
    direction: str
    multiplier: Fraction

    @property
    def conflicting(self) -> bool:
        """The target goes against the desired direction."""
        if self.direction == "decrease":
            return self.target > self.baseline
        return self.target < self.baseline

    def meets_target(self, value: Fraction) -> bool:
        """``value`` (multiplier applied) is at or beyond the target in the desired direction."""
        if self.direction == "decrease":
            return value <= self.target
        return value >= self.target

    def scaled(self, value: Decimal) -> Fraction:
        """A monitored value as given, with the KPI's multiplier applied."""
        return Fraction(value) * self.multiplier


@dataclass(frozen=True)
class Assessment:
    """One monitored value judged against its KPI (figures rounded for reporting)."""

    period: int
    achievement: Decimal | None
    elapsed: Decimal
    status: str


@dataclass(frozen=True)
class Projection:
    """Where the latest trend reaches in the target year, in the KPI's unit and multiplier."""

    value: Decimal
    meets_target: bool


def rounded(number: Fraction) -> Decimal:
    """``number`` rounded half away from zero to :data:`DECIMAL_PLACES` places, exactly."""
    scale = 10**DECIMAL_PLACES
    magnitude = abs(number) * scale
    whole = int(magnitude + Fraction(1, 2))  # floor, since the magnitude is not negative
    signed = -whole if number < 0 else whole
    return Decimal(signed).scaleb(-DECIMAL_PLACES)


def achievement(frame: KpiFrame, value: Fraction) -> Fraction | None:
    """Share of the way from baseline to target, in percent; None when it is not defined."""
    if frame.conflicting or frame.target == frame.baseline:
        return None
    return (value - frame.baseline) / (frame.target - frame.baseline) * HUNDRED


def elapsed(frame: KpiFrame, period: int) -> Fraction:
    """Share of the plan period (baseline year to target year) gone by, in percent."""
    if frame.target_year == frame.baseline_year:
        return HUNDRED
    return (
        Fraction(period - frame.baseline_year)
        / Fraction(frame.target_year - frame.baseline_year)
        * HUNDRED
    )


def status(frame: KpiFrame, value: Fraction, period: int) -> str:
    """The status of a monitored value (multiplier applied) for ``period``."""
    if frame.meets_target(value):
        return ACHIEVED
    if frame.conflicting:
        return CONFLICT
    share = achievement(frame, value)
    if share is None or share < 0:
        # target == baseline: a value short of the target moved against the direction
        return REGRESSING
    return ON_TRACK if share >= elapsed(frame, period) else BEHIND


def assess(frame: KpiFrame, period: int, value: Decimal) -> Assessment:
    """Achievement, elapsed share and status of a value given in the KPI's multiplier."""
    scaled = frame.scaled(value)
    share = achievement(frame, scaled)
    return Assessment(
        period=period,
        achievement=None if share is None else rounded(share),
        elapsed=rounded(elapsed(frame, period)),
        status=status(frame, scaled, period),
    )


def project(frame: KpiFrame, monitored: Sequence[tuple[int, Decimal]]) -> Projection | None:
    """The line through the last two points (baseline first) at the target year.

    ``monitored`` are (period, value in the KPI's multiplier) pairs, one per period.
    """
    points = {frame.baseline_year: frame.baseline}
    for period, value in monitored:
        points[period] = frame.scaled(value)
    if len(points) < 2:
        return None
    (p1, v1), (p2, v2) = sorted(points.items())[-2:]
    reached = v2 + (v2 - v1) / (p2 - p1) * (frame.target_year - p2)
    return Projection(rounded(reached / frame.multiplier), frame.meets_target(reached))
