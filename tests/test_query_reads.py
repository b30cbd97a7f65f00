"""Each library query's ``# reads:`` line names exactly the kinds of named graph its answer
comes from.

The build here has every kind a query reads: the project's records with the illustrative KPI
values and partner registry of examples/ added. Each query is answered on the union of all
graphs, then on the graphs of its declared kinds only (the same rows), then without each declared
kind in turn (other rows, for at least one of its parameter choices): a kind a query does not need
or a kind it needs and does not declare fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest

from graph_build.build import build
from graph_build.iris import GRAPH_KINDS, graph_kind
from graph_build.paths import DATA_DIR
from graph_build.records.observations import OBSERVATIONS_FILE
from graph_build.records.partners import PARTNERS_FILE
from graph_build.sparql.query import QuerySpec, bound_text, library
from graph_build.store.embedded import open_store

from .conftest import EXAMPLES

SPECS = library()
Answer = list[tuple[str, ...]]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ox.Store]:
    data = tmp_path_factory.mktemp("reads") / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copy(EXAMPLES / "kanazawa-kpi-observations.csv", data / "kanazawa" / OBSERVATIONS_FILE)
    shutil.copy(EXAMPLES / "kanazawa-partners.csv", data / "kanazawa" / PARTNERS_FILE)
    yield open_store(build(data, data.parent / "dist", release=False).out)


def graphs(store: ox.Store) -> dict[str, str]:
    """Each named graph of the store, with its kind."""
    return {str(g.value): graph_kind(str(g.value)) for g in store.named_graphs()}


def answer(store: ox.Store, text: str, kinds: set[str]) -> Answer:
    """The rows of ``text`` on the graphs of ``kinds``, as the default graph and named graphs."""
    chosen = [ox.NamedNode(g) for g, kind in sorted(graphs(store).items()) if kind in kinds]
    solutions = store.query(text, default_graph=list[Any](chosen), named_graphs=list[Any](chosen))
    assert isinstance(solutions, ox.QuerySolutions)
    return sorted(tuple("" if v is None else str(v) for v in row) for row in solutions)


def parameter_choices(spec: QuerySpec) -> list[dict[str, str]]:
    """The header's examples of the required parameters, once per ``one-of`` parameter."""
    required = {p.name: p.example for p in spec.params if p.required and p.example}
    one_of = [p for p in spec.params if p.one_of and p.example]
    return [{**required, p.name: p.example} for p in one_of if p.example] or [required]


def test_every_graph_of_the_build_has_a_kind(store: ox.Store) -> None:
    kinds = graphs(store)
    assert all(kinds.values()), kinds
    assert {"documents", "kpi-observations", "partner-registry", "computed/kpi-progress"} <= set(
        kinds.values()
    )


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_reads_names_known_kinds(spec: QuerySpec) -> None:
    assert spec.reads, f"{spec.path}: no '# reads:' line"
    assert spec.reads == ["all"] or set(spec.reads) <= set(GRAPH_KINDS), spec.reads
    assert len(set(spec.reads)) == len(spec.reads)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_reads_is_exact(store: ox.Store, spec: QuerySpec) -> None:
    present = set(graphs(store).values())
    declared = present if spec.reads == ["all"] else set(spec.reads)
    texts = [bound_text(spec, params) for params in parameter_choices(spec)]
    full = [answer(store, text, present) for text in texts]
    assert any(full), f"{spec.name}: no rows on this build, so nothing is shown"
    assert [answer(store, text, declared) for text in texts] == full
    if spec.reads == ["all"]:
        return
    for kind in sorted(declared):
        without = [answer(store, text, declared - {kind}) for text in texts]
        assert without != full, f"{spec.name} gives the same rows without the {kind} graphs"
