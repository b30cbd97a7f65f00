"""``sdgkg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

Routes (all read-only; PUT, DELETE, PATCH and SPARQL Update are refused):

``GET|POST /sparql``        SPARQL 1.1 Protocol queries (``query=``, ``default-graph-uri``,
                            ``named-graph-uri``); answers JSON, XML, CSV or TSV results, or
                            Turtle, N-Triples, RDF/XML, JSON-LD for CONSTRUCT and DESCRIBE
``GET /``                   the query page (YASGUI, served from ``/yasgui/``), with the query
                            library and the graph's prefixes; ``GET /sparql`` from a browser
                            (HTML preferred to every results format) answers the same page,
                            which runs a ``query=`` given in the URL
``GET /yasgui/…``           YASGUI's script, style sheet and licence, shipped in the package
``GET /queries``            the library as JSON (title, questions, parameters, columns, text)
``GET /queries/NAME``       run a library query; other URL parameters bind its parameters;
                            ``page=N`` (and ``page_size=M``) answers one page of municipalities
                            of a query with pages, with ``X-Sdgkg-Page`` and ``Link`` headers
``GET /queries/NAME.rq``    the query's text; with parameters, bound as ``VALUES`` blocks
``GET /id/…``               the page of a resource, HTML or RDF by content negotiation
``GET /kpi-progress/CITY``  the KPI progress board of a municipality (HTML), linked from its page

HTTP is uvicorn's (asyncio, no thread per connection) with Starlette routing; this module holds
the routes and the endpoint's limits (:class:`Limits`). Queries run in worker processes
(:mod:`graph_build.serve.workers`), each stopped at ``--timeout``, over a private copy of the
store taken at start (:mod:`graph_build.serve.snapshot`): one build is served until restart, and
every response names it in the ``X-Sdgkg-Build`` header.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from uvicorn.protocols.http.h11_impl import H11Protocol

from graph_build.errors import SdgkgError
from graph_build.namespaces import BASE, PREFIXES
from graph_build.paths import DEFAULT_OUT, RESOURCES_DIR
from graph_build.serve.protocol import (
    MAX_RESULT_BYTES,
    TEXT,
    QueryJob,
    Reply,
    error_reply,
    library_specs,
    prefers_html,
)
from graph_build.serve.snapshot import Snapshot, take_snapshot
from graph_build.serve.workers import PoolBusyError, QueryTimeoutError, WorkerPool
from graph_build.sparql.memory_limit import (
    MIB,
    QueryMemoryError,
    default_allowance,
    limits_supported,
)
from graph_build.sparql.query import MissingParameterError, QuerySpec, bound_text
from graph_build.sparql.text import QueryRefusedError, check_served_query
from graph_build.store.embedded import open_store

LOG = logging.getLogger("sdgkg.serve")
#: YASGUI's built script and style sheet (see README, "SPARQL endpoint"), served at /yasgui/.
YASGUI_DIR = RESOURCES_DIR / "yasgui"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
#: Folder beside the server's store copy where KPI charts are kept once drawn.
CHART_CACHE_DIR = "kpi-charts"
PROTOCOL_PARAMS = {"query", "default-graph-uri", "named-graph-uri", "format", "output", "results"}
# a page of municipalities of a library query (see graph_build/sparql/pages.py)
PAGE_PARAMS = {"page", "page_size"}
READ_ONLY = (
    "this endpoint is read-only: SPARQL Update and graph changes are refused "
    "(読み取り専用のため更新はできません)"
)
SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .

[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML,
        formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV, formats:Turtle,
        formats:N-Triples, formats:RDF_XML, formats:JSON-LD .
"""


def library_entry(spec: QuerySpec) -> dict[str, Any]:
    """What the page and ``/queries`` tell about one library query."""
    return {
        "name": spec.name,
        "title": spec.title,
        "description": spec.description,
        "question_en": spec.question_en,
        "question_ja": spec.question_ja,
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "one_of": p.one_of,
                "help": p.help,
            }
            for p in spec.params
        ],
        "columns": spec.columns,
        "portability": spec.portability,
        "reads": spec.reads,
        "text": spec.text,
    }


