"""Query results for people to read: the ``table`` and ``md`` formats of ``sdgkg query``.

The machine formats (csv, tsv, json) keep every value as it is. The readable ones show IRIs as
prefixed names (``sdgkg:KPI``, ``id:kanazawa``) with the project's prefixes, a literal's language
tag only in a column where two languages meet, numbers right-aligned, and measure text in
terminal columns (East Asian wide characters take two, combining marks none), wrapping long cells
inside their column so that a wide Japanese label does not push the table past the screen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC_TYPES = frozenset(
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "decimal",
        "double",
        "float",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "gYear",
    )
)
#: A table cell wider than this many terminal columns wraps onto more lines.
MAX_CELL_WIDTH = 40


def is_number(term: Any) -> bool:
    """Whether ``term`` is a literal of a numeric datatype (years included)."""
    return isinstance(term, ox.Literal) and term.datatype.value in NUMERIC_TYPES


def tagged_columns(variables: Sequence[str], rows: Sequence[dict[str, Any]]) -> set[str]:
    """The columns holding literals in two or more languages: only these show language tags."""
    tagged = set()
    for variable in variables:
        languages = {
            term.language
            for row in rows
            if isinstance(term := row.get(variable), ox.Literal) and term.language
        }
        if len(languages) > 1:
            tagged.add(variable)
    return tagged


def readable(term: Any, show_language: bool = False) -> str:
    """A term as people read it: a prefixed name, a literal's text (with ``@lang`` if asked)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        from graph_build.namespaces import compact_iri  # brings rdflib, which --help does without

        return compact_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal) and show_language and term.language:
        return f"{term.value}@{term.language}"
    return str(term.value)


def readable_rows(variables: Sequence[str], rows: Sequence[dict[str, Any]]) -> list[list[str]]:
    """Every row's cells as :func:`readable` text."""
    tagged = tagged_columns(variables, rows)
    return [[readable(row.get(v), v in tagged) for v in variables] for row in rows]


def numeric_columns(variables: Sequence[str], rows: Sequence[dict[str, Any]]) -> set[str]:
    """The columns whose bound values are all numbers (right-aligned)."""
    numeric = set()
    for variable in variables:
        bound = [row[variable] for row in rows if row.get(variable) is not None]
        if bound and all(is_number(term) for term in bound):
            numeric.add(variable)
    return numeric


def char_width(ch: str) -> int:
    """Terminal columns of one character: 2 for East Asian wide or full-width, 0 for combining
    marks and invisible format characters (zero-width joiner, variation selectors), else 1."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def text_width(text: str) -> int:
    """Terminal columns of ``text``."""
    return sum(char_width(ch) for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` columns, at spaces where there are any
    (Japanese has none: it breaks between characters)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in _words(paragraph):
            size = text_width(word)
            if used + size > width and line:
                lines.append(line.rstrip())
                line, used = "", 0
                word = word.lstrip()
                size = text_width(word)
            while size > width:  # a word longer than the column: break between characters
                head, head_size = _fit(word, width)
                lines.append(head)
                word = word[len(head) :]
                size -= head_size
            line += word
            used += size
        lines.append(line.rstrip())
    return lines


def _words(text: str) -> list[str]:
    """Words with their leading spaces; every wide character is a word of its own."""
    words: list[str] = []
    current = ""
    for ch in text:
        if ch == " " or char_width(ch) == 2:
            if current.strip():
                words.append(current)
                current = ""
            if ch != " ":
                words.append(current + ch)
                current = ""
                continue
        current += ch
    if current:
        words.append(current)
    return words


def _fit(text: str, width: int) -> tuple[str, int]:
    used = 0
    for index, ch in enumerate(text):
        size = char_width(ch)
        if used + size > width and index:
            return text[:index], used
        used += size
    return text, used


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - text_width(text))
    return space + text if right else text + space


def render_table(
    variables: Sequence[str],
    rows: Sequence[dict[str, Any]],
    max_width: int = MAX_CELL_WIDTH,
) -> str:
    """An aligned plain-text table; long cells wrap within their column."""
    cells = [[wrap(cell, max_width) for cell in row] for row in readable_rows(variables, rows)]
    right = [v in numeric_columns(variables, rows) for v in variables]
    widths = [
        max([text_width(v), *(text_width(line) for row in cells for line in row[i])])
        for i, v in enumerate(variables)
    ]
    lines = [
        "  ".join(_pad(v, w, False) for v, w in zip(variables, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in cells:
        height = max((len(cell) for cell in row), default=1)
        for n in range(height):
            parts = [
                _pad(cell[n] if n < len(cell) else "", w, r)
                for cell, w, r in zip(row, widths, right, strict=True)
            ]
            lines.append("  ".join(parts).rstrip())
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines) + "\n"


def render_markdown(variables: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """A Markdown (GitHub) table: numeric columns right-aligned, ``|`` escaped."""
    numeric = numeric_columns(variables, rows)
    head = "| " + " | ".join(variables) + " |"
    rule = "|" + "|".join("---:" if v in numeric else "---" for v in variables) + "|"
    body = [
        "| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in r) + " |"
        for r in readable_rows(variables, rows)
    ]
    return "\n".join([head, rule, *body]) + "\n"
