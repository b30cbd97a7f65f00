"""``sdgkg analyze`` end to end on the seed data: every promised artefact, the economy–environment
evidence checked against the graph, the results graph in SPARQL, same bytes on every run, and
errors that leave the previous results alone."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from graph_build.analysis.run import run_analysis
from graph_build.build import build
from graph_build.cli.main import main
from graph_build.paths import DATA_DIR, ONTOLOGY_FILE
from graph_build.sparql.query import run_query
from graph_build.store.embedded import open_store
from graph_build.validate.shacl import validate_graph

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "interactions_example.csv"
ANALYSIS_GRAPH = "https://w3id.org/sdgkg/graph/analysis"
DATE = "2024-09-30"
TABLES = [
    "links.csv",
    "evidence.csv",
    "node_metrics.csv",
    "community_stability.csv",
    "dimension_links.csv",
    "economy_environment.csv",
    "brokers.csv",
    "stakeholder_ties.csv",
    "stakeholder_bridges.csv",
    "city_similarity.csv",
    "city_link_differences.csv",
    "interaction_influence.csv",
    "interaction_second_order.csv",
    "interaction_scale.csv",
]
FIGURES = [
    "goal-heatmap-kanazawa.png",
    "network-coreference-target-kanazawa.png",
    "network-relisting-area-kanazawa.png",
    "network-statement-aspect-komatsu.png",
    "community-stability-kanazawa.png",
    "dimension-matrix-kanazawa.png",
    "dimension-matrix-komatsu.png",
    "city-comparison.png",
    "interaction-influence.png",
]
NETWORKS = [
    "coreference-target-kanazawa",
    "coreference-goal-kanazawa",
    "coreference-target-all",
    "relisting-area-kanazawa",
    "relisting-goal-kanazawa",
    "statement-aspect-komatsu",
    "stakeholder-goal-kanazawa",
    "interaction-all",
]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A fresh build of the seed data (analysis writes into its store), analysed once."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SDGKG_CACHE", str(tmp_path_factory.mktemp("cache-analysis")))
    out = tmp_path_factory.mktemp("analysis") / "dist"
    build(DATA_DIR, out)
    result = CliRunner().invoke(
        main, ["analyze", "--out", str(out), "--interactions", str(EXAMPLE), "--date", DATE]
    )
    assert result.exit_code == 0, result.output
    yield out, result.output
    mp.undo()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_promised_artefact_is_written(analysed: tuple[Path, str]) -> None:
    out, output = analysed
    folder = out / "analysis"
    for name in TABLES:
        assert (folder / "tables" / name).stat().st_size > 0, name
    for name in FIGURES:
        assert (folder / "figures" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
    for stem in NETWORKS:
        graphml = nx.read_graphml(folder / "networks" / f"{stem}.graphml")
        gexf = nx.read_gexf(folder / "networks" / f"{stem}.gexf")
        assert graphml.number_of_edges() == gexf.number_of_edges() > 0, stem
        first = next(iter(graphml.nodes(data=True)))[1]
        assert first.get("label") and first.get("label_ja"), stem
    target_net = nx.read_graphml(folder / "networks" / "coreference-target-kanazawa.graphml")
    assert target_net.nodes["13.1"]["dimension_wedding_cake"] == "environment"
    # the seed's initiatives print no SDG codes themselves: every co-occurrence is inherited
    # from the lists of their directions and KPI tables
    assert {d["basis"] for _, _, d in target_net.edges(data=True)} == {"inferred-via-direction"}
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in report and 'lang="ja"' in report
    assert "<script src=" not in report and "<link " not in report  # self-contained
    manifest = json.loads((folder / "analysis.json").read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert "economy–environment  Kanazawa City" in output
    assert "economy–environment  Komatsu City" in output


def _sparql(out: Path, query: str) -> set[str]:
    store = open_store(out)
    result = store.query(query, use_default_graph_as_union=True)
    return {str(solution[0].value) for solution in result}  # type: ignore[union-attr, index]


def test_economy_environment_links_list_what_carries_them(analysed: tuple[Path, str]) -> None:
    out, _ = analysed
    table = rows(out / "analysis" / "tables" / "economy_environment.csv")
    # Kanazawa: initiatives listed under a direction served by the economy KPI table and under one
    # served by the environment KPI table, found here by SPARQL, independently of the analysis.
    relisted = _sparql(
        out,
        """PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
           PREFIX dim: <https://w3id.org/sdgkg/dimension/>
           SELECT DISTINCT ?i WHERE {
             ?i a sdgkg:Initiative ; sdgkg:hasPlacement/sdgkg:placedUnder ?a, ?b .
             ?x sdgkg:underArea ?a ; sdgkg:aspect dim:future-city\\/economy .
             ?y sdgkg:underArea ?b ; sdgkg:aspect dim:future-city\\/environment . }""",
    )
    carried = {
        r["carrier"]
        for r in table
        if (r["city"], r["scheme"], r["layer"]) == ("kanazawa", "future-city", "relisting")
    }
    assert carried == relisted and len(carried) >= 3
    statements = _sparql(
        out,
        """PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
           PREFIX dim: <https://w3id.org/sdgkg/dimension/>
           SELECT ?s WHERE { ?s a sdgkg:SynergyStatement ;
             sdgkg:betweenDimension dim:future-city\\/economy, dim:future-city\\/environment }""",
    )
    stated = {r["carrier"] for r in table if r["city"] == "komatsu"}
    assert stated == statements and len(stated) == 3
    wedding = [r for r in table if (r["city"], r["scheme"]) == ("kanazawa", "wedding-cake")]
    assert {r["basis"] for r in wedding} == {"inferred-via-direction"}
    assert all(r["carrier_label_en"] and r["carrier_label_ja"] for r in table if r["carrier"])
    # expert scores belong to no city: their rows carry the rationale instead of a carrier
    expert = [r for r in table if r["layer"] == "interaction"]
    assert expert and all(r["city"] == "all" and r["basis"] == "scored" for r in expert)
    assert all(r["carrier_label_en"] for r in expert)


def test_results_graph_answers_the_dimension_links_query(analysed: tuple[Path, str]) -> None:
    out, _ = analysed
    result = run_query("analysis/dimension_links", out)
    assert result.variables[:5] == ["city", "scheme", "dimension_a", "dimension_b", "weight"]
    from_sparql = {
        (r[0], r[1], r[2], r[3], r[5]): float(r[4])
        for r in result.plain_rows()
        if {r[2], r[3]} == {"Economy", "Environment"}
    }
    assert from_sparql[("金沢市", "future-city", "Economy", "Environment", "relisting")] == 5
    assert from_sparql[("小松市", "future-city", "Economy", "Environment", "statement")] == 3
    from_csv = {
        (r["city"], r["scheme"], r["layer"]): float(r["weight"])
        for r in rows(out / "analysis" / "tables" / "dimension_links.csv")
        if (r["dimension_a"], r["dimension_b"]) == ("economy", "environment")
    }
    assert (
        from_csv[("kanazawa", "wedding-cake", "coreference")]
        == (from_sparql[("金沢市", "wedding-cake", "Economy", "Environment", "coreference")])
    )


def test_results_graph_in_store_equals_the_file_and_uses_declared_terms(
    analysed: tuple[Path, str],
) -> None:
    out, _ = analysed
    dataset = Dataset()
    dataset.parse(out / "analysis" / "results.nq", format="nquads")
    from_file = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, URIRef(ANALYSIS_GRAPH))):
        from_file.add((s, p, o))
    store = open_store(out)
    in_store = Graph()
    dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(ANALYSIS_GRAPH))
    assert dumped is not None
    in_store.parse(data=dumped.decode("utf-8"), format="nt")
    assert len(from_file) > 1000 and isomorphic(from_file, in_store)
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    used = {
        t
        for triple in from_file
        for t in (triple[1], triple[2])
        if isinstance(t, URIRef) and str(t).startswith("https://w3id.org/sdgkg/ontology#")
    }
    assert used and used <= declared, sorted(str(u) for u in used - declared)
    report = validate_graph(from_file)
    assert [f.message_en for f in report.findings if f.severity == "Violation"] == []


def test_same_graph_gives_the_same_bytes(analysed: tuple[Path, str]) -> None:
    out, _ = analysed
    folder = out / "analysis"
    before = {
        p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
    run_analysis(out, interactions=EXAMPLE, date=DATE)
    after = {
        p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
    assert before.keys() == after.keys()
    changed = [str(name) for name in before if before[name] != after[name]]
    assert not changed


def test_bad_interactions_file_fails_clearly_and_keeps_old_results(
    analysed: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = analysed
    manifest = (out / "analysis" / "analysis.json").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("from,to,score\n7,13,9\n4,4,1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", "--out", str(out), "--interactions", str(bad)])
    assert result.exit_code == 1
    assert "bad.csv:2" in result.output and "ICSU/SEI scale" in result.output
    assert "self-link 4 → 4" in result.output
    assert (out / "analysis" / "analysis.json").read_bytes() == manifest
    assert not list(out.glob(".analysis.*"))


def test_unknown_city_and_scheme_are_explained(analysed: tuple[Path, str]) -> None:
    out, _ = analysed
    runner = CliRunner()
    city = runner.invoke(main, ["analyze", "--out", str(out), "--city", "atlantis"])
    assert city.exit_code == 1 and "known: kanazawa, komatsu" in city.output
    scheme = runner.invoke(main, ["analyze", "--out", str(out), "--scheme", "rainbow"])
    assert scheme.exit_code == 1 and "wedding-cake" in scheme.output


def test_analysis_runs_on_any_build(tmp_path: Path) -> None:
    # the small hand-made fixture: one city, so no comparison; its date comes from the data
    from tests.conftest import ALL_RECORD_KINDS

    out = tmp_path / "dist"
    build(ALL_RECORD_KINDS, out)
    result = run_analysis(out, scheme="five-ps")
    names = {p.name for p in result.files}
    assert "goal-heatmap-sampletown.png" in names and "city-comparison.png" not in names
    assert result.analysis.options.date == "2024-03"
    assert result.analysis.options.schemes == ("five-ps",)
    ee = rows(out / "analysis" / "tables" / "economy_environment.csv")
    assert all(r["scheme"] == "five-ps" for r in ee)