def query_text(spec: QuerySpec, params: list[tuple[str, str]]) -> Reply:
    """A library query's text, with the given parameters bound (the page opens it in a tab)."""
    text = spec.text
    if params:
        try:
            text = bound_text(spec, dict(params))
        except MissingParameterError as exc:
            return error_reply(HTTPStatus.BAD_REQUEST, exc.for_url())
        except SdgkgError as exc:
            return error_reply(HTTPStatus.BAD_REQUEST, str(exc))
    return Reply(HTTPStatus.OK, "application/sparql-query; charset=utf-8", text.encode("utf-8"))


ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
ALLOW = "GET, HEAD, POST, OPTIONS"


@dataclass(frozen=True)
class Limits:
    """What one client may ask of the endpoint; each is a flag of ``sdgkg serve``."""

    max_body_bytes: int = 1 << 20
    max_query_chars: int = 100_000
    max_nesting: int = 100
    max_result_bytes: int = MAX_RESULT_BYTES
    idle_timeout: int = 5
    body_timeout: float = 30.0
    max_connections: int = 256
    long_after: float = 1.0
    max_long_queries: int = 2
    #: Bytes a query may add to its worker's memory; None: half of physical memory split among
    #: the workers and long queries that may run at once.
    max_query_memory: int | None = None


