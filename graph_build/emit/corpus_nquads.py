"""Emit a whole corpus straight to N-Quads, one named graph at a time.

Each graph's statements are formatted, de-duplicated and sorted, then written; graphs follow in IRI
order, so the same records always give the same bytes. Nothing holds the whole graph in memory: a
document's triples live only while its graph is written. What later steps need is kept small:
where each municipality's graphs lie in the file (validation reads them back in batches), the
statements that link municipalities (the validation's shared context), and counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDF

from graph_build.emit.common import Triple
from graph_build.emit.dataset import NamedGraphs
from graph_build.emit.documents import document_statements
from graph_build.emit.initiative_goals import CoreferenceInput, initiative_goal_triples
from graph_build.emit.kpi_monitoring import kpi_monitoring_graphs
from graph_build.emit.ntriples import (
    TermFormatter,
    as_quad_lines,
    iri_text,
    iri_value,
    sorted_lines,
    triple_text,
)
from graph_build.emit.partner_registry import partner_registry_graphs
from graph_build.emit.stakeholder_sdgs import StakeholderSdgInput, stakeholder_sdg_triples
from graph_build.errors import Problem, SdgkgError
from graph_build.iris import (
    FRAMEWORK_GRAPH,
    ONTOLOGY_GRAPH,
    SCHEMES_GRAPH,
    UN_LABELS_GRAPH,
    document_graph_iri,
    initiative_goals_graph_iri,
    stakeholder_sdgs_graph_iri,
)
from graph_build.namespaces import GRAPH, ID, SDGKG
from graph_build.parallel import PARALLEL_ABOVE_CITIES, ordered_map, workers_for
from graph_build.paths import ONTOLOGY_FILE
from graph_build.records.sources import CityRecords, check_corpus, city_folders, load_city
from graph_build.sdg.framework import framework_graph
from graph_build.sdg.schemes import schemes_graph
from graph_build.sdg.un_kos import un_label_graph

# Links that cross municipalities: a stakeholder is one node for every city, so whether it takes
# part in something, and what kind of agent a party or member is, must be seen from every city
# (validation in batches adds these statements to every batch that mentions their nodes).
SHARED_PREDICATES = (
    SDGKG.party,
    ORG.hasMember,
    SDGKG.secretariat,
    SDGKG.involves,
    SDGKG.mechanismParticipant,
    ORG.subOrganizationOf,
)
AGENT_CLASSES = (SDGKG.Stakeholder, SDGKG.LocalGovernment, SDGKG.GoverningBody, SDGKG.Municipality)
# Nodes that every municipality's derived statements point to (the run of the suggestion method):
# their type, too, must be seen from every batch.
SHARED_CLASSES = (*AGENT_CLASSES, SDGKG.SdgSuggestionActivity)
# As N-Triples text, the form in which the emitters write terms.
_SHARED = frozenset(iri_text(str(p)) for p in SHARED_PREDICATES)
_SHARED_TYPES = frozenset(iri_text(str(c)) for c in SHARED_CLASSES)
_RDF_TYPE = iri_text(str(RDF.type))
# The predicates of the derived statements that are counted or shared (see below).
TYPE_OR_SHARED = _SHARED | {_RDF_TYPE}


def links_municipalities(predicate: str, obj: str) -> bool:
    """Whether a statement (terms as N-Triples text) belongs to the shared context: a link that
    can cross municipalities, or the type of a node that all of them may point to."""
    if predicate == _RDF_TYPE:
        return obj in _SHARED_TYPES
    return predicate in _SHARED


@dataclass
class CitySpan:
    """Where one municipality's named graphs lie in the N-Quads file (bytes ``start:end``)."""

    city: str
    start: int
    end: int
    graphs: list[str]
    triples: int


@dataclass
class EmittedCorpus:
    """What was written, and what validation and the receipt need from it."""

    triples_per_graph: dict[str, int] = field(default_factory=dict)
    entities_per_class: dict[str, int] = field(default_factory=dict)
    cities: list[CitySpan] = field(default_factory=list)
    shared_lines: set[str] = field(default_factory=set)
    ontology: Graph = field(default_factory=Graph)
    un_labels_merged: bool = False

    @property
    def total_triples(self) -> int:
        """Statements over all named graphs."""
        return sum(self.triples_per_graph.values())


def static_graphs(include_un_labels: bool = True) -> tuple[NamedGraphs, bool]:
    """Ontology, UN framework, schemes and (when cached) official UN labels."""
    named = NamedGraphs()
    ontology = Graph()
    ontology.parse(ONTOLOGY_FILE, format="turtle")
    named.put(ONTOLOGY_GRAPH, ontology)
    named.put(FRAMEWORK_GRAPH, framework_graph())
    named.put(SCHEMES_GRAPH, schemes_graph())
    merged = False
    if include_un_labels:
        labels = un_label_graph()
        if labels is not None:
            named.put(UN_LABELS_GRAPH, labels)
            merged = True
    return named, merged


