"""Publishing when things go wrong: a real Oxigraph server on 127.0.0.1 killed in the middle of
``publish``, restarted on the same data folder and published to again; and endpoint addresses that
are not http(s), refused before any request."""

from __future__ import annotations

import http.server
import re
import signal
import socket
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from graph_build.build import BuildResult
from graph_build.cli.main import main
from graph_build.errors import SdgkgError
from graph_build.iris import DESCRIPTION_GRAPH
from graph_build.sparql.query import library
from graph_build.sparql.remote import (
    PUBLISHING_PREFIX,
    local_counts,
    publish,
    publishing_graph,
    release_description,
    remote_graphs,
    run_remote,
)
from graph_build.store.embedded import in_memory, open_store
from tests.test_remote_stores import (
    OXIGRAPH,
    Engine,
    assert_same_graphs,
    free_port,
    server_graph,
    stop,
    wait_until_up,
)


class OxigraphProcess:
    """An Oxigraph server on a data folder that a test can kill and start again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None
        self.engine = Engine("", "", "")

    def start(self) -> Engine:
        port = free_port()
        log = self.folder / f"oxigraph-{port}.log"
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [OXIGRAPH, "serve", "--location", str(self.folder / "data"), "--bind",
                 f"127.0.0.1:{port}"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/query?query=ASK%7B%7D", self.process, 30, log)
        self.engine = Engine(f"{base}/query", f"{base}/store", f"{base}/update")
        return self.engine

    def kill(self) -> None:
        """SIGKILL, as a crash or a pulled plug: no chance to finish a request."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            stop(self.process)


