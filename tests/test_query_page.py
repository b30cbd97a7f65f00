"""The query page of ``sdgkg serve`` (YASGUI, shipped in the package) in headless Chromium: a
library link, YASGUI's own permalink and a browser's ``GET /sparql?query=`` each run their query
against the local endpoint and draw its rows, and the page asks nothing of any other host.

Chromium has no scripted clicks here (``--dump-dom`` only), so the queries start from the
address, as a shared link does: ``#q=NAME&PARAM=VALUE`` for the library, ``#query=…`` for
YASGUI's permalinks, ``/sparql?query=…`` for a browser sent to the endpoint."""

from __future__ import annotations

import html
import json
import os
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_build.build import BuildResult
from graph_build.sparql.query import library, run_spec
from graph_build.store.embedded import open_store
from tests.test_analysis_report import CHROMIUM, chromium, console_errors
from tests.test_serve import running_server

SPECS = {spec.name: spec for spec in library()}
# Chromium may look names up only for the test server: a request of the page to any other host
# fails (and still shows in the network log, which the tests read).
LOCAL_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass(frozen=True)
class Visit:
    """What Chromium made of a page: the DOM once scripts settled, and the page's requests."""

    dom: str
    requests: list[str]

    def result_count(self) -> int:
        """The row count YASGUI reports for the active tab's answer ("N results in …")."""
        found = re.findall(r'class="yasr_response_chip">(\d+) results? in', self.dom)
        assert found, "YASGUI drew no result"
        return int(found[-1])

    def active_tab(self) -> str:
        found = re.search(r'class="tab active"><a [^>]*><span>([^<]*)</span>', self.dom)
        assert found, "no active tab"
        return html.unescape(found.group(1))

    def table_rows(self) -> list[str]:
        """The rows of the results table, as HTML."""
        body = self.dom.split('class="dataTable', 1)[1].split("<tbody>", 1)[1]
        return re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("</tbody>", 1)[0])


@pytest.fixture(scope="module")
def base(project_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: apt-get install chromium fonts-noto-cjk")
        pytest.skip("chromium is not installed (Debian package 'chromium')")
    log = tmp_path_factory.mktemp("query-page") / "serve.log"
    with running_server(project_build.out, log) as url:
        yield url


@pytest.fixture(scope="module")
def store(project_build: BuildResult) -> ox.Store:
    return open_store(project_build.out)


def page_requests(net_log: Path) -> list[str]:
    """URLs the page itself asked for (Chromium's own traffic has no initiating origin)."""
    data, _ = json.JSONDecoder().raw_decode(net_log.read_text(encoding="utf-8"))
    start = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        event["params"]["url"]
        for event in data["events"]
        if event["type"] == start
        and event.get("params", {}).get("initiator", "not an origin") != "not an origin"
    ]


def visit(url: str, tmp_path: Path) -> Visit:
    net_log = tmp_path / "net-log.json"
    done = chromium(
        [LOCAL_ONLY, f"--log-net-log={net_log}", "--dump-dom", url], tmp_path / "profile"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert not console_errors(done.stderr), console_errors(done.stderr)
    return Visit(done.stdout, page_requests(net_log))


def assert_only_local(found: Visit, base: str) -> None:
    assert found.requests, "the network log shows no request of the page"
    elsewhere = [url for url in found.requests if not url.startswith(base)]
    assert not elsewhere, elsewhere
    # the script and style sheet came from the package, through this server
    assert base + "yasgui/yasgui.min.js" in found.requests
    assert base + "yasgui/yasgui.min.css" in found.requests


def test_a_library_link_runs_the_query_in_a_named_tab(
    base: str, store: ox.Store, tmp_path: Path
) -> None:
    spec = SPECS["kpis"]
    expected = run_spec(store, spec)
    found = visit(base + "#q=kpis", tmp_path)
    assert found.active_tab() == spec.title
    assert found.result_count() == len(expected.rows) > 0
    rows = found.table_rows()
    assert 0 < len(rows) <= len(expected.rows)
    first = expected.rows[0][expected.variables[0]]
    assert first is not None and html.escape(first.value, quote=False) in rows[0]
    assert base + "sparql" in found.requests  # YASGUI asked the local endpoint
    assert_only_local(found, base)


def test_a_library_link_binds_its_parameters_on_the_server(
    base: str, store: ox.Store, tmp_path: Path
) -> None:
    spec = SPECS["target_partners"]
    expected = run_spec(store, spec, {"target": "11.2"})
    everything = run_spec(store, spec)
    assert 0 < len(expected.rows) < len(everything.rows)  # the parameter narrows the answer
    found = visit(base + "#q=target_partners&target=11.2", tmp_path)
    assert found.result_count() == len(expected.rows)
    assert found.active_tab() == spec.title + " — target=11.2"
    assert base + "queries/target_partners.rq?target=11.2" in found.requests
    assert_only_local(found, base)


def test_a_yasgui_permalink_opens_and_runs_its_query(
    base: str, store: ox.Store, tmp_path: Path
) -> None:
    graphs = len(list(store.named_graphs()))
    link = urllib.parse.urlencode({"query": GRAPH_COUNTS, "tabTitle": "graphs"})
    found = visit(f"{base}#{link}", tmp_path)
    assert found.active_tab() == "graphs"
    assert found.result_count() == graphs > 1
    assert len(found.table_rows()) == graphs
    assert_only_local(found, base)


def test_a_browser_sent_to_the_endpoint_with_a_query_sees_its_results(
    base: str, store: ox.Store, tmp_path: Path
) -> None:
    graphs = len(list(store.named_graphs()))
    found = visit(base + "sparql?" + urllib.parse.urlencode({"query": GRAPH_COUNTS}), tmp_path)
    assert found.result_count() == graphs
    assert "https://w3id.org/sdgkg/graph/" in " ".join(found.table_rows())
    assert_only_local(found, base)
