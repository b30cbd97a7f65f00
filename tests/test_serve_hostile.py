"""``sdgkg serve`` against hostile clients, on 127.0.0.1: lying Content-Length, deep nesting,
SERVICE and LOAD (a listening socket must receive nothing), bad dataset IRIs, idle connections,
huge answers, slow queries beside quick ones, a rebuild under the running server, and a query
worker killed while it answers."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph_build.build import BuildResult
from graph_build.files import replace_folder
from graph_build.serve.snapshot import build_checksum
from graph_build.sparql.memory_limit import limits_supported
from graph_build.sparql.text import QueryRefusedError, check_served_query
from graph_build.store.embedded import STORE_DIR, load_store
from tests.test_serve import http, running_server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = {"Accept": "application/sparql-results+json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def get_query(url: str, query: str, **params: str) -> tuple[int, str, bytes]:
    args = urllib.parse.urlencode({"query": query, **params})
    return http(f"{url}sparql?{args}", headers=JSON)


def raw_exchange(url: str, request: bytes, body_chunks: int = 0) -> bytes:
    """Send ``request``, and ``body_chunks`` MiB of filler beside it, over one socket; what the
    server answers before it closes the connection."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(request)

        def filler() -> None:
            with contextlib.suppress(OSError):  # closed by the server after refusing
                for _ in range(body_chunks):
                    conn.sendall(b"x" * (1 << 20))

        sender = threading.Thread(target=filler)
        sender.start()
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := conn.recv(65536):
                answer += chunk
        sender.join(30)
        return answer


@pytest.fixture(scope="module")
def hostile(project_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> str:
    log = tmp_path_factory.mktemp("hostile") / "serve.log"
    extra = ("--max-result-bytes", "200000", "--idle-timeout", "1", "--max-nesting", "50")
    with running_server(project_build.out, log, *extra) as url:
        yield url  # type: ignore[misc]


# ------------------------------------------------------------------ request bodies


def test_negative_content_length_is_a_bad_request(hostile: str) -> None:
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: -1\r\n\r\n"
    )
    answer = raw_exchange(hostile, request, body_chunks=3)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


def test_a_huge_declared_body_is_refused_before_it_is_read(hostile: str) -> None:
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 300000000\r\n\r\n"
    )
    answer = raw_exchange(hostile, request, body_chunks=4)
    assert answer.startswith(b"HTTP/1.1 413") and b"limited to 1,048,576 bytes" in answer


def test_a_chunked_body_is_cut_at_the_limit(hostile: str) -> None:
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"%x\r\n%s\r\n" % (1 << 19, b"#" * (1 << 19))
    answer = raw_exchange(hostile, request + chunk * 3 + b"0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_body_without_length_is_refused(hostile: str) -> None:
    request = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n\r\n"
    assert raw_exchange(hostile, request).startswith(b"HTTP/1.1 411")


# ------------------------------------------------------------------ query text


def test_deep_nesting_is_refused_and_the_workers_go_on(hostile: str) -> None:
    deep = "ASK " + "{" * 5000 + "}" * 5000
    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(lambda _: get_query(hostile, deep)[0], range(6)))
    assert codes == [400] * 6
    status, _, body = get_query(hostile, "ASK {}")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_the_scan_counts_brackets_but_not_strings_or_iris() -> None:
    check_served_query('ASK { FILTER("{{{{{{" != "}") }', max_chars=1000, max_depth=3)
    check_served_query(
        "SELECT ?service { ?service <urn:x:SERVICE> 'LOAD' }", max_chars=1000, max_depth=3
    )
    with pytest.raises(QueryRefusedError, match="50 deep"):
        deep = "ASK { FILTER(" + "(" * 60 + "1" + ")" * 60 + ") }"
        check_served_query(deep, max_chars=10_000, max_depth=50)
    with pytest.raises(QueryRefusedError, match="at most 10"):
        check_served_query("ASK { ?s ?p ?o }", max_chars=10, max_depth=50)


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        "SELECT * {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        "SELECT * {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        "SELECT * {{ SERVICE ?x {{ ?s ?p ?o }} VALUES ?x {{ <{target}> }} }}",
        "LOAD <{target}>",
    ],
)
def test_service_and_load_are_refused_without_a_connection(hostile: str, template: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(0.5)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        status, _, body = http(
            hostile + "sparql",
            urllib.parse.urlencode({"query": template.format(target=target)}).encode(),
            FORM,
        )
        assert status == 400 and b"no network requests" in body, body
        with pytest.raises(TimeoutError):
            listener.accept()


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("ASK { ?s ?p ?o }", {"default-graph-uri": "not an iri"}),
        ("ASK { ?s ?p ?o }", {"named-graph-uri": "<bad>"}),
        ("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o } LIMIT 1", {}),
        ("SELECT * { ?s <file:///etc/passwd> ?o }", {}),
    ],
)
def test_client_mistakes_are_400_not_500(hostile: str, query: str, params: dict[str, str]) -> None:
    status, _, body = get_query(hostile, query, **params)
    assert status in (200, 400), body
    if "graph-uri" in next(iter(params), ""):
        assert status == 400 and b"absolute IRIs" in body