class RefusedError(Exception):
    """A request refused before it reaches a worker."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.body.decode("utf-8", "replace").strip())
        self.reply = reply


def _args(request: Request) -> dict[str, list[str]]:
    return parse_qs(
        request.scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
    )


def _raw_path(request: Request) -> str:
    """The path as sent (percent escapes kept): resource IRIs are written that way."""
    raw = request.scope.get("raw_path")
    return raw.decode("latin-1").split("?")[0] if raw else request.url.path


def _one(values: dict[str, list[str]], name: str) -> str:
    found = values.get(name) or [""]
    return found[0]


class SparqlApp:
    """The routes (see the module docstring) over a worker pool."""

    def __init__(self, pool: WorkerPool, limits: Limits, build: str) -> None:
        self.pool = pool
        self.limits = limits
        self.build = build
        self.specs = library_specs()
        entries = [library_entry(spec) for spec in self.specs.values()]
        self.library_json = json.dumps(entries, ensure_ascii=False, indent=1).encode("utf-8")
        prefixes = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
        # project IRIs (under BASE) link to this server's own pages of them
        page_data = {"library": entries, "prefixes": prefixes, "base": BASE}
        # "</" would end the <script> element that carries the data
        embedded = json.dumps(page_data, ensure_ascii=False).replace("</", "<\\/")
        template = (RESOURCES_DIR / "sparql_page.html").read_text(encoding="utf-8")
        self.page = template.replace("__PAGE_JSON__", embedded).encode("utf-8")
        # jobs waiting for a worker wait in the pool, each in a thread of this limiter
        self.threads = anyio.CapacityLimiter(max(8, limits.max_connections))
        self.starlette = Starlette(
            routes=[
                Route("/", self.index),
                Route("/index.html", self.index),
                Route("/sparql", self.sparql, methods=["GET", "HEAD", "POST"]),
                Mount("/yasgui", StaticFiles(directory=YASGUI_DIR), name="yasgui"),
                Route("/queries", self.listing),
                Route("/queries/", self.listing),
                Route("/queries/{name:path}", self.library),
                Route("/id/{rest:path}", self.resource),
                Route("/kpi-progress/{city}", self.board),
                Route("/partners/{rest:path}", self.partners),
                Route("/{rest:path}", self.other, methods=ALL_METHODS),
            ]
        )

    # ------------------------------------------------------------ plumbing

    def respond(self, request: Request, reply: Reply) -> Response:
        """The HTTP response for a reply; refusals and faults get a line in the log."""
        if reply.status >= 400:
            first = reply.body.decode("utf-8", "replace").strip().splitlines()[:1]
            client = request.client.host if request.client else "?"
            LOG.warning(
                "%s %s %s from %s: %s",
                reply.status,
                request.method,
                request.url.path,
                client,
                first[0] if first else "",
            )
        headers = {"Access-Control-Allow-Origin": "*", "X-Sdgkg-Build": self.build}
        headers.update(reply.headers)
        return Response(reply.body, reply.status, headers, media_type=reply.content_type)

    async def run(self, request: Request, job: QueryJob) -> Response:
        """Answer a job in a worker."""
        try:
            reply = await anyio.to_thread.run_sync(self.pool.run, job, limiter=self.threads)
        except (QueryTimeoutError, QueryMemoryError) as exc:
            reply = error_reply(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except PoolBusyError as exc:
            busy = error_reply(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            reply = Reply(busy.status, busy.content_type, busy.body, (("Retry-After", "5"),))
        except SdgkgError as exc:
            reply = error_reply(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        return self.respond(request, reply)

    async def body(self, request: Request) -> bytes:
        """The request body, read in pieces up to ``max_body_bytes`` whatever the headers say,
        within ``body_timeout``; raises :class:`RefusedError` (411, 413 or 408)."""
        cap = self.limits.max_body_bytes
        too_large = f"request bodies are limited to {cap:,} bytes (リクエストが大きすぎます)"
        declared = request.headers.get("content-length")
        if declared is None and "chunked" not in request.headers.get("transfer-encoding", ""):
            raise RefusedError(
                error_reply(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length header")
            )
        if declared is not None and int(declared) > cap:  # h11 has checked it is a number
            raise RefusedError(error_reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, too_large))
        pieces: list[bytes] = []
        size = 0
        try:
            with anyio.fail_after(self.limits.body_timeout):
                async for piece in request.stream():
                    size += len(piece)
                    if size > cap:
                        raise RefusedError(
                            error_reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, too_large)
                        )
                    pieces.append(piece)
        except TimeoutError:
            raise RefusedError(
                error_reply(
                    HTTPStatus.REQUEST_TIMEOUT,
                    f"the request body did not arrive within {self.limits.body_timeout:g} s",
                )
            ) from None
        return b"".join(pieces)

    def refused(self, request: Request, refusal: RefusedError) -> Response:
        response = self.respond(request, refusal.reply)
        # the rest of an unread body would be taken for the next request
        response.headers["Connection"] = "close"
        return response

    # ------------------------------------------------------------ routes

    async def index(self, request: Request) -> Response:
        # /sparql answers the page or results by the Accept header
        page = Reply(HTTPStatus.OK, "text/html; charset=utf-8", self.page, (("Vary", "Accept"),))
        return self.respond(request, page)

    async def listing(self, request: Request) -> Response:
        reply = Reply(HTTPStatus.OK, "application/json; charset=utf-8", self.library_json)
        return self.respond(request, reply)

    async def sparql(self, request: Request) -> Response:
        """SPARQL 1.1 Protocol queries by GET or POST; updates are refused."""
        args = _args(request)
        accept = request.headers.get("accept", "")
        if request.method in ("GET", "HEAD"):
            if "update" in args:
                return self.respond(request, error_reply(HTTPStatus.FORBIDDEN, READ_ONLY))
            # A browser gets the page, which runs a query= of the URL itself (YASGUI reads it);
            # an explicit format= or output= is a protocol client's choice.
            if prefers_html(accept) and not (_one(args, "format") or _one(args, "output")):
                return await self.index(request)
            if "query" not in args:
                endpoint = str(request.base_url) + "sparql"
                text = SERVICE_DESCRIPTION.format(endpoint=endpoint)
                reply = Reply(HTTPStatus.OK, "text/turtle; charset=utf-8", text.encode("utf-8"))
                return self.respond(request, reply)
            return await self.query(request, _one(args, "query"), args)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update" or "update" in args:
            return self.refused(request, RefusedError(error_reply(HTTPStatus.FORBIDDEN, READ_ONLY)))
        try:
            body = await self.body(request)
        except RefusedError as refusal:
            return self.refused(request, refusal)
        if content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                return self.respond(request, error_reply(HTTPStatus.FORBIDDEN, READ_ONLY))
            if "query" not in form:
                reply = error_reply(HTTPStatus.BAD_REQUEST, "the form has no 'query' field")
                return self.respond(request, reply)
            return await self.query(request, _one(form, "query"), {**args, **form})
        if content_type == "application/sparql-query":
            return await self.query(request, body.decode("utf-8", "replace"), args)
        reply = error_reply(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "send application/x-www-form-urlencoded (query=…) or application/sparql-query",
        )
        return self.respond(request, reply)

    async def query(self, request: Request, query: str, args: dict[str, list[str]]) -> Response:
        if not query.strip():
            return self.respond(request, error_reply(HTTPStatus.BAD_REQUEST, "the query is empty"))
        try:
            check_served_query(
                query, max_chars=self.limits.max_query_chars, max_depth=self.limits.max_nesting
            )
        except QueryRefusedError as exc:
            return self.respond(request, error_reply(HTTPStatus.BAD_REQUEST, str(exc)))
        job = QueryJob(
            query=query,
            default_graphs=tuple(args.get("default-graph-uri", [])),
            named_graphs=tuple(args.get("named-graph-uri", [])),
            accept=request.headers.get("accept", ""),
            format=_one(args, "format") or _one(args, "output"),
        )
        return await self.run(request, job)

    async def library(self, request: Request) -> Response:
        name = request.path_params["name"]
        args = _args(request)
        as_text = name.endswith(".rq")
        name = name.removesuffix(".rq")
        spec = self.specs.get(name)
        if spec is None:
            known = ", ".join(sorted(self.specs))
            reply = error_reply(HTTPStatus.NOT_FOUND, f"no library query '{name}'; known: {known}")
            return self.respond(request, reply)
        params: list[tuple[str, str]] = []
        for key, values in sorted(args.items()):
            if key in PROTOCOL_PARAMS or key in PAGE_PARAMS:
                continue
            if len(values) != 1:
                reply = error_reply(HTTPStatus.BAD_REQUEST, f"give parameter '{key}' once")
                return self.respond(request, reply)
            if values[0].strip():
                params.append((key, values[0].strip()))
        if as_text:
            return self.respond(request, query_text(spec, params))
        job = QueryJob(
            library=name,
            params=tuple(params),
            page=_one(args, "page").strip(),
            page_size=_one(args, "page_size").strip(),
            accept=request.headers.get("accept", ""),
            format=_one(args, "format") or _one(args, "output"),
        )
        return await self.run(request, job)

    async def resource(self, request: Request) -> Response:
        job = QueryJob(
            resource=_raw_path(request),
            accept=request.headers.get("accept", ""),
            format=_one(_args(request), "format"),
        )
        return await self.run(request, job)

    async def board(self, request: Request) -> Response:
        job = QueryJob(board=request.path_params["city"])
        return await self.run(request, job)

    async def partners(self, request: Request) -> Response:
        job = QueryJob(partners=request.path_params["rest"])
        return await self.run(request, job)

    async def other(self, request: Request) -> Response:
        """CORS pre-flight, read-only refusals, and 404 for everything else."""
        if request.method == "OPTIONS":
            # so that browser tools elsewhere can query this endpoint
            reply = Reply(
                HTTPStatus.NO_CONTENT,
                TEXT,
                b"",
                (
                    ("Allow", ALLOW),
                    ("Access-Control-Allow-Methods", ALLOW),
                    ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                ),
            )
        elif request.method in ("PUT", "DELETE", "PATCH"):
            reply = Reply(
                HTTPStatus.METHOD_NOT_ALLOWED,
                TEXT,
                (READ_ONLY + "\n").encode("utf-8"),
                (("Allow", ALLOW),),
            )
            return self.refused(request, RefusedError(reply))
        elif request.method == "POST":
            reply = error_reply(HTTPStatus.NOT_FOUND, "POST queries to /sparql")
        else:
            reply = error_reply(
                HTTPStatus.NOT_FOUND,
                f"nothing at {request.url.path}: the SPARQL endpoint is /sparql, "
                "the query page is /",
            )
        return self.respond(request, reply)


class DeadlineProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 connection, also closed when no complete request head arrives within
    the idle timeout: uvicorn times out only the wait between requests, so a client that
    connects and sends nothing, or a header a byte at a time, would hold the connection."""

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.timeout_keep_alive, self._deadline)

    def _deadline(self) -> None:
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            LOG.info(
                "closed a connection from %s: no request within %s s",
                self.client[0] if self.client else "?",
                self.timeout_keep_alive,
            )
            self.transport.close()


