"""Data-quality checks as SPARQL (``queries/checks/*-violation.rq``): any row is a failure.

A check may name, in a ``# changed_subjects: VAR`` header line, the variable that a rebuild binds
to the subjects of the statements that changed since the earlier build; its comments say why no
new row can bind ``?VAR`` to anything else (:mod:`graph_build.validate.check_scope`). When no
statement changed at all, no check is run: the graph is the one on which every check found
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from graph_build.errors import SdgkgError
from graph_build.parallel import ordered_map
from graph_build.paths import QUERIES_DIR
from graph_build.sparql.query import QueryResult, QuerySpec, parse_spec, run_spec
from graph_build.sparql.text import inline_values

CHECKS_DIR = QUERIES_DIR / "checks"


@dataclass
class CheckOutcome:
    """One check and the rows it found (none on a good graph)."""

    spec: QuerySpec
    result: QueryResult
    #: Whether the check looked at the subjects that changed only (see :func:`scoped`), or at
    #: nothing because no statement changed.
    scoped: bool = False

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


def scoped(spec: QuerySpec, subjects: Sequence[str] | None) -> QuerySpec:
    """The check as run: its ``changed_subjects`` variable bound to ``subjects`` when it names
    one and they are known (:mod:`graph_build.validate.check_scope`), else the check itself."""
    if subjects is None or not spec.changed_subjects:
        return spec
    binding = {ox.Variable(spec.changed_subjects): tuple(ox.NamedNode(s) for s in subjects)}
    return replace(spec, text=inline_values(spec.text, binding))


def _run(store: ox.Store, spec: QuerySpec, subjects: Sequence[str] | None) -> CheckOutcome:
    run = scoped(spec, subjects)
    return CheckOutcome(spec, run_spec(store, run), scoped=run is not spec)


def _run_in_worker(job: tuple[str, QuerySpec, Sequence[str] | None]) -> CheckOutcome:
    folder, spec, subjects = job
    return _run(_read_only(folder), spec, subjects)


def run_checks(
    store: ox.Store,
    folder: Path | None = None,
    workers: int = 1,
    subjects: Sequence[str] | None = None,
) -> list[CheckOutcome]:
    """Run every check on the union of the store's named graphs; with ``workers`` above one,
    the checks run side by side in that many processes, each reading the store's ``folder``
    (flushed, and not written meanwhile). With ``subjects``, the IRIs that are the subject of a
    statement added or removed since a graph on which every check found nothing, each check
    that names a ``changed_subjects`` variable looks at those subjects only (:func:`scoped`),
    and none is run when there are none."""
    specs = violation_checks()
    if subjects is not None and not subjects:
        # no statement was added or removed: every check would find nothing again
        return [CheckOutcome(spec, QueryResult(spec.columns, []), scoped=True) for spec in specs]
    if workers <= 1 or folder is None:
        return [_run(store, spec, subjects) for spec in specs]
    jobs = [(str(folder), spec, subjects) for spec in specs]
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
    store: ox.Store,
    where: str,
    folder: Path | None = None,
    workers: int = 1,
    subjects: Sequence[str] | None = None,
) -> list[CheckOutcome]:
    """Run every check (see :func:`run_checks`); raise :class:`ViolationChecksError` naming each
    one that found rows."""
    outcomes = run_checks(store, folder, workers, subjects)
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise ViolationChecksError(failed, where)
    return outcomes
