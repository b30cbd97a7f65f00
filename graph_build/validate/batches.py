"""Validate a large graph municipality by municipality, on every core.

The build tells where each municipality's named graphs lie in its N-Quads dump. Consecutive
municipalities are merged into batches of about :data:`BATCH_TRIPLES` triples; each batch is
loaded into an in-memory Oxigraph store together with the reference terms (ontology, UN framework,
schemes) and the cross-municipality statements that mention its nodes, and validated by the
compiled shapes. Findings about nodes of the batch are kept; the rest are judged in their own
batch. A run's cost grows with the batch, not with the corpus, so the whole is linear in the
number of municipalities, and batches run in parallel processes.

Why not rdflib graphs: pyshacl-turbo reads an Oxigraph store natively, while an rdflib graph is
re-parsed triple by triple in Python first, which cost more than the validation itself.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl_turbo
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from graph_build.emit.corpus_nquads import (
    CitySpan,
    derived_span,
    extend_spans,
    links_municipalities,
)
from graph_build.emit.ntriples import TermFormatter, subject_of
from graph_build.iris import CURATED_LINKS_GRAPH, SUGGESTIONS_GRAPH
from graph_build.namespaces import GRAPH, SH
from graph_build.parallel import PARALLEL_VALIDATION_ABOVE, ordered_map, workers_for
from graph_build.validate.batch_cache import BatchCache, BatchResult
from graph_build.validate.shacl import (
    SHACL_OPTIONS,
    Report,
    finding_key,
    findings_from,
    load_shapes,
    reference_graph,
)

BATCH_TRIPLES = 20_000
IRI_TOKEN = re.compile(r"<[^>]*>")
LABEL = ox.NamedNode(str(RDFS.label))
RDF_TYPE = f"<{RDF.type}>"
# Graphs derived from every municipality's records: validated in blocks, one per municipality.
DERIVED = frozenset(
    str(graph).removeprefix(str(GRAPH)) for graph in (SUGGESTIONS_GRAPH, CURATED_LINKS_GRAPH)
)


class SharedContext:
    """Statements linking municipalities, looked up by the IRIs they mention."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.by_iri: dict[str, list[str]] = defaultdict(list)
        for line in sorted(set(lines)):
            subject, predicate, rest = line.split(" ", 2)
            self.by_iri[subject].append(line)
            # Objects of rdf:type are classes, mentioned by every batch; only link targets count.
            if predicate != RDF_TYPE and rest.startswith("<"):
                self.by_iri[rest[: rest.index(">") + 1]].append(line)

    def for_text(self, ntriples: str) -> str:
        """The shared statements that mention an IRI found in ``ntriples``."""
        found: set[str] = set()
        for token in set(IRI_TOKEN.findall(ntriples)) & self.by_iri.keys():
            found.update(self.by_iri[token])
        return "".join(sorted(found))


class BatchValidator:
    """Validates batches: the compiled shapes and the reference terms, made once per process."""

    def __init__(self, shared: SharedContext, lang: str) -> None:
        self.shapes = load_shapes()
        self.compiled = pyshacl_turbo.compile_shapes(  # type: ignore[no-untyped-call]
            self.shapes, advanced=True
        )
        self.reference = "".join(TermFormatter().lines(reference_graph())).encode("utf-8")
        self.shared = shared
        self.lang = lang

    def validate(self, index: int, ntriples: str) -> BatchResult:
        """Validate one batch; keep findings whose focus node is a subject of the batch."""
        store = ox.Store()
        data = ntriples + self.shared.for_text(ntriples)
        store.load(data.encode("utf-8") + self.reference, format=ox.RdfFormat.N_TRIPLES)
        _conforms, report, _text = self.compiled.validate(
            store, _normalize_report_literals=True, **SHACL_OPTIONS
        )
        assert isinstance(report, Graph)
        own = {subject_of(line)[1:-1] for line in ntriples.splitlines() if line.startswith("<")}
        kept = own_results(report, own)
        findings = findings_from(kept, labels_of_focus_nodes(store, kept), self.shapes, self.lang)
        text = "".join(TermFormatter().lines(stable_blank_nodes(kept, self.shapes)))
        return BatchResult(findings, text)


