"""SHACL shapes: cases as data (one conforming and one failing case per shape), mutations of the
built graph, the seed graph's report, and the validate command's exit codes."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from graph_build.build import BuildResult
from graph_build.cli.main import main
from graph_build.namespaces import SDG, SDGKG
from graph_build.paths import ONTOLOGY_FILE
from graph_build.validate.shacl import load_rdf_files, load_shapes, validate_graph

CASES = sorted((Path(__file__).parent / "shape_cases").glob("*.ttl"))
SHAPES_NS = "https://w3id.org/sdgkg/shapes#"


def header(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    shape = re.search(r"^# shape: (\S+)$", text, re.M)
    expect = re.search(r"^# expect: (\S+)$", text, re.M)
    assert shape and expect, f"{path.name} lacks its '# shape:' / '# expect:' header"
    return shape.group(1), expect.group(1)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_shape_case(case: Path) -> None:
    shape, expect = header(case)
    data = Graph()
    data.parse(case, format="turtle")
    report = validate_graph(data)
    mine = [f for f in report.findings if f.shape == SHAPES_NS + shape]
    if expect == "conforms":
        assert mine == [], [f.message_en for f in mine]
    else:
        assert any(f.severity == expect for f in mine), (
            f"expected a {expect} from {shape}, got "
            f"{[(f.severity, f.shape) for f in report.findings]}"
        )
        # a case may also name the property that breaks the shape (``# path: sdgkg:target``)
        path = re.search(r"^# path: sdgkg:(\S+)$", case.read_text(encoding="utf-8"), re.M)
        if path:
            paths = {f.path for f in mine if f.severity == expect}
            assert str(SDGKG[path.group(1)]) in paths, paths
        for finding in mine:
            assert finding.message_en and finding.message_ja


def test_every_shape_has_a_passing_and_a_failing_case() -> None:
    shapes = load_shapes()
    names = {
        str(s)[len(SHAPES_NS) :]
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if str(s).startswith(SHAPES_NS)
    }
    expectations: dict[str, set[str]] = {}
    for case in CASES:
        shape, expect = header(case)
        expectations.setdefault(shape, set()).add("pass" if expect == "conforms" else "fail")
    assert {n for n in names if expectations.get(n) != {"pass", "fail"}} == set()


def test_every_data_class_of_the_ontology_is_targeted() -> None:
    shapes = load_shapes()
    targeted = set(shapes.objects(None, SH.targetClass))
    ontology = Graph()
    ontology.parse(ONTOLOGY_FILE)
    vocabulary = {
        SDGKG.Unit,
        SDGKG.StakeholderType,
        SDGKG.ControlledValue,
        SDGKG.Dimension,
        SDGKG.DimensionScheme,
    }
    untargeted = []
    for cls in ontology.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")):
        if cls in vocabulary or not str(cls).startswith(str(SDGKG)):
            continue
        chain = {cls, *ontology.transitive_objects(cls, RDFS.subClassOf)}
        if not chain & targeted:
            untargeted.append(str(cls))
    assert untargeted == []


def test_every_shape_speaks_both_languages() -> None:
    shapes = load_shapes()
    for message_holder in set(shapes.subjects(SH.message, None)):
        langs = {m.language for m in shapes.objects(message_holder, SH.message)}
        assert {"en", "ja"} <= langs, message_holder


@pytest.fixture(scope="module")
def seed_report(project_build: BuildResult) -> object:
    return validate_graph(load_rdf_files([project_build.out / "sdgkg.nq"]))


def test_seed_graph_has_no_violation(seed_report: object) -> None:
    from graph_build.validate.shacl import Report

    assert isinstance(seed_report, Report)
    assert seed_report.violations == []
    # The warnings are findings a reader can check against the seeds.
    side = {f.focus_label for f in seed_report.warnings if f.shape.endswith("KpiTargetSideShape")}
    assert side == {
        "Supply of Kanazawa-grown timber",
        "Users of the public bike-share scheme Machinori",
    }
    undated = {f.focus for f in seed_report.warnings if f.shape.endswith("AgreementShape")}
    assert len(undated) == 4
    unlinked = {f.focus for f in seed_report.warnings if f.shape.endswith("InitiativeSdgLinkShape")}
    assert unlinked and all("/komatsu/" in f for f in unlinked)


MUTATIONS = {
    "drop a Japanese label": "label",
    "corrupt a number's lexical form": "number",
    "point an SDG link at a missing target": "sdg",
    "drop a KPI's target": "target",
    "give a synergy one dimension": "synergy",
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_mutations_of_the_built_graph_are_caught(fixture_build: BuildResult, mutation: str) -> None:
    graph = load_rdf_files([fixture_build.out / "sdgkg.nq"])
    assert validate_graph(graph).conforms
    kpi = URIRef("https://w3id.org/sdgkg/id/sampletown/kpi/co2-emissions")
    kind = MUTATIONS[mutation]
    if kind == "label":
        for label in list(graph.objects(kpi, RDFS.label)):
            if label.language == "ja":
                graph.remove((kpi, RDFS.label, label))
    elif kind == "number":
        obs = graph.value(kpi, SDGKG.baseline)
        graph.set((obs, SDGKG.value, Literal("2,778", datatype=XSD.decimal)))
    elif kind == "sdg":
        graph.add(
            (
                URIRef("https://w3id.org/sdgkg/id/sampletown/area/direction-1"),
                SDGKG.addressesTarget,
                SDG["18.9"],
            )
        )
    elif kind == "target":
        graph.remove((kpi, SDGKG.target, None))
    elif kind == "synergy":
        synergy = URIRef("https://w3id.org/sdgkg/id/sampletown/synergy/economy-environment-energy")
        graph.remove(
            (
                synergy,
                SDGKG.betweenDimension,
                URIRef("https://w3id.org/sdgkg/dimension/future-city/economy"),
            )
        )
    assert validate_graph(graph).violations, mutation


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def test_validate_command_exit_codes(fixture_build: BuildResult, tmp_path: Path) -> None:
    code, out = run(["validate", "--out", str(fixture_build.out)])
    assert code == 0 and "0 violation(s)" in out
    bad = tmp_path / "bad.ttl.gz"
    bad.write_bytes(
        gzip.compress(
            b"@prefix sdgkg: <https://w3id.org/sdgkg/ontology#> .\n"
            b"<http://example.org/a> sdgkg:addressesTarget <http://metadata.un.org/sdg/18.9> .\n"
        )
    )
    code, out = run(["validate", str(bad), "--lang", "ja"])
    assert code == 1
    assert "違反 1 件" in out and "http://example.org/a" in out and "存在しない" in out
    code, out = run(["validate", str(bad), "--format", "json"])
    assert code == 1 and '"violations": 1' in out


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.ttl", b"", "empty"),
        ("binary.nt", b"\x00\x01\x02", "not a text"),
        ("broken.ttl", b"<a> <b> ", "cannot parse as turtle"),
        ("latin1.ttl", '<http://a> <http://b> "caf\xe9" .'.encode("latin-1"), "UTF-8"),
        ("notes.docx", b"hello", "unknown RDF file type"),
        ("broken.nq.gz", b"\x1f\x8b\x08\x00garbage", "gzip"),
    ],
)
def test_unreadable_rdf_exits_2(tmp_path: Path, name: str, content: bytes, fragment: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out = run(["validate", str(path), "--report-dir", str(tmp_path / "reports")])
    assert code == 2
    assert fragment in out and str(path) in out
    assert not (tmp_path / "reports").exists()


def test_validate_without_build(tmp_path: Path) -> None:
    code, out = run(["validate", "--out", str(tmp_path)])
    assert code == 2 and "sdgkg build" in out


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_both_engines_give_the_same_findings(case: Path) -> None:
    data = Graph()
    data.parse(case, format="turtle")
    turbo = validate_graph(data, engine="turbo").findings
    reference = validate_graph(data, engine="pyshacl").findings
    assert turbo == reference


def test_both_engines_agree_on_the_seed_graph(project_build: BuildResult) -> None:
    data = load_rdf_files([project_build.out / "sdgkg.nq"])
    assert (
        validate_graph(data, engine="turbo").findings
        == validate_graph(data, engine="pyshacl").findings
    )


def test_validating_per_municipality_equals_validating_the_union(
    project_build: BuildResult,
) -> None:
    from rdflib import Dataset

    from graph_build.validate.batches import dump_layout, validate_built_dump, validate_dump

    dump = project_build.out / "sdgkg.nq"
    spans, shared = dump_layout(dump)
    # the two municipalities, then the SDG suggestions in blocks: the method's run, then one
    # block per municipality
    derived = "inferred/sdg-suggestions@"
    assert [s.city for s in spans] == [
        "kanazawa",
        "komatsu",
        f"{derived}activity",
        f"{derived}kanazawa",
        f"{derived}komatsu",
    ]
    dataset = Dataset()
    dataset.parse(dump, format="nquads")
    union = Graph()
    for graph in dataset.graphs():
        if str(graph.identifier).removeprefix("https://w3id.org/sdgkg/graph/").count("/") == 1:
            union += graph
    whole = validate_graph(union).findings
    assert validate_built_dump(dump).findings == whole
    # one municipality per run, too
    assert validate_dump(dump, spans, shared, batch_triples=1).findings == whole
