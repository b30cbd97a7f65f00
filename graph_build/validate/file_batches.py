"""Validate RDF files of any size in parts, with memory that follows the part, not the file.

The files are read (bounded, see :mod:`graph_build.validate.rdf_input`) into a temporary Oxigraph
store on disk. Its subjects are then read in index order and those that some shape targets (the
focus nodes) are gathered into parts of about :data:`PART_STATEMENTS` statements. Each part is
validated in a small in-memory store holding the reference terms, the part's own statements and
everything the shapes reach from its focus nodes (:mod:`graph_build.validate.shape_reach`), plus
the data's ``rdfs:subClassOf`` chain of every class met. Only the results about the part's own
focus nodes are kept, so each focus node is judged once, with everything its shapes read: the
findings are those of validating the whole graph at once.

When a shape's reach cannot be read from it, the graph is validated whole (and the caller is told).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl_turbo
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph_build.emit.ntriples import TermFormatter, from_ox
from graph_build.errors import SdgkgError
from graph_build.namespaces import SH
from graph_build.parallel import PARALLEL_VALIDATION_ABOVE, ordered_map, workers_for
from graph_build.validate.batches import own_results, stable_blank_nodes
from graph_build.validate.rdf_input import InputLimits, read_rdf_file
from graph_build.validate.shacl import (
    ENGINES,
    SHACL_OPTIONS,
    Finding,
    Report,
    finding_key,
    findings_from,
    load_shapes,
    reference_graph,
    validate_graph,
)
from graph_build.validate.shape_reach import ShapeReach, Step, WholeGraphShapeError, shape_reaches

PART_STATEMENTS = 20_000
DEFAULT = ox.DefaultGraph()
TYPE = ox.NamedNode(str(RDF.type))
SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))
LABEL = ox.NamedNode(str(RDFS.label))
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class _Reach:
    """A shape's reach with its targets as store terms; classes include their subclasses."""

    classes: frozenset[Term]
    predicates: frozenset[Term]
    steps: list[Step]


def _subclasses(parents: dict[Term, set[Term]], targets: Iterable[Term]) -> frozenset[Term]:
    """``targets`` and every class below them."""
    children: dict[Term, set[Term]] = {}
    for child, ups in parents.items():
        for up in ups:
            children.setdefault(up, set()).add(child)
    found = set(targets)
    frontier = list(found)
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return frozenset(found)