def test_an_oversized_answer_is_refused_with_what_to_do(hostile: str) -> None:
    status, _, body = get_query(hostile, "SELECT * { GRAPH ?g { ?s ?p ?o } }")
    assert status == 400 and b"larger than 200,000 bytes" in body and b"LIMIT" in body
    status, _, body = get_query(hostile, "SELECT * { GRAPH ?g { ?s ?p ?o } } LIMIT 10")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 10


# ------------------------------------------------------------------ connections


def test_idle_connections_are_closed(hostile: str) -> None:
    host, port = urllib.parse.urlsplit(hostile).netloc.split(":")
    silent = [socket.create_connection((host, int(port)), timeout=30) for _ in range(100)]
    slowloris = socket.create_connection((host, int(port)), timeout=30)
    slowloris.sendall(b"GET /sparql HTTP/1.1\r\nHost: x\r\n")  # and never the end of the head
    try:
        for conn in [*silent, slowloris]:
            assert conn.recv(1) == b""  # closed by the server, long before the 30 s time-out
        assert get_query(hostile, "ASK {}")[0] == 200
    finally:
        for conn in [*silent, slowloris]:
            conn.close()


# ------------------------------------------------------------------ fairness


def test_a_quick_query_is_answered_while_slow_ones_run(
    project_build: BuildResult, tmp_path: Path
) -> None:
    """Two slow queries on the default two workers: ASK is still answered while they run."""
    extra = ("--timeout", "12", "--long-after", "0.5")
    with (
        running_server(project_build.out, tmp_path / "log", *extra) as url,
        ThreadPoolExecutor(max_workers=2) as pool,
    ):
        slow = [pool.submit(get_query, url, SLOW) for _ in range(2)]
        time.sleep(0.2)  # let them take the workers first
        status, _, body = get_query(url, "ASK { ?s ?p ?o }")
        still_running = [not future.done() for future in slow]
        assert status == 200 and json.loads(body)["boolean"] is True
        assert still_running == [True, True]
        assert [future.result()[0] for future in slow] == [503, 503]


# ------------------------------------------------------------------ one build


