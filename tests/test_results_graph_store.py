"""Writing the analysis graph into the store: replaced as a whole, never left half-written."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from graph_build.analysis.results_graph import (
    load_into_store,
    nquads,
    results_replaced,
)
from graph_build.errors import SdgkgError
from graph_build.iris import ANALYSIS_GRAPH

NAME = ox.NamedNode(str(ANALYSIS_GRAPH))
OTHER = ox.NamedNode("https://example.org/graph/other")


def results(count: int, tag: str) -> Graph:
    graph = Graph()
    for i in range(count):
        graph.add(
            (URIRef(f"https://example.org/{tag}/{i}"), URIRef("https://example.org/p"), Literal(i))
        )
    return graph


def in_store(store: ox.Store, graph: ox.NamedNode) -> set[str]:
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, graph)}


def test_a_second_analysis_replaces_the_first_and_leaves_other_graphs(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    kept = ox.Quad(
        ox.NamedNode("https://example.org/s"),
        ox.NamedNode("https://example.org/p"),
        ox.Literal("x"),
        OTHER,
    )
    store.add(kept)
    load_into_store(store, results(50, "first"))
    assert len(in_store(store, NAME)) == 50
    second = results(20, "second")
    load_into_store(store, second)
    expected = {
        str(q.triple) for q in ox.parse(nquads(second).encode(), format=ox.RdfFormat.N_QUADS)
    }
    assert in_store(store, NAME) == expected
    assert in_store(store, OTHER) == {str(kept.triple)}


def test_a_failed_load_leaves_no_partial_analysis_graph(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    load_into_store(store, results(10, "first"))
    good = nquads(results(5, "second"))
    broken = good + "<https://example.org/broken> this is not N-Quads .\n"
    with pytest.raises(SdgkgError, match="run `sdgkg analyze` again"):
        load_into_store(store, results(5, "second"), broken)
    assert in_store(store, NAME) == set()


def test_a_rejected_analysis_puts_the_previous_graph_back(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    load_into_store(store, results(10, "first"))
    before = in_store(store, NAME)
    with (
        pytest.raises(SdgkgError, match="rejected"),
        results_replaced(store, results(5, "second")),
    ):
        assert in_store(store, NAME) != before  # the new graph is in place meanwhile
        raise SdgkgError("rejected")
    assert in_store(store, NAME) == before


def test_a_rejected_first_analysis_leaves_no_graph(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    with (
        pytest.raises(SdgkgError, match="rejected"),
        results_replaced(store, results(5, "first")),
    ):
        raise SdgkgError("rejected")
    assert not store.contains_named_graph(NAME)


def test_an_accepted_analysis_keeps_the_new_graph(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    load_into_store(store, results(10, "first"))
    with results_replaced(store, results(5, "second")):
        pass
    assert len(in_store(store, NAME)) == 5
