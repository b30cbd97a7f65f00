"""`sdgkg analyze` passes the project's SPARQL checks, and a results graph that breaks one is
rejected without touching the previous analysis (folder and named graph)."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_build.analysis import results_graph
from graph_build.analysis.run import ANALYSIS_DIR, run_analysis
from graph_build.build import BuildResult
from graph_build.iris import ANALYSIS_GRAPH
from graph_build.store.embedded import open_store
from graph_build.validate.checks import CHECKS_DIR, ViolationChecksError, run_checks

from .conftest import EXAMPLES

INTERACTIONS = EXAMPLES / "interactions_example.csv"
DATE = "2024-09-30"
NAME = ox.NamedNode(str(ANALYSIS_GRAPH))
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
RESULT_CLASSES = ("NetworkLink", "DimensionLink", "NodeMeasure", "AnalysisRun")


def build_copy(project_build: BuildResult, folder: Path) -> Path:
    out = folder / "dist"
    shutil.copytree(project_build.out, out)
    return out


@pytest.fixture(scope="module")
def analysed(project_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed build, analysed with the example expert scores (every kind of result)."""
    out = build_copy(project_build, tmp_path_factory.mktemp("checked"))
    run_analysis(out, interactions=INTERACTIONS, date=DATE)
    return out


def analysis_quads(out: Path) -> set[str]:
    store = open_store(out)
    found = {str(q) for q in store.quads_for_pattern(None, None, None, NAME)}
    del store  # analyze opens the store for writing
    return found


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return [tuple("" if term is None else term.value for term in row) for row in result]


def test_every_check_finds_nothing_after_analyze(analysed: Path) -> None:
    store = open_store(analysed)
    outcomes = run_checks(store)
    # every check the package ships ran, and none found a row
    assert outcomes and {o.spec.name for o in outcomes} == {
        p.stem for p in CHECKS_DIR.glob("*-violation.rq")
    }
    assert {o.spec.name: len(o.result.rows) for o in outcomes if not o.ok} == {}
    # the results graph is really there, with the results the checks look at
    kinds = select(
        store,
        f"""SELECT DISTINCT ?c WHERE {{ GRAPH <{ANALYSIS_GRAPH}> {{ ?s a ?c }} }}""",
    )
    assert {c.rsplit("#", 1)[-1] for (c,) in kinds} >= set(RESULT_CLASSES)


def test_every_result_has_one_japanese_and_one_english_label(analysed: Path) -> None:
    store = open_store(analysed)
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for entity, label, lang in select(
        store,
        f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?s ?label (LANG(?label) AS ?lang) WHERE {{ GRAPH <{ANALYSIS_GRAPH}> {{
          ?s a ?c . OPTIONAL {{ ?s rdfs:label ?label }} }} }}""",
    ):
        labels[entity][lang].append(label)
    assert len(labels) > 500
    for entity, by_lang in labels.items():
        assert sorted(by_lang) == ["en", "ja"], entity
        ja, en = by_lang["ja"], by_lang["en"]
        assert len(ja) == len(en) == 1, entity
        assert JAPANESE.search(ja[0]) and not JAPANESE.search(en[0]), entity
    node = "https://w3id.org/sdgkg/id/analysis/node/coreference/goal/kanazawa/11"
    assert labels[node]["en"] == [
        "Network measures of SDG 11 in Kanazawa City's co-occurrence layer"
    ]
    assert labels[node]["ja"] == ["金沢市の共起の層における目標11のネットワーク指標"]


def test_a_city_link_comes_from_the_source_spans_of_its_carriers(analysed: Path) -> None:
    store = open_store(analysed)
    prefixes = """PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>"""
    derived: dict[str, set[str]] = defaultdict(set)
    for link, span in select(
        store,
        f"""{prefixes} SELECT ?l ?span WHERE {{ GRAPH <{ANALYSIS_GRAPH}> {{
          ?l a sdgkg:NetworkLink ; sdgkg:municipality ?c ; prov:wasDerivedFrom ?span }} }}""",
    ):
        derived[link].add(span)
    expected: dict[str, set[str]] = defaultdict(set)
    for link, span in select(
        store,
        f"""{prefixes} SELECT ?l ?span WHERE {{
          GRAPH <{ANALYSIS_GRAPH}> {{ ?l a sdgkg:NetworkLink ; sdgkg:municipality ?c .
            {{ ?l sdgkg:evidence ?x }} UNION {{ ?l sdgkg:evidenceViaDirection ?x }} }}
          ?x prov:wasDerivedFrom ?span . ?span a sdgkg:SourceSpan }}""",
    ):
        expected[link].add(span)
    assert len(expected) > 100
    assert derived == expected


def test_a_results_graph_that_breaks_a_check_leaves_the_previous_analysis(
    analysed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = analysed / ANALYSIS_DIR
    files_before = folder_bytes(folder)
    graph_before = analysis_quads(analysed)
    assert files_before and graph_before
    monkeypatch.setattr(results_graph, "_label", lambda *args: None)
    with pytest.raises(ViolationChecksError) as caught:
        run_analysis(analysed, interactions=INTERACTIONS, date=DATE)
    message = str(caught.value)
    assert "missing-label-violation" in message
    assert "nothing was saved" in message
    # closed although the error (and its traceback) is still held: it opens for writing again
    writable = ox.Store(str(analysed / "store"))
    del writable
    assert folder_bytes(folder) == files_before
    assert analysis_quads(analysed) == graph_before
    assert [p.name for p in analysed.iterdir() if p.name.startswith(f".{ANALYSIS_DIR}.")] == []


def test_a_first_analysis_that_breaks_a_check_leaves_no_results(
    project_build: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build_copy(project_build, tmp_path)
    monkeypatch.setattr(results_graph, "_label", lambda *args: None)
    with pytest.raises(ViolationChecksError, match="missing-label-violation"):
        run_analysis(out, date=DATE)
    assert not (out / ANALYSIS_DIR).exists()
    assert analysis_quads(out) == set()
