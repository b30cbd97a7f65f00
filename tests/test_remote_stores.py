"""Publishing to and querying real triple stores on 127.0.0.1: an Oxigraph server (PyPI package
``oxigraph``) and Virtuoso Open Source (Debian package ``virtuoso-opensource``), each started here
with its own data in a temporary folder and stopped afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from graph_build.analysis.queries import ANALYSIS_QUERIES_DIR, analysis_queries
from graph_build.build import BuildResult
from graph_build.cli.main import main
from graph_build.errors import SdgkgError
from graph_build.sparql.dataframes import query_dataframe
from graph_build.sparql.query import QuerySpec, format_result, library, run_spec
from graph_build.sparql.remote import (
    GRAPH_PREFIX,
    PUBLISHING_PREFIX,
    Credentials,
    comparable_rows,
    publish,
    publishing_graph,
    remote_graphs,
    run_remote,
    select,
)
from graph_build.store.embedded import open_store

SPECS = {spec.name: spec for spec in library()}
# The remote stores hold the project records with the illustrative example of monitored KPI
# values added (the monitored_build fixture), so that the KPI progress queries answer too.
PARAMS = {
    "target_partners": {"target": "11.2"},
    "partner_candidates": {"target": "11.2"},
    "goal_coverage": {"city": "kanazawa", "goal": "11"},
    "city_comparison": {"city_a": "kanazawa", "city_b": "komatsu"},
    "search_labels": {"text": "森林"},
    "stakeholders": {"city": "komatsu"},
    "provenance": {"entity": "https://w3id.org/sdgkg/id/kanazawa/kpi/greenhouse-gas-emissions"},
    "goals_per_stakeholder": {"stakeholder_iri": "https://w3id.org/sdgkg/id/org/unep"},
}
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
VIRTUOSO = shutil.which("virtuoso-t")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {seconds} s: {log.read_text()[-2000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass(frozen=True)
class Engine:
    query: str
    store: str
    update: str
    credentials: Credentials | None = None


def oxigraph_server(folder: Path) -> Iterator[Engine]:
    if not Path(OXIGRAPH).exists():
        pytest.fail("the oxigraph server is missing: pip install -e '.[dev]' installs it")
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [OXIGRAPH, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", process, 30, log)
        yield Engine(f"{base}/query", f"{base}/store", f"{base}/update")
    finally:
        stop(process)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    yield from oxigraph_server(tmp_path_factory.mktemp("oxigraph"))


@pytest.fixture(scope="module")
def store(monitored_build: BuildResult) -> ox.Store:
    return open_store(monitored_build.out)


@pytest.fixture(scope="module")
def oxigraph_published(oxigraph: Engine, monitored_build: BuildResult) -> Engine:
    """The Oxigraph server with the project graph on it (for the tests that only read)."""
    assert publish(oxigraph.query, out=monitored_build.out, store_endpoint=oxigraph.store).ok
    return oxigraph


def local_graph(store: ox.Store, graph: str) -> Graph:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return Graph().parse(data=data, format="nt")


def server_graph(endpoint: str, graph: str) -> Graph:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/n-triples, text/plain;q=0.9"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return Graph().parse(data=response.read(), format="nt")


def assert_same_graphs(store: ox.Store, endpoint: str) -> None:
    graphs = sorted(g.value for g in store.named_graphs())
    assert remote_graphs(endpoint) == graphs
    for graph in graphs:
        assert isomorphic(server_graph(endpoint, graph), local_graph(store, graph)), graph


# ------------------------------------------------------------------ Oxigraph


def test_publish_to_oxigraph_twice_leaves_the_local_graphs(
    oxigraph: Engine, monitored_build: BuildResult, store: ox.Store
) -> None:
    for _ in range(2):
        report = publish(oxigraph.query, out=monitored_build.out, store_endpoint=oxigraph.store)
        assert report.ok and report.stale == []
        assert {c.graph: c.remote for c in report.counts} == monitored_build.triples_per_graph
        assert_same_graphs(store, oxigraph.query)


def test_publish_with_sparql_update_in_small_batches(
    monitored_build: BuildResult, store: ox.Store, tmp_path: Path
) -> None:
    for engine in oxigraph_server(tmp_path):
        for _ in range(2):
            report = publish(
                engine.query, out=monitored_build.out, update_endpoint=engine.update, batch_size=300
            )
            assert report.ok
        assert_same_graphs(store, engine.query)


def test_publish_fails_when_the_server_does_not_hold_the_triples(
    oxigraph: Engine, monitored_build: BuildResult, tmp_path: Path
) -> None:
    # the checks read a second, empty server: the counts cannot match
    for empty in oxigraph_server(tmp_path):
        with pytest.raises(SdgkgError, match="server 0"):
            publish(empty.query, out=monitored_build.out, store_endpoint=oxigraph.store)


def test_stale_graphs_are_reported_and_can_be_dropped(
    oxigraph: Engine, monitored_build: BuildResult
) -> None:
    old = "https://w3id.org/sdgkg/graph/old-document"
    request = urllib.request.Request(
        f"{oxigraph.store}?graph={urllib.parse.quote(old, safe='')}",
        data=b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n",
        headers={"Content-Type": "application/n-triples"},
        method="PUT",
    )
    urllib.request.urlopen(request, timeout=30).read()
    report = publish(oxigraph.query, out=monitored_build.out, store_endpoint=oxigraph.store)
    assert report.stale == [old] and not report.dropped_stale
    report = publish(
        oxigraph.query, out=monitored_build.out, store_endpoint=oxigraph.store, drop_stale=True
    )
    assert report.dropped_stale and old not in remote_graphs(oxigraph.query)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_library_query_on_oxigraph(
    oxigraph_published: Engine, store: ox.Store, name: str
) -> None:
    oxigraph = oxigraph_published
    params = PARAMS.get(name, {})
    local = run_spec(store, SPECS[name], params)
    remote = run_remote(SPECS[name], oxigraph.query, params)
    assert remote.variables == local.variables
    assert comparable_rows(remote) == comparable_rows(local) and local.rows


def test_cli_query_on_an_endpoint_prints_what_local_prints(
    oxigraph_published: Engine, monitored_build: BuildResult
) -> None:
    oxigraph = oxigraph_published
    runner = CliRunner()
    args = ["query", "target_partners", "--param", "target=11.2", "--format", "csv"]
    local = runner.invoke(main, [*args, "--out", str(monitored_build.out)])
    remote = runner.invoke(main, [*args, "--endpoint", oxigraph.query])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert sorted(remote.output.splitlines()) == sorted(local.output.splitlines())
    bad = runner.invoke(
        main, ["query", "target_partners", "--param", "target=x", "--endpoint", oxigraph.query]
    )
    assert bad.exit_code == 1 and "not a UN SDG target" in bad.output


def test_dataframe_from_the_endpoint(
    oxigraph_published: Engine, monitored_build: BuildResult
) -> None:
    oxigraph = oxigraph_published
    local = query_dataframe("goal_link_weights", out=monitored_build.out)
    remote = query_dataframe("goal_link_weights", endpoint=oxigraph.query)
    assert str(local["weight"].dtype) == "Int64"
    key = ["city", "goal_a", "goal_b"]
    assert (
        local.sort_values(key)
        .reset_index(drop=True)
        .equals(remote.sort_values(key).reset_index(drop=True))
    )


def test_publish_command(oxigraph: Engine, monitored_build: BuildResult) -> None:
    runner = CliRunner()
    args = ["publish", "--endpoint", oxigraph.query, "--store-endpoint", oxigraph.store]
    done = runner.invoke(main, [*args, "--out", str(monitored_build.out)])
    assert done.exit_code == 0, done.output
    assert f"published {sum(monitored_build.triples_per_graph.values())} triples" in done.output
    no_target = runner.invoke(
        main, ["publish", "--endpoint", oxigraph.query, "--out", str(monitored_build.out)]
    )
    assert no_target.exit_code == 1 and "--store-endpoint" in no_target.output


def test_password_comes_only_from_the_environment(
    oxigraph: Engine, monitored_build: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SDGKG_PASSWORD", raising=False)
    runner = CliRunner()
    args = ["publish", "--endpoint", oxigraph.query, "--store-endpoint", oxigraph.store]
    done = runner.invoke(main, [*args, "--user", "dba", "--out", str(monitored_build.out)])
    assert done.exit_code == 1 and "SDGKG_PASSWORD" in done.output
    assert "--password" not in runner.invoke(main, ["publish", "--help"]).output


# ------------------------------------------------------------------ Virtuoso

VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


def virtuoso_server(folder: Path) -> Iterator[Engine]:
    if VIRTUOSO is None:
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is missing: .ci/run installs virtuoso-opensource")
        pytest.skip("virtuoso-t not installed (apt-get install virtuoso-opensource)")
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, http_port=http_port, sql_port=sql_port))
    log = folder / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [VIRTUOSO, "+configfile", str(ini), "+foreground"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_up(f"{base}/sparql?query=ASK%7B%7D", process, 120, log)
        yield Engine(
            f"{base}/sparql",
            f"{base}/sparql-graph-crud-auth",
            f"{base}/sparql-auth",
            Credentials("dba", "dba", "digest"),  # a new Virtuoso database's own account
        )
    finally:
        stop(process)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    yield from virtuoso_server(tmp_path_factory.mktemp("virtuoso"))


def test_publish_to_virtuoso_twice_by_graph_store(
    virtuoso: Engine, monitored_build: BuildResult, store: ox.Store
) -> None:
    for _ in range(2):
        report = publish(
            virtuoso.query,
            out=monitored_build.out,
            store_endpoint=virtuoso.store,
            credentials=virtuoso.credentials,
        )
        assert report.ok
        assert {c.graph: c.remote for c in report.counts} == monitored_build.triples_per_graph
    assert_same_graphs(store, virtuoso.query)


def virtuoso_update(virtuoso: Engine, update: str) -> None:
    assert virtuoso.credentials is not None
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, virtuoso.update, "dba", virtuoso.credentials.password)
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))
    body = urllib.parse.urlencode({"update": update}).encode()
    opener.open(urllib.request.Request(virtuoso.update, data=body), timeout=60).read()


@pytest.mark.parametrize("by_graph_store", [False, True])
def test_publish_to_virtuoso_by_sparql_update(
    virtuoso: Engine, monitored_build: BuildResult, store: ox.Store, by_graph_store: bool
) -> None:
    # A triple the build does not have, in a graph it replaces, and a temporary graph that an
    # interrupted publish left: MOVE must replace the target, not add to it, and the
    # leftover must go.
    graph = sorted(monitored_build.triples_per_graph)[0]
    leftover = publishing_graph("https://w3id.org/sdgkg/graph/gone")
    for target in (graph, leftover):
        virtuoso_update(
            virtuoso, f'INSERT DATA {{ GRAPH <{target}> {{ <{target}#x> <{target}#p> "stray" }} }}'
        )
    for _ in range(2):
        report = publish(
            virtuoso.query,
            out=monitored_build.out,
            store_endpoint=virtuoso.store if by_graph_store else None,
            update_endpoint=virtuoso.update,
            credentials=virtuoso.credentials,
        )
        assert report.ok
    assert_same_graphs(store, virtuoso.query)
    within = f'FILTER(STRSTARTS(STR(?g), "{PUBLISHING_PREFIX}"))'
    temporary = select(virtuoso.query, f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {within} }}")
    assert temporary.rows == []


def test_wrong_password_is_a_clear_error(virtuoso: Engine, monitored_build: BuildResult) -> None:
    with pytest.raises(SdgkgError, match="credentials"):
        publish(
            virtuoso.query,
            out=monitored_build.out,
            store_endpoint=virtuoso.store,
            credentials=Credentials("dba", "wrong", "digest"),
        )


@pytest.fixture(scope="module")
def virtuoso_published(virtuoso: Engine, monitored_build: BuildResult) -> Engine:
    """The Virtuoso server with the project graph on it (for the tests that only read)."""
    report = publish(
        virtuoso.query,
        out=monitored_build.out,
        store_endpoint=virtuoso.store,
        credentials=virtuoso.credentials,
    )
    assert report.ok
    return virtuoso


@pytest.fixture(scope="module")
def virtuoso_analysed(
    tmp_path_factory: pytest.TempPathFactory, analysed_build: Path
) -> Iterator[Engine]:
    """A second Virtuoso server, with the analysed build on it (for the analysis's queries)."""
    for engine in virtuoso_server(tmp_path_factory.mktemp("virtuoso-analysed")):
        report = publish(
            engine.query,
            out=analysed_build,
            store_endpoint=engine.store,
            credentials=engine.credentials,
        )
        assert report.ok
        yield engine


@pytest.fixture(scope="module")
def analysed_store(analysed_build: Path) -> ox.Store:
    return open_store(analysed_build)


def query_cases(specs: list[QuerySpec], prefix: str) -> list[Any]:
    """Each query with the examples of its parameters, once more with each other ``one-of``
    parameter instead of the first, and once more with its optional city bound (to the city its
    help names); a query whose header says it does not give the same answer on other stores is
    expected to fail."""
    cases = []
    for spec in specs:
        runs = [("", spec.required_examples())]
        subjects = {p.name for p in spec.one_of}
        required = {k: v for k, v in spec.required_examples().items() if k not in subjects}
        runs += [
            (f"-{p.name}", {**required, p.name: p.example})
            for p in spec.one_of[1:]
            if p.example is not None
        ]
        city = next((p for p in spec.params if p.name == "city" and not p.required), None)
        if city is not None and city.example:
            runs.append((f"-{city.example}", {**spec.required_examples(), "city": city.example}))
        marks = (
            # not strict: Virtuoso's losses vary from run to run, so such a query may pass
            [pytest.mark.xfail(strict=False, reason=spec.portability)] if spec.portability else []
        )
        cases += [
            pytest.param(spec, params, id=f"{prefix}{spec.name}{suffix}", marks=marks)
            for suffix, params in runs
        ]
    return cases


# Virtuoso writes xsd:boolean values as 0/1 and joins GROUP_CONCAT in its own order; every
# query gives the local answer once that is allowed for, unless its header says otherwise.
@pytest.mark.parametrize(
    ("spec", "params"),
    query_cases(library(), "") + query_cases(analysis_queries(), "analysis/"),
)
def test_every_query_on_virtuoso(
    virtuoso_published: Engine,
    store: ox.Store,
    spec: QuerySpec,
    params: dict[str, str],
    request: pytest.FixtureRequest,
) -> None:
    engine, local_store = virtuoso_published, store
    if spec.path.parent == ANALYSIS_QUERIES_DIR:  # these read the analysis's results too
        engine = request.getfixturevalue("virtuoso_analysed")
        local_store = request.getfixturevalue("analysed_store")
    local = run_spec(local_store, spec, params)
    remote = run_remote(spec, engine.query, params)
    assert remote.variables == local.variables
    assert comparable_rows(remote, True) == comparable_rows(local, True) and local.rows
    assert format_result(remote, "csv").count("\n") == len(local.rows) + 1


def test_a_dataset_of_more_than_100_graphs_on_virtuoso(
    virtuoso_published: Engine, store: ox.Store
) -> None:
    # Virtuoso echoes each graph of a protocol dataset as a response header, and Python's HTTP
    # client refuses an answer with more than 100: a corpus of about 45 municipalities has that
    # many graphs. Graphs the server does not hold change nothing in the answer.
    graphs = sorted(g.value for g in store.named_graphs())
    graphs += [f"{GRAPH_PREFIX}unpublished/{i:03d}" for i in range(120)]
    spec, params = SPECS["target_partners"], PARAMS["target_partners"]
    remote = run_remote(spec, virtuoso_published.query, params, graphs=graphs)
    local = run_spec(store, spec, params)
    assert comparable_rows(remote, True) == comparable_rows(local, True) and local.rows
