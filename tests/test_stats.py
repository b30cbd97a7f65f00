"""``sdgkg stats``: release contents per graph, class and city, and changes between releases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_build.build import BuildResult, build
from graph_build.cli.main import main
from graph_build.release.stats import diff_releases, read_release

from .conftest import ALL_RECORD_KINDS

TOWN = "https://w3id.org/sdgkg/id/sampletown/"
FESTIVAL_EVENTS = """events:
  - id: sdgs-festival
    audience: local
    years: [2022, 2023]
    ja: SDGsフェスタ
    en: SDGs festival
    source: {section: 情報発信, lines: 80}
"""
CLEAN_UP_EVENTS = """events:
  - id: clean-up-day
    audience: local
    years: [2024]
    ja: 清掃の日
    en: Clean-up day
    source: {section: 情報発信, lines: 81}
"""


@pytest.fixture(scope="module")
def edited_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The fixture with one event replaced by another and one direction renamed in English."""
    data = tmp_path_factory.mktemp("edited") / "data"
    shutil.copytree(ALL_RECORD_KINDS, data)
    plan = data / "sampletown" / "plan-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    assert FESTIVAL_EVENTS in text and "en: A learning town\n" in text
    text = text.replace(FESTIVAL_EVENTS, CLEAN_UP_EVENTS)
    text = text.replace("en: A learning town\n", "en: A town of learning\n")
    plan.write_text(text, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("SDGKG_CACHE", str(tmp_path_factory.mktemp("cache-edited")))
    try:
        return build(data, data.parent / "dist")
    finally:
        mp.undo()


def test_counts_per_graph_class_and_city(fixture_build: BuildResult) -> None:
    stats = read_release(fixture_build.out)
    assert stats.folder == fixture_build.out / "release"
    assert stats.triples_per_graph == fixture_build.triples_per_graph
    for cls, n in fixture_build.entities_per_class.items():
        assert stats.entities_per_class[cls] >= n, cls
    assert stats.entities_per_class["https://w3id.org/sdgkg/ontology#KPI"] == 2
    assert set(stats.cities) == {"sampletown"}
    assert stats.cities["sampletown"]["ja"] == "見本市"
    town = stats.entities_per_city["sampletown"]
    assert town["https://w3id.org/sdgkg/ontology#KPI"] == 2
    assert town["https://w3id.org/sdgkg/ontology#LocalDirection"] == 2


def test_same_release_has_no_changes(fixture_build: BuildResult) -> None:
    stats = read_release(fixture_build.out)
    assert diff_releases(stats, read_release(fixture_build.out / "release")).unchanged


def test_diff_finds_added_removed_and_changed_entities(
    fixture_build: BuildResult, edited_build: BuildResult
) -> None:
    diff = diff_releases(read_release(edited_build.out), read_release(fixture_build.out))
    assert TOWN + "event/clean-up-day" in diff.added
    assert TOWN + "event/sdgs-festival" in diff.removed
    assert TOWN + "area/direction-2" in diff.changed
    untouched = TOWN + "kpi/co2-emissions"
    assert untouched not in diff.added + diff.removed + diff.changed
    events = diff.per_class["https://w3id.org/sdgkg/ontology#OutreachEvent"]
    assert events == {"added": 1, "removed": 1, "changed": 0}


def test_stats_command_prints_contents_and_changes(
    fixture_build: BuildResult, edited_build: BuildResult
) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["stats", "--out", str(edited_build.out), "--against", str(fixture_build.out)]
    )
    assert result.exit_code == 0, result.output
    assert "per graph / グラフ別" in result.output
    assert "city / 自治体: sampletown (見本市 / Sample Town)" in result.output
    assert f"+ {TOWN}event/clean-up-day" in result.output
    assert f"- {TOWN}event/sdgs-festival" in result.output
    assert f"~ {TOWN}area/direction-2" in result.output
    result = runner.invoke(main, ["stats", "--out", str(fixture_build.out), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["triples_per_graph"] == fixture_build.triples_per_graph


def test_stats_command_explains_a_missing_release(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "no release in" in result.output and "sdgkg build" in result.output
