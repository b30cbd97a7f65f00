"""Data-quality checks as SPARQL (``queries/checks/*-violation.rq``): any row is a failure."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph_build.errors import SdgkgError
from graph_build.paths import QUERIES_DIR
from graph_build.sparql.query import QueryResult, QuerySpec, parse_spec, run_spec

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


class ViolationChecksError(SdgkgError):
    """Some ``*-violation.rq`` check found rows: the graph breaks one of the project's rules."""

    def __init__(self, failed: list[CheckOutcome], where: str) -> None:
        self.failed = failed
        lines = [f"{len(failed)} SPARQL check(s) found violations in {where}:"]
        for outcome in failed:
            rows = outcome.result.rows
            lines.append(f"  {outcome.spec.name}: {len(rows)} row(s) ({outcome.spec.title})")
            lines.extend(f"    {' | '.join(row)}" for row in outcome.result.plain_rows()[:5])
            if len(rows) > 5:
                lines.append(f"    … {len(rows) - 5} more")
        lines.append(
            "fix the records or code that wrote these statements; run the check alone with "
            "`sdgkg query PATH` on the check's .rq file to see every row"
        )
        super().__init__("\n".join(lines))


def require_no_violations(store: ox.Store, where: str) -> list[CheckOutcome]:
    """Run every check; raise :class:`ViolationChecksError` naming each one that found rows."""
    outcomes = run_checks(store)
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise ViolationChecksError(failed, where)
    return outcomes