def test_a_rebuild_under_a_running_server_changes_nothing_until_restart(
    project_build: BuildResult, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(project_build.out, out)
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    log = tmp_path / "log"
    with running_server(out, log, "--workers", "1", "--timeout", "1") as url:
        first = http(f"{url}sparql?{urllib.parse.urlencode({'query': count})}", headers=JSON)
        before = json.loads(first[2])["results"]["bindings"][0]["n"]["value"]
        # another build replaces the folder: a store of one quad, a receipt of its own
        staging = tmp_path / "staging"
        staging.mkdir()
        nquads = staging / "one.nq"
        nquads.write_text("<urn:x:s> <urn:x:p> <urn:x:o> <urn:x:g> .\n", encoding="utf-8")
        load_store(nquads, staging / STORE_DIR)
        (staging / "build.json").write_text(
            json.dumps({"checksums": {"sdgkg.nq": "0" * 64}}), encoding="utf-8"
        )
        replace_folder(staging, out)
        assert build_checksum(out) == "sha256:" + "0" * 64
        # the time-out replaces the only worker: the new one must open the same build
        assert get_query(url, SLOW)[0] == 503
        for _ in range(3):
            request = urllib.request.Request(
                f"{url}sparql?{urllib.parse.urlencode({'query': count})}", headers=JSON
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                n = json.loads(response.read())["results"]["bindings"][0]["n"]["value"]
                assert n == before
                assert response.headers["X-Sdgkg-Build"] == build_checksum(project_build.out)
    assert "serving build sha256:" in log.read_text(encoding="utf-8")


# ------------------------------------------------------------------ fault injection


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                # The command name (in parentheses) may hold spaces: the parent follows it.
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def _query_workers(marker: str) -> list[int]:
    """The query workers of the server started by this test (its command line holds ``marker``)."""
    (server,) = [p for p in _children(os.getpid()) if marker in _cmdline(p)]
    return sorted(
        p
        for p in _children(server)
        if "multiprocessing" in _cmdline(p) and "resource_tracker" not in _cmdline(p)
    )


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_worker_killed_mid_query_is_replaced_and_the_server_goes_on(
    project_build: BuildResult, tmp_path: Path
) -> None:
    """SIGKILL the only query worker while it runs a query (as the kernel's OOM killer would):
    that query gets a 500 saying so, a new worker takes its place, the server keeps answering."""
    marker = "4242.5"  # a --long-after no other server uses: finds this server's processes
    extra = ("--workers", "1", "--timeout", "120", "--long-after", marker)
    with running_server(project_build.out, tmp_path / "log", *extra) as url:
        (worker,) = _query_workers(marker)
        with ThreadPoolExecutor(max_workers=1) as pool:
            slow = pool.submit(
                http, url + "sparql", urllib.parse.urlencode({"query": SLOW}).encode(), FORM
            )
            time.sleep(1.0)  # the worker has the query
            assert not slow.done()
            os.kill(worker, signal.SIGKILL)
            code, _, body = slow.result(timeout=60)
        assert code == 500 and b"query worker failed" in body, body
        code, _, body = get_query(url, "ASK { ?s ?p ?o }")
        assert code == 200 and json.loads(body)["boolean"] is True
        (replacement,) = _query_workers(marker)
        assert replacement != worker
        code, _, body = get_query(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")
        assert code == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


# Sorts every pair of labels: on the seed graph about 25 million rows to hold, far more than
# 64 MiB, and minutes of work without a memory limit.
HUNGRY = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?a ?b WHERE { ?x rdfs:label ?a . ?y rdfs:label ?b } ORDER BY ?a ?b LIMIT 1"
)


@pytest.mark.skipif(not limits_supported(), reason="memory limits need Linux's RLIMIT_DATA")
def test_a_query_past_the_memory_limit_is_stopped_and_the_server_goes_on(
    project_build: BuildResult, tmp_path: Path
) -> None:
    """The query gets a 503 naming the limit (not a time-out: the limit stops it first), its
    worker is replaced, and queries within the limit are answered as before."""
    marker = "4343.5"
    extra = ("--workers", "1", "--timeout", "10", "--max-query-memory", "64")
    extra += ("--long-after", marker)
    log = tmp_path / "log"
    with running_server(project_build.out, log, *extra) as url:
        (worker,) = _query_workers(marker)
        code, _, body = get_query(url, HUNGRY)
        assert code == 503 and b"needed more than 64 MiB of memory" in body, body
        assert b"--max-query-memory" in body
        code, _, body = get_query(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")
        assert code == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
        (replacement,) = _query_workers(marker)
        assert replacement != worker
    assert "each query may use 64 MiB of memory" in log.read_text()
