"""Data-quality checks as SPARQL (``queries/checks/*-violation.rq``): any row is a failure."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .paths import QUERIES_DIR
from .query import QueryResult, QuerySpec, parse_spec, run_spec

CHECKS_DIR = QUERIES_DIR / "checks"


@dataclass
class CheckOutcome:
    """One check and the rows it found (none on a good graph)."""

    spec: QuerySpec
    result: QueryResult

    @property
    def ok(self) -> bool:
        """True when the check found nothing."""
        return not self.result.rows


def violation_checks() -> list[QuerySpec]:
    """Every ``*-violation.rq`` check, sorted by name."""
    return [parse_spec(p) for p in sorted(CHECKS_DIR.glob("*-violation.rq"))]


def run_checks(store: ox.Store) -> list[CheckOutcome]:
    """Run every check on the union of the store's named graphs."""
    return [CheckOutcome(spec, run_spec(store, spec)) for spec in violation_checks()]
