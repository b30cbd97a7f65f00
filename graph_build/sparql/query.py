"""Run SPARQL queries from the library (``queries/*.rq``) or any file against the built store.

Each library query starts with a comment header::

    # title: KPIs with baseline and target
    # description: One row per KPI and direction …
    # question_en: Which KPIs track …?
    # question_ja: …
    # param: target sdg-target optional  SDG target code such as 11.2
    # columns: city, direction, kpi, …
    # per_table: direction
    # portability: Virtuoso 7 rejects BIND(EXISTS {…}) (SQ074)
    # pages: city 50
    # reads: documents, computed/initiative-goals, un-sdg
    # label_index: text label

``per_table`` names the columns in which the rows of one entity differ when several tables list
it (:func:`graph_build.sparql.dataframes.query_dataframe` merges them into one row).
``portability`` (optional) says on which SPARQL stores the query does not give the embedded
store's answer, and why; a query without it gives the same rows on Oxigraph and Virtuoso 7.
``pages`` (optional) names the city parameter whose municipalities the unbound answer can be
paged by, and how many municipalities a page holds unless the caller says (see
:mod:`graph_build.sparql.pages`). ``reads`` lists the kinds of named graph the query's answer
comes from (:data:`graph_build.iris.GRAPH_KINDS`; ``all`` for every graph): the same query on
those graphs alone gives the same rows (tests/test_query_reads.py checks each library query).
``changed_subjects`` (checks only, optional) names the variable a rebuild may bind to the subjects
of the statements that changed (see :mod:`graph_build.validate.check_scope`).
``label_index`` (optional) names a string parameter searched for in the labels ``?label`` holds:
on a build with a label index, ``?label`` is bound to the labels that contain it (see
:mod:`graph_build.store.label_index`), and the query's own filter still decides.

A parameter is ``required``, ``optional`` or ``one-of``: a query whose parameters are ``one-of``
takes exactly one of them (the subject of a ranking: a target, an initiative or an
organisation). ``NAME=VARIABLE`` binds a variable of another name, so that several parameters
can bind the same one, or a parameter can share its name with a result column.

Parameters are bound as RDF terms in inline ``VALUES`` blocks (see :mod:`graph_build.sparql.text`),
never by pasting their text into the query, so the embedded store and remote endpoints receive the
same query.
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph_build.errors import SdgkgError
from graph_build.paths import QUERIES_DIR
from graph_build.sparql.display import render_markdown, render_table
from graph_build.sparql.pages import DEFAULT_PAGE_SIZE, Page, page_bindings
from graph_build.sparql.text import Binding, inline_values, selects_star, variable_order
from graph_build.store.label_index import LabelIndex

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FORMATS = ("table", "csv", "tsv", "json", "md")
#: Formats for the graph a CONSTRUCT or DESCRIBE query gives (turtle by default).
GRAPH_FORMATS = ("turtle", "ntriples")
XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
PARAM_TYPES = ("sdg-target", "sdg-goal", "city", "kpi", "stakeholder", "iri", "string", "integer")
PARAM_USES = ("required", "optional", "one-of")
# Parameters that name an entity and bind ``?<name>_iri``, leaving ``?<name>`` for its label.
ENTITY_PARAM_TYPES = ("city", "kpi")


@dataclass(frozen=True)
class QueryParam:
    """A declared parameter: its name, type, and whether it is required.

    A parameter binds the variable of the same name, except that a ``city`` or ``kpi`` parameter
    binds ``?<name>_iri`` (the municipality's or KPI's IRI), leaving ``?<name>`` free for its
    label.
    """

    name: str
    type: str
    required: bool
    help: str
    one_of: bool = False
    bind_as: str = ""

    @property
    def variable(self) -> str:
        """The SPARQL variable the parameter binds (without ``?``)."""
        if self.bind_as:
            return self.bind_as
        return f"{self.name}_iri" if self.type in ENTITY_PARAM_TYPES else self.name

    @property
    def example(self) -> str | None:
        """The example value the help text gives after ``e.g.``, if it gives one."""
        match = re.search(r"\be\.g\. (\S+)", self.help)
        return match.group(1) if match else None


@dataclass
class QuerySpec:
    """A query file with its parsed header."""

    path: Path
    text: str
    title: str = ""
    description: str = ""
    question_en: str = ""
    question_ja: str = ""
    params: list[QueryParam] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    #: Columns naming the table that lists an entity: the rows of one entity differ only in them.
    per_table: list[str] = field(default_factory=list)
    #: Where the query does not give the embedded store's answer on other stores, and why
    #: (empty: the same rows on Oxigraph and Virtuoso 7).
    portability: str = ""
    #: The city parameter whose municipalities page the unbound answer (``# pages: city``;
    #: see :mod:`graph_build.sparql.pages`), or empty when the query is answered whole.
    pages: str = ""
    #: Municipalities per page unless the caller says (``# pages: city 2``; a query with many
    #: rows per municipality pages by fewer).
    page_size: int = DEFAULT_PAGE_SIZE
    #: The kinds of named graph the answer comes from (``# reads:``), or ``["all"]``.
    reads: list[str] = field(default_factory=list)
    #: The string parameter searched for in labels, and the variable holding the labels
    #: (``# label_index: text label``), when a build's label index can narrow the search.
    label_search: tuple[str, str] | None = None
    #: A check's variable that a rebuild may bind to the subjects of the statements that changed
    #: (``# changed_subjects: entity``; see :mod:`graph_build.validate.check_scope`).
    changed_subjects: str = ""

    @property
    def page_param(self) -> QueryParam | None:
        """The parameter that pages the query, if it is paged."""
        return next((p for p in self.params if p.name == self.pages), None)

    @property
    def name(self) -> str:
        """The query's name: its file name without ``.rq``."""
        return self.path.stem

    def required_examples(self) -> dict[str, str]:
        """The example value of each required parameter, and of the first ``one-of`` parameter:
        enough to run the query."""
        examples = {p.name: p.example for p in self.params if p.required and p.example is not None}
        first = next((p for p in self.params if p.one_of and p.example is not None), None)
        if first is not None:
            examples[first.name] = str(first.example)
        return examples

    @property
    def one_of(self) -> list[QueryParam]:
        """The parameters of which the query takes exactly one."""
        return [p for p in self.params if p.one_of]


