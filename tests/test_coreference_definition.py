"""One definition of co-reference: the query library and ``sdgkg analyze`` give the same weights
under every inheritance rule, on the seed graph and on the all-record-kinds fixture; and a reader
who recomputes the report's headline figure from the release dump with rdflib and networkx alone
gets the same number."""

from __future__ import annotations

import csv
import re
import shutil
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from graph_build.analysis.compute import Options, analyse
from graph_build.analysis.coreference import DEFAULT_RULE, RULES, dimension_initiatives
from graph_build.analysis.export import write_tables
from graph_build.analysis.plan_data import read_plan_data
from graph_build.analysis.run import run_analysis
from graph_build.build import BuildResult
from graph_build.sparql.query import run_query
from graph_build.store.embedded import open_store

DRAWS = 30  # enough to exercise the null model; the default (1000) is for real runs
BUILDS = ["project_build", "fixture_build"]


def _copy(build: BuildResult, tmp_path: Path) -> Path:
    """A private copy of a shared build: the analysis writes beside the store."""
    out = tmp_path / "dist"
    shutil.copytree(build.out / "store", out / "store")
    return out


def _links_csv(out: Path, rule: str) -> list[dict[str, str]]:
    """links.csv exactly as ``sdgkg analyze --inheritance RULE`` writes it."""
    data = read_plan_data(open_store(out))
    options = Options(
        cities=tuple(sorted(data.cities)),
        schemes=tuple(data.schemes),
        colour_scheme=next(iter(data.schemes)),
        date="2024",
        inheritance=rule,
        null_draws=DRAWS,
    )
    folder = out / f"tables-{rule}"
    write_tables(analyse(data, options), folder)
    with (folder / "links.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _plain(out: Path, name: str, **params: str) -> list[dict[str, str]]:
    result = run_query(name, out, params)
    return [dict(zip(result.variables, row, strict=True)) for row in result.plain_rows()]


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@pytest.mark.parametrize("build_name", BUILDS)
@pytest.mark.slow  # builds the graph it reads through request.getfixturevalue
def test_query_library_and_analyze_agree_under_every_rule(
    build_name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    out = _copy(request.getfixturevalue(build_name), tmp_path)
    sizes = {}
    for rule in RULES:
        rows = _links_csv(out, rule)
        analysed = {
            (r["city"], r["source"], r["target"]): (
                int(float(r["weight"])),
                int(r["stated_carriers"]),
            )
            for r in rows
            if r["layer"] == "coreference" and r["level"] == "goal" and r["city"] != "all"
        }
        queried = {
            (_slug(r["city_iri"]), r["goal_a"], r["goal_b"]): (int(r["weight"]), int(r["stated"]))
            for r in _plain(out, "goal_link_weights", inheritance=rule)
        }
        assert analysed == queried, rule
        assert {r["inheritance"] for r in _plain(out, "goal_link_weights", inheritance=rule)} <= {
            rule
        }
        # the evidence query lists one row per initiative behind each weight
        evidence: dict[tuple[str, str, str], int] = defaultdict(int)
        for r in _plain(out, "goal_links", inheritance=rule):
            evidence[(_slug(r["city_iri"]), r["goal_a"], r["goal_b"])] += 1
        assert evidence == {k: w for k, (w, _) in queried.items()}, rule
        # every co-reference row carries its measures and the rule it was counted by
        for r in rows:
            if r["layer"] == "coreference":
                assert r["inheritance"] == rule and r["null_draws"] == str(DRAWS)
                assert 0 < float(r["jaccard"]) <= 1 and 0 < float(r["p_value"]) <= 1
        sizes[rule] = len(analysed)
    # the rules nest: inheriting more lists never loses a link
    assert sizes["stated"] <= sizes["direction"] <= sizes["direction+table"]
    # the default is direction+table, for the query and for analyze alike
    weights = [{**r, "inheritance": DEFAULT_RULE} for r in _plain(out, "goal_link_weights")]
    assert weights == _plain(out, "goal_link_weights", inheritance=DEFAULT_RULE)


@pytest.mark.parametrize("build_name", BUILDS)
@pytest.mark.slow  # builds the graph it reads through request.getfixturevalue
def test_dimension_links_query_counts_initiatives_as_analyze_does(
    build_name: str, request: pytest.FixtureRequest
) -> None:
    out = request.getfixturevalue(build_name).out
    data = read_plan_data(open_store(out))
    for rule in RULES:
        expected = {}
        for city in data.cities:
            for scheme in data.schemes.values():
                if not scheme.goal_based:
                    continue
                for (a, b), n in dimension_initiatives(data, city, scheme, rule).items():
                    expected[(city, _slug(scheme.iri), a, b)] = n
        dims = {d.iri: d.key for s in data.schemes.values() for d in s.dimensions}
        en = {(s.en, d.en): (s.key, d.key) for s in data.schemes.values() for d in s.dimensions}
        got = {}
        for r in _plain(out, "dimension_links", inheritance=rule):
            if r["evidence"] != "co-reference":
                continue
            scheme, a = en[(r["scheme"], r["dimension_a"])]
            _, b = en[(r["scheme"], r["dimension_b"])]
            got[(_slug(r["city_iri"]), _slug(r["scheme_iri"]), a, b)] = int(r["weight"])
        assert dims and got == expected, rule


# The reader's own script: SPARQL over the release dump (rdflib) and networkx. It knows the
# documented definition, nothing of graph_build.analysis.
READER_QUERY = """
PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?initiative ?goal WHERE {
  ?initiative a sdgkg:Initiative ; sdgkg:municipality <https://w3id.org/sdgkg/id/kanazawa> .
  { ?initiative a sdgkg:Initiative . BIND(?initiative AS ?list) }
  UNION { ?initiative sdgkg:hasPlacement/sdgkg:placedUnder ?list }
  UNION { ?initiative sdgkg:hasPlacement/sdgkg:placedUnder ?area .
          ?list a sdgkg:KpiBlock ; sdgkg:underArea ?area }
  { ?list sdgkg:addressesTarget/skos:broader ?g } UNION { ?list sdgkg:addressesGoal ?g }
  ?g skos:notation ?goal .
}
"""


def test_a_reader_recomputes_the_strongest_link_from_the_dump(
    project_build: BuildResult, tmp_path: Path
) -> None:
    out = _copy(project_build, tmp_path)
    run_analysis(out, write_store=False, null_draws=DRAWS)
    report = (out / "analysis" / "report.html").read_text(encoding="utf-8")
    row = re.search(
        r"<tr data-city='kanazawa' data-variant='direction\+table' data-strongest='([\d.]+)'>",
        report,
    )
    assert row is not None
    dump = Dataset(default_union=True)
    dump.parse(project_build.out / "release" / "sdgkg.nq", format="nquads")
    goals: dict[str, set[str]] = defaultdict(set)
    for initiative, goal in dump.query(READER_QUERY):
        goals[str(initiative)].add(str(goal))
    graph = nx.Graph()
    for found in goals.values():
        for a, b in combinations(sorted(found), 2):
            weight = graph.get_edge_data(a, b, {"weight": 0})["weight"]
            graph.add_edge(a, b, weight=weight + 1)
    strongest = max(w for _, _, w in graph.edges(data="weight"))
    assert strongest > 0
    assert float(row.group(1)) == strongest


def test_rules_are_checked_and_stated_only_is_the_stated_rule() -> None:
    from graph_build.analysis.coreference import check_rule
    from graph_build.analysis.run import resolve_options
    from graph_build.errors import SdgkgError

    def rule(stated_only: bool, inheritance: str | None) -> str:
        return resolve_options(
            ["town"], ["five-ps"], [], None, None, "2024", 1, stated_only, None, False, inheritance
        ).inheritance

    assert rule(False, None) == DEFAULT_RULE
    assert rule(True, None) == rule(False, "stated") == "stated"
    with pytest.raises(SdgkgError, match="contradicts"):
        rule(True, "direction")
    with pytest.raises(SdgkgError, match="stated, direction, direction\\+table"):
        check_rule("tables")
