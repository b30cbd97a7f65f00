"""Small, syntax-aware edits and checks of SPARQL query text.

A library query's parameters travel as inline ``VALUES`` blocks, to the embedded store and to
remote endpoints alike: one at the top of the query's ``WHERE`` group, and one at the top of every
sub-select that projects the parameter's variable. The second is what makes a bound query fast: a
store evaluates a sub-select on its own, so a binding only at the top would filter the sub-select's
answers for every municipality after computing them (pyoxigraph's initial bindings behave that way
too). The values are RDF terms written by pyoxigraph (IRIs checked, literals escaped), so a value
can never end the block and add query text of its own. The scanner skips comments, IRIs and
strings, so a ``{``, ``SELECT`` or ``WHERE`` inside them is never mistaken for syntax.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence

import pyoxigraph as ox

from graph_build.errors import SdgkgError

Term = ox.NamedNode | ox.Literal | ox.BlankNode
#: What a variable is bound to: one term, or several (one row of ``VALUES`` each).
Binding = Term | tuple[Term, ...]

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'",
    re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


#: Keywords that make a store reach out over the network or change data: a read-only endpoint
#: refuses them before the store sees the query.
NETWORK_KEYWORDS = frozenset({"SERVICE", "LOAD"})
_OPENING = {"{": "}", "(": ")", "[": "]"}


@functools.lru_cache(maxsize=64)
def _tokens(query: str, brackets: bool = False) -> tuple[tuple[int, str], ...]:
    """Positions and text of keywords and braces outside comments, IRIs and strings (with
    ``brackets``, also parentheses and square brackets).

    Kept for the last texts seen: a server binds parameters into the same library texts again
    and again, and reading a text takes longer than a query bound to one entity.
    """
    return tuple(_scan(query, brackets))


def _scan(query: str, brackets: bool = False) -> Iterator[tuple[int, str]]:
    grouping = "{}()[]" if brackets else "{}"
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
        elif (ch == "<" and (m := _IRIREF.match(query, i))) or (
            ch in "\"'" and (m := _STRING.match(query, i))
        ):
            i = m.end()
        elif ch in "?$":
            # a variable: ?where is not the keyword WHERE
            m = _WORD.match(query, i + 1)
            i = m.end() if m else i + 1
        elif ch in grouping:
            yield i, ch
            i += 1
        elif m := _WORD.match(query, i):
            # prefixed names (ex:where, where:x) and language tags (@en) are not keywords
            before = query[i - 1] if i else " "
            after = query[m.end()] if m.end() < n else " "
            if before not in ":@" and after != ":":
                yield i, m.group().upper()
            i = m.end()
        else:
            i += 1


def where_brace(query: str) -> int:
    """Position of the ``{`` that opens the query's top-level ``WHERE`` group."""
    seen_where = False
    first_brace = -1
    for pos, token in _tokens(query):
        if token == "WHERE":
            seen_where = True
        elif token == "{":
            if seen_where:
                return pos
            if first_brace < 0:
                first_brace = pos
    if first_brace >= 0:  # SELECT * { … } without the optional WHERE keyword
        return first_brace
    raise SdgkgError("the query has no WHERE group to bind parameters in")


def variable_order(query: str) -> list[str]:
    """The variables of the query's ``WHERE`` group in the order they first appear (outside
    comments, IRIs and strings): the order ``SELECT *`` lists its columns in."""
    text = query[where_brace(query) :]
    seen: dict[str, None] = {}
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif (ch == "<" and (m := _IRIREF.match(text, i))) or (
            ch in "\"'" and (m := _STRING.match(text, i))
        ):
            i = m.end()
        elif ch in "?$" and (m := _WORD.match(text, i + 1)):
            seen.setdefault(m.group(), None)
            i = m.end()
        else:
            i += 1
    return list(seen)


def query_form(query: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK``: the first of them outside comments,
    IRIs and strings (``""`` when there is none)."""
    forms = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
    return next((token for _, token in _tokens(query) if token in forms), "")


def selects_star(query: str) -> bool:
    """Whether the query's outermost projection is ``SELECT *`` (or ``SELECT DISTINCT *``)."""
    first = next((pos for pos, token in _tokens(query) if token == "SELECT"), None)
    if first is None:
        return False
    return re.match(r"SELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?\*", query[first:], re.I) is not None


class QueryRefusedError(SdgkgError):
    """A query a read-only endpoint will not run: too large, too deep, or reaching out."""


def check_served_query(query: str, *, max_chars: int, max_depth: int) -> None:
    """Refuse a query text before a store parses it: longer than ``max_chars``, nested deeper
    than ``max_depth`` (braces, parentheses and brackets together: the store's parser recurses
    and a deep enough text ends the process), or asking for network access (``SERVICE``,
    ``LOAD``). Raises :class:`QueryRefusedError` with what to change."""
    if len(query) > max_chars:
        raise QueryRefusedError(
            f"the query has {len(query):,} characters; this endpoint takes at most "
            f"{max_chars:,} (クエリが長すぎます)"
        )
    depth = 0
    for _pos, token in _tokens(query, brackets=True):
        if token in _OPENING:
            depth += 1
            if depth > max_depth:
                raise QueryRefusedError(
                    f"the query nests groups and brackets more than {max_depth} deep; "
                    f"flatten it (入れ子が深すぎます)"
                )
        elif token in ("}", ")", "]"):
            depth = max(0, depth - 1)
        elif token in NETWORK_KEYWORDS:
            raise QueryRefusedError(
                f"{token} is refused: this endpoint answers from its own graph only and "
                f"makes no network requests; run federated queries elsewhere "
                f"(外部への問い合わせはできません)"
            )


def has_dataset_clause(query: str) -> bool:
    """True when the query names its own dataset (``FROM`` or ``FROM NAMED``) before ``WHERE``."""
    for _pos, token in _tokens(query):
        if token == "FROM":
            return True
        if token in ("WHERE", "{"):
            return False
    return False


def reads_named_graphs(query: str) -> bool:
    """True when the query has a ``GRAPH`` pattern, the only part that reads named graphs."""
    return any(token == "GRAPH" for _pos, token in _tokens(query))


def with_dataset(query: str, graphs: Sequence[str]) -> str:
    """``query`` with ``FROM <g>`` for each of ``graphs``, and ``FROM NAMED <g>`` too when the
    query reads named graphs (``GRAPH``), written just before its top-level ``WHERE`` (or the
    group that opens it when ``WHERE`` is left out).

    A dataset in the query text travels in the request body, however many graphs it names; the
    protocol's ``default-graph-uri`` parameters do too, but Virtuoso repeats each of them as a
    response header, and HTTP clients refuse answers with more than about 100 headers. Each
    graph named costs Virtuoso compile-time memory (with all the graphs of a large build named
    twice it refuses some queries), so a query that never says ``GRAPH`` gets no named graphs:
    it cannot see them.
    """
    if has_dataset_clause(query):
        raise SdgkgError(
            "the query names its own dataset (FROM …); leave out --graph or its FROM clauses"
        )
    position = next((pos for pos, token in _tokens(query) if token == "WHERE"), None)
    if position is None:
        position = where_brace(query)
    iris = []
    for graph in graphs:
        try:
            iris.append(str(ox.NamedNode(graph)))  # checked: an IRI cannot add query text
        except ValueError as exc:
            raise SdgkgError(f"graph {graph!r} is not an IRI ({exc})") from exc
    clauses = "".join(f"FROM {iri}\n" for iri in iris)
    if reads_named_graphs(query):
        clauses += "".join(f"FROM NAMED {iri}\n" for iri in iris)
    return query[:position] + clauses + query[position:]


def values_block(bindings: Mapping[ox.Variable, Binding]) -> str:
    """``VALUES (?a ?b) { (<…> "…") }``: the variables in a fixed order, and a row for each
    combination of their values (one row when each is bound to one term)."""
    names = sorted(bindings, key=lambda v: v.value)
    variables = " ".join(str(v) for v in names)
    choices = [_values(bindings[v]) for v in names]
    rows = " ".join(
        "(" + " ".join(str(t) for t in row) + ")" for row in itertools.product(*choices)
    )
    return f"VALUES ({variables}) {{ {rows} }}"


def _values(binding: Binding) -> tuple[Term, ...]:
    return binding if isinstance(binding, tuple) else (binding,)


def _projects(projection: str, variable: ox.Variable) -> bool:
    """True when a sub-select's projection passes ``variable`` through from its own pattern.

    ``SELECT *`` does; ``(… AS ?v)`` does not, because the sub-select computes ``?v`` itself.
    """
    name = re.escape(variable.value)
    if re.search(rf"\bAS\s+[?$]{name}\b", projection, re.IGNORECASE):
        return False
    return projection.strip().startswith("*") or bool(re.search(rf"[?$]{name}\b", projection))


def _groups(query: str) -> list[tuple[int, int, str]]:
    """Every ``{ … }`` group outside comments, IRIs and strings: opening and closing position,
    and the keyword that introduced it (``WHERE``, ``OPTIONAL``, ``UNION``, ``SELECT``, …).

    A group that starts a sub-select (``{ SELECT … { … } }``) is marked ``SUB``, even as a branch
    of a ``UNION``; the first branch of a ``UNION`` is marked ``UNION`` like the second.
    """
    tokens = _tokens(query)
    opened: list[tuple[int, str]] = []
    groups: list[tuple[int, int, str]] = []
    previous = ""
    for index, (pos, token) in enumerate(tokens):
        if token == "{":
            following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            kind = "SUB" if following == "SELECT" else previous
            opened.append((pos, kind))
        elif token == "}" and opened:
            start, kind = opened.pop()
            after = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            branch = after == "UNION" and kind != "SUB"
            groups.append((start, pos, "UNION" if branch else kind))
        previous = token
    return sorted(groups)


def _sub_select_braces(query: str) -> Iterator[tuple[int, str]]:
    """The opening brace of each sub-select's ``WHERE`` group, with the sub-select's projection."""
    tokens = _tokens(query)
    selects = [i for i, (_pos, token) in enumerate(tokens) if token == "SELECT"]
    for index in selects[1:]:
        start = tokens[index][0] + len("SELECT")
        following = tokens[index + 1 :]
        brace = next((pos for pos, token in following if token == "{"), None)
        if brace is None:
            continue
        end = next((pos for pos, token in following if token in ("WHERE", "{")), brace)
        yield brace, query[start:end]


def _union_braces(query: str, scopes: Mapping[int, set[ox.Variable]]) -> Iterator[tuple[int, int]]:
    """Branches of a ``UNION`` reached only through joins from a group binding a variable, each
    with the opening brace of that group.

    ``scopes`` maps the opening brace of the top-level and sub-select ``WHERE`` groups to the
    variables bound there. A branch under an ``OPTIONAL``, ``MINUS`` or ``EXISTS`` is skipped:
    there a binding could change which rows are kept, where across a join it cannot.
    """
    groups = _groups(query)
    for start, end, kind in groups:
        if kind != "UNION":
            continue
        enclosing = [g for g in groups if g[0] < start and end < g[1]]
        for outer_start, _outer_end, outer_kind in reversed(enclosing):
            if outer_start in scopes:
                yield start, outer_start
                break
            if outer_kind in ("OPTIONAL", "MINUS", "EXISTS", "SUB"):
                break


def inline_values(query: str, bindings: Mapping[ox.Variable, Binding]) -> str:
    """The query with the bindings as ``VALUES`` blocks where they restrict the evaluation.

    A block goes first in the top-level ``WHERE`` group, binding the variable in every pattern
    and filter there, and first in each sub-select that projects the variable, so the sub-select
    is evaluated for the value only. Sub-selects that do not project the variable have a variable
    of their own by that name and are left alone. Stores evaluate each branch of a ``UNION`` on
    its own, so a block also goes first in each branch that mentions the variable and is joined
    (not optional) to a group where the variable is bound: joining before or after the union
    gives the same rows.
    """
    if not bindings:
        return query
    places: dict[int, dict[ox.Variable, Binding]] = {where_brace(query): dict(bindings)}
    for brace, projection in _sub_select_braces(query):
        inner = {v: t for v, t in bindings.items() if _projects(projection, v)}
        if inner:
            places.setdefault(brace, {}).update(inner)
    scopes = {brace: set(bound) for brace, bound in places.items()}
    groups = {start: end for start, end, _kind in _groups(query)}
    for brace, scope in _union_braces(query, scopes):
        branch = query[brace : groups[brace] + 1]
        inner = {
            v: t
            for v, t in bindings.items()
            if v in scopes[scope] and re.search(rf"[?$]{re.escape(v.value)}\b", branch)
        }
        if inner:
            places.setdefault(brace, {}).update(inner)
    text = query
    for brace in sorted(places, reverse=True):
        text = f"{text[: brace + 1]}\n  {values_block(places[brace])}\n{text[brace + 1 :]}"
    return text