# A city's named graph as written: graph IRI, N-Quads bytes, number of statements.
GraphBytes = tuple[str, bytes, int]


@dataclass
class CityOutput:
    """One municipality read and emitted: its records (for the cross-checks) and its graphs."""

    folder: Path
    city: CityRecords | None
    problems: list[Problem]
    graphs: list[GraphBytes] = field(default_factory=list)
    types: list[tuple[str, str]] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    error: str | None = None


_FORMATTER = TermFormatter()


def read_and_emit(folder: Path) -> CityOutput:
    """Read one municipality folder and emit each of its documents, its monitored KPI values
    and their computed progress, its partner registry, the goals its initiatives count for
    in co-reference and the SDGs its stakeholders work on, as sorted N-Quads blocks."""
    city, problems = load_city(folder)
    if city is None or problems:
        return CityOutput(folder, city, problems)
    out = CityOutput(folder, city, problems)
    muni = city.municipality.municipality
    documents = sorted(
        city.documents, key=lambda d: str(document_graph_iri(city.id, d.records.document.id))
    )
    try:
        # Each document's statements are made only when its graph is written, and the rule of
        # co-reference and that of the stakeholders' SDGs read them as they pass; the monitoring
        # graphs (small) and the two computed graphs follow, and all are put in graph IRI order
        # at the end.
        coreference = CoreferenceInput()
        partnering = StakeholderSdgInput()
        named: list[tuple[str, Callable[[], list[Triple]]]] = [
            (
                str(document_graph_iri(city.id, doc.records.document.id)),
                partial(document_statements, city.id, doc.records, muni),
            )
            for doc in documents
        ]
        for name, monitored in [*kpi_monitoring_graphs(city), *partner_registry_graphs(city)]:
            named.append((name, partial(list, monitored)))
        computed = {
            str(initiative_goals_graph_iri(city.id)): partial(initiative_goal_triples, coreference),
            str(stakeholder_sdgs_graph_iri(city.id)): partial(stakeholder_sdg_triples, partnering),
        }
        named.extend(computed.items())
        for name, make in named:
            triples = make()
            lines = sorted_lines(triples)
            if lines or name not in computed:  # a plan without initiatives computes nothing
                out.graphs.append(
                    (name, "".join(as_quad_lines(lines, name)).encode("utf-8"), len(lines))
                )
            for s, p, o in triples:
                coreference.add(s, p, o)
                partnering.add(s, p, o)
                if p == _RDF_TYPE:
                    out.types.append((iri_value(s), iri_value(o)))
                if links_municipalities(p, o):
                    out.shared.append(triple_text(s, p, o))
        out.graphs.sort(key=lambda block: block[0])
    except Exception as exc:  # records the cross-checks reject may not be emittable at all
        out.graphs, out.error = [], f"{type(exc).__name__}: {exc}"
    return out


def _static_bytes(name: URIRef, graph: Graph) -> GraphBytes:
    lines = _FORMATTER.lines(graph)
    return str(name), "".join(as_quad_lines(lines, str(name))).encode("utf-8"), len(lines)


def _outputs(folders: list[Path], workers: int) -> Iterator[CityOutput]:
    yield from ordered_map(read_and_emit, folders, workers, chunksize=2)


