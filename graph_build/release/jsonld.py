"""Compact, readable JSON-LD written directly from sorted triples with the project's ``@context``.

The context (``context/sdgkg.jsonld``) defines the prefixes and a few terms: language maps for
labels and definitions (``"label": {"ja": …, "en": …}``) and IRI-valued properties such as
``source``. The writer picks a term only where the value fits the term's definition exactly and
falls back to a compact IRI key with an explicit value object otherwise, so the document always
expands to the very triples it was written from. Lexical forms are kept: numbers other than
canonical integers stay strings with their datatype.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from graph_build.paths import CONTEXT_FILE

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

Json = dict[str, Any]


@dataclass(frozen=True)
class TermDefinition:
    """One expanded term of the context: its IRI, type coercion and container."""

    name: str
    iri: str
    type: str | None = None
    container: str | None = None


@dataclass(frozen=True)
class Context:
    """The parsed ``@context``: prefixes (longest namespace first) and terms by IRI."""

    document: Json
    prefixes: tuple[tuple[str, str], ...]
    terms: dict[str, tuple[TermDefinition, ...]]
    # Namespace found for each distinct IRI head (the IRI up to its last "/" or "#").
    _heads: dict[str, tuple[str, str] | None] = field(default_factory=dict, compare=False)

    def compact_iri(self, iri: str) -> str:
        """``…/sdgkg/ontology#KPI`` → ``sdgkg:KPI`` when a prefix fits, else the IRI as it is."""
        head = iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]
        if head not in self._heads:
            self._heads[head] = next(
                ((p, ns) for p, ns in self.prefixes if head.startswith(ns)), None
            )
        found = self._heads[head]
        if found is not None:
            prefix, namespace = found
            local = iri[len(namespace) :]
            # An empty or "//"-led local part would not read back as the same IRI.
            if local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri


def load_context(path: Path = CONTEXT_FILE) -> Json:
    """The JSON-LD context document published with the project."""
    with path.open(encoding="utf-8") as handle:
        document: Json = json.load(handle)
    return document


@cache
def project_context() -> Context:
    """The project's context, parsed once."""
    return parse_context(load_context())


def parse_context(document: Json) -> Context:
    """Expand the prefixes and term definitions of a context document (flat contexts only)."""
    raw: Json = document["@context"]
    prefixes = {
        name: value
        for name, value in raw.items()
        if isinstance(value, str) and value.endswith(("/", "#"))
    }

    def expand(value: str) -> str:
        if value.startswith("@"):
            return value
        head, sep, tail = value.partition(":")
        if sep and head in prefixes:
            return prefixes[head] + tail
        return value

    terms: dict[str, list[TermDefinition]] = defaultdict(list)
    for name, value in raw.items():
        if name in prefixes:
            continue
        if isinstance(value, str):
            terms[expand(value)].append(TermDefinition(name, expand(value)))
        else:
            iri = expand(value["@id"])
            coercion = value.get("@type")
            terms[iri].append(
                TermDefinition(
                    name,
                    iri,
                    expand(coercion) if coercion else None,
                    value.get("@container"),
                )
            )
    ordered = tuple(sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0])))
    return Context(document, ordered, {k: tuple(v) for k, v in terms.items()})


def _node_ref(context: Context, term: ox.NamedNode | ox.BlankNode) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return context.compact_iri(term.value)


def _literal_object(context: Context, literal: ox.Literal) -> Any:
    """A literal as a value object, or as plain JSON where that reads back identically."""
    if literal.language:
        return {"@value": literal.value, "@language": literal.language}
    datatype = literal.datatype.value
    if datatype == XSD + "string":
        return literal.value
    if datatype == XSD + "integer" and literal.value.lstrip("-").isdigit():
        number = int(literal.value)
        if str(number) == literal.value:
            return number
    if datatype == XSD + "boolean" and literal.value in ("true", "false"):
        return literal.value == "true"
    return {"@value": literal.value, "@type": context.compact_iri(datatype)}


def _add(node: Json, key: str, value: Any) -> None:
    node.setdefault(key, []).append(value)


