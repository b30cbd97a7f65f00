"""Publishing when things go wrong: a real Oxigraph server on 127.0.0.1 killed in the middle of
``publish``, restarted on the same data folder and published to again; and endpoint addresses that
are not http(s), refused before any request."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import threading
import time
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
    remote_count,
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


def kill_when_loading(server: OxigraphProcess, graph: str) -> threading.Thread:
    """Kill the server as soon as it holds some of the build's triples of ``graph``.

    More than one triple: the previous content is one triple, and the first batch is larger.
    """
    engine = server.engine

    def watch() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if remote_count(engine.query, graph, None, 5) > 1:
                    break
            except SdgkgError:
                return
            time.sleep(0.02)
        server.kill()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


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
    watcher = kill_when_loading(oxigraph_process, publishing_graph(graphs[0]))
    with pytest.raises(SdgkgError) as failure:
        publish(
            engine.query,
            out=project_build.out,
            store_endpoint=engine.store,
            update_endpoint=engine.update,
            batch_size=50,
        )
    watcher.join(30)
    message = str(failure.value)
    assert engine.store in message and "cannot reach the server" in message
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
    watcher = kill_when_loading(oxigraph_process, graphs[1])
    runner = CliRunner()
    args = ["publish", "--endpoint", engine.query, "--store-endpoint", engine.store]
    done = runner.invoke(main, [*args, "--batch-size", "50", "--out", str(project_build.out)])
    watcher.join(30)
    assert done.exit_code == 1, done.output
    message = done.output
    assert engine.store in message and "cannot reach the server" in message
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
