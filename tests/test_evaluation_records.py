"""What the seed plans say about their own evaluation (processes, indicator lists, where KPI
targets come from) and the city profile facts they print: found by label, traced to their lines."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_build.build import BuildResult
from graph_build.sparql.query import resolve_query, run_spec
from graph_build.store.embedded import open_store

from .test_seed_data import copied_share

ID = "https://w3id.org/sdgkg/id/"
SDGKG = "https://w3id.org/sdgkg/ontology#"
KANAZAWA_PLAN = "000_3a3ffd2505950059.txt"


@pytest.fixture(scope="module")
def store(project_build: BuildResult) -> ox.Store:
    return open_store(project_build.out)


def rows(store: ox.Store, name: str, **params: str) -> list[dict[str, str]]:
    result = run_spec(store, resolve_query(name), params)
    return [dict(zip(result.variables, r, strict=True)) for r in result.plain_rows()]


def objects(store: ox.Store, subject: str, prop: str) -> set[str]:
    query = f"SELECT DISTINCT ?o WHERE {{ <{subject}> <{SDGKG}{prop}> ?o }}"
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return {s["o"].value for s in solutions}


@pytest.mark.parametrize(
    ("text", "cls", "city"),
    [
        ("旗管理方式", "EvaluationProcess", "小松市"),
        ("政策評価", "EvaluationProcess", "小松市"),
        ("KPIを用いた進捗管理", "EvaluationProcess", "金沢市"),
        ("達成状況や実行主体", "EvaluationProcess", "金沢市"),
        ("ローカル指標リスト", "IndicatorList", "金沢市"),
        ("金沢SDGs指標", "IndicatorList", "金沢市"),
        ("population", "CityProfileFact", "金沢市"),
        ("target sources", "TargetSourceNote", "金沢市"),
    ],
)
def test_search_labels_finds_evaluation_records(
    store: ox.Store, text: str, cls: str, city: str
) -> None:
    found = {(r["class"], r["city"]) for r in rows(store, "search_labels", text=text)}
    assert (cls, city) in found


@pytest.mark.parametrize(
    ("entity", "lines"),
    [
        ("kanazawa/evaluation/kpi-progress-management", ("578", "580")),
        ("kanazawa/indicator-list/kanazawa-sdgs-indicators", ("520", "520")),
        ("kanazawa/city-fact/population-2020", ("43", "43")),
        ("komatsu/evaluation/flag-management", ("53", "53")),
    ],
)
def test_provenance_traces_evaluation_records_to_their_lines(
    store: ox.Store, entity: str, lines: tuple[str, str]
) -> None:
    found = rows(store, "provenance", entity=ID + entity)
    spans = {(r["start_line"], r["end_line"]) for r in found if r["section"]}
    assert spans == {lines}
    assert all(r["seed_file"].endswith(".txt") for r in found if r["section"])


def test_kanazawa_evaluates_with_every_kpi_and_the_local_indicator_list(store: ox.Store) -> None:
    iri = ID + "kanazawa/evaluation/kpi-progress-management"
    kpis = rows(store, "kpis", city="kanazawa")
    assert objects(store, iri, "usesKpi") == {r["kpi_iri"] for r in kpis}
    assert objects(store, iri, "usesIndicatorList") == {
        ID + "kanazawa/indicator-list/local-sdgs-indicator-list"
    }
    assert objects(store, iri, "evaluatedBy") == {
        ID + "kanazawa/body/kanazawa-sdgs-promotion-headquarters"
    }
    assert objects(store, iri, "comparesWithOtherCities") == {"true"}
    planned = ID + "kanazawa/indicator-list/kanazawa-sdgs-indicators"
    assert objects(store, planned, "planningStatus") == {SDGKG + "PlannedStatus"}


def test_komatsu_flag_management_pdca_and_monthly_policy_evaluation(store: ox.Store) -> None:
    methods = {
        name: objects(store, ID + f"komatsu/evaluation/{name}", "evaluationMethod")
        for name in ("flag-management", "pdca-cycle", "headquarters-policy-evaluation")
    }
    assert methods == {
        "flag-management": {SDGKG + "FlagManagement"},
        "pdca-cycle": {SDGKG + "PdcaCycle"},
        "headquarters-policy-evaluation": {SDGKG + "PolicyEvaluation"},
    }
    evaluation = ID + "komatsu/evaluation/headquarters-policy-evaluation"
    assert "毎月1回以上開催" in objects(store, evaluation, "frequency")
    assert objects(store, evaluation, "evaluatedBy") == {
        ID + "komatsu/body/komatsu-sosei-sdgs-headquarters"
    }


def test_targets_quoted_from_the_comprehensive_strategy(store: ox.Store) -> None:
    strategy = ID + "kanazawa/plan/kanazawa-comprehensive-strategy"
    by_kpi = {r["kpi_iri"]: r for r in rows(store, "kpis", city="kanazawa")}
    quoted = {
        kpi for kpi in by_kpi if strategy in objects(store, kpi + "/target", "targetQuotedFrom")
    }
    noted = {kpi for kpi in by_kpi if objects(store, kpi + "/target", "targetSourceNote")}
    # targets for 2030 are the plan's own; every other target is covered by a table's note
    assert noted == {k for k, r in by_kpi.items() if r["target_year"] != "2030"}
    # economy, society and directions 3-5 name the strategy alone; the environment table and
    # directions 1-2 add "other related plans", which leaves their targets' plan open
    assert ID + "kanazawa/kpi/regional-young-entrepreneur-support-adoptees" in quoted
    assert ID + "kanazawa/kpi/kanazawa-it-club-members" in quoted
    assert ID + "kanazawa/kpi/waste-recycling-rate" not in quoted
    assert ID + "kanazawa/kpi/kanazawa-timber-supply" not in quoted
    assert ID + "kanazawa/kpi/greenhouse-gas-emissions" not in quoted | noted


def test_city_profile_facts_keep_value_unit_bound_and_survey(store: ox.Store) -> None:
    population = ID + "kanazawa/city-fact/population-2020"
    assert objects(store, population, "value") == {"463254"}
    assert objects(store, population, "referenceYear") == {"2020"}
    assert "国勢調査" in objects(store, population, "survey")
    area = ID + "kanazawa/city-fact/land-area"
    assert objects(store, area, "numberBound") == {SDGKG + "About"}
    assert objects(store, area, "referenceYear") == set()  # the plan gives the area no date
    change = ID + "kanazawa/city-fact/population-change-2015-2020"
    assert objects(store, change, "value") == {"-2445"}
    assert objects(store, change, "comparedWithYear") == {"2015"}


@pytest.mark.parametrize(
    ("entity", "seed"),
    [
        ("kanazawa/evaluation/kpi-progress-management", KANAZAWA_PLAN),
        ("kanazawa/evaluation/kanazawa-sdgs-achievement-visualisation", KANAZAWA_PLAN),
        ("kanazawa/indicator-list/local-sdgs-indicator-list", KANAZAWA_PLAN),
        ("kanazawa/plan/kanazawa-comprehensive-strategy", KANAZAWA_PLAN),
        ("kanazawa/evaluation/progress-disclosure", "002_e100b8f9b434359b.txt"),
        ("komatsu/evaluation/flag-management", "004_8854b96227ec7b37.txt"),
        ("komatsu/evaluation/headquarters-policy-evaluation", "004_8854b96227ec7b37.txt"),
    ],
)
def test_descriptions_are_our_own_words(
    store: ox.Store, seeds: Path, entity: str, seed: str
) -> None:
    descriptions = objects_lang(store, ID + entity)
    assert set(descriptions) == {"en", "ja"}
    text = (seeds / seed).read_text(encoding="utf-8")
    assert copied_share(descriptions["ja"], text) < 0.3


def objects_lang(store: ox.Store, subject: str) -> dict[str, str]:
    query = f"SELECT DISTINCT ?d WHERE {{ <{subject}> <http://purl.org/dc/terms/description> ?d }}"
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return {s["d"].language: s["d"].value for s in solutions if isinstance(s["d"], ox.Literal)}
