"""What the SHACL shapes read around a focus node, so a large graph can be validated in parts.

A shape looks at its focus node, then walks from it: along its property paths, and along the
triple patterns of its SPARQL constraints, outward (``$this p ?x``) or inward (``?x p $this``).
:func:`shape_reaches` reads that walk from the shapes themselves. A part of the graph that holds
every statement of every node the walk can reach from the part's focus nodes, and every statement
the inward steps cross, gives each of those focus nodes the same results as the whole graph:
each step of a match is a statement met by the walk (a superset of the matches is kept, never a
subset, and ``FILTER NOT EXISTS`` patterns are walked like the others).

Shapes whose reach cannot be read this way (a target that is not a class or the subjects of a
predicate, a SPARQL pattern not joined to ``$this``, a constraint this module does not know) raise
:class:`WholeGraphShapeError`, and the caller validates the whole graph at once instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.paths import (
    AlternativePath,
    InvPath,
    MulPath,
    NegatedPath,
    Path,
    SequencePath,
)
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from graph_build.namespaces import SH

THIS = Variable("this")
# Parameters that look at the focus or value nodes themselves, or at the focus node's own
# statements, and so need no walk of their own.
LOCAL_PARAMETERS = frozenset(
    SH[name]
    for name in [
        "class",
        "datatype",
        "nodeKind",
        "minCount",
        "maxCount",
        "minInclusive",
        "maxInclusive",
        "minExclusive",
        "maxExclusive",
        "minLength",
        "maxLength",
        "pattern",
        "flags",
        "languageIn",
        "uniqueLang",
        "in",
        "hasValue",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "closed",
        "ignoredProperties",
        "message",
        "severity",
        "name",
        "description",
        "order",
        "group",
        "defaultValue",
        "deactivated",
        "path",
        "targetClass",
        "targetSubjectsOf",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint",
    ]
)
NESTED_SHAPE = (SH.node, SH.qualifiedValueShape, SH["not"])
NESTED_LISTS = (SH["and"], SH["or"], SH.xone)


class WholeGraphShapeError(Exception):
    """A shape whose reach is not known: the graph must be validated whole."""


@dataclass
class Step:
    """Follow statements from the current nodes: ``edges`` are (predicate or None for any,
    inward?); once unless ``repeat`` (then to a fixed point, the start nodes kept). ``then`` goes
    on from the nodes reached."""

    edges: tuple[tuple[str | None, bool], ...]
    repeat: bool = False
    then: list[Step] = field(default_factory=list)


@dataclass
class ShapeReach:
    """One node shape: what it targets and the walk from each focus node."""

    shape: str
    target_classes: frozenset[str]
    target_predicates: frozenset[str]
    steps: list[Step]


def _edges(path: Path | Node, inverse: bool) -> Iterator[tuple[str | None, bool]]:
    """Every single statement a (possibly repeated) path can cross, with its direction."""
    if isinstance(path, URIRef):
        yield str(path), inverse
    elif isinstance(path, Variable | BNode):
        yield None, inverse
    elif isinstance(path, InvPath):
        yield from _edges(path.arg, not inverse)
    elif isinstance(path, SequencePath | AlternativePath):
        for arg in path.args:
            yield from _edges(arg, inverse)
    elif isinstance(path, MulPath):
        yield from _edges(path.path, inverse)
    elif isinstance(path, NegatedPath):
        for arg in path.args:
            yield None, inverse != isinstance(arg, InvPath)
    else:
        raise WholeGraphShapeError(f"unknown path {path!r}")


def path_steps(path: Path | Node, inverse: bool, then: list[Step]) -> list[Step]:
    """Steps that walk ``path`` (reversed when ``inverse``) and go on with ``then``."""
    if isinstance(path, URIRef | Variable | BNode):
        return [Step(tuple(_edges(path, inverse)), then=then)]
    if isinstance(path, InvPath):
        return path_steps(path.arg, not inverse, then)
    if isinstance(path, SequencePath):
        # a/b walks a then b; its inverse ^(a/b) walks ^b then ^a.
        steps = then
        for arg in path.args if inverse else reversed(path.args):
            steps = path_steps(arg, inverse, steps)
        return steps
    if isinstance(path, AlternativePath):
        return [s for arg in path.args for s in path_steps(arg, inverse, then)]
    if isinstance(path, MulPath | NegatedPath):
        repeat = isinstance(path, MulPath)
        return [Step(tuple(dict.fromkeys(_edges(path, inverse))), repeat=repeat, then=then)]
    raise WholeGraphShapeError(f"unknown path {path!r}")


def shacl_path(shapes: Graph, node: Node) -> Path | URIRef:
    """A SHACL path (RDF) as an rdflib path."""
    if isinstance(node, URIRef):
        return node
    if (node, RDF.first, None) in shapes:
        return SequencePath(*[shacl_path(shapes, n) for n in Collection(shapes, node)])
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        return InvPath(shacl_path(shapes, inverse))
    # Every repetition is walked to a fixed point (see path_steps), so "*", "+" and "?" alike.
    for predicate in (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        inner = shapes.value(node, predicate)
        if inner is not None:
            return MulPath(shacl_path(shapes, inner), "*")
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return AlternativePath(*[shacl_path(shapes, n) for n in Collection(shapes, alternatives)])
    raise WholeGraphShapeError(f"unknown SHACL path {node!r}")


def _triple_patterns(algebra: object) -> Iterator[tuple[Node, Path | Node, Node]]:
    """Every triple pattern of a query's algebra, in EXISTS and NOT EXISTS filters too."""
    if isinstance(algebra, CompValue):
        for key, value in algebra.items():
            if key == "triples":
                # The parser keeps a block's patterns as lists of 3n terms.
                for block in value:
                    terms = list(block)
                    for i in range(0, len(terms) - 2, 3):
                        yield terms[i], terms[i + 1], terms[i + 2]
            elif not key.startswith("_"):
                yield from _triple_patterns(value)
    elif isinstance(algebra, list | tuple):
        for item in algebra:
            yield from _triple_patterns(item)


