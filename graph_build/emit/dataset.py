"""Named graphs held as rdflib graphs: the ontology, UN framework and schemes (and the release's
dataset description), which are small and made with rdflib. Documents never go through here: their
statements are written straight to N-Quads (:mod:`graph_build.emit.corpus_nquads`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph


@dataclass
class NamedGraphs:
    """Graphs keyed by graph IRI, iterated in IRI order so output is deterministic."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)

    def put(self, name: URIRef, graph: Graph) -> None:
        """Add (or merge into) the graph called ``name``.

        Blank nodes (the ontology's OWL lists and Data Cube components) get labels derived from
        the graph's content, so the same input always serialises to the same bytes.
        """
        merged = self.graphs[name] + graph if name in self.graphs else graph
        if any(isinstance(t, BNode) for triple in merged for t in triple):
            canonical = Graph()
            canonical += to_canonical_graph(merged)
            merged = canonical
        self.graphs[name] = merged

    def items(self) -> Iterator[tuple[URIRef, Graph]]:
        """(name, graph) pairs sorted by name."""
        for name in sorted(self.graphs):
            yield name, self.graphs[name]
