"""Small, syntax-aware edits and checks of SPARQL query text.

Remote endpoints know nothing of pyoxigraph's initial bindings, so a parameter travels to them as
an inline ``VALUES`` block at the top of the query's ``WHERE`` group. The values are RDF terms
written by pyoxigraph (IRIs checked, literals escaped), so a value can never end the block and add
query text of its own. The scanner skips comments, IRIs and strings, so a ``{`` or ``WHERE``
inside them is never mistaken for syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import pyoxigraph as ox

from .errors import SdgkgError

Term = ox.NamedNode | ox.Literal | ox.BlankNode

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'",
    re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _tokens(query: str) -> Iterator[tuple[int, str]]:
    """Positions and text of keywords and braces outside comments, IRIs and strings."""
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
        elif ch in "{}":
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


def has_dataset_clause(query: str) -> bool:
    """True when the query names its own dataset (``FROM`` or ``FROM NAMED``) before ``WHERE``."""
    for _pos, token in _tokens(query):
        if token == "FROM":
            return True
        if token in ("WHERE", "{"):
            return False
    return False


def values_block(bindings: Mapping[ox.Variable, Term]) -> str:
    """``VALUES (?a ?b) { (<…> "…") }`` for one row of bound terms, in a fixed order."""
    names = sorted(bindings, key=lambda v: v.value)
    variables = " ".join(str(v) for v in names)
    terms = " ".join(str(bindings[v]) for v in names)
    return f"VALUES ({variables}) {{ ({terms}) }}"


def inline_values(query: str, bindings: Mapping[ox.Variable, Term]) -> str:
    """The query with the bindings as a ``VALUES`` block first in its ``WHERE`` group.

    This binds like pyoxigraph's initial bindings for the library's queries: the variable holds
    the value in every pattern and filter of the top-level group.
    """
    if not bindings:
        return query
    brace = where_brace(query)
    return f"{query[: brace + 1]}\n  {values_block(bindings)}\n{query[brace + 1 :]}"
