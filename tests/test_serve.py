"""``sdgkg serve`` started as its own process on 127.0.0.1: the SPARQL 1.1 Protocol through
SPARQLWrapper and curl, the library by name, read-only refusals, the time limit, and a concurrent
load from this (second) process where every answer must be right."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import GET, JSON, POST, TURTLE, SPARQLWrapper

from graph_build.build import BuildResult
from graph_build.errors import SdgkgError
from graph_build.serve.server import YASGUI_DIR
from graph_build.serve.workers import WorkerPool
from graph_build.sparql.query import QueryResult, bindings, library, run_spec
from graph_build.sparql.text import inline_values
from graph_build.store.embedded import in_memory, open_store

SPECS = {spec.name: spec for spec in library()}
FAST = [
    "direction_targets",
    "goal_link_weights",
    "goal_links",
    "initiatives",
    "kpis",
    "sdg_framework",
    "synergies",
    "target_gaps",
    "target_partners",
    "relisted_initiatives",
]
PARAMS = {
    "target_partners": {"target": "11.2"},
    "partner_candidates": {"target": "11.2"},
    "goal_coverage": {"city": "kanazawa", "goal": "11"},
    "city_comparison": {"city_a": "kanazawa", "city_b": "komatsu"},
    "search_labels": {"text": "森林"},
    "stakeholders": {"city": "komatsu"},
    "provenance": {"entity": "https://w3id.org/sdgkg/id/kanazawa/kpi/greenhouse-gas-emissions"},
}


@contextmanager
def running_server(out: Path, log: Path, *extra: str) -> Iterator[str]:
    """``sdgkg serve`` on a free port; yields its base URL and stops it afterwards."""
    command = [
        sys.executable,
        "-m",
        "graph_build.cli.main",
        "serve",
        "--out",
        str(out),
        "--port",
        "0",
    ]
    with log.open("w") as err:
        process = subprocess.Popen(
            [*command, "--quiet", *extra], stdout=subprocess.PIPE, stderr=err, text=True
        )
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            assert first.startswith("SPARQL endpoint: "), log.read_text()
            yield first.split(": ", 1)[1].strip().removesuffix("sparql")
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def base(project_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with running_server(project_build.out, log) as url:
        yield url


@pytest.fixture(scope="module")
def store(project_build: BuildResult) -> ox.Store:
    return open_store(project_build.out)


def terms(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows as RDF term strings, sorted: the comparison does not depend on the order of ties."""
    return sorted(
        tuple("" if row[v] is None else str(row[v]) for v in result.variables)
        for row in result.rows
    )


