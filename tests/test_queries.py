"""Every query in the library, and every query of the analysis (``queries/analysis``), is
documented, parses, runs on the project graph, and returns the columns its header promises."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_build.analysis.queries import ANALYSIS_QUERIES_DIR, analysis_queries
from graph_build.build import BuildResult
from graph_build.errors import SdgkgError
from graph_build.paths import PARTNER_QUERIES_DIR
from graph_build.sparql.query import QuerySpec, library, parse_spec, run_spec
from graph_build.store.embedded import open_store

from .conftest import MONITORED_QUERIES

QUERIES = library()
ANALYSIS_QUERIES = analysis_queries()
PARTNER_QUERIES = library(PARTNER_QUERIES_DIR)
EVERY_QUERY = QUERIES + ANALYSIS_QUERIES + PARTNER_QUERIES
COMPETENCY_COLUMNS = {
    "kpis": [
        "city",
        "direction",
        "kpi",
        "baseline_value",
        "baseline_year",
        "target_value",
        "target_year",
        "unit",
        "sdg_targets",
    ],
    "initiatives": ["city", "document", "direction", "initiative", "sdg_targets"],
    "direction_targets": ["city", "direction", "sdg_target"],
    "actions": ["city", "direction", "specific_goal", "action", "examples"],
    "action_examples": ["city", "direction", "action", "example", "marker"],
    "stakeholders": ["city", "stakeholder", "kind"],
    "synergies": ["city", "dimension_a", "dimension_b", "statement"],
    "kpi_progress": [
        "city",
        "kpi_iri",
        "kpi",
        "kpi_en",
        "period",
        "value",
        "unit",
        "baseline",
        "baseline_year",
        "target",
        "target_year",
        "achievement",
        "elapsed",
        "status",
        "source",
        "illustrative",
    ],
    "kpi_status": [
        "city",
        "kpi_iri",
        "kpi",
        "kpi_en",
        "period",
        "value",
        "achievement",
        "elapsed",
        "status",
        "projected_value",
        "projection_meets_target",
        "illustrative",
    ],
    "kpi_status_by_area": [
        "city",
        "area_iri",
        "area",
        "area_en",
        "kpis",
        "achieved",
        "on_track",
        "behind",
        "regressing",
        "conflict",
        "no_data",
    ],
    "partner_candidates": ["organisation_iri", "organisation", "type", "score", "reasons"],
    "kpi_status_by_goal": [
        "goal_iri",
        "goal",
        "goal_en",
        "kpis",
        "achieved",
        "on_track",
        "behind",
        "regressing",
        "conflict",
        "no_data",
    ],
}


def query_id(spec: QuerySpec) -> str:
    """``kpis``, or ``analysis/sdg_links`` for a query of the analysis (names may repeat)."""
    if spec.path.parent == ANALYSIS_QUERIES_DIR:
        return f"analysis/{spec.name}"
    return f"partners/{spec.name}" if spec.path.parent == PARTNER_QUERIES_DIR else spec.name


@pytest.fixture(scope="module")
def store(project_build: BuildResult) -> ox.Store:
    return open_store(project_build.out)


@pytest.fixture(scope="module")
def monitored_store(monitored_build: BuildResult) -> ox.Store:
    return open_store(monitored_build.out)


@pytest.fixture(scope="module")
def analysed_store(analysed_build: Path) -> ox.Store:
    """The build after `sdgkg analyze`: some analysis queries read its results."""
    return open_store(analysed_build)


def test_competency_queries_exist() -> None:
    assert set(COMPETENCY_COLUMNS) <= {q.name for q in QUERIES}


def test_the_analysis_keeps_its_sparql_in_query_files() -> None:
    """No SPARQL in the analysis's Python: it reads the graph through queries/analysis/*.rq."""
    package = Path(analysis_queries.__code__.co_filename).parent
    sparql = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b.*\bWHERE\b|^\s*PREFIX\s+\w*:", re.M)
    found = {
        path.name: match.group(0)
        for path in sorted(package.glob("*.py"))
        if (match := sparql.search(path.read_text(encoding="utf-8")))
    }
    assert found == {}
    assert len(ANALYSIS_QUERIES) >= 15


def test_portability_line_is_read(tmp_path: Path) -> None:
    text = "# title: Every triple\n# columns: s\nSELECT ?s WHERE { ?s ?p ?o }\n"
    plain = tmp_path / "plain.rq"
    plain.write_text(text, encoding="utf-8")
    noted = tmp_path / "noted.rq"
    noted.write_text("# portability: Virtuoso 7 rejects it (SQ074)\n" + text, encoding="utf-8")
    assert parse_spec(plain).portability == ""
    assert parse_spec(noted).portability == "Virtuoso 7 rejects it (SQ074)"
    # every library query gives the same rows on Virtuoso (tests/test_remote_stores.py)
    assert [q.name for q in EVERY_QUERY if q.portability] == []