class SparqlServer:
    """A bound socket, the app and its worker pool; :meth:`serve_forever` answers requests."""

    def __init__(
        self, sock: socket.socket, app: SparqlApp, snapshot: Snapshot, quiet: bool
    ) -> None:
        self.socket = sock
        self.app = app
        self.pool = app.pool
        self.snapshot = snapshot
        limits = app.limits
        self.config = uvicorn.Config(
            app.starlette,
            http=DeadlineProtocol,
            lifespan="off",
            log_config=None,
            access_log=not quiet,
            timeout_keep_alive=limits.idle_timeout,
            limit_concurrency=limits.max_connections,
            timeout_graceful_shutdown=3,
            server_header=False,
        )

    @property
    def base_url(self) -> str:
        """``http://host:port/`` of the running server."""
        host, port = self.socket.getsockname()[:2]
        return f"http://{host!s}:{port}/"

    def serve_forever(self) -> None:
        """Answer requests until SIGINT or SIGTERM."""
        uvicorn.Server(self.config).run(sockets=[self.socket])

    def server_close(self) -> None:
        """Stop the workers, close the socket and delete the store copy."""
        self.pool.close()
        self.socket.close()
        self.snapshot.remove()


def make_server(
    out: Path = DEFAULT_OUT,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = 2,
    queue_wait: float = 120.0,
    quiet: bool = False,
    in_memory: bool = False,
    limits: Limits | None = None,
) -> SparqlServer:
    """Copy the store, start the worker pool and bind the socket (call ``serve_forever``).

    With ``in_memory``, each worker answers from its own in-memory copy of the store (see
    :func:`graph_build.store.embedded.in_memory`).
    """
    limits = limits or Limits()
    max_memory = limits.max_query_memory
    if max_memory is None:
        max_memory = default_allowance(workers + limits.max_long_queries)
    open_store(out)  # a clear error when there is no build
    snapshot = take_snapshot(out)
    try:
        pool = WorkerPool(
            snapshot.store_dir,
            workers,
            timeout,
            queue_wait,
            in_memory,
            long_after=limits.long_after,
            max_long=limits.max_long_queries,
            max_bytes=limits.max_result_bytes,
            # beside the store copy, so it goes when the server stops
            chart_cache=snapshot.store_dir.parent / CHART_CACHE_DIR,
            max_memory=max_memory,
        )
    except SdgkgError:
        snapshot.remove()
        raise
    try:
        sock = socket.create_server((host, port), backlog=limits.max_connections)
    except OSError as exc:
        pool.close()
        snapshot.remove()
        raise SdgkgError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port"
        ) from exc
    if limits_supported():
        shown = f"{max_memory // MIB:,}"
        LOG.info("each query may use %s MiB of memory (--max-query-memory)", shown)
    else:
        LOG.warning("this system cannot bound a query's memory: --max-query-memory has no effect")
    LOG.info(
        "serving build %s from a copy of %s taken at start; a rebuild is served after a "
        "restart (再ビルドは再起動後に反映されます)",
        snapshot.build,
        snapshot.source,
    )
    return SparqlServer(sock, SparqlApp(pool, limits, snapshot.build), snapshot, quiet)
