"""The release folder: every syntax, gzipped, checksummed, reproducible, and round-tripping."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from graph_build.build import BuildResult
from graph_build.namespaces import PREFIXES
from graph_build.paths import DATA_DIR
from graph_build.release.folder import CHECKSUMS, dump_names, verify_checksums, with_description
from graph_build.release.jsonld import CONTEXT_FILE, load_context
from graph_build.release.void_dcat import DESCRIPTION_GRAPH

from .conftest import ALL_RECORD_KINDS

TRIPLE_FILES = {
    "sdgkg.ttl": ox.RdfFormat.TURTLE,
    "sdgkg.nt": ox.RdfFormat.N_TRIPLES,
    "sdgkg.jsonld": ox.RdfFormat.JSON_LD,
    "sdgkg.rdf": ox.RdfFormat.RDF_XML,
}
QUAD_FILES = {"sdgkg.nq": ox.RdfFormat.N_QUADS, "sdgkg.trig": ox.RdfFormat.TRIG}
RAPPER_NAMES = {
    "sdgkg.ttl": "turtle",
    "sdgkg.nt": "ntriples",
    "sdgkg.rdf": "rdfxml",
    "sdgkg.nq": "nquads",
    "sdgkg.trig": "trig",
}


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def canonical(quads: list[ox.Quad]) -> ox.Dataset:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def as_union(quads: list[ox.Quad]) -> list[ox.Quad]:
    return [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads]


def read(path: Path, fmt: ox.RdfFormat) -> list[ox.Quad]:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return list(ox.parse(data, format=fmt))


@pytest.fixture(scope="module")
def project_release(project_build: BuildResult) -> Path:
    return project_build.out / "release"


@pytest.fixture(scope="module")
def project_source(project_build: BuildResult) -> list[ox.Quad]:
    """What the release should hold: the graphs of the same build plus their description."""
    return with_description(read(project_build.out / "sdgkg.nq", ox.RdfFormat.N_QUADS))


def test_release_holds_every_syntax_gzipped_with_checksums(fixture_build: BuildResult) -> None:
    release = fixture_build.out / "release"
    names = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    expected = set(dump_names()) | {
        CHECKSUMS,
        "void.ttl",
        "context.jsonld",
        "README.md",
        "CITATION.cff",
        "LICENSE.md",
        "ontology/sdgkg.html",
        "ontology/sdgkg.ttl",
        "ontology/sdgkg.rdf",
        "ontology/sdgkg.jsonld",
    }
    assert names == expected
    for name in dump_names():
        if name.endswith(".gz"):
            plain = (release / name.removesuffix(".gz")).read_bytes()
            assert gzip.decompress((release / name).read_bytes()) == plain, name


def test_release_names_the_data_licence(fixture_build: BuildResult) -> None:
    notice = (fixture_build.out / "release" / "LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in notice and "creativecommons.org/licenses/by/4.0" in notice
    assert "MIT" in notice  # the software's licence, kept apart from the data's
    assert "LICENSE.md" in (fixture_build.out / "release" / "README.md").read_text("utf-8")


@pytest.mark.slow
def test_every_file_matches_its_checksum(project_release: Path) -> None:
    listed = {}
    for line in (project_release / CHECKSUMS).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {
        p.relative_to(project_release).as_posix()
        for p in project_release.rglob("*")
        if p.is_file() and p.name != CHECKSUMS
    }
    assert set(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((project_release / name).read_bytes()).hexdigest() == digest, name
    assert verify_checksums(project_release) == []


def test_checksum_check_notices_a_changed_file(fixture_build: BuildResult, tmp_path: Path) -> None:
    copy = tmp_path / "release"
    shutil.copytree(fixture_build.out / "release", copy)
    with (copy / "sdgkg.ttl").open("a", encoding="utf-8") as handle:
        handle.write("# edited\n")
    (copy / "extra.txt").write_text("x", encoding="utf-8")
    problems = verify_checksums(copy)
    assert any(p.startswith("sdgkg.ttl:") for p in problems)
    assert any(p.startswith("extra.txt:") for p in problems)


def _build_in_subprocess(out: Path, seed: str, cache: Path, data: Path = ALL_RECORD_KINDS) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "SDGKG_CACHE": str(cache)}
    command = [sys.executable, "-m", "graph_build.cli", "build"]
    command += ["--data", str(data), "--out", str(out)]
    subprocess.run(command, check=True, env=env, capture_output=True)


def test_release_is_byte_identical_on_rebuild(tmp_path: Path) -> None:
    # Different hash seeds reorder Python sets and dicts: the bytes must not depend on that.
    cache = tmp_path / "cache"
    cache.mkdir()
    _build_in_subprocess(tmp_path / "a", "1", cache)
    _build_in_subprocess(tmp_path / "b", "2", cache)
    first = tree_digest(tmp_path / "a" / "release")
    assert first == tree_digest(tmp_path / "b" / "release")
    # void, context, citation, licence, README, checksums and the four ontology files
    assert len(first) == len(dump_names()) + 10


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TRIPLE_FILES))
@pytest.mark.parametrize("packed", [False, True])
def test_union_syntaxes_reload_isomorphic(
    project_release: Path, project_source: list[ox.Quad], name: str, packed: bool
) -> None:
    path = project_release / (name + ".gz" if packed else name)
    reloaded = canonical(read(path, TRIPLE_FILES[name]))
    assert reloaded == canonical(as_union(project_source))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(QUAD_FILES))
@pytest.mark.parametrize("packed", [False, True])
def test_dataset_syntaxes_reload_isomorphic_with_named_graphs(
    project_release: Path, project_source: list[ox.Quad], name: str, packed: bool
) -> None:
    path = project_release / (name + ".gz" if packed else name)
    assert canonical(read(path, QUAD_FILES[name])) == canonical(project_source)


@pytest.mark.slow
def test_release_graphs_equal_the_build_dump(project_build: BuildResult) -> None:
    """The release N-Quads are the build's N-Quads plus the dataset description graph."""
    description = ox.NamedNode(str(DESCRIPTION_GRAPH))
    released = read(project_build.out / "release" / "sdgkg.nq", ox.RdfFormat.N_QUADS)
    built = read(project_build.out / "sdgkg.nq", ox.RdfFormat.N_QUADS)
    assert any(q.graph_name == description for q in released)
    assert canonical([q for q in released if q.graph_name != description]) == canonical(built)


