"""End to end on the small fixture: build, query, determinism, atomic failure, count gates."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from graph_build.build import BuildResult, build
from graph_build.errors import InputError
from graph_build.namespaces import ID, SDG, SDGKG
from graph_build.sparql.query import run_query
from graph_build.validate.checks import ViolationChecksError
from graph_build.validate.shacl import ShaclViolationsError

from .conftest import ALL_RECORD_KINDS

TOWN = "https://w3id.org/sdgkg/id/sampletown/"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def union(fixture_build: BuildResult) -> Graph:
    ds = Dataset()
    ds.parse(fixture_build.out / "sdgkg.nq", format="nquads")
    graph = Graph()
    for ctx in ds.graphs():
        graph += ctx
    return graph


def test_named_graphs(fixture_build: BuildResult) -> None:
    names = set(fixture_build.triples_per_graph)
    assert names == {
        "https://w3id.org/sdgkg/graph/ontology",
        "https://w3id.org/sdgkg/graph/schemes",
        "https://w3id.org/sdgkg/graph/un-sdg",
        "https://w3id.org/sdgkg/graph/sampletown/plan-2024",
        "https://w3id.org/sdgkg/graph/sampletown/computed/initiative-goals",
        "https://w3id.org/sdgkg/graph/sampletown/computed/stakeholder-sdgs",
        "https://w3id.org/sdgkg/graph/inferred/sdg-suggestions",
    }
    assert (fixture_build.out / "store").is_dir()
    assert (fixture_build.out / "build.json").is_file()


def test_kpi_observations(union: Graph) -> None:
    kpi = ID["sampletown/kpi/co2-emissions"]
    baseline = union.value(kpi, SDGKG.baseline)
    assert union.value(baseline, SDGKG.value) == Literal("2778.0", datatype=XSD.decimal)
    assert union.value(baseline, SDGKG.unitMultiplier) == Literal("1000.0", datatype=XSD.decimal)
    assert union.value(baseline, SDGKG.referenceYear) == Literal("2021", datatype=XSD.gYear)
    assert union.value(baseline, SDGKG.yearType) == SDGKG.FiscalYear
    assert union.value(kpi, SDGKG.desiredDirection) == SDGKG.Decrease


def test_relisted_initiative_is_one_node_with_two_placements(union: Graph) -> None:
    ini = ID["sampletown/initiative/tree-planting"]
    placements = list(union.objects(ini, SDGKG.hasPlacement))
    assert len(placements) == 2
    relisted = {
        str(union.value(p, SDGKG.placedUnder)).rsplit("/", 1)[1]: union.value(
            p, SDGKG.isRelisting
        ).toPython()
        for p in placements
    }
    assert relisted == {"direction-1": False, "direction-2": True}


def test_every_entity_is_bilingual_and_has_provenance(union: Graph) -> None:
    entities = {
        s
        for s in union.subjects(RDF.type, None)
        if str(s).startswith(TOWN) and "/source/" not in str(s)
    }
    assert len(entities) > 20
    for entity in entities:
        # computed nodes (SDG suggestions) carry skos:prefLabel, as the missing-label check allows
        labels = [*union.objects(entity, RDFS.label), *union.objects(entity, SKOS.prefLabel)]
        langs = {o.language for o in labels if isinstance(o, Literal)}
        assert {"ja", "en"} <= langs, entity
    for entity in union.subjects(SDGKG.municipality, None):
        assert (entity, RDF.type, SDGKG.KpiObservation) in union or union.value(
            entity, SDGKG.municipality
        ) is not None
    spans = set(union.subjects(RDF.type, SDGKG.SourceSpan))
    assert spans
    for span in spans:
        assert union.value(span, SDGKG.startLine) is not None
        assert union.value(span, SDGKG.sourceDocument) is not None


def test_stated_sdg_links_only(union: Graph) -> None:
    assert (ID["sampletown/initiative/eco-school"], SDGKG.addressesTarget, SDG["4.7"]) in union
    assert (ID["sampletown/initiative/tree-planting"], SDGKG.addressesTarget, None) not in union


def test_query_runs_against_the_store(fixture_build: BuildResult) -> None:
    result = run_query("kpis", fixture_build.out)
    rows = {r[result.variables.index("kpi")]: r for r in result.plain_rows()}
    row = rows["温室効果ガス排出量"]
    assert float(row[result.variables.index("baseline_value")]) == 2778
    assert row[result.variables.index("unit")] == "t-CO2"
    assert row[result.variables.index("sdg_targets")].split() == ["11.7", "13.2", "15.c"]


def test_two_builds_give_identical_dumps(tmp_path: Path) -> None:
    first = build(ALL_RECORD_KINDS, tmp_path / "a")
    second = build(ALL_RECORD_KINDS, tmp_path / "b")
    assert first.checksums == second.checksums
    for name in ("sdgkg.nq", "sdgkg.ttl", "build.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_turtle_and_nquads_hold_the_same_graph(fixture_build: BuildResult, union: Graph) -> None:
    ttl = Graph()
    ttl.parse(fixture_build.out / "sdgkg.ttl", format="turtle")
    assert isomorphic(ttl, union)


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ALL_RECORD_KINDS, data)
    out = tmp_path / "dist"
    build(data, out)
    before = tree_digest(out)
    plan = data / "sampletown" / "plan-2024.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("unit: person", "unit: persons"), encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        build(data, out)
    assert "plan-2024.yaml" in str(info.value) and "park-visitors" in str(info.value)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "dist"]


def test_count_gate_fails_when_a_source_loses_entities(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ALL_RECORD_KINDS, data)
    (data / "qc.yaml").write_text("sampletown/plan-2024:\n  KPI: 3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"count gate failed.*KPI, expected at least 3"):
        build(data, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["data"]


def test_two_cities_with_the_same_document_id_keep_apart(tmp_path: Path) -> None:
    # The same stakeholder, named by documents of two cities that share an id and line numbers,
    # gets one source span per city, so validation sees no span with two documents.
    data = tmp_path / "data"
    shutil.copytree(ALL_RECORD_KINDS, data)
    shutil.copytree(data / "sampletown", data / "othertown")
    muni = data / "othertown" / "municipality.yaml"
    muni.write_text(
        muni.read_text(encoding="utf-8")
        .replace("id: sampletown\n", "id: othertown\n")
        .replace("sampletown-government", "othertown-government"),
        encoding="utf-8",
    )
    plan = data / "othertown" / "plan-2024.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("sampletown-government", "othertown-government"),
        encoding="utf-8",
    )
    result = build(data, tmp_path / "dist")
    assert result.violations == 0


def test_a_violation_check_with_rows_fails_the_build_and_keeps_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    build(ALL_RECORD_KINDS, out)
    before = tree_digest(out)
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "every-kpi-violation.rq").write_text(
        "# title: Every KPI\n"
        "# description: Finds every KPI, so that any graph with one fails.\n"
        "# question_en: Which KPIs are there?\n"
        "# question_ja: どのKPIがあるか。\n"
        "# columns: kpi\n"
        "PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>\n"
        "SELECT ?kpi WHERE { ?kpi a sdgkg:KPI } ORDER BY ?kpi\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("graph_build.validate.checks.CHECKS_DIR", checks)
    with pytest.raises(ViolationChecksError) as info:
        build(ALL_RECORD_KINDS, out)
    message = str(info.value)
    assert "the built graph" in message and "every-kpi-violation" in message
    assert f"{TOWN}kpi/co2-emissions" in message
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checks", "dist"]


@pytest.mark.parametrize(
    ("old", "new", "shape", "focus"),
    [
        ("lines: 20-21}", "lines: 21-20}", "SourceSpanShape", "kpi/co2-emissions/source/"),
        ("year: 2030,", "year: 2020,", "KpiShape", "kpi/co2-emissions"),
        # well formed, but 13.9 is not a target of the UN framework
        (
            'sdg_targets: ["13.2", "11.7"]',
            'sdg_targets: ["13.9", "11.7"]',
            "SdgLinkShape",
            "kpi-block/priority-environment",
        ),
    ],
)
def test_graph_rules_fail_the_build_and_name_the_node(
    tmp_path: Path, old: str, new: str, shape: str, focus: str
) -> None:
    # These rules live in the shapes only: the records load, and validation of what they give
    # fails the build.
    data = tmp_path / "data"
    shutil.copytree(ALL_RECORD_KINDS, data)
    plan = data / "sampletown" / "plan-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count(old) == 1
    plan.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ShaclViolationsError) as info:
        build(data, tmp_path / "dist")
    violations = info.value.report.violations
    assert any(
        v.shape.endswith(f"#{shape}") and v.focus.startswith(TOWN + focus) for v in violations
    ), [(v.shape, v.focus) for v in violations]
    assert not (tmp_path / "dist").exists()


def test_the_build_reports_the_steps_the_progress_bar_counts(tmp_path: Path) -> None:
    from graph_build.build import BuildStep

    steps: list[str] = []
    build(ALL_RECORD_KINDS, tmp_path / "dist", progress=steps.append, release=False)
    assert tuple(steps) == tuple(BuildStep)
    assert (tmp_path / "dist" / "labels.sqlite").is_file()
