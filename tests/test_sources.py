"""Record checking: every problem is reported with file, line, record, field and a fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_build.errors import InputError, Problem
from graph_build.records.sources import load_corpus

from .conftest import ALL_RECORD_KINDS

PLAN = Path("sampletown") / "plan-2024.yaml"


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ALL_RECORD_KINDS, target)
    return target


def edit(data: Path, old: str, new: str, rel: Path = PLAN) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(data: Path) -> list[Problem]:
    with pytest.raises(InputError) as info:
        load_corpus(data)
    return info.value.problems


def test_fixture_loads(data_copy: Path) -> None:
    corpus = load_corpus(data_copy)
    assert [c.id for c in corpus.cities] == ["sampletown"]
    doc = corpus.cities[0].documents[0].records
    assert len(doc.kpis) == 2
    assert doc.initiatives[0].placements[1].relisted is True


@pytest.mark.parametrize(
    ("old", "new", "field", "fragment"),
    [
        ("    desired_direction: decrease\n", "", "kpis.0.desired_direction", "Field required"),
        ("value: 2778,", "value: lots,", "kpis.0.baseline.value", "decimal"),
        (
            "unit: tonne-co2, multiplier: 1000}\n    target",
            "unit: kilotonne, multiplier: 1000}\n    target",
            "kpis.0.baseline.unit",
            "unknown unit",
        ),
        (
            'sdg_targets: ["11.7", "15.c"]\n    source: {section: 方向性, lines: 10-11}',
            'sdg_targets: ["18.9", "15.c"]\n    source: {section: 方向性, lines: 10-11}',
            "areas.0.sdg_targets.0",
            "not a UN SDG target",
        ),
        (
            "- {area: direction-2, source",
            "- {area: direction-9, source",
            "initiatives.1.placements.0.area",
            "unknown area",
        ),
        ("kpis: [co2-emissions]", "kpis: [co2-emission]", "kpi_blocks.0.kpis.0", "unknown KPI"),
        ("  - id: park-visitors", "  - id: co2-emissions", "kpis.1.id", "duplicate id"),
        ("type: university", "type: college", "stakeholders.0.type", "unknown stakeholder type"),
        (
            "parties: [sampletown-government, sample-university]",
            "parties: [sampletown-government, nobody]",
            "agreements.0.parties.1",
            "unknown party",
        ),
        (
            "dimensions: [economy, environment]",
            "dimensions: [economy, economy]",
            "synergies.0.dimensions",
            "two different",
        ),
        (
            "bodies: [sdgs-headquarters]",
            "bodies: [sdgs-headquarter]",
            "mechanisms.0.bodies.0",
            "unknown body",
        ),
        (
            "stakeholders: [sample-university]\n    source: {section: 自律的好循環",
            "stakeholders: [no-such-bank]\n    source: {section: 自律的好循環",
            "mechanisms.0.stakeholders.0",
            "unknown organisation",
        ),
        ("kind: private-finance", "kind: crowdfunding", "mechanisms.0.kind", "Input should be"),
        (
            "    plans: [waste-plan]\n    source: {section: 地方創生",
            "    plans: [waste-plans]\n    source: {section: 地方創生",
            "contributions.0.plans.0",
            "unknown plan",
        ),
        (
            "areas: [direction-1], source: {section: 地域の実態",
            "areas: [direction-7], source: {section: 地域の実態",
            "local_situation.0.areas.0",
            "unknown area",
        ),
        ("type: urban-area", "type: city-region", "bodies.1.type", "Input should be"),
        (
            "    cumulative: true\n",
            "    cumulative: true\n    colour: green\n",
            "kpis.1.colour",
            "Extra inputs",
        ),
    ],
)
def test_bad_record_is_named(
    data_copy: Path, old: str, new: str, field: str, fragment: str
) -> None:
    edit(data_copy, old, new)
    found = problems(data_copy)
    match = [p for p in found if p.field == field]
    assert match, f"no problem for {field}: {[str(p) for p in found]}"
    problem = match[0]
    assert fragment in problem.message
    assert problem.file == data_copy / PLAN
    assert problem.line is not None and problem.line > 1
    assert problem.hint
    assert str(data_copy / PLAN) in str(problem) and field in str(problem)


def test_record_name_is_reported(data_copy: Path) -> None:
    edit(
        data_copy,
        "unit: person, multiplier: 1000}\n    desired",
        "unit: persons, multiplier: 1000}\n    desired",
    )
    problem = next(p for p in problems(data_copy) if p.field == "kpis.1.target.unit")
    assert problem.record == "park-visitors"


def test_all_problems_reported_at_once(data_copy: Path) -> None:
    edit(data_copy, "type: university", "type: college")
    edit(data_copy, "kpis: [co2-emissions]", "kpis: [nothing]")
    assert len(problems(data_copy)) == 2


def test_same_id_in_two_documents_must_agree(data_copy: Path) -> None:
    second = data_copy / "sampletown" / "action-plan.yaml"
    second.write_text(
        "document: {id: action-plan, seed: s.txt, kind: sdgs-action-plan, ja: 行動計画,"
        " en: Action plan, source: {section: 表紙, lines: 1}}\n"
        "areas:\n  - {id: direction-1, kind: direction, number: 1, ja: 緑の町, en: A green town,"
        " source: {section: 方向性1, lines: 3}}\n",
        encoding="utf-8",
    )
    found = problems(data_copy)
    assert any("also defined in" in p.message and "direction-1" in p.message for p in found)


def test_missing_municipality_file(data_copy: Path) -> None:
    (data_copy / "sampletown" / "municipality.yaml").unlink()
    assert "no municipality.yaml" in problems(data_copy)[0].message


def test_stray_file_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    assert "municipality folder" in problems(tmp_path)[0].message
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no municipality folders"):
        load_corpus(empty)
    with pytest.raises(InputError, match="not found"):
        load_corpus(tmp_path / "absent")


def test_one_mistake_gives_one_problem(data_copy: Path) -> None:
    # a document that fails to load must not also be blamed on municipality.yaml
    edit(data_copy, "desired_direction: decrease", "desired_direction: downward")
    found = problems(data_copy)
    assert [p.field for p in found] == ["kpis.0.desired_direction"]