@pytest.mark.parametrize(
    ("line", "meant"),
    [
        ("# label index: text label", "label_index"),
        ("# colums: s", "columns"),
        ("# Title: Every triple", "title"),
        ("# per-table: s", "per_table"),
        ("#  question ja: 全てのトリプル", "question_ja"),
    ],
)
def test_a_misspelt_header_key_is_refused(tmp_path: Path, line: str, meant: str) -> None:
    # taken for prose, the line would silently drop a column list, a parameter or an index
    path = tmp_path / "q.rq"
    path.write_text(f"# columns: s\n{line}\nSELECT ?s WHERE {{ ?s ?p ?o }}\n", encoding="utf-8")
    with pytest.raises(SdgkgError, match=rf"line 2: .* write '# {meant}:'"):
        parse_spec(path)


def test_prose_in_the_header_is_kept_as_prose(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# title: Every triple\n# author: someone\n# Note: the graph repeats: rows\n"
        "# columns: s\nSELECT ?s WHERE { ?s ?p ?o }\n",
        encoding="utf-8",
    )
    spec = parse_spec(path)
    assert (spec.title, spec.columns) == ("Every triple", ["s"])


@pytest.mark.parametrize("spec", EVERY_QUERY, ids=query_id)
def test_header_is_complete(spec: object) -> None:
    assert isinstance(spec, QuerySpec)
    assert spec.title and spec.description and spec.question_en and spec.question_ja
    assert spec.columns


@pytest.mark.parametrize("spec", EVERY_QUERY, ids=query_id)
@pytest.mark.slow  # builds the graph it reads through request.getfixturevalue
def test_query_runs_and_returns_its_columns(spec: object, request: pytest.FixtureRequest) -> None:
    assert isinstance(spec, QuerySpec)
    # the analysis queries run on the analysed copy: two of them read the analysis results
    analysis = spec.path.parent == ANALYSIS_QUERIES_DIR
    fixture = "analysed_store" if analysis else "store"
    if spec.name in MONITORED_QUERIES and not analysis:
        fixture = "monitored_store"
    store = request.getfixturevalue(fixture)
    assert isinstance(store, ox.Store)
    result = run_spec(store, spec, spec.required_examples())
    assert result.variables == spec.columns
    assert result.rows, f"{spec.name} returned no rows on the project graph"
    required = COMPETENCY_COLUMNS.get(spec.name, [])
    assert [c for c in result.variables if c in required] == required


def test_framework_query_counts(store: ox.Store) -> None:
    spec = next(q for q in QUERIES if q.name == "sdg_framework")
    counts = {
        row[0].rsplit("#", 1)[1]: (int(row[1]), int(row[2]))
        for row in run_spec(store, spec).plain_rows()
    }
    assert counts["Goal"] == (17, 17)
    assert counts["Target"] == (169, 169)
    assert counts["Indicator"][0] >= 231 and counts["Indicator"][0] == counts["Indicator"][1]


def test_city_parameter_filters(store: ox.Store) -> None:
    spec = next(q for q in QUERIES if q.name == "stakeholders")
    everyone = run_spec(store, spec).plain_rows()
    komatsu = run_spec(store, spec, {"city": "komatsu"}).plain_rows()
    assert 0 < len(komatsu) < len(everyone)
    assert {r[0] for r in komatsu} == {"小松市"}


@pytest.mark.parametrize(
    "spec", [q for q in EVERY_QUERY if any(p.required for p in q.params)], ids=query_id
)
def test_a_required_parameter_has_an_example_and_is_asked_for(
    spec: object, store: ox.Store
) -> None:
    assert isinstance(spec, QuerySpec)
    required = [p for p in spec.params if p.required]
    assert all(p.example for p in required), spec.name
    with pytest.raises(SdgkgError, match=rf"needs --param {required[0].name}=VALUE \(e\.g\. "):
        run_spec(store, spec)


def test_actions_lists_each_action_once_with_its_examples(store: ox.Store) -> None:
    """One row per action in the records, with as many examples as the records list for it."""
    from graph_build.paths import DATA_DIR
    from graph_build.records.sources import load_corpus
    from graph_build.sparql.query import resolve_query

    expected = []
    for city in load_corpus(DATA_DIR).cities:
        for doc in city.documents:
            for goal in doc.records.specific_goals:
                for action in goal.actions:
                    expected.append((goal.ja, goal.number, action.number, len(action.examples)))
    result = run_spec(store, resolve_query("actions"))
    got = [
        (
            str(row["specific_goal"].value),
            int(row["goal_number"].value),
            int(row["action_number"].value),
            int(row["examples"].value),
        )
        for row in result.rows
    ]
    assert expected and sorted(got) == sorted(expected)
