"""Data-quality checks as SPARQL (``queries/checks/*-violation.rq``): any row is a failure."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from graph_build.errors import SdgkgError
from graph_build.parallel import ordered_map
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


@lru_cache(maxsize=1)
def _read_only(folder: str) -> ox.Store:
    return ox.Store.read_only(folder)


def _run_in_worker(job: tuple[str, QuerySpec]) -> CheckOutcome:
    folder, spec = job
    return CheckOutcome(spec, run_spec(_read_only(folder), spec))


def run_checks(store: ox.Store, folder: Path | None = None, workers: int = 1) -> list[CheckOutcome]:
    """Run every check on the union of the store's named graphs; with ``workers`` above one,
    the checks run side by side in that many processes, each reading the store's ``folder``
    (flushed, and not written meanwhile)."""
    specs = violation_checks()
    if workers <= 1 or folder is None:
        return [CheckOutcome(spec, run_spec(store, spec)) for spec in specs]
    jobs = [(str(folder), spec) for spec in specs]
    return list(ordered_map(_run_in_worker, jobs, workers))


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


def require_no_violations(
    store: ox.Store, where: str, folder: Path | None = None, workers: int = 1
) -> list[CheckOutcome]:
    """Run every check (see :func:`run_checks`); raise :class:`ViolationChecksError` naming each
    one that found rows."""
    outcomes = run_checks(store, folder, workers)
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise ViolationChecksError(failed, where)
    return outcomes
