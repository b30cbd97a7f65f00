"""Count gates: the built graph must hold at least as many entities as ``data/qc.yaml`` expects.

A source that silently loses records (a bad merge, a deleted block) fails the build instead of
shipping a thinner graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph_build.errors import InputError, Problem
from graph_build.namespaces import GRAPH, SDGKG
from graph_build.records.sources import QC_FILE
from graph_build.records.yaml_loader import load_located_yaml


@dataclass(frozen=True)
class CountCheck:
    """One expectation: in graph ``graph``, class ``cls`` has at least ``minimum`` instances."""

    graph: str
    cls: str
    minimum: int
    actual: int

    @property
    def ok(self) -> bool:
        """True when the expectation holds."""
        return self.actual >= self.minimum


def load_expectations(data_dir: Path) -> dict[str, dict[str, int]]:
    """Read ``qc.yaml`` (graph path → class → minimum count); empty when the file is absent."""
    path = data_dir / QC_FILE
    if not path.exists():
        return {}
    located = load_located_yaml(path)
    data = located.data
    if data is None:  # comments only
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError(
            [
                Problem(
                    path,
                    "expected 'graph: {Class: minimum, ...}' mappings",
                    line=located.line_of(()),
                    hint="see the comment at the top of data/qc.yaml",
                )
            ]
        )
    problems = [
        Problem(
            path,
            f"minimum count '{n}' is not a whole number of 0 or more",
            line=located.line_of((g, c)),
            record=g,
            field=c,
            hint="write a whole number such as 12",
        )
        for g, v in data.items()
        for c, n in v.items()
        # bool is an int in Python, but 'yes' is no count
        if not isinstance(n, int) or isinstance(n, bool) or n < 0
    ]
    if problems:
        raise InputError(problems)
    return {g: {c: n for c, n in v.items()} for g, v in data.items()}


def count_instances(store: ox.Store, graph: str, cls: str) -> int:
    """Distinct instances of ``sdgkg:<cls>`` in the named graph ``graph``."""
    query = (
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{GRAPH[graph]}> "
        f"{{ ?s a <{SDGKG[cls]}> }} }}"
    )
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        value = row["n"]
        return int(value.value) if value is not None else 0
    return 0


def run_count_gates(store: ox.Store, data_dir: Path) -> list[CountCheck]:
    """Evaluate every expectation; raise :class:`InputError` naming each one that fails."""
    checks = [
        CountCheck(graph, cls, minimum, count_instances(store, graph, cls))
        for graph, classes in sorted(load_expectations(data_dir).items())
        for cls, minimum in sorted(classes.items())
    ]
    failed = [c for c in checks if not c.ok]
    if failed:
        raise InputError(
            [
                Problem(
                    data_dir / QC_FILE,
                    f"count gate failed: graph '{c.graph}' has {c.actual} sdgkg:{c.cls}, "
                    f"expected at least {c.minimum}",
                    record=c.graph,
                    field=c.cls,
                    hint="restore the missing records, or lower the expectation if the source "
                    "changed",
                )
                for c in failed
            ]
        )
    return checks