def parse_json(raw: bytes) -> QueryResult:
    solutions = ox.parse_query_results(raw, ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    variables = [v.value for v in solutions.variables]
    return QueryResult(variables, [{v: s[v] for v in variables} for s in solutions])


def wrapper_select(endpoint: str, query: str, method: str) -> QueryResult:
    sparql = SPARQLWrapper(endpoint)
    sparql.setMethod(method)
    sparql.setReturnFormat(JSON)
    sparql.setQuery(query)
    sparql.queryType = "SELECT"  # its guess misreads the library's comment headers
    return parse_json(sparql.query().response.read())


def http(
    url: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


# ------------------------------------------------------------------ the protocol


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("name", FAST)
def test_sparqlwrapper_gets_the_local_answer(
    base: str, store: ox.Store, name: str, method: str
) -> None:
    spec = SPECS[name]
    remote = wrapper_select(base + "sparql", spec.text, method)
    local = run_spec(store, spec)
    assert remote.variables == local.variables
    assert terms(remote) == terms(local) and local.rows


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_library_query_by_name(base: str, store: ox.Store, name: str) -> None:
    params = PARAMS.get(name, {})
    url = f"{base}queries/{name}?{urllib.parse.urlencode(params)}"
    status, kind, body = http(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and kind.startswith("application/sparql-results+json"), body[:300]
    assert terms(parse_json(body)) == terms(run_spec(store, SPECS[name], params))


def test_construct_as_turtle_is_the_local_graph(base: str, store: ox.Store) -> None:
    kpi = "https://w3id.org/sdgkg/id/kanazawa/kpi/greenhouse-gas-emissions"
    query = f"CONSTRUCT WHERE {{ <{kpi}> ?p ?o }}"
    sparql = SPARQLWrapper(base + "sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(TURTLE)
    remote = Graph().parse(data=sparql.query().response.read(), format="turtle")
    local = Graph().parse(
        data=store.query(query, use_default_graph_as_union=True).serialize(
            format=ox.RdfFormat.TURTLE
        ),
        format="turtle",
    )
    assert len(remote) > 5 and isomorphic(remote, local)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
        ("text/html;q=0.9, text/csv", "text/csv"),
    ],
)
def test_content_negotiation(base: str, accept: str, expected: str) -> None:
    query = urllib.parse.urlencode({"query": "SELECT ?g WHERE { GRAPH ?g {} }"})
    status, kind, _ = http(f"{base}sparql?{query}", headers={"Accept": accept})
    assert status == 200 and kind.startswith(expected)


def test_not_acceptable(base: str) -> None:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    status, _, _ = http(f"{base}sparql?{query}", headers={"Accept": "image/png"})
    assert status == 406


def test_dataset_from_the_request_and_the_query(base: str) -> None:
    schemes = "https://w3id.org/sdgkg/graph/schemes"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    args = urllib.parse.urlencode({"query": count, "default-graph-uri": schemes})
    _, _, body = http(f"{base}sparql?{args}", headers={"Accept": "text/csv"})
    from_request = int(body.decode().split()[1])
    args = urllib.parse.urlencode({"query": count.replace("WHERE", f"FROM <{schemes}> WHERE")})
    _, _, body = http(f"{base}sparql?{args}", headers={"Accept": "text/csv"})
    assert int(body.decode().split()[1]) == from_request == 204


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl(base: str, store: ox.Store) -> None:
    spec = SPECS["kpis"]
    done = subprocess.run(
        [
            "curl",
            "-sS",
            "--fail",
            "-H",
            "Accept: application/sparql-results+json",
            "--data-urlencode",
            f"query={spec.text}",
            base + "sparql",
        ],
        capture_output=True,
        check=True,
    )
    assert terms(parse_json(done.stdout)) == terms(run_spec(store, spec))


# ------------------------------------------------------------------ read-only


@pytest.mark.parametrize(
    ("data", "headers", "method", "status"),
    [
        (b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"}, "POST", 403),
        (b"DROP ALL", {"Content-Type": "application/sparql-update"}, "POST", 403),
        (b"<a> <b> <c> .", {"Content-Type": "text/turtle"}, "PUT", 405),
        (None, {}, "DELETE", 405),
    ],
)
def test_updates_are_refused(
    base: str,
    store: ox.Store,
    data: bytes | None,
    headers: dict[str, str],
    method: str,
    status: int,
) -> None:
    before = run_spec(store, SPECS["sdg_framework"])
    code, _, body = http(base + "sparql", data, headers, method)
    assert code == status and b"read-only" in body
    count = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    _, _, answer = http(f"{base}sparql?{count}", headers={"Accept": "text/csv"})
    assert int(answer.decode().split()[1]) == sum(
        1 for _ in store.quads_for_pattern(None, None, None, None)
    )
    assert terms(run_spec(store, SPECS["sdg_framework"])) == terms(before)


def test_update_sent_as_a_query_is_an_error(base: str) -> None:
    code, _, _ = http(
        base + "sparql",
        urllib.parse.urlencode(
            {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}
        ).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert code == 400


def test_bad_parameter_and_unknown_query(base: str) -> None:
    assert http(f"{base}queries/target_partners?target=99.99")[0] == 400
    assert http(f"{base}queries/target_partners?nosuch=1")[0] == 400
    assert http(f"{base}queries/no_such_query")[0] == 404
    assert http(f"{base}queries/..%2F..%2Fetc%2Fpasswd.rq")[0] == 404


def test_a_missing_parameter_is_named_as_the_url_takes_it(base: str) -> None:
    status, _, body = http(f"{base}queries/search_labels")
    message = body.decode("utf-8")
    assert status == 400 and "--param" not in message
    assert "needs the parameter text (e.g. /queries/search_labels?text=森林)" in message


def test_a_parameter_carrying_sparql_stays_a_value(base: str, store: ox.Store) -> None:
    text = '") } UNION { ?entity ?p ?label } #'
    url = f"{base}queries/search_labels?{urllib.parse.urlencode({'text': text})}"
    status, _, body = http(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and parse_json(body).rows == []


# ------------------------------------------------------------------ page, library, resources


def test_page_offers_the_library(base: str) -> None:
    status, kind, body = http(base, headers={"Accept": "text/html"})
    assert status == 200 and kind.startswith("text/html")
    page = body.decode("utf-8")
    for name in SPECS:
        assert f'"name": "{name}"' in page or f'"name":"{name}"' in page
    assert "クエリ集" in page and "Query library" in page
    # the editor is YASGUI, from this server, with the graph's prefixes for completion
    assert '<script src="yasgui/yasgui.min.js">' in page and "<textarea" not in page
    assert '"sdgkg": "https://w3id.org/sdgkg/ontology#"' in page
    status, _, listing = http(base + "queries")
    entries = json.loads(listing)
    assert {e["name"] for e in entries} == set(SPECS)
    assert all(e["question_ja"] and e["question_en"] for e in entries)
    status, _, text = http(base + "queries/kpis.rq")
    assert status == 200 and text.decode("utf-8") == SPECS["kpis"].text


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_yasgui_and_chartjs_are_served_from_the_package(base: str) -> None:
    for name, kind in [
        ("yasgui.min.js", "text/javascript"),
        ("yasgui.min.css", "text/css"),
        ("chart.umd.min.js", "text/javascript"),
    ]:
        status, served, body = http(base + "yasgui/" + name)
        assert status == 200 and served.startswith(kind)
        assert body == (YASGUI_DIR / name).read_bytes()
    for licence in ("LICENSE.txt", "chart.js-LICENSE.md"):
        status, _, body = http(base + "yasgui/" + licence)
        assert status == 200 and b"MIT License" in body


@pytest.mark.parametrize(
    ("accept", "args", "expected"),
    [
        (BROWSER, {}, "text/html"),
        (BROWSER, {"query": "ASK {}"}, "text/html"),
        ("text/html", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, "text/html"),
        # a protocol client's explicit choice, or a results type before HTML, wins
        (BROWSER, {"query": "ASK {}", "format": "json"}, "application/sparql-results+json"),
        ("text/csv, text/html", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, "text/csv"),
        ("text/turtle, text/html;q=0.5", {}, "text/turtle"),
        ("", {"query": "ASK {}"}, "application/sparql-results+json"),
        ("*/*", {}, "text/turtle"),
    ],
)
def test_a_browser_gets_the_page_and_protocol_clients_their_format(
    base: str, accept: str, args: dict[str, str], expected: str
) -> None:
    query = urllib.parse.urlencode(args)
    status, kind, body = http(f"{base}sparql?{query}", headers={"Accept": accept})
    assert status == 200 and kind.startswith(expected), body[:300]
    if expected == "text/html":
        assert b"yasgui/yasgui.min.js" in body


def test_library_text_with_parameters_bound(base: str) -> None:
    status, kind, body = http(base + "queries/target_partners.rq?target=11.2")
    assert status == 200 and kind.startswith("application/sparql-query")
    assert "VALUES (?target) { (<http://metadata.un.org/sdg/11.2>) }" in body.decode("utf-8")
    status, _, body = http(base + "queries/city_comparison.rq?city_b=komatsu")
    assert status == 400 and b"city_a" in body
    status, _, body = http(base + "queries/target_partners.rq?target=not-a-target")
    assert status == 400


def test_resource_pages(base: str) -> None:
    status, kind, body = http(base + "id/kanazawa", headers={"Accept": "text/turtle"})
    assert status == 200 and kind.startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert len(graph) > 3
    status, kind, _ = http(base + "id/kanazawa", headers={"Accept": "text/html"})
    assert status == 200 and kind.startswith("text/html")
    assert http(base + "id/no/such/thing", headers={"Accept": "text/turtle"})[0] == 404


# ------------------------------------------------------------------ in memory


def test_an_in_memory_copy_holds_every_quad_and_leaves_the_store_alone(
    store: ox.Store,
) -> None:
    copy = in_memory(store)
    assert len(copy) == len(store) > 10_000
    assert set(copy) == set(store)
    extra = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("x"))
    copy.add(extra)
    assert extra in copy and extra not in store


def test_served_from_memory_every_library_query_gives_the_store_answer(
    project_build: BuildResult, store: ox.Store, tmp_path: Path
) -> None:
    with running_server(project_build.out, tmp_path / "log", "--in-memory") as url:
        for name, spec in sorted(SPECS.items()):
            params = PARAMS.get(name, {})
            query = f"{url}queries/{name}?{urllib.parse.urlencode(params)}"
            status, _, body = http(query, headers={"Accept": "application/sparql-results+json"})
            assert status == 200, (name, body[:300])
            assert terms(parse_json(body)) == terms(run_spec(store, spec, params)), name


@pytest.mark.parametrize("memory", [False, True])
def test_a_store_that_cannot_be_opened_stops_the_start_with_its_reason(
    tmp_path: Path, memory: bool
) -> None:
    not_a_store = tmp_path / "store"
    not_a_store.write_text("not a store\n", encoding="utf-8")
    with pytest.raises(SdgkgError, match=r"cannot open the store in .*store: "):
        WorkerPool(not_a_store, 2, timeout=5, queue_wait=5, memory=memory)
    assert multiprocessing.active_children() == []  # no worker left behind


def test_in_memory_a_stopped_query_is_replaced_by_a_fresh_copy(
    project_build: BuildResult, tmp_path: Path
) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    extra = ("--in-memory", "--timeout", "1", "--workers", "1")
    with running_server(project_build.out, tmp_path / "log", *extra) as url:
        code, _, body = http(f"{url}sparql?{urllib.parse.urlencode({'query': slow})}")
        assert code == 503 and b"longer than 1 s" in body
        count = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
        code, _, body = http(
            f"{url}sparql?{count}", headers={"Accept": "application/sparql-results+json"}
        )
        assert code == 200
        (row,) = json.loads(body)["results"]["bindings"]
        assert int(row["n"]["value"]) > 10_000


# ------------------------------------------------------------------ limits and load


def test_query_timeout_stops_the_query_and_the_server_goes_on(
    project_build: BuildResult, tmp_path: Path
) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with running_server(
        project_build.out, tmp_path / "log", "--timeout", "1", "--workers", "1"
    ) as url:
        code, _, body = http(
            url + "sparql",
            urllib.parse.urlencode({"query": slow}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert code == 503 and b"longer than 1 s" in body
        ask = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        code, _, body = http(
            f"{url}sparql?{ask}", headers={"Accept": "application/sparql-results+json"}
        )
        assert code == 200 and json.loads(body)["boolean"] is True


def test_concurrent_load_every_answer_right(base: str, store: ox.Store) -> None:
    """Eight clients in this process, 160 requests against the server process: all correct."""
    mix = [(name, PARAMS.get(name, {})) for name in [*FAST, "target_partners", "search_labels"]]
    expected = {name: terms(run_spec(store, SPECS[name], params)) for name, params in mix}

    def ask(index: int) -> str:
        name, params = mix[index % len(mix)]
        if index % 2:
            url = f"{base}queries/{name}?{urllib.parse.urlencode(params)}"
            status, _, body = http(url, headers={"Accept": "application/sparql-results+json"})
        else:
            # parameters inline, as remote endpoints get them
            text = inline_values(SPECS[name].text, bindings(SPECS[name], params))
            status, _, body = http(
                base + "sparql",
                urllib.parse.urlencode({"query": text}).encode(),
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json",
                },
            )
        if status != 200:
            return f"{name}: HTTP {status}"
        return "ok" if terms(parse_json(body)) == expected[name] else f"{name}: wrong answer"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(ask, range(160)))
    assert [o for o in outcomes if o != "ok"] == []
    assert len(outcomes) == 160


def test_a_library_query_answers_a_page_of_municipalities(base: str, store: ox.Store) -> None:
    """``page`` and ``page_size`` answer the rows of that page's municipalities, say which page
    it is, and link the next and previous pages; bad pages are refused with what to give."""
    from graph_build.sparql.pages import municipality_pages

    spec = SPECS["kpis"]
    pages = municipality_pages(store, 1)
    assert len(pages) == 2
    answers = []
    for page in pages:
        url = f"{base}queries/kpis?page={page.number}&page_size=1"
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            body, headers = response.read(), response.headers
        rows = parse_json(body)
        assert terms(rows) == terms(run_spec(store, spec, page=page))
        assert headers["X-Sdgkg-Page"].startswith(f"{page.number} of 2; municipalities ")
        answers.append(rows)
        other = 2 if page.number == 1 else 1
        rel = "next" if other == 2 else "prev"
        assert headers["Link"] == f'</queries/kpis?page={other}&page_size=1>; rel="{rel}"'
    whole = run_spec(store, spec)
    assert whole.rows and sorted(terms(answers[0]) + terms(answers[1])) == terms(whole)
    for bad, says in (
        ("kpis?page=3&page_size=1", "give page=1 to 2"),
        ("kpis?page=0", "page='0': give a whole number"),
        ("kpis?page=x", "page='x': give a whole number"),
        ("kpis?page=%C2%B2", "give a whole number"),
        ("sdg_framework?page=1", "has no pages"),
        ("kpis?page=1&city=kanazawa", "not both"),
    ):
        status, _, message = http(f"{base}queries/{bad}")
        assert status == 400 and says in message.decode("utf-8"), (bad, message)