def write_corpus_nquads(
    data_dir: Path,
    path: Path,
    include_un_labels: bool = True,
    workers: int | None = None,
    on_checking: Callable[[], None] | None = None,
    derived: Callable[[list[CityRecords]], Iterable[GraphBytes]] | None = None,
    on_block: Callable[[str, bytes, bool], None] | None = None,
) -> EmittedCorpus:
    """Read, emit and write every named graph of the records in ``data_dir`` to ``path``.

    Municipalities are read and emitted in parallel processes (``workers``, by default one per
    core for more than a few municipalities); their graphs are written in graph IRI order as they
    come back, interleaved with the static graphs. The records are cross-checked at the end
    (``on_checking`` is called first); any problem raises :class:`InputError` with all of them.
    ``derived`` computes further graphs from the checked records (the SDG suggestions), as
    blocks in the order they are written, each about the nodes of one municipality (or of
    none); they are appended after every other graph and validated block by block.
    ``on_block`` is told of every block as it is written: graph, bytes, and whether derived.
    """
    folders, problems = city_folders(data_dir)
    if workers is None:
        workers = workers_for(len(folders), PARALLEL_ABOVE_CITIES)
    named, merged = static_graphs(include_un_labels)
    result = EmittedCorpus(ontology=named.graphs[ONTOLOGY_GRAPH], un_labels_merged=merged)
    statics = [_static_bytes(name, graph) for name, graph in named.items()]
    types: set[tuple[str, str]] = set()
    for name, graph in named.items():
        if name != ONTOLOGY_GRAPH:
            types.update((str(s), str(o)) for s, _, o in graph.triples((None, RDF.type, None)))
    cities: list[CityRecords] = []
    errors: list[str] = []
    offset = 0
    with path.open("wb") as handle:

        def write(block: GraphBytes) -> int:
            handle.write(block[1])
            result.triples_per_graph[block[0]] = block[2]
            if on_block is not None:
                on_block(block[0], block[1], False)
            return len(block[1])

        for output in _outputs(folders, workers):
            problems.extend(output.problems)
            if output.city is not None:
                cities.append(output.city)
            if output.error:
                errors.append(f"{output.folder}: {output.error}")
            for block in output.graphs:
                while statics and statics[0][0] < block[0]:
                    offset += write(statics.pop(0))
                start = offset
                offset += write(block)
                extend_spans(result.cities, output.folder.name, start, offset, block[0], block[2])
            types.update(output.types)
            result.shared_lines.update(output.shared)
        while statics:
            offset += write(statics.pop(0))
    if on_checking is not None:
        on_checking()
    check_corpus(data_dir, cities, problems)
    if errors:
        raise SdgkgError("could not emit RDF for checked records: " + "; ".join(errors))
    if derived is not None:
        with path.open("ab") as handle:
            for graph_name, data, count in derived(cities):
                handle.write(data)
                if on_block is not None:
                    on_block(graph_name, data, True)
                counted = result.triples_per_graph.get(graph_name, 0)
                result.triples_per_graph[graph_name] = counted + count
                span = derived_span(graph_name, data[: data.index(b" ")].decode("utf-8"))
                extend_spans(result.cities, span, offset, offset + len(data), graph_name, count)
                offset += len(data)
                for node, predicate, obj in statements_with(data, TYPE_OR_SHARED):
                    if predicate == _RDF_TYPE:
                        types.add((iri_value(node), iri_value(obj)))
                    if links_municipalities(predicate, obj):
                        result.shared_lines.add(triple_text(node, predicate, obj))
    result.entities_per_class = dict(sorted(Counter(cls for _, cls in types).items()))
    return result


def statements_with(data: bytes, predicates: frozenset[str]) -> Iterator[tuple[str, str, str]]:
    """Subject, predicate and object (N-Triples text) of each line of N-Quads bytes whose
    predicate is one of ``predicates``, a predicate after another.

    The derived graphs run to gigabytes (10 GB at 1,741 municipalities) and few of their lines
    matter here, so each predicate is found by a byte search. An occurrence counts when no space
    comes before it on its line: it then follows the subject (which has none), and is not quoted
    in a literal. Splitting every line took 4.5 s per GB, this 1.4 s
    (``benchmarks/derived_lines.py``).
    """
    for predicate in sorted(predicates):
        token = f" {predicate} ".encode()
        at = data.find(token)
        while at != -1:
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end == -1 else end
            if data.find(b" ", start, at) == -1:
                obj = data[at + len(token) : end].rsplit(b" ", 2)[0]
                yield data[start:at].decode("utf-8"), predicate, obj.decode("utf-8")
            at = data.find(token, end)


def owner_of(subject: str) -> str:
    """The first segment below ``…/id/`` of a subject (N-Triples text): the municipality whose
    node it is (``kanazawa``), or ``org``, ``activity``; empty outside ``…/id/``."""
    below = subject.removeprefix(f"<{ID}")
    return below.split("/", 1)[0] if below != subject else ""


def derived_span(graph: str, subject: str) -> str:
    """The span of a derived graph's statement about ``subject`` (N-Triples text), as validation
    batches it: ``inferred/sdg-suggestions@kanazawa`` below ``…/id/kanazawa/``."""
    return f"{graph.removeprefix(str(GRAPH))}@{owner_of(subject)}"


def extend_spans(
    spans: list[CitySpan], city: str, start: int, end: int, graph: str, n: int
) -> None:
    """Record ``n`` statements of ``graph`` at bytes ``start:end`` of the dump for ``city``.

    A municipality's graphs are neighbours in graph IRI order (they share graph/<city>/), so a
    block right after the city's last one extends its span.
    """
    if spans and spans[-1].city == city and spans[-1].end == start:
        span = spans[-1]
        span.end = end
        span.triples += n
        if span.graphs[-1] != graph:
            span.graphs.append(graph)
    else:
        spans.append(CitySpan(city, start, end, [graph], n))