def _place_value(
    context: Context,
    node: Json,
    predicate: str,
    obj: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
) -> None:
    """Put one object under the best-fitting key of ``node``."""
    for term in context.terms.get(predicate, ()):
        if isinstance(obj, ox.Literal):
            if term.container == "@language" and term.type is None and obj.language:
                node.setdefault(term.name, {}).setdefault(obj.language, []).append(obj.value)
                return
            if term.container is None and term.type == obj.datatype.value and not obj.language:
                _add(node, term.name, obj.value)
                return
            if term.container is None and term.type is None:
                _add(node, term.name, _literal_object(context, obj))
                return
        elif isinstance(obj, ox.NamedNode | ox.BlankNode):
            if term.container is None and term.type == "@id":
                _add(node, term.name, _node_ref(context, obj))
                return
            if term.container is None and term.type is None:
                _add(node, term.name, {"@id": _node_ref(context, obj)})
                return
    key = context.compact_iri(predicate)
    if isinstance(obj, ox.Literal):
        _add(node, key, _literal_object(context, obj))
    elif isinstance(obj, ox.NamedNode | ox.BlankNode):
        _add(node, key, {"@id": _node_ref(context, obj)})
    else:  # pragma: no cover - RDF-star terms do not occur in the graph
        raise TypeError(f"cannot write {obj!r} as JSON-LD")


def _tidy(node: Json) -> Json:
    """Single values without arrays, keys in a stable order (``@id``, ``@type``, then by name)."""
    out: Json = {}
    for key in ("@id", "@type"):
        if key in node:
            out[key] = node[key][0] if key == "@type" and len(node[key]) == 1 else node[key]
    for key in sorted(k for k in node if not k.startswith("@")):
        value = node[key]
        if isinstance(value, dict):  # a language map
            out[key] = {lang: v[0] if len(v) == 1 else v for lang, v in sorted(value.items())}
        else:
            out[key] = value[0] if len(value) == 1 else value
    return out


def _nodes(triples: Iterable[ox.Triple], ctx: Context) -> Iterator[Json]:
    """One tidy node object per subject, in the order of the triples, which must come grouped
    by subject (as sorted triples do): a node is finished when the next subject starts."""
    node: Json | None = None
    done: set[str] = set()
    for triple in triples:
        subject = triple.subject
        if not isinstance(subject, ox.NamedNode | ox.BlankNode):  # pragma: no cover
            raise TypeError(f"cannot write subject {subject!r} as JSON-LD")
        ref = _node_ref(ctx, subject)
        if node is None or node["@id"] != ref:
            if node is not None:
                done.add(node["@id"])
                yield _tidy(node)
            if ref in done:
                raise ValueError(f"the triples of {ref} are not together: sort them first")
            node = {"@id": ref}
        obj = triple.object
        if triple.predicate.value == RDF_TYPE and isinstance(obj, ox.NamedNode):
            _add(node, "@type", ctx.compact_iri(obj.value))
        else:
            _place_value(ctx, node, triple.predicate.value, obj)
    if node is not None:
        yield _tidy(node)


def _dumps(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(…, indent=1)`` writes it ``depth`` levels down a document."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("\n", "\n" + " " * depth)


def write_jsonld(
    triples: Iterable[ox.Triple], output: IO[bytes], context: Context | None = None
) -> None:
    """The triples as a compact JSON-LD document with the context embedded, one value per line
    for readable diffs, written node by node (a node holds one subject's triples).

    The triples must come grouped by subject (sort them first for stable output); within a
    node values keep their order. The text is what ``json.dumps(document, indent=1)`` gives.
    """
    ctx = context or project_context()
    output.write(b'{\n "@context": ')
    output.write(_dumps(ctx.document["@context"], 1).encode("utf-8"))
    output.write(b',\n "@graph": [')
    first = True
    for node in _nodes(triples, ctx):
        output.write(b"\n  " if first else b",\n  ")
        output.write(_dumps(node, 2).encode("utf-8"))
        first = False
    output.write(b"]\n}\n" if first else b"\n ]\n}\n")


def jsonld_bytes(triples: Iterable[ox.Triple], context: Context | None = None) -> bytes:
    """:func:`write_jsonld` into bytes."""
    buffer = io.BytesIO()
    write_jsonld(triples, buffer, context)
    return buffer.getvalue()
