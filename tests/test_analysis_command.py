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
    "interaction_scores.csv",
    "interaction_pairs.csv",
    "interaction_synergies.csv",
    "interaction_trade_offs.csv",
    "city_dimension_comparison.csv",
    "matrices/goal-matrix-raw-kanazawa.csv",
    "matrices/target-matrix-raw-kanazawa.csv",
    "interaction_influence.csv",
    "interaction_scale.csv",
]
FIGURES = [
    "goal-heatmap-stated-kanazawa.png",
    "goal-heatmap-inferred-kanazawa.png",
    "chord-goals-kanazawa.png",
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
    "interaction-synergy-all",
    "interaction-trade-off-all",
]
MATRICES = [
    "assessor-example-a.csv",
    "assessor-example-b.csv",
    "assessor-example-c.csv",
    "aggregate-mean.csv",
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


def test_networks_carry_the_figures_layout_colours_and_sizes(
    analysed: tuple[Path, str],
) -> None:
    folder = analysed[0] / "analysis" / "networks"
    for stem in ("coreference-goal-kanazawa", "coreference-target-kanazawa"):
        graphml = nx.read_graphml(folder / f"{stem}.graphml")
        gexf = nx.read_gexf(folder / f"{stem}.gexf")
        nodes = dict(graphml.nodes(data=True))
        assert len({(a["x"], a["y"]) for a in nodes.values()}) == len(nodes), stem  # laid out
        for node, attrs in nodes.items():
            viz = gexf.nodes[node]["viz"]
            assert (viz["position"]["x"], viz["position"]["y"]) == (attrs["x"], attrs["y"])
            colour = "#{:02x}{:02x}{:02x}".format(*(viz["color"][c] for c in "rgb"))
            assert colour == attrs["colour"] and viz["size"] == attrs["size"]
        # size follows weighted degree, as in the figure
        by_strength = sorted(nodes.values(), key=lambda a: a["weighted_degree"])
        sizes = [a["size"] for a in by_strength]
        assert sizes == sorted(sizes) and sizes[0] < sizes[-1], stem


def test_every_promised_artefact_is_written(analysed: tuple[Path, str]) -> None:
    out, output = analysed
    folder = out / "analysis"
    for name in TABLES:
        assert (folder / "tables" / name).stat().st_size > 0, name
    for name in FIGURES:
        assert (folder / "figures" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
    for name in MATRICES:
        assert (folder / "cross-impact" / name).read_text(encoding="utf-8").startswith("# ")
    assert (folder / "figures" / "chord-goals-kanazawa.svg").read_text().startswith("<?xml")
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
    expert = [r for r in table if r["layer"].startswith("interaction-")]
    assert expert and all(r["city"] == "all" and r["basis"] == "scored" for r in expert)
    assert {r["layer"] for r in expert} == {"interaction-synergy", "interaction-trade-off"}
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
    assert result.exit_code == 2
    assert "bad.csv:2" in result.output and "ICSU/SEI scale" in result.output
    assert "self-link 4 → 4" in result.output
    assert (out / "analysis" / "analysis.json").read_bytes() == manifest
    assert not list(out.glob(".analysis.*"))


def test_illustrative_scores_are_marked_in_every_output(analysed: tuple[Path, str]) -> None:
    out, output = analysed
    folder = out / "analysis"
    assert "ILLUSTRATIVE EXAMPLE" in output
    for name in TABLES:
        if name.startswith("interaction_") and name != "interaction_scale.csv":
            table = rows(folder / "tables" / name)
            assert table and all(r["illustrative"] == "true" for r in table), name
    links = [r for r in rows(folder / "tables" / "links.csv") if r["basis"] == "scored"]
    assert links and all(r["illustrative"] == "true" for r in links)
    assert all(
        r["illustrative"] == "false"
        for r in rows(folder / "tables" / "links.csv")
        if r["basis"] != "scored"
    )
    for name in MATRICES:
        lines = (folder / "cross-impact" / name).read_text(encoding="utf-8").splitlines()
        assert any(line.startswith("# illustrative:") for line in lines), name
    for stem in ("interaction-synergy-all", "interaction-trade-off-all"):
        graph = nx.read_graphml(folder / "networks" / f"{stem}.graphml")
        assert graph.graph["illustrative"] is True
        assert all(d["illustrative"] for _, _, d in graph.edges(data=True))
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert report.count("ILLUSTRATIVE EXAMPLE") >= 2  # at the top and in the section
    assert "Synergies (positive scores)" in report and "Trade-offs (negative scores)" in report
    flagged = _sparql(
        out,
        """PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
           PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
           SELECT ?x WHERE { ?x sdgkg:illustrative true ; rdfs:label ?l .
             FILTER(lang(?l) = "en" && STRENDS(?l, "(illustrative)")) }""",
    )
    scored = _sparql(
        out,
        """PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
           SELECT ?x WHERE { { ?x sdgkg:meanScore ?m } UNION { ?x sdgkg:netInfluence ?n } }""",
    )
    assert scored and scored <= flagged


def test_disagreement_and_influence_reach_the_results_graph(analysed: tuple[Path, str]) -> None:
    out, _ = analysed
    pairs = {
        (r["from"], r["to"]): r for r in rows(out / "analysis" / "tables" / "interaction_pairs.csv")
    }
    assert pairs[("8", "12")]["sign_disagreement"] == "true"  # example-c scores it +1, others −
    disagreeing = _sparql(
        out,
        """PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
           SELECT ?x WHERE { ?x sdgkg:signDisagreement true ; sdgkg:assessorCount 3 }""",
    )
    # 8→12 is in both layers: a synergy link and a trade-off link, each flagged
    assert len(disagreeing) == 2
    influence = {
        r["node"]: r for r in rows(out / "analysis" / "tables" / "interaction_influence.csv")
    }
    for r in influence.values():
        assert float(r["net_influence"]) == pytest.approx(
            float(r["out_positive"]) + float(r["out_negative"])
        )


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
    assert "goal-heatmap-stated-sampletown.png" in names and "city-comparison.png" not in names
    assert result.analysis.options.date == "2024-03"
    assert result.analysis.options.schemes == ("five-ps",)
    ee = rows(out / "analysis" / "tables" / "economy_environment.csv")
    assert all(r["scheme"] == "five-ps" for r in ee)


def test_cities_are_compared_at_the_level_both_print(analysed: tuple[Path, str]) -> None:
    out, _ = analysed
    table = rows(out / "analysis" / "tables" / "city_dimension_comparison.csv")
    # Komatsu prints no SDG targets or goals: the two plans meet only in their own aspects
    assert table and {r["finest_common_level"] for r in table} == {"dimension"}
    assert {r["scheme"] for r in table} == {"future-city"}
    assert any(float(r["weight_a"]) and float(r["weight_b"]) for r in table)
    # each city's weight says what it counts: the two plans fill the aspects differently
    layers = {
        (r["city_a"], r["layer_a"], r["city_b"], r["layer_b"], r["same_layer"]) for r in table
    }
    assert layers == {("kanazawa", "relisting", "komatsu", "statement", "false")}
    report = (out / "analysis" / "report.html").read_text(encoding="utf-8")
    assert "compared at the level of dimensions only" in report


def test_worked_notebook_reproduces_the_goal_link_table(
    analysed: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import nbformat
    from nbclient import NotebookClient

    out, _ = analysed
    notebook = nbformat.read(EXAMPLES / "interlinkage.ipynb", as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "strip the outputs"
    monkeypatch.setenv("SDGKG_DIST", str(out))
    monkeypatch.setenv("SDGKG_CITY", "kanazawa")
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    printed = "".join(o.get("text", "") for o in code[-1].outputs if o.output_type == "stream")
    from_notebook = [
        (r["source"], r["target"], float(r["weight"])) for r in csv.DictReader(printed.splitlines())
    ]
    from_report = [
        (r["source"], r["target"], float(r["weight"]))
        for r in rows(out / "analysis" / "tables" / "links.csv")
        if (r["layer"], r["level"], r["city"]) == ("coreference", "goal", "kanazawa")
    ]
    assert from_report and from_notebook == from_report
