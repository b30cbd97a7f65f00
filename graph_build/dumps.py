"""Deterministic dumps: sorted N-Quads of every named graph, and the union graph in Turtle."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .dataset import NamedGraphs
from .namespaces import PREFIXES


def to_ox(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """Convert an rdflib term to its pyoxigraph equivalent."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot convert {term!r}")


def quads(named: NamedGraphs) -> list[ox.Quad]:
    """Every triple of every named graph as a pyoxigraph quad."""
    result = []
    for name, graph in named.items():
        g = ox.NamedNode(str(name))
        for s, p, o in graph:
            result.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g))  # type: ignore[arg-type]
    return result


def nquads_text(named: NamedGraphs) -> str:
    """N-Quads with one statement per line, lines sorted and unique."""
    raw = ox.serialize(quads(named), format=ox.RdfFormat.N_QUADS)
    assert raw is not None
    lines = sorted(set(raw.decode("utf-8").splitlines()))
    return "\n".join(lines) + "\n"


def turtle_text(graph: Graph) -> str:
    """Turtle of ``graph`` with the project's prefixes; rdflib sorts subjects and predicates."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True, replace=True)
    out += graph
    return out.serialize(format="turtle")


def write_dumps(named: NamedGraphs, folder: Path) -> dict[str, Path]:
    """Write ``sdgkg.nq`` (all named graphs) and ``sdgkg.ttl`` (union) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    nq = folder / "sdgkg.nq"
    nq.write_text(nquads_text(named), encoding="utf-8")
    ttl = folder / "sdgkg.ttl"
    ttl.write_text(turtle_text(named.union()), encoding="utf-8")
    return {"nquads": nq, "turtle": ttl}