class MissingParameterError(SdgkgError):
    """A library query was run without a parameter it requires.

    The message names the parameter as the command line takes it (``--param NAME=VALUE``);
    :meth:`for_url` names it as a query-string parameter, for the SPARQL endpoint.
    """

    def __init__(self, query: str, param: QueryParam) -> None:
        self.query = query
        self.param = param
        example = f" (e.g. --param {param.name}={param.example})" if param.example else ""
        super().__init__(f"query '{query}' needs --param {param.name}=VALUE{example}")

    def for_url(self) -> str:
        """The same message for a request to ``/queries/NAME``."""
        name, example = self.param.name, self.param.example
        shown = f" (e.g. /queries/{self.query}?{name}={example})" if example else ""
        return f"query '{self.query}' needs the parameter {name}{shown}"


class OneOfParameterError(MissingParameterError):
    """A library query was run without exactly one of its ``one-of`` parameters."""

    def __init__(self, query: str, params: Sequence[QueryParam], given: Sequence[str]) -> None:
        self.choices = list(params)
        self.given = list(given)
        super().__init__(query, self.choices[0])
        self.args = (self._message("--param ", "=VALUE"),)

    def _message(self, before: str, after: str) -> str:
        names = ", ".join(f"{before}{p.name}{after}" for p in self.choices)
        got = f" (got {', '.join(self.given)})" if self.given else ""
        first = self.choices[0]
        example = f"; e.g. {before}{first.name}={first.example}" if first.example else ""
        return f"query '{self.query}' needs exactly one of {names}{got}{example}"

    def __str__(self) -> str:
        return str(self.args[0])

    def for_url(self) -> str:
        """The same message for a request to ``/queries/NAME``."""
        return self._message("", "")


