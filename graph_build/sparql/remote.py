"""Remote triple stores: run library queries on any SPARQL 1.1 endpoint, and publish the graph.

``sdgkg query NAME --endpoint URL`` sends the query through SPARQLWrapper. Parameters travel as an
inline ``VALUES`` block of RDF terms (see :mod:`graph_build.sparql.text`), and the dataset is
written into the query as ``FROM`` (and, for a ``GRAPH`` pattern, ``FROM NAMED``) the project's
named graphs, so the library's queries see the same union graph as on the local store, whatever
the server's own default graph is. (Not the protocol's ``default-graph-uri`` parameters:
Virtuoso echoes each one as a response header, and past 100 headers Python's HTTP client
refuses the answer.)

``sdgkg publish`` replaces every named graph on the server, then counts the triples per graph on
the server and fails when a count differs from the local one. With a SPARQL Update endpoint each
graph is first loaded into a temporary graph (Graph Store Protocol ``PUT``/``POST``, or
``INSERT DATA``) and all of them are swapped in with ``MOVE`` in one update request, so an
interrupted publish leaves every graph with its previous content. With only a Graph Store endpoint
the graphs are replaced in place, one after another, and an interrupted publish says which graphs
on the server are incomplete.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph_build.errors import SdgkgError
from graph_build.iris import DESCRIPTION_GRAPH
from graph_build.namespaces import GRAPH
from graph_build.paths import DEFAULT_OUT, DESCRIPTION_FILE, RELEASE_DIR
from graph_build.sparql.query import QueryResult, QuerySpec, bound_text
from graph_build.sparql.text import has_dataset_clause, with_dataset
from graph_build.store.embedded import open_store

PASSWORD_VARIABLE = "SDGKG_PASSWORD"
AUTH_SCHEMES = ("basic", "digest")
GRAPH_PREFIX = str(GRAPH)
# Outside GRAPH_PREFIX, so that queries, stale checks and the dataset of ``sdgkg query
# --endpoint`` never see a half-loaded copy.
PUBLISHING_PREFIX = "https://w3id.org/sdgkg/publishing/"
URL_SCHEMES = ("http", "https")
DEFAULT_TIMEOUT = 120.0
# Virtuoso's SPARQL parser runs out of stack on much longer INSERT DATA blocks
DEFAULT_BATCH = 1000


def _graphs_query(prefix: str) -> str:
    return f"""SELECT DISTINCT ?g WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(STRSTARTS(STR(?g), "{prefix}"))
}} ORDER BY ?g"""


GRAPHS_QUERY = _graphs_query(GRAPH_PREFIX)


def require_http_url(option: str, url: str) -> str:
    """``url`` when it is an http(s) address with a host; otherwise an error naming ``option``.

    urllib also opens ``file:``, ``ftp:`` and ``data:`` addresses, which would read local files
    or other services instead of talking to a SPARQL server.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in URL_SCHEMES or not parts.hostname:
        raise SdgkgError(
            f"{option} '{url}' is not an http:// or https:// address of a SPARQL server; "
            "nothing was sent. Give the server's address, for example "
            "http://127.0.0.1:7878/query (http(s) のアドレスを指定してください)"
        )
    return url


@dataclass(frozen=True)
class Credentials:
    """A user name and password for an endpoint, and how the server asks for them."""

    user: str
    password: str = field(repr=False)
    scheme: str = "basic"


def credentials_from_env(user: str | None, scheme: str = "basic") -> Credentials | None:
    """Credentials for ``--user``, with the password from ``SDGKG_PASSWORD`` (never an option)."""
    if not user:
        return None
    password = os.environ.get(PASSWORD_VARIABLE)
    if not password:
        raise SdgkgError(
            f"--user {user} needs a password: set the environment variable {PASSWORD_VARIABLE} "
            f"(パスワードは環境変数 {PASSWORD_VARIABLE} で渡してください)"
        )
    if scheme not in AUTH_SCHEMES:
        raise SdgkgError(f"unknown --auth '{scheme}': use one of {', '.join(AUTH_SCHEMES)}")
    return Credentials(user, password, scheme)


# ------------------------------------------------------------------ queries through SPARQLWrapper