def _describe(node: Node, graphs: Sequence[Graph]) -> str:
    """A node's own statements (blank objects left out) as text, from the first graph having any."""
    if not isinstance(node, BNode):
        return node.n3()
    for graph in graphs:
        parts = sorted(
            f"{p} {'_' if isinstance(o, BNode) else o.n3()}"
            for p, o in graph.predicate_objects(node)
        )
        if parts:
            return "[" + "; ".join(parts) + "]"
    return "_"


def stable_blank_nodes(report: Graph, shapes: Graph) -> Graph:
    """``report`` with blank nodes named after their content, so the same results give the same
    bytes in every run and batches can be concatenated without two results sharing a name."""
    names: dict[Node, Node] = {}
    named: list[tuple[str, BNode]] = []
    for result in set(report.subjects(RDF.type, SH.ValidationResult)):
        if not isinstance(result, BNode):
            continue
        parts = sorted(
            f"{p} {_describe(o, (report, shapes))}" for p, o in report.predicate_objects(result)
        )
        name = "r" + hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:24]
        names[result] = BNode(name)
        named.append((name, result))
    # A blank object (such as a shared sh:sourceShape) takes its name from the first result, in
    # name order, that points to it: never from whichever result a set happened to yield last.
    for name, result in sorted(named):
        for p, o in report.predicate_objects(result):
            if isinstance(o, BNode) and o not in names:
                names[o] = BNode(f"{name}{hashlib.sha1(str(p).encode()).hexdigest()[:6]}")
    renamed = Graph()
    for s, p, o in report:
        renamed.add((names.get(s, s), p, names.get(o, o)))
    return renamed


def own_results(report: Graph, own: set[str]) -> Graph:
    """The results of ``report`` whose focus node is one of ``own`` (IRIs or blank node ids)."""
    kept = Graph()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if str(report.value(result, SH.focusNode)) in own:
            for triple in report.triples((result, None, None)):
                kept.add(triple)
    return kept


def labels_of_focus_nodes(store: ox.Store, report: Graph) -> Graph:
    """The labels of the focus nodes of ``report``, read from ``store``."""
    labels = Graph()
    for focus in set(report.objects(None, SH.focusNode)):
        if isinstance(focus, URIRef):
            for quad in store.quads_for_pattern(ox.NamedNode(str(focus)), LABEL, None):
                obj = quad.object
                if isinstance(obj, ox.Literal):
                    labels.add((focus, RDFS.label, Literal(obj.value, lang=obj.language)))
    return labels


_WORKER: BatchValidator | None = None


def _start_worker(shared_lines: list[str], lang: str) -> None:
    global _WORKER
    _WORKER = BatchValidator(SharedContext(shared_lines), lang)


@dataclass(frozen=True)
class Batch:
    """Municipalities validated together: their byte ranges and graph IRIs in the dump."""

    index: int
    nquads: Path
    spans: tuple[tuple[int, int], ...]
    graphs: tuple[str, ...]

    def ntriples(self) -> str:
        """The batch's statements as N-Triples (graph names dropped)."""
        parts = []
        with self.nquads.open("rb") as handle:
            for start, end in self.spans:
                handle.seek(start)
                parts.append(handle.read(end - start).decode("utf-8"))
        text = "".join(parts)
        for graph in self.graphs:
            text = text.replace(f" <{graph}> .\n", " .\n")
        return text


def _run_in_worker(batch: Batch) -> BatchResult:
    assert _WORKER is not None
    return _WORKER.validate(batch.index, batch.ntriples())


