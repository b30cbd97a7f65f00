"""Answer one SPARQL 1.1 Protocol query against a store: choose the format, run, serialise.

Used by the worker processes of ``sdgkg serve``. Everything here is a plain function of the store
and a :class:`QueryJob`, so it can be tested without a server.
"""

from __future__ import annotations

import functools
import io
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph_build.errors import SdgkgError
from graph_build.sparql.pages import Page, choose_page, municipality_pages
from graph_build.sparql.query import MissingParameterError, QuerySpec, bound_text, library
from graph_build.sparql.text import has_dataset_clause
from graph_build.store.label_index import LabelIndex

if TYPE_CHECKING:  # the type exists in collections.abc from Python 3.12
    from typing_extensions import Buffer

TEXT = "text/plain; charset=utf-8"

# media type → format, in the order the server prefers them
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/javascript": ox.QueryResultsFormat.JSON,
    "application/javascript": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
# short names for the non-standard ``format`` / ``output`` parameter that many tools send
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
}


@dataclass(frozen=True)
class QueryJob:
    """One query to answer: SPARQL text, or a library query by name with its parameters."""

    query: str = ""
    library: str = ""
    resource: str = ""
    board: str = ""
    partners: str = ""
    params: tuple[tuple[str, str], ...] = ()
    # a page of municipalities of a library query with pages, as sent (``page``, ``page_size``)
    page: str = ""
    page_size: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str = ""
    format: str = ""


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, content type and body."""

    status: int
    content_type: str
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def error_reply(status: int, message: str) -> Reply:
    """A plain-text error that says what was wrong."""
    return Reply(status, TEXT, (message.rstrip() + "\n").encode("utf-8"))


def accepted_types(accept: str) -> list[str]:
    """Media types of an Accept header, best first (by q, then by the order given)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        quality = 1.0
        for piece in pieces[1:]:
            name, _, value = piece.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, index, media))
    return [media for _, _, media in sorted(ranked)]


def choose(accept: str, fmt: str, table: dict[str, object], default: str) -> str | None:
    """The media type to answer with, or None when the client accepts none we can write."""
    if fmt:
        wanted = FORMAT_NAMES.get(fmt.lower(), fmt.lower().split(";")[0].strip())
        if wanted in table:
            return wanted
    for media in accepted_types(accept) or ["*/*"]:
        if media in table:
            return media
        if media == "*/*" or (
            media in ("application/*", "text/*") and default.startswith(media[:-1])
        ):
            return default
    return None


HTML_TYPES = ("text/html", "application/xhtml+xml")


def prefers_html(accept: str) -> bool:
    """True when an HTML type comes before every type a query can be answered in (a browser's
    Accept header); ``*/*`` and ``text/*`` first mean a client that takes the default answer."""
    for media in accepted_types(accept):
        if media in HTML_TYPES:
            return True
        if media in RESULT_TYPES or media in GRAPH_TYPES or media.endswith("*"):
            return False
    return False


@functools.cache
def library_specs() -> dict[str, QuerySpec]:
    """The library's queries by name, read once per process: a worker answers many jobs, and
    reading the files again took longer (1 ms) than a query bound to one entity."""
    return {spec.name: spec for spec in library()}


def resource_reply(store: ox.Store, job: QueryJob) -> Reply:
    """The page of a resource path (``/id/…``) in the negotiated format (HTML or RDF)."""
    try:
        from graph_build.serve import entity_pages
    except ImportError:  # pragma: no cover - the module ships with the package
        return error_reply(404, "resource pages are not available in this version")
    media = entity_pages.format_media_type(job.format) or entity_pages.negotiate(job.accept)
    if media is None:
        return error_reply(406, "ask for one of: " + ", ".join(entity_pages.ACCEPTABLE))
    page = entity_pages.render_entity(store, entity_pages.resource_iri(job.resource), media)
    if page is None:
        return error_reply(404, f"the graph says nothing about {job.resource}")
    return Reply(200, page.content_type, page.body, (("Vary", "Accept"),))


class ResultTooLargeError(SdgkgError):
    """An answer grew past the endpoint's limit while it was written."""