def _wrapper(endpoint: str, credentials: Credentials | None, timeout: float) -> Any:
    from SPARQLWrapper import BASIC, DIGEST, JSON, POST, SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint, agent="sdgkg (SPARQLWrapper)")
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(JSON)
    # Only the Accept header chooses the format: some servers reject unknown format parameters.
    wrapper.setOnlyConneg(True)
    wrapper.setTimeout(int(timeout))
    if credentials is not None:
        wrapper.setHTTPAuth(DIGEST if credentials.scheme == "digest" else BASIC)
        wrapper.setCredentials(credentials.user, credentials.password)
    return wrapper


def _endpoint_error(endpoint: str, exc: BaseException) -> SdgkgError:
    """One message that says what failed at which endpoint and what to try."""
    from SPARQLWrapper.SPARQLExceptions import (
        EndPointInternalError,
        EndPointNotFound,
        QueryBadFormed,
        Unauthorized,
        URITooLong,
    )

    if isinstance(exc, Unauthorized) or (
        isinstance(exc, urllib.error.HTTPError) and exc.code in (401, 403)
    ):
        return SdgkgError(
            f"{endpoint}: the server refused the credentials or the operation "
            f"(check --user, --auth and {PASSWORD_VARIABLE})"
        )
    if isinstance(exc, EndPointNotFound):
        return SdgkgError(f"{endpoint}: no SPARQL endpoint at this address (HTTP 404)")
    if isinstance(exc, QueryBadFormed):
        return SdgkgError(f"{endpoint}: the server rejected the query as malformed: {exc}")
    if isinstance(exc, URITooLong):
        return SdgkgError(f"{endpoint}: the request was too long for the server")
    if isinstance(exc, EndPointInternalError):
        return SdgkgError(f"{endpoint}: the server failed on the query: {exc}")
    if isinstance(exc, urllib.error.HTTPError):
        return SdgkgError(f"{endpoint}: HTTP {exc.code} {exc.reason}")
    if isinstance(exc, urllib.error.URLError | OSError):
        reason = getattr(exc, "reason", exc)
        return SdgkgError(f"{endpoint}: cannot reach the server ({reason}); is it running?")
    return SdgkgError(f"{endpoint}: {exc}")


def select(
    endpoint: str,
    query: str,
    *,
    graphs: Sequence[str] = (),
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> QueryResult:
    """Run a SELECT query on a SPARQL endpoint; ``graphs`` become the query's dataset, written
    into its text as ``FROM`` (and ``FROM NAMED``; see :func:`with_dataset`)."""
    from SPARQLWrapper import SELECT

    require_http_url("--endpoint", endpoint)
    wrapper = _wrapper(endpoint, credentials, timeout)
    wrapper.setQuery(with_dataset(query, graphs) if graphs else query)
    # SPARQLWrapper guesses the query form with a regular expression that misreads consecutive
    # comment lines (a header mentioning "addresses" passes for an ADD update); this is a query.
    wrapper.queryType = SELECT
    try:
        raw = wrapper.query().response.read()
    except Exception as exc:  # SPARQLWrapper raises its own classes and urllib's
        raise _endpoint_error(endpoint, exc) from exc
    return parse_json_results(raw, endpoint)


def _term(entry: Mapping[str, str]) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    kind, value = entry.get("type"), entry.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        # Servers write blank node labels their own way (Virtuoso: nodeID://b1); keep them apart
        # and stable within one answer with a label every RDF library accepts.
        return ox.BlankNode("b" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:24])
    if "xml:lang" in entry:
        return ox.Literal(value, language=entry["xml:lang"])
    if "datatype" in entry:
        return ox.Literal(value, datatype=ox.NamedNode(entry["datatype"]))
    return ox.Literal(value)