def batches(nquads: Path, cities: Sequence[CitySpan], size: int = BATCH_TRIPLES) -> list[Batch]:
    """Consecutive municipalities grouped into batches of about ``size`` triples."""
    groups: list[list[CitySpan]] = []
    count = 0
    for city in cities:
        if groups and count and count + city.triples <= size:
            groups[-1].append(city)
            count += city.triples
        else:
            groups.append([city])
            count = city.triples
    return [
        Batch(
            i,
            nquads,
            tuple((c.start, c.end) for c in group),
            tuple(g for c in group for g in c.graphs),
        )
        for i, group in enumerate(groups)
    ]


def validate_dump(
    nquads: Path,
    cities: Sequence[CitySpan],
    shared_lines: Iterable[str],
    lang: str = "en",
    batch_triples: int = BATCH_TRIPLES,
    workers: int | None = None,
    cache: BatchCache | None = None,
) -> Report:
    """Validate the municipalities of an N-Quads dump in batches; merge the findings.

    ``workers`` defaults to the number of cores for a large corpus and to 1 (this process)
    for a small one. With ``cache``, a batch an earlier build validated with the same key
    takes its result from there, and every batch's result is kept in it for the next build.
    """
    shared = sorted(set(shared_lines))
    tasks = batches(nquads, cities, batch_triples)
    known = {b.index: cache.lookup(b.spans) for b in tasks} if cache is not None else {}
    todo = [b for b in tasks if known.get(b.index) is None]
    if workers is None:
        total = sum(c.triples for c in cities)
        workers = workers_for(total * len(todo) // max(len(tasks), 1), PARALLEL_VALIDATION_ABOVE)
    validated: list[BatchResult]
    if not todo:
        validated = []
    elif workers <= 1:
        engine = BatchValidator(SharedContext(shared), lang)
        validated = [engine.validate(b.index, b.ntriples()) for b in todo]
    else:
        validated = list(
            ordered_map(
                _run_in_worker,
                todo,
                workers,
                chunksize=4,
                initializer=_start_worker,
                initargs=(shared, lang),
            )
        )
    fresh = iter(validated)
    results = [known.get(b.index) or next(fresh) for b in tasks]
    if cache is not None:
        for batch, result in zip(tasks, results, strict=True):
            cache.keep(batch.spans, result)
    findings = sorted({f for r in results for f in r.findings}, key=finding_key)
    return Report(findings, report_ntriples="".join(r.report_ntriples for r in results))


def dump_layout(nquads: Path) -> tuple[list[CitySpan], set[str]]:
    """Where each municipality's graphs lie in a build's N-Quads dump, and the cross-city
    statements (what :func:`graph_build.emit.corpus_nquads.write_corpus_nquads` reports while
    writing).
    """
    prefix = str(GRAPH)
    spans: list[CitySpan] = []
    shared: set[str] = set()
    offset = 0
    with nquads.open("rb") as handle:
        for raw in handle:
            start, offset = offset, offset + len(raw)
            statement, graph = raw.decode("utf-8").rstrip(" .\n").rsplit(" ", 1)
            name = graph[1:-1].removeprefix(prefix)
            # shared graphs (ontology, SDG framework, schemes) have no "/" below graph/
            if "/" not in name or not graph[1:-1].startswith(prefix):
                continue
            subject, predicate, obj = statement.split(" ", 2)
            span = derived_span(graph[1:-1], subject) if name in DERIVED else name.split("/")[0]
            extend_spans(spans, span, start, offset, graph[1:-1], 1)
            if links_municipalities(predicate, obj):
                shared.add(statement + " .\n")
    return spans, shared


def validate_built_dump(nquads: Path, lang: str = "en", workers: int | None = None) -> Report:
    """Validate the municipalities of a build's dump the way the build does."""
    spans, shared = dump_layout(nquads)
    return validate_dump(nquads, spans, shared, lang, workers=workers)