def _prefixes(shapes: Graph) -> dict[str, str]:
    return {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for d in shapes.objects(None, SH.declare)
    }


def sparql_steps(shapes: Graph, select: str) -> list[Step]:
    """The walk from ``$this`` over the triple patterns of a SPARQL constraint."""
    query = prepareQuery(select, initNs=_prefixes(shapes))
    patterns = list(_triple_patterns(query.algebra))
    root: list[Step] = []
    reached: dict[Node, list[Step]] = {THIS: root}
    variable = (Variable, BNode)
    pending = list(patterns)
    while pending:
        left = []
        for s, p, o in pending:
            if s in reached and (o in reached or not isinstance(o, variable)):
                continue  # the subject's own statements hold it
            if o in reached and not isinstance(s, variable):
                raise WholeGraphShapeError(f"pattern from a fixed subject {s} in {select!r}")
            if s in reached:
                then = reached[o] = []
                reached[s].extend(path_steps(p, False, then))
            elif o in reached:
                then = reached[s] = []
                reached[o].extend(path_steps(p, True, then))
            else:
                left.append((s, p, o))
        if len(left) == len(pending):
            raise WholeGraphShapeError(f"patterns not joined to $this in {select!r}")
        pending = left
    return root


def _shape_steps(shapes: Graph, shape: Node, seen: frozenset[Node]) -> list[Step]:
    """The walk a shape makes from one node it checks (focus or value node)."""
    if shape in seen:
        raise WholeGraphShapeError(f"recursive shape {shape}")
    seen = seen | {shape}
    steps: list[Step] = []
    for predicate, value in shapes.predicate_objects(shape):
        if not str(predicate).startswith(str(SH)) or predicate in LOCAL_PARAMETERS:
            continue
        if predicate == SH.property:
            path = shapes.value(value, SH.path)
            if path is None:
                raise WholeGraphShapeError(f"property shape without a path: {value}")
            values = _shape_steps(shapes, value, seen)
            steps.extend(path_steps(shacl_path(shapes, path), False, values))
        elif predicate in NESTED_SHAPE:
            steps.extend(_nested(shapes, shape, value, seen))
        elif predicate in NESTED_LISTS:
            for member in Collection(shapes, value):
                steps.extend(_nested(shapes, shape, member, seen))
        elif predicate == SH.sparql and shapes.value(shape, SH.path) is None:
            select = shapes.value(value, SH.select)
            if not isinstance(select, Literal):
                raise WholeGraphShapeError(f"SPARQL constraint without sh:select: {value}")
            steps.extend(sparql_steps(shapes, str(select)))
        elif predicate == SH.qualifiedValueShapesDisjoint:
            continue
        else:
            raise WholeGraphShapeError(f"{shape} uses {predicate}, which needs the whole graph")
    return steps


def _nested(shapes: Graph, parent: Node, nested: Node, seen: frozenset[Node]) -> list[Step]:
    steps = _shape_steps(shapes, nested, seen)
    path = shapes.value(parent, SH.path)
    if path is not None and (parent, SH.qualifiedValueShapesDisjoint, Literal(True)) in shapes:
        raise WholeGraphShapeError(f"{parent}: disjoint qualified shapes compare siblings")
    return steps


def _is_node_shape(shapes: Graph, node: Node) -> bool:
    if (node, RDF.type, SH.NodeShape) in shapes:
        return True
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf, SH.target)
    return any((node, t, None) in shapes for t in targets)


def shape_reaches(shapes: Graph) -> list[ShapeReach]:
    """The targets and walk of every targeted shape; raise :class:`WholeGraphShapeError` when a
    shape needs more than the walk from its focus nodes."""
    reaches = []
    for shape in sorted({s for s in shapes.subjects() if _is_node_shape(shapes, s)}, key=str):
        for unsupported in (SH.targetNode, SH.targetObjectsOf, SH.target):
            if (shape, unsupported, None) in shapes:
                raise WholeGraphShapeError(f"{shape} has a {unsupported} target")
        classes = {str(c) for c in shapes.objects(shape, SH.targetClass)}
        if (shape, RDF.type, RDFS.Class) in shapes:
            classes.add(str(shape))  # an implicit class target
        predicates = {str(p) for p in shapes.objects(shape, SH.targetSubjectsOf)}
        if not classes and not predicates:
            continue  # only reached through other shapes
        if shapes.value(shape, SH.path) is not None:
            raise WholeGraphShapeError(f"{shape}: a targeted property shape")
        reaches.append(
            ShapeReach(
                str(shape),
                frozenset(classes),
                frozenset(predicates),
                _shape_steps(shapes, shape, frozenset()),
            )
        )
    return reaches