class _Partitioner:
    """Focus nodes of the store gathered into parts, each with what its shapes read."""

    def __init__(self, store: ox.Store, reaches: list[ShapeReach], reference: Graph) -> None:
        self.store = store
        self.reference = reference
        # The data's subclass statements: targets and sh:class follow rdfs:subClassOf*.
        self.subclass_quads: dict[Term, list[ox.Quad]] = {}
        parents: dict[Term, set[Term]] = {}
        for quad in store.quads_for_pattern(None, SUBCLASS, None, DEFAULT):
            self.subclass_quads.setdefault(quad.subject, []).append(quad)
            parents.setdefault(quad.subject, set()).add(quad.object)
        for child, up in reference.subject_objects(RDFS.subClassOf):
            parents.setdefault(ox.NamedNode(str(child)), set()).add(ox.NamedNode(str(up)))
        self.reaches = [
            _Reach(
                _subclasses(parents, (ox.NamedNode(c) for c in r.target_classes)),
                frozenset(ox.NamedNode(p) for p in r.target_predicates),
                r.steps,
            )
            for r in reaches
        ]
        self.reference_types: dict[Term, set[Term]] = {}
        self.reference_predicates: dict[Term, set[Term]] = {}
        for s, p, o in reference:
            subject = _ox_term(s)
            self.reference_predicates.setdefault(subject, set()).add(ox.NamedNode(str(p)))
            if p == RDF.type:
                self.reference_types.setdefault(subject, set()).add(_ox_term(o))

    def applying(self, subject: Term, quads: list[ox.Quad]) -> list[_Reach]:
        """The shapes that target ``subject``, by its statements in the data and the reference."""
        types = {q.object for q in quads if q.predicate == TYPE}
        types |= self.reference_types.get(subject, set())
        predicates = {q.predicate for q in quads} | self.reference_predicates.get(subject, set())
        return [r for r in self.reaches if r.classes & types or r.predicates & predicates]

    def parts(self, size: int) -> Iterator[dict[Term, list[_Reach]]]:
        """Focus nodes in parts of about ``size`` own statements, in the store's subject order
        (each with all its statements, see :meth:`_add`), then the reference's own."""
        part: dict[Term, list[_Reach]] = {}
        count = 0
        subject: Term | None = None
        quads: list[ox.Quad] = []
        for quad in self.store.quads_for_pattern(None, None, None, DEFAULT):
            if quad.subject != subject:
                if subject is not None:
                    count += self._add(part, subject, quads)
                    if count >= size:
                        yield part
                        part, count = {}, 0
                subject, quads = quad.subject, []
            quads.append(quad)
        if subject is not None:
            self._add(part, subject, quads)
        if part:
            yield part
        # Focus nodes the reference alone describes (data may make them targets, or link to them).
        extra: dict[Term, list[_Reach]] = {}
        for node in self.reference_predicates:
            if isinstance(node, ox.Literal):
                continue
            found = self.applying(node, [])
            if (
                found
                and next(self.store.quads_for_pattern(node, None, None, DEFAULT), None) is None
            ):
                extra[node] = found
        if extra:
            yield extra

    def _add(self, part: dict[Term, list[_Reach]], subject: Term, quads: list[ox.Quad]) -> int:
        if isinstance(subject, ox.Literal):  # no statement has one as its subject
            return 0
        every = list(self.store.quads_for_pattern(subject, None, None, DEFAULT))
        if len(every) != len(quads):
            # An in-memory store need not keep a subject's statements together (one added in
            # another named graph comes later): the subject goes, whole, with the run that
            # holds its least statement, and the other runs add nothing.
            if min(every, key=str) not in quads:
                return 0
            quads = every
        found = self.applying(subject, quads)
        if not found:
            return 0
        part[subject] = found
        return len(quads)

    def statements(self, part: dict[Term, list[_Reach]]) -> list[ox.Quad]:
        """Everything the shapes of ``part`` read from the data."""
        walk = _Walk(self.store)
        by_reach: dict[int, tuple[_Reach, set[Term]]] = {}
        for node, found in part.items():
            walk.out(node)
            for reach in found:
                by_reach.setdefault(id(reach), (reach, set()))[1].add(node)
        for reach, nodes in by_reach.values():
            walk.steps(nodes, reach.steps)
        chosen = set(walk.incoming)
        for quads in walk.outgoing.values():
            chosen.update(quads)
        classes = [q.object for q in chosen if q.predicate in (TYPE, SUBCLASS)]
        for node in walk.outgoing:  # nodes typed by the reference terms alone
            classes.extend(self.reference_types.get(node, ()))
        seen: set[Term] = set()
        while classes:
            cls = classes.pop()
            if cls not in seen:
                seen.add(cls)
                for quad in self.subclass_quads.get(cls, ()):
                    chosen.add(quad)
                    classes.append(quad.object)
        return sorted(chosen, key=str)


class _Walk:
    """The walk of the shapes from a part's focus nodes over the store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.outgoing: dict[Term, list[ox.Quad]] = {}
        self.incoming: set[ox.Quad] = set()

    def out(self, node: Term) -> list[ox.Quad]:
        """The node's own statements (kept: every node reached comes with them)."""
        found = self.outgoing.get(node)
        if found is None:
            found = (
                []
                if isinstance(node, ox.Literal)
                else list(self.store.quads_for_pattern(node, None, None, DEFAULT))
            )
            self.outgoing[node] = found
        return found

    def follow(
        self, nodes: Iterable[Term], edges: tuple[tuple[str | None, bool], ...]
    ) -> set[Term]:
        """Nodes one statement away along ``edges``."""
        found: set[Term] = set()
        for node in nodes:
            for predicate, inward in edges:
                term = None if predicate is None else ox.NamedNode(predicate)
                if inward:
                    for quad in self.store.quads_for_pattern(None, term, node, DEFAULT):
                        self.incoming.add(quad)
                        found.add(quad.subject)
                else:
                    found.update(
                        q.object for q in self.out(node) if term is None or q.predicate == term
                    )
        for node in found:
            self.out(node)
        return found

    def steps(self, nodes: set[Term], steps: list[Step]) -> None:
        """Walk ``steps`` from ``nodes``."""
        for step in steps:
            reached = self.follow(nodes, step.edges)
            if step.repeat:
                reached |= nodes
                frontier = reached
                while frontier:
                    frontier = self.follow(frontier, step.edges) - reached
                    reached |= frontier
            if step.then and reached:
                self.steps(reached, step.then)