@pytest.fixture
def oxigraph_process(tmp_path: Path) -> Iterator[OxigraphProcess]:
    server = OxigraphProcess(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def old_content(graph: str) -> str:
    return f'<{graph}#old> <http://example.org/was> "the previous publish" .\n'


def put_old_content(engine: Engine, graphs: list[str]) -> None:
    """What the server held before: one triple per graph, unlike anything in the build."""
    for graph in graphs:
        request = urllib.request.Request(
            f"{engine.store}?graph={urllib.parse.quote(graph, safe='')}",
            data=old_content(graph).encode(),
            headers={"Content-Type": "application/n-triples"},
            method="PUT",
        )
        urllib.request.urlopen(request, timeout=30).read()


class KillingProxy:
    """A relay on 127.0.0.1 in front of the server's store endpoint that kills the server as the
    second batch of ``graph`` arrives: the server then holds the first batch of that graph (more
    than the one triple it held before) and the client sees its connection dropped, exactly as
    when a server crashes mid-load, at the same point on every run however busy the machine is.
    """

    def __init__(self, server: OxigraphProcess, graph: str) -> None:
        self.server = server
        self.graph = graph
        self.writes = 0
        relay = self

        class Relay(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the test reads the client's error, not the relay's log."""

            def forward(self) -> None:
                query = urllib.parse.urlsplit(self.path).query
                graphs = urllib.parse.parse_qs(query).get("graph", [])
                if self.command in ("PUT", "POST") and graphs == [relay.graph]:
                    relay.writes += 1
                    if relay.writes == 2:
                        relay.server.kill()
                        self.close_connection = True
                        return  # no answer: the connection drops, as with a crashed server
                length = int(self.headers.get("Content-Length") or 0)
                request = urllib.request.Request(
                    relay.server.engine.store.rsplit("/", 1)[0] + self.path,
                    data=self.rfile.read(length) if length else None,
                    method=self.command,
                )
                for name in ("Content-Type", "Accept"):
                    if self.headers.get(name):
                        request.add_header(name, self.headers[name])
                try:
                    with urllib.request.urlopen(request, timeout=60) as answer:
                        status, body, kind = answer.status, answer.read(), answer.headers
                except urllib.error.HTTPError as refused:
                    status, body, kind = refused.code, refused.read(), refused.headers
                self.send_response(status)
                self.send_header("Content-Type", kind.get("Content-Type", "text/plain"))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = forward  # noqa: N815

        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Relay)
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    @property
    def store(self) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}/store"

    def __enter__(self) -> KillingProxy:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.http.shutdown()
        self.http.server_close()


def local_graph(store: ox.Store, graph: str) -> Graph:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return Graph().parse(data=data, format="nt")


def published(build: BuildResult) -> ox.Store:
    """What publish sends: the build's graphs and, from its release, the dataset description."""
    store = in_memory(open_store(build.out))
    description = release_description(build.out)
    assert description is not None, "the build has a release, so its description is published"
    store.bulk_extend(description)
    return store


def published_counts(build: BuildResult) -> dict[str, int]:
    return local_counts(published(build))


def listed(message: str, label: str) -> list[str]:
    """The graphs the error message lists after ``label:``."""
    found = re.search(rf"^\s*{re.escape(label)}: (.*)$", message, re.MULTILINE)
    assert found, f"'{label}' missing from: {message}"
    return [] if found.group(1) == "none" else found.group(1).split(", ")


def republish_and_check(server: OxigraphProcess, project_build: BuildResult, *, swap: bool) -> None:
    """Restart on the same data folder; publishing again gives exactly the build."""
    engine = server.start()
    report = publish(
        engine.query,
        out=project_build.out,
        store_endpoint=engine.store,
        update_endpoint=engine.update if swap else None,
    )
    assert report.ok
    assert {c.graph: c.remote for c in report.counts} == published_counts(project_build)
    assert str(DESCRIPTION_GRAPH) in published_counts(project_build)
    assert_same_graphs(published(project_build), engine.query)
    query = f'ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{PUBLISHING_PREFIX}")) }}'
    assert not server_has(engine.query, query), "a temporary graph was left on the server"


def server_has(endpoint: str, ask: str) -> bool:
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": ask}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return b"true" in response.read()


def test_killed_during_a_swap_publish_every_graph_keeps_its_previous_content(
    oxigraph_process: OxigraphProcess, project_build: BuildResult
) -> None:
    engine = oxigraph_process.start()
    graphs = sorted(published_counts(project_build))
    put_old_content(engine, graphs)
    with (
        KillingProxy(oxigraph_process, publishing_graph(graphs[0])) as proxy,
        pytest.raises(SdgkgError) as failure,
    ):
        publish(
            engine.query,
            out=project_build.out,
            store_endpoint=proxy.store,
            update_endpoint=engine.update,
            batch_size=50,
        )
    assert proxy.writes == 2
    message = str(failure.value)
    assert proxy.store in message and "cannot reach the server" in message
    assert "No graph of the build was changed" in message and "sdgkg publish" in message
    assert graphs[0] in message  # the graph being loaded when the server went away

    # Back on the same data: every graph holds exactly what it held before, none is partial,
    # and the half-loaded temporary graph is not among the project's graphs.
    engine = oxigraph_process.start()
    for graph in graphs:
        expected = Graph().parse(data=old_content(graph), format="nt")
        assert isomorphic(server_graph(engine.query, graph), expected), graph
    assert remote_graphs(engine.query) == graphs
    assert server_has(
        engine.query, f"ASK {{ GRAPH <{publishing_graph(graphs[0])}> {{ ?s ?p ?o }} }}"
    )
    oxigraph_process.stop()
    republish_and_check(oxigraph_process, project_build, swap=True)


def test_killed_during_an_in_place_publish_the_message_names_the_incomplete_graph(
    oxigraph_process: OxigraphProcess, project_build: BuildResult
) -> None:
    engine = oxigraph_process.start()
    graphs = sorted(published_counts(project_build))
    put_old_content(engine, graphs)
    with KillingProxy(oxigraph_process, graphs[1]) as proxy:
        args = ["publish", "--endpoint", engine.query, "--store-endpoint", proxy.store]
        options = ["--batch-size", "50", "--out", str(project_build.out)]
        done = CliRunner().invoke(main, [*args, *options])
    assert proxy.writes == 2
    assert done.exit_code == 1, done.output
    message = done.output
    assert proxy.store in message and "cannot reach the server" in message
    assert "Running `sdgkg publish` again" in message
    incomplete = listed(message, "incomplete (partly replaced)")
    complete = listed(message, "replaced and complete")
    untouched = listed(message, "not replaced yet (previous content)")
    assert incomplete == [graphs[1]]
    assert sorted(complete + incomplete + untouched) == graphs

    # What the message says is what the server holds once it is back on the same data.
    engine = oxigraph_process.start()
    store = published(project_build)
    for graph in complete:
        assert isomorphic(server_graph(engine.query, graph), local_graph(store, graph)), graph
    for graph in untouched:
        expected = Graph().parse(data=old_content(graph), format="nt")
        assert isomorphic(server_graph(engine.query, graph), expected), graph
    oxigraph_process.stop()
    republish_and_check(oxigraph_process, project_build, swap=False)


BAD_ADDRESSES = [
    "file:///etc/hostname",
    "ftp://127.0.0.1:{port}/query",
    "data:,hello",
    "127.0.0.1:{port}/query",
    "http:///query",
    "gopher://127.0.0.1:{port}/",
]


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A port on 127.0.0.1 that records every connection made to it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield sock


def connections(sock: socket.socket) -> int:
    sock.setblocking(False)
    count = 0
    while True:
        try:
            accepted, _address = sock.accept()
        except BlockingIOError:
            return count
        accepted.close()
        count += 1


@pytest.mark.parametrize("option", ["--endpoint", "--store-endpoint", "--update-endpoint"])
@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_non_http_endpoints_are_refused_before_any_request(
    project_build: BuildResult, listener: socket.socket, option: str, address: str
) -> None:
    port = listener.getsockname()[1]
    good = {
        "--endpoint": f"http://127.0.0.1:{port}/query",
        "--store-endpoint": f"http://127.0.0.1:{port}/store",
        "--update-endpoint": f"http://127.0.0.1:{port}/update",
    }
    good[option] = address.format(port=port)
    args = [part for pair in good.items() for part in pair]
    done = CliRunner().invoke(main, ["publish", *args, "--out", str(project_build.out)])
    assert done.exit_code == 1, done.output
    assert f"{option} '{good[option]}' is not an http:// or https:// address" in done.output
    assert "Traceback" not in done.output
    assert connections(listener) == 0


def test_query_on_a_file_address_is_refused(project_build: BuildResult) -> None:
    spec = next(iter(library()))
    with pytest.raises(SdgkgError, match="not an http:// or https:// address"):
        run_remote(spec, "file:///etc/hostname", graphs=["https://w3id.org/sdgkg/graph/x"])
