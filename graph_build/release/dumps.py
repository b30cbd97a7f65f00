"""Dumps: the union graph in Turtle, and rdflib named graphs as Oxigraph quads."""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph_build.emit.dataset import NamedGraphs
from graph_build.emit.dump_blocks import EarlierBuild, Segment
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


def _prefixes() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}


def write_union_turtle(nquads: Path, turtle: Path) -> Path:
    """The union of every named graph of ``nquads`` as Turtle, streamed in the dump's order:
    the definition of the build's Turtle dump, which :func:`write_turtle_by_segments` writes.

    The dump is sorted within each graph, so the Turtle groups each subject's statements; a node
    described in several graphs (a stakeholder named by two cities) gets one block per graph.
    """
    triples = (q.triple for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    ox.serialize(triples, output=str(turtle), format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
    return turtle


def _segment_turtle(data: bytes, first: bool) -> bytes:
    """One segment's statements as Turtle; the prefix lines only for the ``first``."""
    out = io.BytesIO()
    triples = (q.triple for q in ox.parse(data, format=ox.RdfFormat.N_QUADS))
    ox.serialize(triples, output=out, format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
    text = out.getvalue()
    if not first:
        while text.startswith(b"@prefix "):
            text = text[text.index(b"\n") + 1 :]
    return text


#: An earlier Turtle dump and its segments: (digest, first or not) → bytes and their digest.
EarlierTurtle = tuple[Path, dict[tuple[str, bool], tuple[int, int, str]]]


#: Where the receipt's entry for the next build lists the segments of the Turtle dump.
TURTLE_KEY = "turtle_segments"


def earlier_turtle(earlier: EarlierBuild | None) -> EarlierTurtle | None:
    """The earlier build's Turtle dump and the segments its receipt lists, or ``None`` if there
    is no earlier build or the list is not one :func:`write_turtle_by_segments` wrote."""
    if earlier is None:
        return None
    try:
        found = {
            (str(sha), bool(first)): (int(start), int(end), str(digest))
            for sha, first, start, end, digest in earlier.entry.get(TURTLE_KEY) or []
        }
    except (TypeError, ValueError):
        return None
    return earlier.out / TURTLE_FILE, found


def write_turtle_by_segments(
    nquads: Path,
    turtle: Path,
    segments: Sequence[Segment],
    earlier: EarlierTurtle | None = None,
) -> tuple[list[list[Any]], int]:
    """The same bytes as :func:`write_union_turtle`, written a segment of the dump at a time.

    A streaming Turtle writer joins statements only across a subject that runs on, and no
    subject runs across a boundary between segments, so the segments' Turtle, one after the
    other with the prefix lines once, is the dump's (``tests/test_build_reuse.py`` compares).
    A segment whose digest and place (first or not) an earlier Turtle dump lists is copied from
    it (``earlier``) when those bytes still match their digest; the others are written afresh.
    Returns this dump's segments as the receipt lists them (the segment's digest, first or
    not, and the start, end and digest of its bytes in the Turtle), and how many were copied.
    """
    listed: list[list[Any]] = []
    offset = copied_count = 0
    places = {} if earlier is None else earlier[1]
    with contextlib.ExitStack() as stack:
        source = stack.enter_context(nquads.open("rb"))
        target = stack.enter_context(turtle.open("wb"))
        old = None
        if earlier is not None and earlier[0].is_file():
            old = stack.enter_context(earlier[0].open("rb"))
        for segment in segments:
            first = offset == 0  # the prefix lines come with the first statements written
            place = places.get((segment.sha256, first))
            text = None
            if old is not None and place is not None:
                old.seek(place[0])
                copied = old.read(place[1] - place[0])
                if hashlib.sha256(copied).hexdigest() == place[2]:
                    text = copied
                    copied_count += 1
            if text is None:
                source.seek(segment.start)
                text = _segment_turtle(source.read(segment.end - segment.start), first)
            target.write(text)
            digest = hashlib.sha256(text).hexdigest()
            listed.append([segment.sha256, first, offset, offset + len(text), digest])
            offset += len(text)
    return listed, copied_count