def _ox_term(node: object) -> Term:
    """An rdflib term of the reference graph as an Oxigraph term."""
    text = node.n3()  # type: ignore[attr-defined]
    quad = next(iter(ox.parse(f"<x:s> <x:p> {text} .", format=ox.RdfFormat.N_TRIPLES)))
    term: Term = quad.object
    return term


class _Validator:
    """Validates parts with one engine; the shapes are compiled once."""

    def __init__(self, engine: str, lang: str) -> None:
        self.engine = engine
        self.lang = lang
        self.shapes = load_shapes()
        self.reference = "".join(TermFormatter().lines(reference_graph())).encode("utf-8")
        self.compiled = (
            pyshacl_turbo.compile_shapes(self.shapes, advanced=True)  # type: ignore[no-untyped-call]
            if engine == "turbo"
            else None
        )

    def validate(self, quads: list[ox.Quad], own: set[Term]) -> tuple[list[Finding], Graph]:
        """Findings about ``own`` focus nodes in the data ``quads`` (with the reference terms)."""
        store = ox.Store()
        store.extend(quads)
        store.load(self.reference, format=ox.RdfFormat.N_TRIPLES)
        if self.compiled is not None:
            # Only the part's own focus nodes: the nodes brought in for context are judged in
            # their own part. The engine names focus nodes by IRI, so a part with blank focus
            # nodes is validated whole and its own results picked out.
            iris = sorted(n.value for n in own if isinstance(n, ox.NamedNode))
            named = len(iris) == len(own)
            _conforms, report, _text = self.compiled.validate(
                store,
                focus_nodes=iris if named else None,
                _normalize_report_literals=True,
                **SHACL_OPTIONS,
            )
            assert isinstance(report, Graph)
            kept = report if named else own_results(report, {_text_of(n) for n in own})
        else:
            _conforms, report, _text = pyshacl_validate(
                _rdflib_graph(store), shacl_graph=self.shapes, advanced=True, **SHACL_OPTIONS
            )
            assert isinstance(report, Graph)
            kept = own_results(report, {_text_of(n) for n in own})
        return findings_from(kept, _labels(quads, kept), self.shapes, self.lang), kept


def _labels(quads: list[ox.Quad], report: Graph) -> Graph:
    """The labels the data (not the reference terms) gives the focus nodes of ``report``."""
    focus = {str(f) for f in report.objects(None, SH.focusNode)}
    labels = Graph()
    for quad in quads:
        obj, subject = quad.object, quad.subject
        if (
            quad.predicate == LABEL
            and isinstance(obj, ox.Literal)
            and isinstance(subject, ox.NamedNode | ox.BlankNode)
            and subject.value in focus
        ):
            node = (
                URIRef(subject.value) if isinstance(subject, ox.NamedNode) else BNode(subject.value)
            )
            labels.add((node, RDFS.label, Literal(obj.value, lang=obj.language)))
    return labels


def _rdflib_graph(store: ox.Store) -> Graph:
    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, DEFAULT):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


class _PartRunner:
    """Validates parts: the walk over the store and the engine, made once per process."""

    def __init__(self, store: ox.Store, lang: str, engine: str, keep_report: bool) -> None:
        self.validator = _Validator(engine, lang)
        self.partitioner = _Partitioner(
            store, shape_reaches(self.validator.shapes), reference_graph()
        )
        self.keep_report = keep_report

    def parts(self, size: int) -> Iterator[list[tuple[Term, list[int]]]]:
        """The parts, with shapes named by their place in the partitioner's list (to send them
        to other processes)."""
        place = {id(r): i for i, r in enumerate(self.partitioner.reaches)}
        for part in self.partitioner.parts(size):
            yield [(node, [place[id(r)] for r in found]) for node, found in part.items()]

    def run(self, items: list[tuple[Term, list[int]]]) -> tuple[list[Finding], list[str]]:
        """Findings of one part, and the N-Triples of its results when the report is kept."""
        reaches = self.partitioner.reaches
        part = {node: [reaches[i] for i in found] for node, found in items}
        found, report = self.validator.validate(self.partitioner.statements(part), set(part))
        lines: list[str] = []
        if self.keep_report:
            kept = own_results(report, {_text_of(n) for n in part})
            lines = TermFormatter().lines(stable_blank_nodes(kept, self.validator.shapes))
        return found, lines