class CappedOutput(io.BytesIO):
    """A byte sink for pyoxigraph's ``serialize`` that stops it past ``max_bytes``: the store
    writes the answer as it computes it, so a huge answer is cut off without being held whole."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__()
        self.max_bytes = max_bytes

    def write(self, data: Buffer, /) -> int:
        """Keep ``data``, or raise :class:`ResultTooLargeError` past the limit."""
        if self.tell() + memoryview(data).nbytes > self.max_bytes:
            raise ResultTooLargeError(
                f"the answer is larger than {self.max_bytes:,} bytes, this endpoint's limit; "
                "add LIMIT or narrow the query (結果が大きすぎます。LIMIT を付けてください)"
            )
        return super().write(data)


#: Default bound of one answer (bytes), also the ``--max-result-bytes`` default.
MAX_RESULT_BYTES = 32 << 20


def board_reply(store: ox.Store, job: QueryJob) -> Reply:
    """The KPI progress board of the municipality ``job.board`` (HTML)."""
    from graph_build.records.model import SLUG_PATTERN
    from graph_build.serve import entity_pages

    city = job.board
    if not re.fullmatch(SLUG_PATTERN, city):
        return error_reply(404, f"'{city}' is not a municipality id such as kanazawa")
    page = entity_pages.board_html(store, city)
    if page is None:
        return error_reply(404, f"the graph has no KPIs of a municipality '{city}'")
    return Reply(200, "text/html; charset=utf-8", page.encode("utf-8"))


def partners_reply(store: ox.Store, job: QueryJob) -> Reply:
    """Candidate partners of ``target/<code>`` or ``initiative/<path below /id/>`` (HTML)."""
    from graph_build.serve import entity_pages

    page = entity_pages.partners_html(store, job.partners)
    if page is None:
        return error_reply(
            404,
            f"'{job.partners}' names no SDG target or initiative of the graph: use "
            "/partners/target/11.2 or /partners/initiative/<city>/initiative/<id>",
        )
    return Reply(200, "text/html; charset=utf-8", page.encode("utf-8"))


def _whole_number(name: str, value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise SdgkgError(f"{name}={value!r}: give a whole number, 1 or more")
    return int(value)


def library_page(store: ox.Store, spec: QuerySpec, job: QueryJob) -> Page:
    """The page of municipalities a library job asks for (``page``, 1 unless given, of
    ``page_size`` municipalities, the query's own size unless given)."""
    if spec.page_param is None:
        raise SdgkgError(f"query '{spec.name}' is answered whole: it has no pages")
    number = _whole_number("page", job.page or "1")
    size = _whole_number("page_size", job.page_size or str(spec.page_size))
    return choose_page(municipality_pages(store, size), number, option="page=")


def page_headers(job: QueryJob, page: Page) -> tuple[tuple[str, str], ...]:
    """``X-Sdgkg-Page`` (which page, which municipalities) and ``Link`` to the previous and
    next pages (RFC 8288), so that a client can walk every page of a library answer."""
    links = []
    for number, rel in ((page.number - 1, "prev"), (page.number + 1, "next")):
        if 1 <= number <= page.count:
            query = [*job.params, ("page", str(number))]
            if job.page_size:
                query.append(("page_size", job.page_size))
            url = f"/queries/{job.library}?{urllib.parse.urlencode(query)}"
            links.append(f'<{url}>; rel="{rel}"')
    headers = [("X-Sdgkg-Page", page.describe(header=True))]
    if links:
        headers.append(("Link", ", ".join(links)))
    return tuple(headers)


def execute(
    store: ox.Store,
    job: QueryJob,
    max_bytes: int = MAX_RESULT_BYTES,
    labels: LabelIndex | None = None,
) -> Reply:
    """Run the job's query on the store and serialise the answer as negotiated, refusing an
    answer larger than ``max_bytes`` (HTTP 400, with what to do); a library query's label
    search is narrowed with the build's label index ``labels`` when given."""
    if job.resource:
        return resource_reply(store, job)
    if job.board:
        return board_reply(store, job)
    if job.partners:
        return partners_reply(store, job)
    text = job.query
    page: Page | None = None
    if job.library:
        specs = library_specs()
        if job.library not in specs:
            return error_reply(404, f"no library query '{job.library}'")
        spec = specs[job.library]
        try:
            page = library_page(store, spec, job) if job.page or job.page_size else None
            text = bound_text(spec, dict(job.params), page, labels)
        except MissingParameterError as exc:
            return error_reply(400, exc.for_url())
        except SdgkgError as exc:
            return error_reply(400, str(exc))
    try:
        default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None
        if job.default_graphs:
            default_graph = [ox.NamedNode(g) for g in job.default_graphs]
        if job.named_graphs:
            named_graphs = [ox.NamedNode(g) for g in job.named_graphs]
    except ValueError as exc:
        return error_reply(
            400, f"default-graph-uri and named-graph-uri must be absolute IRIs: {exc}"
        )
    # Without a dataset in the request or the query, the default graph is the union of all
    # named graphs, as for ``sdgkg query``. (Oxigraph would ignore FROM with this option.)
    union = not default_graph and not named_graphs and not has_dataset_clause(text)
    # Solutions are computed while they are written, so evaluation errors surface here too.
    try:
        result = store.query(
            text,
            use_default_graph_as_union=union,
            default_graph=default_graph,
            named_graphs=named_graphs,
        )
        if isinstance(result, ox.QueryTriples):
            media = choose(job.accept, job.format, dict(GRAPH_TYPES), "text/turtle")
            if media is None:
                return error_reply(
                    406, "no acceptable RDF format: ask for " + ", ".join(GRAPH_TYPES)
                )
            output = CappedOutput(max_bytes)
            result.serialize(output, format=GRAPH_TYPES[media])
        else:
            media = choose(
                job.accept, job.format, dict(RESULT_TYPES), "application/sparql-results+json"
            )
            if media is None:
                return error_reply(
                    406, "no acceptable results format: ask for " + ", ".join(RESULT_TYPES)
                )
            output = CappedOutput(max_bytes)
            result.serialize(output, format=RESULT_TYPES[media])
    except ResultTooLargeError as exc:
        return error_reply(400, str(exc))
    except SyntaxError as exc:
        return error_reply(400, f"SPARQL syntax error: {exc}")
    except OSError as exc:
        return error_reply(500, f"the store failed: {exc}")
    except (ValueError, RuntimeError) as exc:
        return error_reply(400, f"cannot run the query: {exc}")
    headers = page_headers(job, page) if page is not None else ()
    return Reply(200, f"{media}; charset=utf-8", output.getvalue(), headers)
