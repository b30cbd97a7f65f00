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
from typing import cast

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


def cells(row: str) -> list[str]:
    """The cells of one results-table row (HTML), the row number first."""
    return re.findall(r"<td[^>]*>(.*?)</td>", row)


def column_of(found: Visit, variables: list[str], name: str) -> list[str]:
    """One column of the results table, each cell as HTML with its ``<td>`` attributes."""
    index = variables.index(name) + 1  # after the row number
    return [re.findall(r"<td[^>]*>.*?</td>", row)[index] for row in found.table_rows()]


def test_results_read_as_prefixed_names_and_plain_numbers(
    base: str, store: ox.Store, tmp_path: Path
) -> None:
    spec = SPECS["kpis"]
    expected = run_spec(store, spec, {"city": "kanazawa"})
    found = visit(base + "#q=kpis&city=kanazawa", tmp_path)
    assert found.result_count() == len(expected.rows)
    dom_rows = found.table_rows()
    variables = expected.variables
    # an IRI shows as a prefixed name and links to this server's page of the resource
    first_kpi = expected.rows[0]["kpi_iri"]
    assert first_kpi is not None
    local = first_kpi.value.replace("https://w3id.org/sdgkg/", base)
    shown = "id:" + first_kpi.value.removeprefix("https://w3id.org/sdgkg/id/")
    kpi_cell = cells(dom_rows[0])[variables.index("kpi_iri") + 1]
    assert f'href="{local}"' in kpi_cell and f">{html.escape(shown)}</a>" in kpi_cell
    table = "".join(dom_rows)
    assert "&lt;https://" not in table and "https://" not in re.sub(r'"[^"]*"', "", table)
    # the labels are all Japanese: no language tag, no datatype anywhere
    assert "@ja" not in table and "^^" not in table
    # a numeric column is right-aligned plain numbers; a Japanese column keeps a minimum width
    shown_rows = expected.rows[: len(dom_rows)]
    values = column_of(found, variables, "baseline_value")
    years = column_of(found, variables, "baseline_year")
    assert any(row["baseline_value"] is not None for row in shown_rows)
    for row, value_cell, year_cell in zip(shown_rows, values, years, strict=True):
        value, year = row["baseline_value"], row["baseline_year"]
        if value is not None:
            assert 'class="number' in value_cell and f">{value.value}</span>" in value_cell
        if year is not None:  # a year (xsd:gYear) shows as written, without its datatype
            assert f">{year.value}</span>" in year_cell
    kpi_names = column_of(found, variables, "kpi")
    assert all("cjk" in cell for cell in kpi_names)


def test_a_column_where_two_languages_meet_keeps_its_tags(
    base: str, store: ox.Store, tmp_path: Path
) -> None:
    labels = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>\n"
        "SELECT ?both ?ja WHERE { ?city a sdgkg:Municipality ; rdfs:label ?both , ?ja"
        ' FILTER(LANG(?ja) = "ja") } ORDER BY ?both'
    )
    rows = list(cast(ox.QuerySolutions, store.query(labels, use_default_graph_as_union=True)))
    assert {cast(ox.Literal, row["both"]).language for row in rows} == {"ja", "en"}
    link = urllib.parse.urlencode({"query": labels, "tabTitle": "labels"})
    found = visit(f"{base}#{link}", tmp_path)
    assert found.result_count() == len(rows)
    both = column_of(found, ["both", "ja"], "both")
    only_ja = column_of(found, ["both", "ja"], "ja")
    assert sorted(re.findall(r"@(ja|en)</sup>", "".join(both))) == sorted(
        cast(ox.Literal, row["both"]).language for row in rows
    )
    assert "@ja" not in "".join(only_ja)


def chart_canvas(dom: str) -> dict[str, str]:
    """The attributes of the chart's canvas."""
    found = re.search(r"<canvas ([^>]*)>", dom)
    assert found, "no chart was drawn"
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', found.group(1))}


def test_a_link_draws_a_library_query_as_a_chart(
    base: str, store: ox.Store, tmp_path: Path
) -> None:
    spec = SPECS["goal_coverage"]
    expected = run_spec(store, spec, {"city": "kanazawa"})
    series = ["kpis", "initiatives"]
    points = sum(1 for row in expected.rows for name in series if row[name] is not None)
    link = "#q=goal_coverage&city=kanazawa&outputFormat=chart"
    link += "&chart_x=sdg_goal&chart_y=kpis,initiatives"
    found = visit(base + link, tmp_path)
    canvas = chart_canvas(found.dom)
    assert canvas["data-x"] == "sdg_goal"
    assert json.loads(canvas["data-series"]) == series
    assert int(canvas["data-points"]) == points > 0
    assert canvas["data-painted"] == "true"
    assert base + "yasgui/chart.umd.min.js" in found.requests
    assert_only_local(found, base)


def test_a_kpi_page_shows_its_values_years_units_and_targets(
    base: str, store: ox.Store, tmp_path: Path
) -> None:
    spec = SPECS["kpis"]
    rows = [
        row
        for row in run_spec(store, spec, {"city": "kanazawa"}).rows
        if row["baseline_value"] is not None
        and row["target_value"] is not None
        and row["unit"] is not None
        and row["sdg_targets"] is not None
    ]
    assert rows
    row = rows[0]
    kpi = row["kpi_iri"]
    assert kpi is not None
    done = chromium(["--dump-dom", kpi.value.replace("https://w3id.org/sdgkg/", base)], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    section = done.stdout.split('<section class="kpi-values"', 1)[1].split("</section>", 1)[0]
    text = html.unescape(re.sub(r"<[^>]+>", " ", section))
    for name in ("baseline_value", "baseline_year", "target_value", "target_year", "unit"):
        value = row[name]
        assert value is not None and value.value in text, (name, value)
    for target in row["sdg_targets"].value.split():
        assert target in text
    # each value names its source: document, section and lines
    assert "source / 出典" in section and re.search(r"lines / 行 \d+–\d+", text)
