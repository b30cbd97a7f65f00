"""``sdgkg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

Routes (all read-only; PUT, DELETE, PATCH and SPARQL Update are refused):

``GET|POST /sparql``        SPARQL 1.1 Protocol queries (``query=``, ``default-graph-uri``,
                            ``named-graph-uri``); answers JSON, XML, CSV or TSV results, or
                            Turtle, N-Triples, RDF/XML, JSON-LD for CONSTRUCT and DESCRIBE
``GET /``                   a page to type queries in, with the query library
``GET /queries``            the library as JSON (title, questions, parameters, columns, text)
``GET /queries/NAME``       run a library query; other URL parameters bind its parameters
``GET /queries/NAME.rq``    the query's text
``GET /id/…``               the page of a resource, HTML or RDF by content negotiation

Queries run in worker processes (:mod:`graph_build.serve.workers`), each stopped at ``--timeout``.
"""

from __future__ import annotations

import json
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graph_build.errors import SdgkgError
from graph_build.paths import DEFAULT_OUT, RESOURCES_DIR
from graph_build.serve.protocol import TEXT, QueryJob, Reply, error_reply, library_specs
from graph_build.serve.workers import PoolBusyError, QueryTimeoutError, WorkerPool
from graph_build.sparql.query import QuerySpec
from graph_build.store.embedded import STORE_DIR, open_store

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
MAX_BODY = 1 << 20
PROTOCOL_PARAMS = {"query", "default-graph-uri", "named-graph-uri", "format", "output", "results"}
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
            {"name": p.name, "type": p.type, "required": p.required, "help": p.help}
            for p in spec.params
        ],
        "columns": spec.columns,
        "text": spec.text,
    }


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: one thread per connection, queries handed to the worker pool."""

    daemon_threads = True
    # a burst of clients must queue, not be refused
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], pool: WorkerPool, quiet: bool = False) -> None:
        super().__init__(address, SparqlHandler)
        self.pool = pool
        self.quiet = quiet
        self.specs = library_specs()
        entries = [library_entry(spec) for spec in self.specs.values()]
        self.library_json = json.dumps(entries, ensure_ascii=False, indent=1).encode("utf-8")
        # "</" would end the <script> element that carries the library
        embedded = json.dumps(entries, ensure_ascii=False).replace("</", "<\\/")
        template = (RESOURCES_DIR / "sparql_page.html").read_text(encoding="utf-8")
        self.page = template.replace("__LIBRARY_JSON__", embedded).encode("utf-8")

    @property
    def base_url(self) -> str:
        """``http://host:port/`` of the running server."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"


