"""The whole graph as named graphs: one per document, plus framework, schemes and ontology."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from graph_build.iris import FRAMEWORK_GRAPH, ONTOLOGY_GRAPH, SCHEMES_GRAPH, document_graph_iri
from graph_build.namespaces import GRAPH


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

    def by_municipality(self) -> list[Graph]:
        """One graph per municipality: the union of its document graphs, in name order."""
        cities: dict[str, Graph] = {}
        for name, graph in self.items():
            parts = str(name).removeprefix(str(GRAPH)).split("/")
            if len(parts) == 2:
                cities.setdefault(parts[0], Graph())
                cities[parts[0]] += graph
        return [cities[c] for c in sorted(cities)]

    def union(self) -> Graph:
        """All graphs merged into one."""
        union = Graph()
        for _, graph in self.items():
            union += graph
        return union

    def __len__(self) -> int:
        return sum(len(g) for g in self.graphs.values())


__all__ = [
    "FRAMEWORK_GRAPH",
    "ONTOLOGY_GRAPH",
    "SCHEMES_GRAPH",
    "NamedGraphs",
    "document_graph_iri",
]