def test_rdflib_reads_every_syntax_of_the_fixture_release(fixture_build: BuildResult) -> None:
    """A second, independent parser (rdflib) agrees, including JSON-LD expansion."""
    release = fixture_build.out / "release"
    reference = Graph()
    reference.parse(release / "sdgkg.nt", format="nt")
    assert len(reference) > 100
    for name, fmt in (("sdgkg.ttl", "turtle"), ("sdgkg.rdf", "xml"), ("sdgkg.jsonld", "json-ld")):
        graph = Graph()
        graph.parse(release / name, format=fmt)
        assert isomorphic(graph, reference), name
    dataset = Dataset()
    dataset.parse(release / "sdgkg.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert str(DESCRIPTION_GRAPH) in names
    assert "https://w3id.org/sdgkg/graph/sampletown/plan-2024" in names


def test_jsonld_is_compact_with_the_project_context(fixture_build: BuildResult) -> None:
    document = json.loads((fixture_build.out / "release" / "sdgkg.jsonld").read_text("utf-8"))
    assert document["@context"] == load_context()["@context"]
    nodes = {node["@id"]: node for node in document["@graph"]}
    kpi = nodes["id:sampletown/kpi/co2-emissions"]
    assert kpi["@type"] == "sdgkg:KPI"
    assert kpi["label"] == {"en": "Greenhouse gas emissions", "ja": "温室効果ガス排出量"}
    assert kpi["municipality"] == "id:sampletown"
    released_context = (fixture_build.out / "release" / "context.jsonld").read_bytes()
    assert released_context == CONTEXT_FILE.read_bytes()


def test_context_declares_every_project_prefix() -> None:
    context = load_context()["@context"]
    for prefix, namespace in PREFIXES.items():
        assert context.get(prefix) == str(namespace), prefix


def test_turtle_declares_only_used_prefixes_in_order(fixture_build: BuildResult) -> None:
    text = (fixture_build.out / "release" / "sdgkg.ttl").read_text("utf-8")
    declared = [line.split()[1] for line in text.splitlines() if line.startswith("@prefix")]
    assert declared == sorted(declared)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix"))
    for prefix in declared:
        assert prefix in body, prefix


def _rapper(args: list[str]) -> subprocess.CompletedProcess[str]:
    if shutil.which("rapper") is None:
        pytest.skip("rapper not installed (Debian package raptor2-utils; .ci/run installs it)")
    return subprocess.run(["rapper", *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("name", sorted(RAPPER_NAMES))
def test_rapper_parses_the_release(fixture_build: BuildResult, name: str) -> None:
    """Debian's raptor parser, independent of the writers, reads every file without complaint."""
    release = fixture_build.out / "release"
    result = _rapper(["-q", "-i", RAPPER_NAMES[name], "-o", "nquads", str(release / name)])
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower() and "warning" not in result.stderr.lower()
    reparsed = list(ox.parse(result.stdout.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    original = read(release / name, {**TRIPLE_FILES, **QUAD_FILES}[name])
    if name in TRIPLE_FILES:
        assert canonical(reparsed) == canonical(as_union(original))
    else:
        assert canonical(reparsed) == canonical(original)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["sdgkg.ttl", "sdgkg.rdf", "ontology/sdgkg.ttl", "ontology/sdgkg.rdf"]
)
def test_rapper_counts_match_on_the_project_release(
    project_release: Path, project_source: list[ox.Quad], name: str
) -> None:
    syntax = "rdfxml" if name.endswith(".rdf") else "turtle"
    result = _rapper(["-i", syntax, "-c", str(project_release / name)])
    assert result.returncode == 0, result.stderr
    assert "Parsing returned" in result.stderr
    count = int(result.stderr.split("Parsing returned")[1].split()[0])
    if name.startswith("ontology/"):
        expected = len(read(project_release / name, TRIPLE_FILES["sdgkg" + Path(name).suffix]))
    else:
        expected = len({(q.subject, q.predicate, q.object) for q in project_source})
    assert count == expected


def test_void_file_is_the_description_graph(fixture_build: BuildResult) -> None:
    release = fixture_build.out / "release"
    description = ox.NamedNode(str(DESCRIPTION_GRAPH))
    in_dump = [
        q for q in read(release / "sdgkg.nq", ox.RdfFormat.N_QUADS) if q.graph_name == description
    ]
    assert len(in_dump) > 100
    alone = read(release / "void.ttl", ox.RdfFormat.TURTLE)
    assert canonical(alone) == canonical(as_union(in_dump))


def test_validation_report_is_byte_identical_on_rebuild(tmp_path: Path) -> None:
    # The seeds' warnings share property shapes (sh:sourceShape): their blank-node names must
    # not depend on the order a Python set yields the results in.
    cache = tmp_path / "cache"
    cache.mkdir()
    reports = set()
    for seed in ("1", "2", "3", "4"):
        _build_in_subprocess(tmp_path / seed, seed, cache, DATA_DIR)
        text = (tmp_path / seed / "validation-report.ttl").read_bytes()
        assert b"sh:sourceShape" in text
        reports.add(text)
    assert len(reports) == 1