class SparqlHandler(BaseHTTPRequestHandler):
    """Routes one request; see the module docstring."""

    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "sdgkg"

    # ------------------------------------------------------------ plumbing

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def _send(self, reply: Reply, head_only: bool = False) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            if not head_only:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _run(self, job: QueryJob) -> Reply:
        try:
            return self.server.pool.run(job)
        except QueryTimeoutError as exc:
            return error_reply(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except PoolBusyError as exc:
            reply = error_reply(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            return Reply(reply.status, reply.content_type, reply.body, (("Retry-After", "5"),))
        except SdgkgError as exc:
            return error_reply(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))

    def _accept(self) -> str:
        return self.headers.get("Accept", "") or ""

    @staticmethod
    def _one(values: dict[str, list[str]], name: str) -> str:
        found = values.get(name) or [""]
        return found[0]

    # ------------------------------------------------------------ methods

    def do_GET(self) -> None:
        """Pages, library and protocol queries."""
        self._send(self._get())

    def do_HEAD(self) -> None:
        """Like GET, without the body."""
        self._send(self._get(), head_only=True)

    def do_POST(self) -> None:
        """SPARQL 1.1 Protocol queries by POST; updates are refused."""
        self._send(self._post())

    def do_OPTIONS(self) -> None:
        """CORS pre-flight, so that browser tools elsewhere can query this endpoint."""
        self._send(
            Reply(
                HTTPStatus.NO_CONTENT,
                TEXT,
                b"",
                (
                    ("Allow", "GET, HEAD, POST, OPTIONS"),
                    ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
                    ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                ),
            )
        )

    def _refuse(self) -> None:
        """Graph changes are refused: the endpoint is read-only."""
        self._send(
            Reply(
                HTTPStatus.METHOD_NOT_ALLOWED,
                TEXT,
                (READ_ONLY + "\n").encode("utf-8"),
                (("Allow", "GET, HEAD, POST, OPTIONS"),),
            )
        )

    def do_PUT(self) -> None:
        """Refused: read-only."""
        self._refuse()

    def do_DELETE(self) -> None:
        """Refused: read-only."""
        self._refuse()

    def do_PATCH(self) -> None:
        """Refused: read-only."""
        self._refuse()

    # ------------------------------------------------------------ routes

    def _get(self) -> Reply:
        url = urlsplit(self.path)
        path = url.path
        args = parse_qs(url.query, keep_blank_values=True)
        if path in ("/", "/index.html"):
            return Reply(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page)
        if path == "/sparql":
            if "update" in args:
                return error_reply(HTTPStatus.FORBIDDEN, READ_ONLY)
            if "query" not in args:
                if "text/html" in self._accept():
                    return Reply(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page)
                endpoint = self.server.base_url + "sparql"
                text = SERVICE_DESCRIPTION.format(endpoint=endpoint)
                return Reply(HTTPStatus.OK, "text/turtle; charset=utf-8", text.encode("utf-8"))
            return self._query(self._one(args, "query"), args, args)
        if path in ("/queries", "/queries/"):
            return Reply(HTTPStatus.OK, "application/json; charset=utf-8", self.server.library_json)
        if path.startswith("/queries/"):
            return self._library(path[len("/queries/") :], args)
        if path.startswith("/id/"):
            return self._run(
                QueryJob(
                    resource=path,
                    accept=self._accept(),
                    format=self._one(args, "format"),
                )
            )
        return error_reply(
            HTTPStatus.NOT_FOUND,
            f"nothing at {path}: the SPARQL endpoint is /sparql, the query page is /",
        )

    def _post(self) -> Reply:
        url = urlsplit(self.path)
        args = parse_qs(url.query, keep_blank_values=True)
        if url.path != "/sparql":
            return error_reply(HTTPStatus.NOT_FOUND, "POST queries to /sparql")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update" or "update" in args:
            self._drain()
            return error_reply(HTTPStatus.FORBIDDEN, READ_ONLY)
        body = self._body()
        if isinstance(body, Reply):
            return body
        if content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                return error_reply(HTTPStatus.FORBIDDEN, READ_ONLY)
            if "query" not in form:
                return error_reply(HTTPStatus.BAD_REQUEST, "the form has no 'query' field")
            merged = {**args, **form}
            return self._query(self._one(form, "query"), merged, merged)
        if content_type == "application/sparql-query":
            return self._query(body.decode("utf-8", "replace"), args, args)
        return error_reply(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "send application/x-www-form-urlencoded (query=…) or application/sparql-query",
        )

    def _drain(self) -> None:
        """Read and drop a request body we refuse, so the connection stays usable."""
        length = int(self.headers.get("Content-Length") or 0)
        if 0 < length <= MAX_BODY:
            self.rfile.read(length)
        elif length:
            self.close_connection = True

    def _body(self) -> bytes | Reply:
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            self.close_connection = True
            return error_reply(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length header")
        try:
            length = int(raw_length)
        except ValueError:
            self.close_connection = True
            return error_reply(HTTPStatus.BAD_REQUEST, "Content-Length is not a number")
        if length > MAX_BODY:
            self.close_connection = True
            return error_reply(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"queries are limited to {MAX_BODY} bytes"
            )
        return self.rfile.read(length)

    def _query(
        self, query: str, dataset: dict[str, list[str]], options: dict[str, list[str]]
    ) -> Reply:
        if not query.strip():
            return error_reply(HTTPStatus.BAD_REQUEST, "the query is empty")
        return self._run(
            QueryJob(
                query=query,
                default_graphs=tuple(dataset.get("default-graph-uri", [])),
                named_graphs=tuple(dataset.get("named-graph-uri", [])),
                accept=self._accept(),
                format=self._one(options, "format") or self._one(options, "output"),
            )
        )

    def _library(self, name: str, args: dict[str, list[str]]) -> Reply:
        as_text = name.endswith(".rq")
        name = name.removesuffix(".rq")
        spec = self.server.specs.get(name)
        if spec is None:
            known = ", ".join(sorted(self.server.specs))
            return error_reply(HTTPStatus.NOT_FOUND, f"no library query '{name}'; known: {known}")
        if as_text:
            return Reply(
                HTTPStatus.OK, "application/sparql-query; charset=utf-8", spec.text.encode()
            )
        params: list[tuple[str, str]] = []
        for key, values in sorted(args.items()):
            if key in PROTOCOL_PARAMS:
                continue
            if len(values) != 1:
                return error_reply(HTTPStatus.BAD_REQUEST, f"give parameter '{key}' once")
            if values[0].strip():
                params.append((key, values[0].strip()))
        return self._run(
            QueryJob(
                library=name,
                params=tuple(params),
                accept=self._accept(),
                format=self._one(args, "format") or self._one(args, "output"),
            )
        )


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
) -> SparqlServer:
    """Start the worker pool and bind the server (call ``serve_forever`` to answer requests).

    With ``in_memory``, each worker answers from its own in-memory copy of the store (see
    :func:`graph_build.store.embedded.in_memory`).
    """
    open_store(out)  # a clear error when there is no build
    pool = WorkerPool(out.resolve() / STORE_DIR, workers, timeout, queue_wait, in_memory)
    try:
        return SparqlServer((host, port), pool, quiet)
    except OSError as exc:
        pool.close()
        raise SdgkgError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port"
        ) from exc