def parse_json_results(raw: bytes, endpoint: str = "the endpoint") -> QueryResult:
    """SPARQL 1.1 JSON results (also the older ``typed-literal`` form) as a :class:`QueryResult`."""
    try:
        document = json.loads(raw)
        variables = [str(v) for v in document["head"]["vars"]]
        rows = [
            {v: (_term(binding[v]) if v in binding else None) for v in variables}
            for binding in document["results"]["bindings"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise SdgkgError(f"{endpoint}: the answer is not SPARQL JSON results ({exc})") from exc
    return QueryResult(variables, rows)


def comparable_rows(
    result: QueryResult, booleans_as_numbers: bool = False
) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of values, for comparing one query's answers from two stores.

    Blank nodes and the order inside a list of codes (``GROUP_CONCAT``, which each store joins
    in its own order) do not count; with ``booleans_as_numbers``, ``true``/``false`` compare
    equal to Virtuoso's ``1``/``0``.
    """
    rows = []
    for row in result.rows:
        cells = []
        for v in result.variables:
            term = row[v]
            if term is None:
                cells.append("")
            elif isinstance(term, ox.BlankNode):
                cells.append("_:")
            elif booleans_as_numbers and term.value in ("true", "false"):
                cells.append("1" if term.value == "true" else "0")
            elif " " in term.value and all(
                part.replace(".", "").isalnum() and len(part) <= 5 for part in term.value.split()
            ):
                cells.append(" ".join(sorted(term.value.split())))  # a list of codes
            else:
                cells.append(term.value)
        rows.append(tuple(cells))
    return sorted(rows)


def remote_graphs(
    endpoint: str, credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT
) -> list[str]:
    """The project's named graphs (``https://w3id.org/sdgkg/graph/…``) held by an endpoint."""
    return _graphs_under(endpoint, GRAPH_PREFIX, credentials, timeout)


def _graphs_under(
    endpoint: str, prefix: str, credentials: Credentials | None, timeout: float
) -> list[str]:
    result = select(endpoint, _graphs_query(prefix), credentials=credentials, timeout=timeout)
    return sorted(str(term.value) for row in result.rows if (term := row.get("g")) is not None)


def run_remote(
    spec: QuerySpec,
    endpoint: str,
    params: Mapping[str, str] | None = None,
    *,
    graphs: Sequence[str] | None = None,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> QueryResult:
    """Python API: run a library query on a remote endpoint, parameters bound as RDF terms.

    Without ``graphs`` the dataset is every project graph the endpoint holds, so the query sees
    the same union graph as ``sdgkg query`` on the local store (a query with ``FROM`` clauses of
    its own keeps them).
    """
    text = bound_text(spec, params or {})
    if graphs is None and has_dataset_clause(text):
        graphs = []  # the query names its own graphs
    if graphs is None:
        graphs = remote_graphs(endpoint, credentials, timeout)
        if not graphs:
            raise SdgkgError(
                f"{endpoint}: holds no graph under {GRAPH_PREFIX}; publish first "
                "(sdgkg publish --endpoint …) or name graphs with --graph"
            )
    return select(endpoint, text, graphs=graphs, credentials=credentials, timeout=timeout)


# ------------------------------------------------------------------ publishing


@dataclass
class GraphCount:
    """Triples of one named graph here and on the server after publishing."""

    graph: str
    local: int
    remote: int

    @property
    def ok(self) -> bool:
        """True when the server holds as many triples as the local graph."""
        return self.local == self.remote


@dataclass
class PublishReport:
    """What publishing did: counts per graph, and project graphs only the server has."""

    counts: list[GraphCount]
    stale: list[str]
    dropped_stale: bool = False

    @property
    def ok(self) -> bool:
        """True when every graph arrived complete."""
        return all(c.ok for c in self.counts)


class _PreemptiveDigestHandler(urllib.request.HTTPDigestAuthHandler):
    """Meets the first Digest challenge, then signs every later request in advance.

    Virtuoso answers an unsigned request with 401 and closes the connection before it has read a
    large body, which the client sees as a broken pipe; signed requests are read in full.
    """

    def __init__(self, manager: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(manager)
        self.challenge: dict[str, str] | None = None

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge is not None and not req.has_header("Authorization"):
            signed = self.get_authorization(req, self.challenge)
            if signed:
                req.add_unredirected_header("Authorization", f"Digest {signed}")
        return req

    https_request = http_request

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        _scheme, challenge = auth.split(" ", 1)
        parts = urllib.request.parse_http_list(challenge)
        self.challenge = urllib.request.parse_keqv_list([p for p in parts if p])
        return super().retry_http_digest_auth(req, auth)


def _opener(
    credentials: Credentials | None, urls: Sequence[str | None]
) -> urllib.request.OpenerDirector:
    """An opener that meets Basic and Digest challenges (Virtuoso asks for Digest) for ``urls``."""
    handlers: list[urllib.request.BaseHandler] = []
    if credentials is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in urls:
            if url:
                manager.add_password(None, url, credentials.user, credentials.password)
        handlers += [
            _PreemptiveDigestHandler(manager),
            urllib.request.HTTPBasicAuthHandler(manager),
        ]
    return urllib.request.build_opener(*handlers)


def _send(
    opener: urllib.request.OpenerDirector,
    method: str,
    url: str,
    body: bytes,
    content_type: str,
    timeout: float,
) -> None:
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Content-Type", content_type)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:300]
        if exc.code in (401, 403):
            raise SdgkgError(
                f"{url}: HTTP {exc.code}: the server refused to store the graph "
                f"(check --user, {PASSWORD_VARIABLE} and the user's write permission) {detail}"
            ) from exc
        raise SdgkgError(f"{method} {url}: HTTP {exc.code} {exc.reason}: {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SdgkgError(f"{url}: cannot reach the server ({reason}); is it running?") from exc
    except ValueError as exc:  # urllib's answer to a challenge it could not meet
        raise SdgkgError(
            f"{url}: the server asks for credentials it did not accept ({exc}); "
            f"check --user and {PASSWORD_VARIABLE}"
        ) from exc


def _graph_url(store_endpoint: str, graph: str) -> str:
    joiner = "&" if "?" in store_endpoint else "?"
    return f"{store_endpoint}{joiner}graph={urllib.parse.quote(graph, safe='')}"


def _batches(path: Path, size: int) -> Iterator[bytes]:
    """N-Triples lines of a file in batches of at most ``size`` triples."""
    batch: list[bytes] = []
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                batch.append(line)
            if len(batch) >= size:
                yield b"".join(batch)
                batch = []
    if batch:
        yield b"".join(batch)


_BLANK = re.compile(rb"_:[A-Za-z0-9_.-]+")


def _blank_nodes(line: bytes) -> list[bytes]:
    """Blank node labels in subject or object position of an N-Triples line."""
    subject = line.split(b" ", 1)[0]
    obj = line.rstrip().removesuffix(b".").rstrip().rsplit(b" ", 1)[-1]
    return [t for t in (subject, obj) if _BLANK.fullmatch(t)]


def _batches_keeping_blank_nodes(path: Path, size: int) -> Iterator[bytes]:
    """Batches in which the triples that share a blank node stay together.

    A blank node is one node only within one request, so each group of triples connected through
    blank nodes goes whole into one batch (a group larger than ``size`` gets a batch of its own).
    """
    lines = [line for line in path.read_bytes().splitlines(keepends=True) if line.strip()]
    parent: dict[bytes, bytes] = {}

    def root(node: bytes) -> bytes:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    groups: dict[bytes, list[bytes]] = {}
    for line in lines:
        nodes = _blank_nodes(line)
        for other in nodes[1:]:
            parent[root(other)] = root(nodes[0])
    for index, line in enumerate(lines):
        nodes = _blank_nodes(line)
        key = root(nodes[0]) if nodes else b"#%d" % index
        groups.setdefault(key, []).append(line)
    batch: list[bytes] = []
    for group in groups.values():
        if batch and len(batch) + len(group) > size:
            yield b"".join(batch)
            batch = []
        batch += group
    if batch:
        yield b"".join(batch)


def _has_blank_nodes(store: ox.Store, graph: ox.NamedNode) -> bool:
    ask = f"ASK {{ GRAPH {graph} {{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }} }}"
    return bool(store.query(ask))


def local_counts(store: ox.Store) -> dict[str, int]:
    """Triples per named graph of the local store."""
    result = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(result, ox.QuerySolutions)
    return {str(row["g"].value): int(row["n"].value) for row in result}


def remote_count(endpoint: str, graph: str, credentials: Credentials | None, timeout: float) -> int:
    """Triples in one named graph on the server."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"
    result = select(endpoint, query, credentials=credentials, timeout=timeout)
    term = result.rows[0].get("n") if result.rows else None
    return 0 if term is None else int(str(term.value))


def _load_graph(
    store: ox.Store,
    graph: ox.NamedNode,
    target: ox.NamedNode,
    *,
    opener: urllib.request.OpenerDirector,
    store_endpoint: str | None,
    update_endpoint: str | None,
    batch_size: int,
    timeout: float,
) -> None:
    """Replace graph ``target`` on the server by the local ``graph``, in batches of N-Triples."""
    with tempfile.TemporaryDirectory(prefix="sdgkg-publish-") as tmp:
        dump = Path(tmp) / "graph.nt"
        store.dump(str(dump), format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        if _has_blank_nodes(store, graph):
            batches = _batches_keeping_blank_nodes(dump, batch_size)
        else:
            batches = _batches(dump, batch_size)
        first = next(batches, b"")
        if store_endpoint:
            url = _graph_url(store_endpoint, target.value)
            # PUT replaces the graph; POST adds the remaining batches to it. N-Triples is Turtle.
            _send(opener, "PUT", url, first, "text/turtle; charset=utf-8", timeout)
            for batch in batches:
                _send(opener, "POST", url, batch, "text/turtle; charset=utf-8", timeout)
            return
        assert update_endpoint is not None
        update = f"DROP SILENT GRAPH {target} ;\n"
        if first:
            update += _insert(target, first)
        _update(opener, update_endpoint, update, timeout)
        for batch in batches:
            _update(opener, update_endpoint, _insert(target, batch), timeout)


def release_description(out: Path) -> ox.Store | None:
    """The build's dataset description (VoID, DCAT) as its named graph, if it has a release.

    The store holds the graphs of the plans; the description is written with the release, so
    it is read from there to be published beside them.
    """
    path = Path(out) / RELEASE_DIR / DESCRIPTION_FILE
    if not path.is_file():
        return None
    held = ox.Store()
    held.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(str(DESCRIPTION_GRAPH)))
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    )
    return held


def publishing_graph(graph: str) -> str:
    """The temporary graph that ``graph`` is loaded into before it is swapped in (deterministic,
    so that the next publish finds and drops what an interrupted one left)."""
    if graph.startswith(GRAPH_PREFIX):
        return PUBLISHING_PREFIX + graph.removeprefix(GRAPH_PREFIX)
    return PUBLISHING_PREFIX + "other?" + urllib.parse.urlencode({"graph": graph})


def _move_all(graphs: Sequence[str]) -> str:
    """One update that moves every temporary graph onto its target.

    A store that runs an update request as one transaction (Oxigraph) swaps all graphs at once.
    """
    return " ;\n".join(
        f"MOVE GRAPH {ox.NamedNode(publishing_graph(g))} TO GRAPH {ox.NamedNode(g)}" for g in graphs
    )


def _insert(graph: ox.NamedNode, batch: bytes) -> str:
    """SPARQL Update that adds a batch of N-Triples to a graph.

    Blank nodes are not allowed in INSERT DATA by every store (Virtuoso refuses them); a template
    with an empty WHERE makes one fresh node per label, which is the same.
    """
    triples = batch.decode("utf-8")
    if any(_blank_nodes(line.encode("utf-8")) for line in triples.splitlines()):
        return f"INSERT {{ GRAPH {graph} {{\n{triples}}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH {graph} {{\n{triples}}} }}"


def _update(
    opener: urllib.request.OpenerDirector, endpoint: str, update: str, timeout: float
) -> None:
    body = urllib.parse.urlencode({"update": update}).encode("ascii")
    _send(opener, "POST", endpoint, body, "application/x-www-form-urlencoded", timeout)


def _drop(
    opener: urllib.request.OpenerDirector,
    graph: str,
    store_endpoint: str | None,
    update_endpoint: str | None,
    timeout: float,
) -> None:
    if update_endpoint:
        _update(opener, update_endpoint, f"DROP SILENT GRAPH {ox.NamedNode(graph)}", timeout)
        return
    assert store_endpoint is not None
    request = urllib.request.Request(_graph_url(store_endpoint, graph), method="DELETE")
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        if exc.code != 404:
            raise SdgkgError(f"DELETE {request.full_url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SdgkgError(f"{request.full_url}: cannot reach the server ({reason})") from exc


def _handshake(
    opener: urllib.request.OpenerDirector,
    store_endpoint: str | None,
    update_endpoint: str | None,
    graph: str,
    timeout: float,
) -> None:
    """A small request first, so that the credentials are settled before any large body."""
    if store_endpoint:
        request = urllib.request.Request(_graph_url(store_endpoint, graph), method="HEAD")
    else:
        assert update_endpoint is not None
        request = urllib.request.Request(update_endpoint, method="HEAD")
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise SdgkgError(
                f"{request.full_url}: HTTP {exc.code}: the server refused the credentials "
                f"(check --user and {PASSWORD_VARIABLE})"
            ) from exc
        # other answers (404 for a graph not there yet, 405 for HEAD) are fine here
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SdgkgError(f"{request.full_url}: cannot reach the server ({reason})") from exc
    except ValueError as exc:
        raise SdgkgError(f"{request.full_url}: credentials not accepted ({exc})") from exc


def _listing(graphs: Sequence[str]) -> str:
    return ", ".join(graphs) if graphs else "none"


def _stopped_loading(
    server: str,
    graphs: Sequence[str],
    done: Sequence[str],
    current: str,
    reason: BaseException,
    swap: bool,
) -> SdgkgError:
    """What an interrupted load left on the server, and that publishing again repairs it."""
    why = str(reason) or type(reason).__name__
    if swap:
        return SdgkgError(
            f"publishing to {server} stopped while loading {current} into its temporary graph "
            f"{publishing_graph(current)}:\n  {why}\n"
            "No graph of the build was changed on the server: every graph still holds its "
            "previous content. The partly loaded temporary graphs under "
            f"{PUBLISHING_PREFIX} are dropped by the next publish.\n"
            "Run `sdgkg publish` again with the same options once the server answers.\n"
            "(公開は中断されましたが、サーバー上のグラフは以前の内容のままです。"
            "同じオプションで sdgkg publish を再実行してください)"
        )
    later = [g for g in graphs if g != current and g not in done]
    return SdgkgError(
        f"publishing to {server} stopped while replacing {current}:\n  {why}\n"
        "On the server now:\n"
        f"  incomplete (partly replaced): {current}\n"
        f"  replaced and complete: {_listing(done)}\n"
        f"  not replaced yet (previous content): {_listing(later)}\n"
        "Running `sdgkg publish` again with the same options replaces every graph and repairs "
        "the incomplete one. Give --update-endpoint as well to load into temporary graphs and "
        "swap them in, so that an interrupted publish leaves no graph partly replaced.\n"
        f"(公開が中断され、{current} はサーバー上で不完全です。"
        "同じオプションで sdgkg publish を再実行すると修復されます)"
    )


def _drop_leftovers(
    endpoint: str,
    opener: urllib.request.OpenerDirector,
    store_endpoint: str | None,
    update_endpoint: str | None,
    credentials: Credentials | None,
    timeout: float,
    step: Callable[[str], None],
) -> None:
    """Drop the temporary graphs an interrupted publish left on the server."""
    for graph in _graphs_under(endpoint, PUBLISHING_PREFIX, credentials, timeout):
        step(f"dropping {graph}, left by an interrupted publish")
        _drop(opener, graph, store_endpoint, update_endpoint, timeout)


def publish(
    endpoint: str,
    *,
    out: Path = DEFAULT_OUT,
    store_endpoint: str | None = None,
    update_endpoint: str | None = None,
    credentials: Credentials | None = None,
    batch_size: int = DEFAULT_BATCH,
    drop_stale: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[str], None] | None = None,
) -> PublishReport:
    """Replace every named graph of the build in ``out`` on a remote store, then verify counts.

    Publishing twice leaves the same triples: each graph is replaced, never added to. With an
    ``update_endpoint`` the graphs are loaded into temporary graphs and moved into place in one
    update; with only a ``store_endpoint`` they are replaced in place. Raises
    :class:`SdgkgError` when the server cannot be reached or refuses a request (the message says
    which graphs on the server hold what) and when a graph's triple count on the server differs
    from the local one.
    """
    require_http_url("--endpoint", endpoint)
    if store_endpoint is not None:
        require_http_url("--store-endpoint", store_endpoint)
    if update_endpoint is not None:
        require_http_url("--update-endpoint", update_endpoint)
    if not store_endpoint and not update_endpoint:
        raise SdgkgError(
            "publish needs --store-endpoint (SPARQL Graph Store Protocol) or --update-endpoint "
            "(SPARQL Update); see the README for the addresses of Oxigraph, Virtuoso, Fuseki "
            "and GraphDB"
        )
    if batch_size < 1:
        raise SdgkgError("--batch-size must be at least 1")
    step = progress or (lambda _message: None)
    store = open_store(out)
    counts = local_counts(store)
    sources = dict.fromkeys(counts, store)
    description = release_description(out)
    if description is not None:  # the store's self-description, from the release
        counts[str(DESCRIPTION_GRAPH)] = len(description)
        sources[str(DESCRIPTION_GRAPH)] = description
    graphs = sorted(counts)
    server = store_endpoint or update_endpoint
    assert server is not None
    swap = update_endpoint is not None
    opener = _opener(credentials, [store_endpoint, update_endpoint])
    if credentials is not None:
        _handshake(opener, store_endpoint, update_endpoint, graphs[0], timeout)
    _drop_leftovers(endpoint, opener, store_endpoint, update_endpoint, credentials, timeout, step)
    done: list[str] = []
    current = graphs[0]
    try:
        for current in graphs:
            target = publishing_graph(current) if swap else current
            step(f"loading {current} ({counts[current]} triples)")
            _load_graph(
                sources[current],
                ox.NamedNode(current),
                ox.NamedNode(target),
                opener=opener,
                store_endpoint=store_endpoint,
                update_endpoint=update_endpoint,
                batch_size=batch_size,
                timeout=timeout,
            )
            done.append(current)
    except (SdgkgError, KeyboardInterrupt) as exc:
        raise _stopped_loading(server, graphs, done, current, exc, swap) from exc
    if update_endpoint is not None:
        step(f"moving {len(graphs)} graphs into place")
        try:
            _update(opener, update_endpoint, _move_all(graphs), timeout)
        except (SdgkgError, KeyboardInterrupt) as exc:
            raise SdgkgError(
                f"publishing to {server} failed while moving the loaded graphs into place:\n"
                f"  {exc}\n"
                "It is not known which of these graphs the server swapped before it failed; "
                "a store that runs an update as one transaction (Oxigraph) swapped all or none: "
                f"{_listing(graphs)}\n"
                "Run `sdgkg publish` again with the same options: it replaces every graph.\n"
                "(グラフの入れ替え中に失敗しました。sdgkg publish を再実行してください)"
            ) from exc
    step("counting triples on the server")
    try:
        report_counts = [
            GraphCount(g, counts[g], remote_count(endpoint, g, credentials, timeout))
            for g in graphs
        ]
        stale = [g for g in remote_graphs(endpoint, credentials, timeout) if g not in counts]
    except SdgkgError as exc:
        raise SdgkgError(
            f"every graph was sent to {server}, but counting them through {endpoint} failed:\n"
            f"  {exc}\nRun `sdgkg publish` again to replace and count them."
        ) from exc
    if stale and drop_stale:
        for graph in stale:
            step(f"dropping {graph}, which the build no longer has")
            _drop(opener, graph, store_endpoint, update_endpoint, timeout)
    report = PublishReport(report_counts, stale, dropped_stale=bool(stale and drop_stale))
    if not report.ok:
        lines = [
            f"  {c.graph}: local {c.local}, server {c.remote}" for c in report_counts if not c.ok
        ]
        raise SdgkgError(
            "the server does not hold the same triples as the build after publishing:\n"
            + "\n".join(lines)
            + "\n(公開後のトリプル数がローカルと一致しません。サーバーのログを確認してください)"
        )
    return report