@dataclass
class QueryResult:
    """Variables and rows of a SELECT result, with RDF terms kept."""

    variables: list[str]
    rows: list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode | None]]

    def plain_rows(self) -> list[list[str]]:
        """Rows as plain strings: IRIs as IRIs, literals as their lexical form."""
        return [[plain(row.get(v)) for v in self.variables] for row in self.rows]

    def to_dataframe(self) -> pd.DataFrame:
        """The result as a pandas DataFrame (plain strings; numbers stay text)."""
        import pandas as pd

        return pd.DataFrame(self.plain_rows(), columns=self.variables)


def plain(term: Any) -> str:
    """A term's value without RDF syntax."""
    if term is None:
        return ""
    return str(term.value)


@dataclass
class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE result."""

    triples: list[ox.Triple]

    def turtle(self) -> str:
        """The triples as Turtle, declaring the project's prefixes that they use."""
        used = {
            prefix: namespace
            for prefix, namespace in graph_prefixes().items()
            if any(
                isinstance(term, ox.NamedNode) and term.value.startswith(namespace)
                for triple in self.triples
                for term in (triple.subject, triple.predicate, triple.object)
            )
            or any(
                isinstance(triple.object, ox.Literal)
                and not triple.object.language  # rdf:langString is not written
                and triple.object.datatype.value.startswith(namespace)
                for triple in self.triples
            )
        }
        return _serialized(ox.serialize(self.triples, format=ox.RdfFormat.TURTLE, prefixes=used))

    def ntriples(self) -> str:
        """The triples as N-Triples, one a line."""
        return _serialized(ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES))


def _serialized(data: bytes | None) -> str:
    # without an output file pyoxigraph returns the bytes
    return (data or b"").decode("utf-8")


def graph_prefixes() -> dict[str, str]:
    """The project's prefixes for Turtle output: all but ``id:``, whose local names are paths
    (``kanazawa/kpi/…``) that Turtle would have to escape at every ``/``."""
    from graph_build.namespaces import PREFIXES  # brings rdflib, which --help does without

    return {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items()) if prefix != "id"}


def format_graph(result: GraphResult, fmt: str) -> str:
    """Render a CONSTRUCT or DESCRIBE result as turtle or ntriples."""
    if fmt == "turtle":
        return result.turtle()
    if fmt == "ntriples":
        return result.ntriples()
    raise SdgkgError(
        f"format '{fmt}' is for tables; a CONSTRUCT or DESCRIBE query gives a graph: "
        f"use one of {', '.join(GRAPH_FORMATS)}"
    )


HEADER = re.compile(r"^#\s*([a-z_]+)\s*:\s*(.*)$")
#: The header keys :func:`parse_spec` reads; other ``# word:`` lines are prose.
HEADER_KEYS = (
    "title",
    "description",
    "question_en",
    "question_ja",
    "param",
    "columns",
    "per_table",
    "reads",
    "pages",
    "label_index",
    "portability",
    "changed_subjects",
)
_WORD_ONLY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: A comment line that starts like a header: a word or two, then a colon.
_HEADER_LIKE = re.compile(r"^#\s*([A-Za-z_-]+(?:[ -][A-Za-z_-]+)?)\s*:")


