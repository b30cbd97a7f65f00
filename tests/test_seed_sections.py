"""Sections of the seed plans beyond goals, KPIs and initiatives: the Kanazawa plan's account of
its city (features and the seven issues), its mechanisms for finance and continuity, its closing
contribution statement, the Ishikawa Central Urban Area and the financial study group, and
Komatsu's budget linkage and reinvestment loop. Found by name, traced to their lines, their
links as the documents state them, their descriptions in our own words."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_build.build import BuildResult
from graph_build.sparql.query import resolve_query, run_spec
from graph_build.store.embedded import open_store

from .test_seed_data import copied_share

ID = "https://w3id.org/sdgkg/id/"
ORG = ID + "org/"
SDGKG = "https://w3id.org/sdgkg/ontology#"
KANAZAWA_PLAN = "000_3a3ffd2505950059.txt"
KOMATSU_PLAN = "004_8854b96227ec7b37.txt"


@pytest.fixture(scope="module")
def store(project_build: BuildResult) -> ox.Store:
    return open_store(project_build.out)


def rows(store: ox.Store, name: str, **params: str) -> list[dict[str, str]]:
    result = run_spec(store, resolve_query(name), params)
    return [dict(zip(result.variables, r, strict=True)) for r in result.plain_rows()]


def objects(store: ox.Store, subject: str, prop: str) -> set[str]:
    query = f"SELECT DISTINCT ?o WHERE {{ <{subject}> <{prop}> ?o }}"
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return {s["o"].value for s in solutions}


@pytest.mark.parametrize(
    ("text", "cls", "city"),
    [
        ("新幹線時代への対応", "LocalIssue", "金沢市"),
        ("新たなコミュニティの形成", "LocalIssue", "金沢市"),
        ("交流の潜在力", "RegionalFeature", "金沢市"),
        ("民間資金の活用手法", "Mechanism", "金沢市"),
        ("NPOのマッチング手法", "Mechanism", "金沢市"),
        ("プロジェクトの自走化", "Mechanism", "金沢市"),
        ("地方創生・地域活性化への貢献", "RevitalisationContribution", "金沢市"),
        ("石川中央都市圏", "MetropolitanPartnershipArea", "金沢市"),
        ("民間資源活用にかかる勉強会", "StudyGroup", "金沢市"),
        ("産後ケア事業", "JointProject", "金沢市"),
        ("周知動画", "OutreachEvent", "金沢市"),
        ("予算をリンク", "Mechanism", "小松市"),
        ("持続可能な成長モデル", "Mechanism", "小松市"),
    ],
)
def test_search_labels_finds_the_section_records(
    store: ox.Store, text: str, cls: str, city: str
) -> None:
    found = {(r["class"], r["city"]) for r in rows(store, "search_labels", text=text)}
    assert (cls, city) in found


@pytest.mark.parametrize(
    ("entity", "spans"),
    [
        ("kanazawa/local-situation/shinkansen-era", {("78", "82")}),
        ("kanazawa/local-situation/location", {("47", "49")}),
        ("kanazawa/mechanism/private-finance", {("707", "709"), ("656", "656")}),
        ("kanazawa/contribution/regional-revitalisation", {("711", "721"), ("76", "76")}),
        ("kanazawa/body/private-resources-study-group", {("654", "665")}),
        ("kanazawa/joint-project/childcare-app-project", {("675", "675")}),
        ("komatsu/mechanism/budget-linkage", {("59", "59")}),
        ("komatsu/mechanism/reinvestment-growth-model", {("274", "280")}),
    ],
)
def test_provenance_traces_the_section_records_to_their_lines(
    store: ox.Store, entity: str, spans: set[tuple[str, str]]
) -> None:
    found = rows(store, "provenance", entity=ID + entity)
    assert {(r["start_line"], r["end_line"]) for r in found if r["section"]} == spans
    assert all(r["seed_file"].endswith(".txt") for r in found if r["section"])


def test_kanazawa_prints_seven_issues_and_ties_none_to_a_direction(store: ox.Store) -> None:
    query = f"""SELECT ?issue ?n WHERE {{ ?issue a <{SDGKG}LocalIssue> ;
        <{SDGKG}municipality> <{ID}kanazawa> ; <{SDGKG}number> ?n }}"""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    issues = {s["issue"].value: int(s["n"].value) for s in solutions}
    assert sorted(issues.values()) == list(range(1, 8))
    # the plan lists the issues without saying which direction answers which
    assert all(not objects(store, issue, SDGKG + "concernsArea") for issue in issues)


def test_financial_study_group_has_the_city_and_the_eight_institutions(store: ox.Store) -> None:
    members = objects(
        store,
        ID + "kanazawa/body/private-resources-study-group",
        "http://www.w3.org/ns/org#hasMember",
    )
    institutions = {m for m in members if m != ORG + "kanazawa-city-government"}
    assert ORG + "kanazawa-city-government" in members
    assert len(institutions) == 8
    types = {t for m in institutions for t in objects(store, m, SDGKG + "stakeholderType")}
    assert types == {"https://w3id.org/sdgkg/stakeholder-type/financial-institution"}


def test_urban_area_members_and_joint_projects(store: ox.Store) -> None:
    area = ID + "kanazawa/body/ishikawa-central-urban-area"
    members = objects(store, area, "http://www.w3.org/ns/org#hasMember")
    # Kanazawa and the three cities and two towns the heading names
    assert len(members) == 6
    assert ORG + "hakusan-city" in members and ORG + "uchinada-town" in members
    query = f"SELECT ?p WHERE {{ ?p <{SDGKG}jointProjectOf> <{area}> }}"
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    assert {s["p"].value.rsplit("/", 1)[1] for s in solutions} == {
        "childcare-app-project",
        "postnatal-care-project",
    }


def test_mechanisms_name_the_bodies_themes_and_status_the_documents_give(
    store: ox.Store,
) -> None:
    kanazawa = ID + "kanazawa/mechanism/"
    participant = SDGKG + "mechanismParticipant"
    assert objects(store, kanazawa + "private-finance", participant) == {
        ID + "kanazawa/body/private-resources-study-group"
    }
    # the passage names the platform and its registered groups (line 709)
    assert objects(store, kanazawa + "self-running-projects", participant) == {
        ID + "kanazawa/body/imagine-kanazawa-2030-partners",
        ID + "org/imagine-kanazawa-2030-partner-companies",
    }
    for planned in ("private-finance", "citizen-company-npo-matching", "self-running-projects"):
        status = objects(store, kanazawa + planned, SDGKG + "planningStatus")
        assert status == {SDGKG + "PlannedStatus"}
    reinvestment = ID + "komatsu/mechanism/reinvestment-growth-model"
    assert objects(store, reinvestment, SDGKG + "mechanismKind") == {SDGKG + "Reinvestment"}
    assert objects(store, reinvestment, SDGKG + "drawsOnTheme") == {
        ID + "komatsu/theme/engine-go-creation",
        ID + "komatsu/theme/engine-human",
    }
    budget = ID + "komatsu/mechanism/budget-linkage"
    assert objects(store, budget, participant) == set()


def test_contribution_runs_through_the_mirai_scenario_and_the_five_directions(
    store: ox.Store,
) -> None:
    iri = ID + "kanazawa/contribution/regional-revitalisation"
    assert objects(store, iri, SDGKG + "pursuedThrough") == {
        ID + "kanazawa/plan/mirai-scenario-plan"
    }
    assert objects(store, iri, SDGKG + "concernsArea") == {
        ID + f"kanazawa/area/direction-{n}" for n in range(1, 6)
    }


@pytest.mark.parametrize(
    ("entity", "seed"),
    [
        ("kanazawa/local-situation/shinkansen-era", KANAZAWA_PLAN),
        ("kanazawa/local-situation/new-communities", KANAZAWA_PLAN),
        ("kanazawa/local-situation/distinctive-community", KANAZAWA_PLAN),
        ("kanazawa/mechanism/partner-network", KANAZAWA_PLAN),
        ("kanazawa/mechanism/private-finance", KANAZAWA_PLAN),
        ("kanazawa/contribution/regional-revitalisation", KANAZAWA_PLAN),
        ("kanazawa/body/private-resources-study-group", KANAZAWA_PLAN),
        ("kanazawa/body/ishikawa-central-urban-area", KANAZAWA_PLAN),
        ("komatsu/mechanism/reinvestment-growth-model", KOMATSU_PLAN),
        ("komatsu/mechanism/budget-linkage", KOMATSU_PLAN),
    ],
)
def test_descriptions_are_our_own_words(
    store: ox.Store, seeds: Path, entity: str, seed: str
) -> None:
    query = f"SELECT ?d WHERE {{ <{ID}{entity}> <http://purl.org/dc/terms/description> ?d }}"
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    descriptions = {
        s["d"].language: s["d"].value for s in solutions if isinstance(s["d"], ox.Literal)
    }
    assert set(descriptions) == {"en", "ja"}
    text = (seeds / seed).read_text(encoding="utf-8")
    assert copied_share(descriptions["ja"], text) < 0.3
