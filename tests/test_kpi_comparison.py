"""Curated links from KPIs to UN indicators, and the ``kpi_comparison`` query that sets KPIs of
different cities side by side on the indicator they measure."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_build.build import BuildResult, build
from graph_build.errors import InputError
from graph_build.records.sources import load_corpus
from graph_build.sparql.query import resolve_query, run_spec
from graph_build.store.embedded import open_store

from .conftest import FIXTURES

TWO_CITIES = FIXTURES / "kpi_comparison_two_cities"
SDGKG = "https://w3id.org/sdgkg/ontology#"


def rows(store: ox.Store, **params: str) -> list[dict[str, str]]:
    result = run_spec(store, resolve_query("kpi_comparison"), params)
    return [dict(zip(result.variables, r, strict=True)) for r in result.plain_rows()]


@pytest.fixture(scope="module")
def two_cities(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ox.Store]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SDGKG_CACHE", str(tmp_path_factory.mktemp("cache-two-cities")))
    out = tmp_path_factory.mktemp("two-cities") / "dist"
    build(TWO_CITIES, out)
    yield open_store(out)
    mp.undo()


@pytest.fixture(scope="module")
def seed_store(project_build: BuildResult) -> ox.Store:
    return open_store(project_build.out)


def test_kpis_of_two_cities_stand_side_by_side_on_one_indicator(two_cities: ox.Store) -> None:
    found = rows(two_cities)
    by_kpi = {r["kpi_en"]: r for r in found}
    # the unmapped KPI is not compared; the three mapped ones share indicator 12.5.1
    assert set(by_kpi) == {"Recycling rate", "Waste generated", "Household waste recycling rate"}
    assert {r["indicator"] for r in found} == {"12.5.1"}
    assert {r["city"] for r in found} == {"東市", "西市"}
    assert by_kpi["Recycling rate"]["match"] == "exact"
    assert by_kpi["Household waste recycling rate"]["match"] == "proxy"
    # printed value times its multiplier, in the unit given
    waste = by_kpi["Waste generated"]
    assert (waste["baseline"], waste["target"], waste["unit"]) == ("147700", "142600", "t")
    assert (waste["baseline_year"], waste["target_year"]) == ("2021", "2029")
    # no monitored values in the fixture: the progress columns stay empty, the status is no-data
    for row in found:
        progress = [row[c] for c in ("period", "value", "achievement", "status", "illustrative")]
        assert progress == ["", "", "", "no-data", "false"]


def test_compared_kpis_carry_their_latest_computed_progress(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(TWO_CITIES, data)
    (data / "eastcity" / "kpi-observations.csv").write_text(
        "kpi,period,value,source,note\n"
        "recycling-rate,2022,15,East City environment report 2023,\n"
        "recycling-rate,2023,19.55,East City environment report 2024,\n",
        encoding="utf-8",
    )
    out = tmp_path / "dist"
    build(data, out)
    by_kpi = {r["kpi_en"]: r for r in rows(open_store(out))}
    recycling = by_kpi["Recycling rate"]
    # the latest value: (19.55 - 13.1) / (26 - 13.1) = 50 % achieved after 2 of 6 years (33.3 %)
    assert (recycling["period"], recycling["value"]) == ("2023", "19.55")
    assert float(recycling["achievement"]) == pytest.approx(50.0)
    assert (recycling["status"], recycling["illustrative"]) == ("on-track", "false")
    # a KPI of the other city without monitored values is still compared, without progress
    assert by_kpi["Household waste recycling rate"]["status"] == "no-data"


def test_indicator_parameter_selects_one_indicator(two_cities: ox.Store) -> None:
    assert len(rows(two_cities, indicator="12.5.1")) == 3
    assert rows(two_cities, indicator="9.4.1") == []


def test_seed_graph_compares_kpis_per_indicator(seed_store: ox.Store) -> None:
    found = rows(seed_store)
    per_indicator: dict[str, set[str]] = {}
    for row in found:
        per_indicator.setdefault(row["indicator"], set()).add(row["kpi"])
    # Komatsu's document prints no KPI, so the pairs the seed documents support are within
    # Kanazawa: recycling rate (exact) and waste generated (proxy) on 12.5.1
    assert per_indicator["12.5.1"] == {"資源化率", "ごみ排出量"}
    assert {row["city"] for row in found} == {"金沢市"}
    assert rows(seed_store, indicator="12.5.1") == [r for r in found if r["indicator"] == "12.5.1"]


def test_every_curated_link_is_marked_as_a_judgement_with_reasons(seed_store: ox.Store) -> None:
    query = f"""
    SELECT ?kpi ?indicator (COUNT(DISTINCT ?note) AS ?notes) WHERE {{
      ?kpi <{SDGKG}curatedUnIndicator> ?indicator .
      OPTIONAL {{
        ?kpi <{SDGKG}hasInference> ?m .
        ?m a <{SDGKG}CuratorInference> ; <{SDGKG}mappedIndicator> ?indicator ;
           <{SDGKG}inferenceMethod> <{SDGKG}FromIndicatorDefinition> ;
           <http://www.w3.org/2004/02/skos/core#note> ?note .
      }}
    }} GROUP BY ?kpi ?indicator"""
    solutions = seed_store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    notes = {(s["kpi"].value, s["indicator"].value): int(s["notes"].value) for s in solutions}
    assert len(notes) >= 4
    assert set(notes.values()) == {2}  # one note in English, one in Japanese, for every link
    # curated links never reuse the properties of links the documents print
    stated = seed_store.query(
        f"ASK {{ ?kpi <{SDGKG}curatedUnIndicator> ?i . "
        f"{{ ?kpi <{SDGKG}addressesTarget> ?i }} UNION {{ ?kpi <{SDGKG}addressesGoal> ?i }} }}",
        use_default_graph_as_union=True,
    )
    assert not bool(stated)


def _with_indicator_code(tmp_path: Path, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(TWO_CITIES, data)
    plan = data / "westcity" / "plan-2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return data


def test_an_unknown_indicator_code_is_reported_with_its_line(tmp_path: Path) -> None:
    data = _with_indicator_code(tmp_path, "code: 12.5.1", "code: 12.5.9")
    with pytest.raises(InputError) as caught:
        load_corpus(data)
    [problem] = caught.value.problems
    assert "'12.5.9' is not a UN SDG indicator code" in problem.message
    assert problem.line == 17 and problem.field == "kpis.0.un_indicators.0.code"
    assert problem.hint and "sdg_indicators.csv" in problem.hint


def test_an_indicator_mapped_twice_is_reported(tmp_path: Path) -> None:
    twice = (
        "code: 12.5.1, match: proxy, note_en: Household waste only., note_ja: 家庭ごみに限る。}\n"
        "      - {code: 12.5.1, match: exact, note_en: Again., note_ja: 再び。}"
    )
    data = _with_indicator_code(
        tmp_path,
        "code: 12.5.1, match: proxy, note_en: Household waste only., note_ja: 家庭ごみに限る。}",
        twice,
    )
    with pytest.raises(InputError, match=r"indicator '12\.5\.1' is mapped twice"):
        load_corpus(data)