def parse_spec(path: Path) -> QuerySpec:
    """Read a query file and its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SdgkgError(f"{path}: cannot read query file ({exc})") from exc
    spec = QuerySpec(path=path, text=text)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        _refuse_misspelt_key(path, number, line)
        match = HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            parts = value.split(None, 3)
            name, _, bind_as = parts[0].partition("=") if parts else ("", "", "")
            if (
                len(parts) < 3
                or parts[1] not in PARAM_TYPES
                or parts[2] not in PARAM_USES
                or not re.fullmatch(r"[A-Za-z_]\w*", name)
                or (bind_as and not re.fullmatch(r"[A-Za-z_]\w*", bind_as))
            ):
                raise SdgkgError(
                    f"{path}: bad '# param:' line '{value}': write "
                    f"'# param: NAME[=VARIABLE] TYPE {'|'.join(PARAM_USES)} HELP' with TYPE "
                    f"one of {', '.join(PARAM_TYPES)}"
                )
            param = QueryParam(
                name,
                parts[1],
                parts[2] == "required",
                parts[3] if len(parts) > 3 else "",
                one_of=parts[2] == "one-of",
                bind_as=bind_as,
            )
            if not re.search(rf"[?$]{re.escape(param.variable)}\b", text):
                raise SdgkgError(
                    f"{path}: parameter '{param.name}' binds ?{param.variable}, "
                    "which the query does not use"
                )
            spec.params.append(param)
        elif key == "columns":
            spec.columns = [c.strip() for c in value.split(",") if c.strip()]
        elif key == "per_table":
            spec.per_table = [c.strip() for c in value.split(",") if c.strip()]
        elif key == "reads":
            spec.reads = [c.strip() for c in value.split(",") if c.strip()]
        elif key == "pages":
            spec.pages, _, size = value.partition(" ")
            if size.strip():
                if not size.strip().isdigit() or int(size) < 1:
                    raise SdgkgError(
                        f"{path}: bad '# pages:' line '{value}': write '# pages: PARAM [SIZE]' "
                        "with SIZE a number of municipalities per page"
                    )
                spec.page_size = int(size)
        elif key == "label_index":
            spec.label_search = _label_search(path, value, spec.params, text)
        elif key == "changed_subjects":
            if not re.search(rf"[?$]{re.escape(value)}\b", text) or not _WORD_ONLY.match(value):
                raise SdgkgError(
                    f"{path}: bad '# changed_subjects:' line '{value}': name a variable of the "
                    "query, without its '?'"
                )
            spec.changed_subjects = value
        elif key in HEADER_KEYS:  # the texts: title, description, questions, portability
            setattr(spec, key, value)
    _check_pages(spec)
    return spec


def _refuse_misspelt_key(path: Path, number: int, line: str) -> None:
    """Refuse a header line whose key is almost one :func:`parse_spec` reads (``# label index:``,
    ``# colums:``), which would otherwise be taken for prose and silently change the query."""
    match = _HEADER_LIKE.match(line)
    if not match:
        return
    written = match.group(1)
    if written in HEADER_KEYS:
        return
    key = re.sub(r"[ -]", "_", written.lower())
    near = (
        key
        if key in HEADER_KEYS
        else next(iter(difflib.get_close_matches(key, HEADER_KEYS, 1, 0.8)), "")
    )
    if near:
        raise SdgkgError(
            f"{path}, line {number}: '# {written}:' is not a header key; write '# {near}:' "
            f"(the keys are {', '.join(HEADER_KEYS)})"
        )


def _label_search(
    path: Path, value: str, params: Sequence[QueryParam], text: str
) -> tuple[str, str]:
    """``# label_index: PARAM VARIABLE``: a string parameter declared above, and a variable the
    query uses."""
    parts = value.split()
    declared = {p.name: p for p in params}
    if (
        len(parts) != 2
        or parts[0] not in declared
        or declared[parts[0]].type != "string"
        or not re.search(rf"[?$]{re.escape(parts[1])}\b", text)
    ):
        raise SdgkgError(
            f"{path}: bad '# label_index:' line '{value}': write '# label_index: PARAM VARIABLE' "
            "after the string parameter PARAM, with VARIABLE the query's variable of labels"
        )
    return parts[0], parts[1]


def _check_pages(spec: QuerySpec) -> None:
    """A paged query names an optional city parameter and orders its rows by that city's name
    first: the condition under which its pages, one after the other, are its unbound answer."""
    if not spec.pages:
        return
    param = spec.page_param
    if param is None or param.type != "city" or param.required or param.one_of:
        raise SdgkgError(
            f"{spec.path}: '# pages: {spec.pages}' must name an optional city parameter "
            "of the query"
        )
    orders = re.findall(r"\bORDER BY\s+(\S+)", spec.text)  # the last is the outer query's
    if not orders or orders[-1] != f"?{param.name}":
        raise SdgkgError(
            f"{spec.path}: a query paged by '{param.name}' must order its rows by "
            f"?{param.name} first (ORDER BY ?{param.name} …)"
        )


def library(folder: Path = QUERIES_DIR) -> list[QuerySpec]:
    """Every query of the library (not the checks), sorted by name."""
    return [parse_spec(p) for p in sorted(folder.glob("*.rq"))]


def format_library(specs: Sequence[QuerySpec]) -> str:
    """One block per query: name and title, then its parameters (``sdgkg query --list``)."""
    lines: list[str] = []
    for spec in specs:
        lines.append(f"{spec.name}: {spec.title}")
        for param in spec.params:
            need = "required" if param.required else "optional"
            lines.append(f"    --param {param.name}=… ({param.type}, {need}) {param.help}".rstrip())
        if spec.pages:
            lines.append(f"    pages of {spec.page_size} municipalities: --page N (see --help)")
        if spec.reads:
            lines.append(f"    reads: {', '.join(spec.reads)}")
    return "\n".join(lines) + "\n"


def resolve_query(name_or_path: str, folder: Path = QUERIES_DIR) -> QuerySpec:
    """``kpis`` → ``queries/kpis.rq``; a path to an ``.rq`` file is used as it is."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".rq" and candidate.is_file():
        return parse_spec(candidate)
    named = folder / f"{name_or_path}.rq"
    if named.is_file():
        return parse_spec(named)
    known = ", ".join(s.name for s in library(folder))
    raise SdgkgError(f"no query '{name_or_path}': give a file ending in .rq or one of: {known}")


def bind_value(param: QueryParam, raw: str) -> ox.NamedNode | ox.Literal:
    """Turn a parameter's text into an RDF term, checking its form."""
    # Imported here: they bring rdflib and pydantic, which a query without parameters never needs.
    from graph_build.iris import (
        entity_iri_value,
        municipality_iri,
        organisation_iri_value,
        sdg_iri,
    )
    from graph_build.records.model import SLUG_PATTERN
    from graph_build.sdg.framework import GOAL_CODE, TARGET_CODE, load_framework

    fw = load_framework()
    if param.type == "sdg-target":
        if not TARGET_CODE.match(raw) or not fw.is_target(raw):
            raise SdgkgError(
                f"parameter '{param.name}': '{raw}' is not a UN SDG target code "
                "(write e.g. 11.2 or 15.c)"
            )
        return ox.NamedNode(str(sdg_iri(raw)))
    if param.type == "sdg-goal":
        if not GOAL_CODE.match(raw):
            raise SdgkgError(f"parameter '{param.name}': '{raw}' is not a goal number 1-17")
        return ox.NamedNode(str(sdg_iri(raw)))
    if param.type == "city":
        if not re.match(SLUG_PATTERN, raw):
            raise SdgkgError(
                f"parameter '{param.name}': '{raw}' is not a municipality id such as kanazawa"
            )
        return ox.NamedNode(str(municipality_iri(raw)))
    if param.type == "kpi":
        # a KPI's IRI, or municipality/id as the records write it
        city, sep, kpi = raw.partition("/")
        if sep and re.match(SLUG_PATTERN, city) and re.match(SLUG_PATTERN, kpi):
            return ox.NamedNode(entity_iri_value(city, "kpi", kpi))
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", raw):
            raise SdgkgError(
                f"parameter '{param.name}': '{raw}' is not a KPI: give municipality/id such as "
                "kanazawa/greenhouse-gas-emissions, or the KPI's IRI"
            )
        return ox.NamedNode(raw)
    if param.type == "stakeholder":
        # a stakeholder's id as the records write it, or its IRI
        if re.match(SLUG_PATTERN, raw):
            return ox.NamedNode(organisation_iri_value(raw))
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", raw):
            raise SdgkgError(
                f"parameter '{param.name}': '{raw}' is not a stakeholder: give its id such as "
                "kanazawa-university, or its IRI"
            )
        return ox.NamedNode(raw)
    if param.type == "iri":
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", raw):
            raise SdgkgError(f"parameter '{param.name}': '{raw}' is not an http(s) IRI")
        return ox.NamedNode(raw)
    if param.type == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise SdgkgError(f"parameter '{param.name}': '{raw}' is not a whole number")
        return ox.Literal(raw, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(raw)


def bindings(spec: QuerySpec, given: Mapping[str, str]) -> dict[ox.Variable, Any]:
    """Check given parameters against the header and convert them to RDF terms."""
    declared = {p.name: p for p in spec.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise SdgkgError(
            f"query '{spec.name}' has no parameter {', '.join(unknown)} (it takes: {names})"
        )
    missing = [p for p in spec.params if p.required and p.name not in given]
    if missing:
        raise MissingParameterError(spec.name, missing[0])
    chosen = [p.name for p in spec.one_of if p.name in given]
    if spec.one_of and len(chosen) != 1:
        raise OneOfParameterError(spec.name, spec.one_of, chosen)
    return {
        ox.Variable(declared[name].variable): bind_value(declared[name], value)
        for name, value in given.items()
    }


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["target=11.2"]`` → ``{"target": "11.2"}``, rejecting malformed pairs."""
    result: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise SdgkgError(f"--param '{pair}' must look like NAME=VALUE")
        result[name.strip()] = value.strip()
    return result


def bound_text(
    spec: QuerySpec,
    params: Mapping[str, str],
    page: Page | None = None,
    labels: LabelIndex | None = None,
) -> str:
    """The query's text with its parameters bound as ``VALUES`` blocks (checked first), its
    city parameter to the municipalities of ``page`` when one is given, and its labels to those
    containing the searched text when ``labels`` (a build's label index) can say which."""
    bound: dict[ox.Variable, Binding] = dict(bindings(spec, params))
    if labels is not None and spec.label_search and spec.label_search[0] in params:
        searched, variable = spec.label_search
        found = labels.containing(params[searched])
        if found is not None:
            bound[ox.Variable(variable)] = found
    if page is not None:
        param = spec.page_param
        if param is None:
            raise SdgkgError(f"query '{spec.name}' is answered whole: it has no pages")
        if param.name in params:
            raise SdgkgError(
                f"query '{spec.name}': give either the parameter '{param.name}' or a page, not both"
            )
        bound.update(page_bindings(param.variable, page))
    return inline_values(spec.text, bound)


# The class an entity parameter's IRI must have in the graph, by parameter type.
ENTITY_CLASSES = {
    "city": "https://w3id.org/sdgkg/ontology#Municipality",
    "kpi": "https://w3id.org/sdgkg/ontology#KPI",
    "stakeholder": "https://w3id.org/sdgkg/ontology#Stakeholder",
}


def _entity_id(iri: str) -> str:
    """``…/id/kanazawa`` → ``kanazawa``; ``…/id/kanazawa/kpi/x`` → ``kanazawa/x``;
    ``…/id/org/x`` → ``x``: each as a parameter is written."""
    from graph_build.iris import municipality_iri_value, organisation_iri_value

    if iri.startswith(organisation_iri_value("")):
        return iri.removeprefix(organisation_iri_value(""))
    rest = iri.removeprefix(municipality_iri_value(""))
    city, _, slug = rest.partition("/kpi/")
    return f"{city}/{slug}" if slug else city


def check_known_entities(store: ox.Store, spec: QuerySpec, params: Mapping[str, str]) -> None:
    """Refuse a ``city``, ``kpi`` or ``stakeholder`` parameter the graph does not hold, listing
    the known ones.

    Without this check an unknown municipality (a typo, a city not built) silently returns no rows.
    """
    declared = {p.name: p for p in spec.params}
    for name, raw in params.items():
        param = declared.get(name)
        if param is None or param.type not in ENTITY_CLASSES:
            continue
        iri = bind_value(param, raw)
        cls = ox.NamedNode(ENTITY_CLASSES[param.type])
        if store.query(f"ASK {{ {iri} a {cls} }}", use_default_graph_as_union=True):
            continue
        known = sorted(
            _entity_id(str(solution[0].value))
            for solution in store.query(  # type: ignore[union-attr]
                f"SELECT DISTINCT ?x WHERE {{ ?x a {cls} }} LIMIT 51",
                use_default_graph_as_union=True,
            )
        )
        shown = ", ".join(known[:50]) + (", …" if len(known) > 50 else "")
        raise SdgkgError(
            f"parameter '{name}': the graph holds no {param.type} '{raw}'; "
            f"known: {shown or 'none (is the build empty?)'}"
        )


def _execute(
    store: ox.Store,
    spec: QuerySpec,
    params: Mapping[str, str] | None,
    page: Page | None = None,
    labels: LabelIndex | None = None,
) -> Any:
    text = bound_text(spec, params or {}, page, labels)
    check_known_entities(store, spec, params or {})
    try:
        return store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise SdgkgError(f"{spec.path}: SPARQL syntax error: {exc}") from exc
    except RuntimeError as exc:  # e.g. a parameter whose variable the query does not project
        raise SdgkgError(f"{spec.path}: cannot run query: {exc}") from exc


def _columns(spec: QuerySpec, solutions: ox.QuerySolutions) -> tuple[list[str], list[str]]:
    """The solutions' variables, and the columns to show them in: the same, except that
    ``SELECT *`` keeps the query's own order (Oxigraph lists its variables by name)."""
    variables = [v.value for v in solutions.variables]
    if not selects_star(spec.text):
        return variables, variables
    first_seen = variable_order(spec.text)
    columns = sorted(
        variables, key=lambda v: first_seen.index(v) if v in first_seen else len(first_seen)
    )
    return variables, columns


def _select_result(spec: QuerySpec, solutions: ox.QuerySolutions) -> QueryResult:
    variables, columns = _columns(spec, solutions)
    # a solution iterates over its values in the order of the variables (None where unbound)
    rows = [dict(zip(variables, sol, strict=True)) for sol in solutions]
    return QueryResult(columns, rows)


def run_spec(
    store: ox.Store,
    spec: QuerySpec,
    params: Mapping[str, str] | None = None,
    page: Page | None = None,
    labels: LabelIndex | None = None,
) -> QueryResult:
    """Execute a SELECT query over the union of all named graphs (for the municipalities of
    ``page`` only, when given: see :mod:`graph_build.sparql.pages`), narrowing a label search
    with the build's label index ``labels`` when given.

    A ``city`` or ``kpi`` parameter the graph does not hold is an error that lists the known ones.
    ``SELECT *`` lists its columns in the order the variables first appear in the query.
    """
    solutions = _execute(store, spec, params, page, labels)
    if not isinstance(solutions, ox.QuerySolutions):
        raise SdgkgError(
            f"{spec.path}: only SELECT queries give a table; a CONSTRUCT or DESCRIBE query "
            "gives a graph (`sdgkg query` prints it as Turtle; in Python use run_graph_query)"
        )
    return _select_result(spec, solutions)


def run_any(
    store: ox.Store,
    spec: QuerySpec,
    params: Mapping[str, str] | None = None,
    labels: LabelIndex | None = None,
) -> QueryResult | GraphResult:
    """Execute any query: SELECT gives rows, ASK one row with ``answer``, CONSTRUCT and DESCRIBE
    the triples (sorted, for the same bytes out every time)."""
    answer = _execute(store, spec, params, labels=labels)
    if isinstance(answer, ox.QuerySolutions):
        return _select_result(spec, answer)
    if isinstance(answer, ox.QueryBoolean):
        value = ox.Literal("true" if bool(answer) else "false", datatype=XSD_BOOLEAN)
        return QueryResult(["answer"], [{"answer": value}])
    return GraphResult(sorted(answer, key=str))


def run_query(
    name_or_path: str,
    out: str | os.PathLike[str] | None = None,
    params: Mapping[str, str] | None = None,
) -> QueryResult:
    """Python API: run a library query (or ``.rq`` file) against a build.

    ``out`` is the build folder (``str`` or ``Path``); without it, ``$SDGKG_DIST`` and then
    ``dist`` in the working directory are tried.
    """
    from graph_build.store.embedded import open_build

    spec = resolve_query(name_or_path)
    store, labels = open_build(out)
    return run_spec(store, spec, params, labels=labels)


def run_graph_query(
    name_or_path: str,
    out: str | os.PathLike[str] | None = None,
    params: Mapping[str, str] | None = None,
) -> GraphResult:
    """Python API: run a CONSTRUCT or DESCRIBE query (library name or ``.rq`` file) on a build."""
    from graph_build.store.embedded import open_build

    spec = resolve_query(name_or_path)
    store, labels = open_build(out)
    result = run_any(store, spec, params, labels=labels)
    if not isinstance(result, GraphResult):
        raise SdgkgError(f"{spec.path}: not a CONSTRUCT or DESCRIBE query: use run_query")
    return result


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    entry = {"type": "literal", "value": term.value}
    if term.language:
        entry["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        entry["datatype"] = term.datatype.value
    return entry


#: The formats :func:`stream_select` writes row by row.
STREAMED_FORMATS = ("csv", "tsv", "json")


def stream_select(
    store: ox.Store,
    spec: QuerySpec,
    params: Mapping[str, str] | None,
    fmt: str,
    write: Callable[[str], object],
    pages: Sequence[Page | None] = (None,),
    labels: LabelIndex | None = None,
) -> int:
    """Run a SELECT query and write its answer in ``fmt`` (csv, tsv or json) row by row, as the
    engine gives the rows, holding none of them; the text is that of :func:`format_result`.
    With ``pages``, the query runs once per page and the pages' rows follow each other under one
    header (for a paged query, all its pages give the unbound answer). Returns the number of rows.
    """
    if fmt not in STREAMED_FORMATS:
        raise SdgkgError(f"format '{fmt}' is not written row by row: use format_result")
    answers = (_execute(store, spec, params, page, labels) for page in pages)
    first = next(answers)
    if not isinstance(first, ox.QuerySolutions):
        raise SdgkgError(f"{spec.path}: only SELECT queries give rows")
    variables, columns = _columns(spec, first)
    solutions = itertools.chain(first, itertools.chain.from_iterable(answers))
    order = [variables.index(c) for c in columns]
    count = 0
    if fmt == "json":
        head = json.dumps({"vars": columns}, ensure_ascii=False, indent=1)
        write('{\n "head": ' + head.replace("\n", "\n ") + ',\n "results": {\n  "bindings": [')
        for solution in solutions:
            # bound values only, in the solution's order, as format_result writes them
            pairs = zip(variables, solution, strict=True)
            binding = {v: _json_term(t) for v, t in pairs if t is not None}
            text = json.dumps(binding, ensure_ascii=False, indent=1)
            write(("," if count else "") + "\n   " + text.replace("\n", "\n   "))
            count += 1
        write(("\n  ]" if count else "]") + "\n }\n}\n")
        return count
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    writer.writerow(columns)
    for solution in solutions:
        values = list(solution)
        writer.writerow([plain(values[j]) for j in order])
        count += 1
        if buffer.tell() > 1 << 16:
            write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    write(buffer.getvalue())
    return count


def format_result(result: QueryResult, fmt: str) -> str:
    """Render a result as table, csv, tsv, json (SPARQL 1.1 results) or md.

    table and md are for reading (see :mod:`graph_build.sparql.display`); csv, tsv and json keep
    every value as it is: full IRIs, lexical forms, and in json the language and datatype.
    """
    if fmt == "json":
        doc = {
            "head": {"vars": result.variables},
            "results": {
                "bindings": [
                    {v: _json_term(t) for v, t in row.items() if t is not None}
                    for row in result.rows
                ]
            },
        }
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    rows = result.plain_rows()
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "md":
        return render_markdown(result.variables, result.rows)
    if fmt == "table":
        return render_table(result.variables, result.rows)
    raise SdgkgError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