_RUNNER: _PartRunner | None = None


def _start_runner(folder: str, lang: str, engine: str, keep_report: bool) -> None:
    global _RUNNER
    _RUNNER = _PartRunner(ox.Store.read_only(folder), lang, engine, keep_report)


def _run_part(items: list[tuple[Term, list[int]]]) -> tuple[list[Finding], list[str]]:
    assert _RUNNER is not None
    return _RUNNER.run(items)


def validate_store_in_parts(
    store: ox.Store,
    lang: str = "en",
    engine: str = "turbo",
    part_statements: int = PART_STATEMENTS,
    keep_report: bool = True,
    workers: int = 1,
    folder: Path | None = None,
) -> Report:
    """Validate the default graph of ``store`` part by part (see the module's description).
    ``keep_report=False`` leaves out the raw SHACL report (findings only), which costs more
    than the validation when there are many results. With ``workers`` above 1 and the
    ``folder`` of an on-disk ``store``, parts are validated by that many processes, each
    reading the store read-only.

    Raise :class:`WholeGraphShapeError` when the shapes need the whole graph at once.
    """
    if engine not in ENGINES:
        raise SdgkgError(f"unknown SHACL engine '{engine}': use one of {', '.join(ENGINES)}")
    runner = _PartRunner(store, lang, engine, keep_report)
    parts = runner.parts(part_statements)
    results: Iterable[tuple[list[Finding], list[str]]]
    if workers > 1 and folder is not None:
        store.flush()
        results = list(
            ordered_map(
                _run_part,
                parts,
                workers,
                initializer=_start_runner,
                initargs=(str(folder), lang, engine, keep_report),
            )
        )
    else:
        results = map(runner.run, parts)
    findings: list[Finding] = []
    lines: list[str] = []
    for found, part_lines in results:
        findings.extend(found)
        lines.extend(part_lines)
    findings.sort(key=finding_key)
    conforms = not any(f.severity == "Violation" for f in findings)
    report = _report_head(lines, conforms) + "".join(lines) if keep_report else ""
    return Report(findings, report_ntriples=report)


def _text_of(term: Term) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode) else str(term)


def _report_head(lines: list[str], conforms: bool) -> str:
    """The sh:ValidationReport node that holds the results, as a whole-graph run writes it."""
    head = "_:report"
    results = sorted({line.split(" ", 1)[0] for line in lines if line.startswith("_:r")})
    out = [
        f"{head} <{RDF.type}> <{SH.ValidationReport}> .\n",
        f'{head} <{SH.conforms}> "{str(conforms).lower()}"'
        f"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n",
    ]
    out.extend(f"{head} <{SH.result}> {r} .\n" for r in results)
    return "".join(out)


def validate_rdf_files(
    paths: list[Path],
    limits: InputLimits | None = None,
    lang: str = "en",
    engine: str = "turbo",
    on_whole_graph: Callable[[str], None] | None = None,
    keep_report: bool = True,
    workers: int | None = None,
) -> Report:
    """Read ``paths`` (bounded by ``limits``) into a temporary store on disk and validate them
    in parts; when the shapes need the whole graph, say why through ``on_whole_graph`` and
    validate it at once. ``workers`` processes validate the parts (by default every core for
    more than :data:`PARALLEL_VALIDATION_ABOVE` statements, else this process alone).
    Raise :class:`~graph_build.errors.InputError` on unreadable files."""
    with tempfile.TemporaryDirectory(
        prefix="sdgkg-validate-", ignore_cleanup_errors=True
    ) as folder:
        store = ox.Store(folder)
        statements = sum(read_rdf_file(path, limits or InputLimits(), store) for path in paths)
        if workers is None:
            workers = workers_for(statements, PARALLEL_VALIDATION_ABOVE)
        try:
            report = validate_store_in_parts(
                store, lang, engine, keep_report=keep_report, workers=workers, folder=Path(folder)
            )
        except WholeGraphShapeError as exc:
            if on_whole_graph is not None:
                on_whole_graph(str(exc))
            report = validate_graph(_rdflib_graph(store), lang, engine)
        del store  # closed before its folder is removed
    return report
