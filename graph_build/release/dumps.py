"""Dumps: the union graph in Turtle, and rdflib named graphs as Oxigraph quads."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph_build.emit.dataset import NamedGraphs
from graph_build.emit.ntriples import to_ox
from graph_build.namespaces import PREFIXES


def quads(named: NamedGraphs) -> list[ox.Quad]:
    """Every triple of every named graph as a pyoxigraph quad."""
    result = []
    for name, graph in named.items():
        g = ox.NamedNode(str(name))
        for s, p, o in graph:
            result.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g))  # type: ignore[arg-type]
    return result


NQUADS_FILE = "sdgkg.nq"
TURTLE_FILE = "sdgkg.ttl"


def write_union_turtle(nquads: Path, turtle: Path) -> Path:
    """The union of every named graph of ``nquads`` as Turtle, streamed in the dump's order.

    The dump is sorted within each graph, so the Turtle groups each subject's statements; a node
    described in several graphs (a stakeholder named by two cities) gets one block per graph.
    """
    triples = (q.triple for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    prefixes = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
    ox.serialize(triples, output=str(turtle), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return turtle
