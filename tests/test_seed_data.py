"""The curated seed documents: pinned counts, a sample of exact facts, and provenance that
points at lines which really hold each name."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_build.build import BuildResult
from graph_build.sparql.query import resolve_query, run_spec
from graph_build.store.embedded import open_store

FCP = "https://w3id.org/sdgkg/graph/kanazawa/future-city-plan-2023"
MIRAI = "https://w3id.org/sdgkg/graph/kanazawa/mirai-scenario"
KOMATSU = "https://w3id.org/sdgkg/graph/komatsu/sdgs-model-project-2019"


@pytest.fixture(scope="module")
def store(project_build: BuildResult) -> ox.Store:
    return open_store(project_build.out)


def rows(store: ox.Store, name: str, **params: str) -> list[dict[str, str]]:
    result = run_spec(store, resolve_query(name), params)
    return [dict(zip(result.variables, r, strict=True)) for r in result.plain_rows()]


def count(store: ox.Store, graph: str, cls: str) -> int:
    query = (
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s a "
        f"<https://w3id.org/sdgkg/ontology#{cls}> }} }}"
    )
    return int(next(iter(store.query(query)))["n"].value)


@pytest.mark.parametrize(
    ("graph", "cls", "expected"),
    [
        (FCP, "LocalDirection", 5),
        (FCP, "KPI", 19),
        (FCP, "KpiBlock", 8),
        (FCP, "Initiative", 40),
        (FCP, "Placement", 48),
        (FCP, "Funding", 15),
        (FCP, "Stakeholder", 35),
        (FCP, "Agreement", 7),
        (FCP, "RelatedPlan", 12),
        (FCP, "IndicatorMapping", 4),
        (FCP, "TargetSourceNote", 8),
        (FCP, "IndicatorList", 2),
        (FCP, "EvaluationProcess", 2),
        (FCP, "CityProfileFact", 5),
        (MIRAI, "EvaluationProcess", 1),
        (KOMATSU, "EvaluationProcess", 3),
        (MIRAI, "LocalDirection", 5),
        (MIRAI, "PartnershipArea", 1),
        (MIRAI, "SpecificGoal", 17),
        (MIRAI, "Action", 64),
        (MIRAI, "ExampleInitiative", 260),
        (KOMATSU, "IssueArea", 4),
        (KOMATSU, "Policy", 9),
        (KOMATSU, "Initiative", 22),
        (KOMATSU, "SynergyStatement", 8),
        (KOMATSU, "Stakeholder", 30),
        (KOMATSU, "PlanTheme", 6),
    ],
)
def test_pinned_counts(store: ox.Store, graph: str, cls: str, expected: int) -> None:
    assert count(store, graph, cls) == expected


def test_kanazawa_directions_are_shared_by_both_documents(store: ox.Store) -> None:
    direction = "<https://w3id.org/sdgkg/ontology#LocalDirection>"
    query = (
        f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH <{FCP}> {{ ?d a {direction} }} "
        f"GRAPH <{MIRAI}> {{ ?d a {direction} }} }}"
    )
    assert int(next(iter(store.query(query)))["n"].value) == 5


def test_initiatives_per_direction(store: ox.Store) -> None:
    placed = Counter(
        (r["direction"], r["relisted"]) for r in rows(store, "initiatives", city="kanazawa")
    )
    assert placed[("古くて新しくて心地よいまち", "false")] == 8
    assert placed[("“もったいない”がないまち", "false")] == 4
    assert placed[("子供がゆめを描けるまち", "false")] == 6
    assert placed[("働きがいも、生きがいも得られるまち", "false")] == 11
    assert placed[("新しいもの、ことを生み出すまち", "false")] == 11
    assert placed[("新しいもの、ことを生み出すまち", "true")] == 8
    komatsu = Counter(r["direction"] for r in rows(store, "initiatives", city="komatsu"))
    assert sorted(komatsu.values()) == [4, 5, 6, 7]


def test_mirai_examples_per_area_and_marker(store: ox.Store) -> None:
    examples = rows(store, "action_examples", city="kanazawa")
    assert Counter(r["marker"] for r in examples) == {"●": 128, "・": 132}
    per_area = Counter(r["direction"] for r in examples)
    assert per_area["方向性1～5をすすめるパートナーシップ"] == 19
    assert per_area["古くて新しくて心地よいまち"] == 55


def test_sample_kpis(store: ox.Store) -> None:
    kpis = {r["kpi"]: r for r in rows(store, "kpis", city="kanazawa")}
    ghg = kpis["温室効果ガス排出量"]
    assert (float(ghg["baseline_value"]), ghg["baseline_year"]) == (2778, "2021")
    assert (float(ghg["target_value"]), ghg["target_year"]) == (1761, "2030")
    assert (ghg["unit"], float(ghg["multiplier"]), ghg["desired_direction"]) == (
        "t-CO2",
        1000,
        "decrease",
    )
    assert "7.2" in ghg["sdg_targets"].split()
    rail = kpis["鉄道、バスの利用者数"]
    assert (float(rail["baseline_value"]), float(rail["target_value"])) == (70.1, 123)
    assert (rail["unit"], float(rail["multiplier"]), rail["target_year"]) == ("人", 1000, "2027")
    timber = kpis["金沢産材供給量"]  # printed with a target below the baseline: kept as printed
    assert (float(timber["baseline_value"]), float(timber["target_value"])) == (6657, 2500)
    assert timber["unit"] == "m³" and timber["direction"] == "古くて新しくて心地よいまち"
    fair = kpis["海外見本市出展等への支援件数(累計)"]
    assert (float(fair["baseline_value"]), float(fair["target_value"])) == (57, 72)
    assert (fair["baseline_year_type"], fair["target_year_type"]) == (
        "fiscal year",
        "calendar year",
    )


def test_sample_direction_targets(store: ox.Store) -> None:
    targets = {(r["direction"], r["sdg_target"]) for r in rows(store, "direction_targets")}
    assert ("“もったいない”がないまち", "15.c") in targets
    assert ("新しいもの、ことを生み出すまち", "9.b") in targets
    assert not any(d.startswith("国際化") for d, _ in targets)  # Komatsu prints no targets


def test_sample_stakeholders_and_synergies(store: ox.Store) -> None:
    people = {(r["city"], r["stakeholder"]): r for r in rows(store, "stakeholders")}
    assert people[("小松市", "町内会")]["count"] == "246"
    assert people[("小松市", "公民館")]["count"] == "262"
    assert people[("金沢市", "ゲント市")]["kind"] == "sister-city"
    assert ("金沢市", "金沢大学") in people and ("小松市", "金沢大学") in people
    pairs = Counter((r["dimension_a"], r["dimension_b"]) for r in rows(store, "synergies"))
    assert pairs == {
        ("Economy", "Environment"): 3,
        ("Economy", "Society"): 2,
        ("Society", "Environment"): 3,
    }


PARTNER_COMPANIES = "imagine-kanazawa-2030-partner-companies"
RECURRENT = "kanazawa/initiative/social-and-recurrent-education"
TIES = [
    # (node, property, stakeholder): ties the Kanazawa plan states (see the records' sources)
    ("kanazawa/initiative/wood-culture-city", "involves", "kanazawa-citizens"),
    (RECURRENT, "involves", "kanazawa-community-centres"),
    (RECURRENT, "involves", "kanazawa-universities"),
    ("kanazawa/initiative/kanazawa-sdgs-tourism", "involves", "kanazawa-junior-chamber"),
    ("kanazawa/initiative/kanazawa-sdgs-tourism", "involves", "unu-ias-ouik"),
    ("kanazawa/mechanism/partner-network", "mechanismParticipant", PARTNER_COMPANIES),
    ("kanazawa/mechanism/self-running-projects", "mechanismParticipant", PARTNER_COMPANIES),
]


@pytest.mark.parametrize(("node", "prop", "stakeholder"), TIES)
def test_stated_ties_are_in_the_graph(
    store: ox.Store, node: str, prop: str, stakeholder: str
) -> None:
    ask = (
        f"ASK {{ <https://w3id.org/sdgkg/id/{node}> <https://w3id.org/sdgkg/ontology#{prop}> "
        f"<https://w3id.org/sdgkg/id/org/{stakeholder}> }}"
    )
    assert store.query(ask, use_default_graph_as_union=True)


def test_the_partners_platform_lists_its_companies(store: ox.Store) -> None:
    ask = (
        "ASK { ?platform <http://www.w3.org/ns/org#hasMember> "
        "<https://w3id.org/sdgkg/id/org/imagine-kanazawa-2030-partner-companies> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> 'IMAGINE KANAZAWA 2030 パートナーズ'@ja }"
    )
    assert store.query(ask, use_default_graph_as_union=True)


NAME_CLASSES = (
    "Initiative",
    "EvaluationProcess",
    "IndicatorList",
    "Strategy",
    "KPI",
    "SpecificGoal",
    "Action",
    "ExampleInitiative",
    "Policy",
    "Stakeholder",
    "Agreement",
    "RelatedPlan",
    "OutreachEvent",
    "GoverningBody",
    "IssueAreaGoal",
    "LocalDirection",
    "SynergyStatement",
    "LocalIssue",
    "RegionalFeature",
    "Mechanism",
    "RevitalisationContribution",
    "JointProject",
)


def normalise(text: str) -> str:
    text = re.sub(r"<[^>]+>|\*\*|\s", "", text)
    return text.replace("(", "（").replace(")", "）")


def test_every_name_stands_in_its_cited_lines(store: ox.Store, seeds: Path) -> None:
    query = """
    PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT DISTINCT ?s ?label ?seed ?start ?end WHERE {
      VALUES ?cls { CLASSES }
      ?s a ?cls ; rdfs:label ?label ; prov:wasDerivedFrom ?span .
      FILTER(lang(?label) = "ja")
      ?span sdgkg:sourceDocument/sdgkg:seedFile ?seed ; sdgkg:startLine ?start ;
            sdgkg:endLine ?end .
    }""".replace("CLASSES", " ".join(f"sdgkg:{c}" for c in NAME_CLASSES))
    texts = {p.name: p.read_text(encoding="utf-8").splitlines() for p in seeds.glob("*.txt")}
    # A record may cite further spans for facts beside its name (``more_sources``): each
    # document's spans must hold the name at least once, not each span.
    found: dict[tuple[str, str, str], list[bool]] = {}
    for row in store.query(query, use_default_graph_as_union=True):
        lines = texts[row["seed"].value]
        start, end = int(row["start"].value), int(row["end"].value)
        assert 1 <= start <= end <= len(lines), row["s"].value
        label = normalise(row["label"].value)
        # a direction's span may cite its long form; an example keeps "(再掲)" as printed
        window = normalise("".join(lines[start - 1 : end]))
        key = (row["s"].value, row["seed"].value, label)
        found.setdefault(key, []).append(label in window)
    missing = [f"{s} {seed} {label}" for (s, seed, label), hits in found.items() if not any(hits)]
    assert len(found) > 500
    assert missing == []


def test_priority_tables_serve_the_directions_the_plan_names(store: ox.Store) -> None:
    directions = {r["direction"] for r in rows(store, "kpis") if r["kpi"] == "温室効果ガス排出量"}
    assert directions == {"古くて新しくて心地よいまち", "“もったいない”がないまち"}


def test_mirai_relisted_examples_are_flagged(store: ox.Store) -> None:
    query = (
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e "
        "<https://w3id.org/sdgkg/ontology#isRelisting> true ; a "
        "<https://w3id.org/sdgkg/ontology#ExampleInitiative> }"
    )
    solutions = store.query(query, use_default_graph_as_union=True)
    assert int(next(iter(solutions))["n"].value) == 3


PREFIXES = """
PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT over the union of all graphs, as plain strings."""
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


def span_text(seeds: Path, seed: str, start: str, end: str) -> str:
    """The cited lines of a seed file, joined, with whitespace and bold markers removed."""
    lines = (seeds / seed).read_text(encoding="utf-8").splitlines()
    return re.sub(r"\*\*|\s", "", "".join(lines[int(start) - 1 : int(end)]))


SPANS = """
  ?span sdgkg:sourceDocument/sdgkg:seedFile ?seed ; sdgkg:startLine ?start ; sdgkg:endLine ?end .
"""


def test_planned_application_is_printed_and_a_bare_name_is_only_named(
    store: ox.Store, seeds: Path
) -> None:
    fundings = select(
        store,
        "SELECT ?f ?status ?label ?seed ?start ?end WHERE { ?f a sdgkg:Funding ; "
        "sdgkg:fundingStatus ?status ; sdgkg:fundingProgramme/rdfs:label ?label ; "
        "prov:wasDerivedFrom ?span . FILTER(lang(?label) = 'ja')" + SPANS + "}",
    )
    planned = "https://w3id.org/sdgkg/ontology#PlannedApplication"
    for row in fundings:
        if row["status"] == planned:
            assert "申請予定" in span_text(seeds, row["seed"], row["start"], row["end"]), row["f"]
    subsidy = {r["status"] for r in fundings if r["label"] == "自治体SDGs補助金"}
    assert subsidy == {"https://w3id.org/sdgkg/ontology#NamedOnly"}


def test_a_role_that_calls_a_city_an_sdgs_future_city_cites_where_it_says_so(
    store: ox.Store, seeds: Path
) -> None:
    roles = select(
        store,
        "SELECT ?role ?seed ?start ?end WHERE { ?role a sdgkg:StakeholderRole ; "
        "sdgkg:roleDescription ?d ; prov:wasDerivedFrom ?span . "
        "FILTER(lang(?d) = 'ja' && CONTAINS(?d, 'SDGs未来都市'))" + SPANS + "}",
    )
    cited: dict[str, str] = {}
    for row in roles:
        cited[row["role"]] = cited.get(row["role"], "") + span_text(
            seeds, row["seed"], row["start"], row["end"]
        )
    assert cited, "no role mentions an SDGs Future City"
    assert {r for r, text in cited.items() if "SDGs未来都市" not in text} == set()


def test_komatsu_initiatives_cite_no_line_of_another_listed_initiative(
    store: ox.Store, seeds: Path
) -> None:
    rows_ = select(
        store,
        f"SELECT ?i ?label ?seed ?start ?end WHERE {{ GRAPH <{KOMATSU}> {{ ?i a sdgkg:Initiative ;"
        " rdfs:label ?label ; prov:wasDerivedFrom ?span . FILTER(lang(?label) = 'ja')"
        + SPANS
        + "} }",
    )
    lines = (seeds / "004_8854b96227ec7b37.txt").read_text(encoding="utf-8").splitlines()
    # A listed initiative is a line "- ・NAME …"; find the line of each initiative's name.
    listed = {
        r["label"]: n
        for r in rows_
        for n, line in enumerate(lines, start=1)
        if line.startswith("- ・") and r["label"] in re.sub(r"\*\*|\s", "", line)
    }
    overlaps = [
        f"{r['i']} L{r['start']}-{r['end']} holds {other}"
        for r in rows_
        for other, n in listed.items()
        if other != r["label"] and int(r["start"]) <= n <= int(r["end"]) and r["label"] in listed
    ]
    assert listed and overlaps == []


def copied_share(description: str, text: str, n: int = 4) -> float:
    """Share of the description's character n-grams that also stand in the text."""
    strip = re.compile(r"\*\*|\s|[、。（）()・「」：]")
    desc, text = strip.sub("", description), strip.sub("", text)
    grams = [desc[i : i + n] for i in range(len(desc) - n + 1)]
    return sum(g in text for g in grams) / max(1, len(grams))


@pytest.mark.parametrize(
    "record",
    [
        "initiative/data-health-prevention",
        "initiative/foreign-resident-living-support",
        "initiative/regional-industry-model-change",
        "initiative/garbage-diet-halving",
        "body/komatsu-sosei-sdgs-headquarters",
        "body/komatsu-kanazawa-university-sdgs-platform",
        "plan/komatsu-action-plans",
    ],
)
def test_rewritten_komatsu_descriptions_are_not_the_documents_words(
    store: ox.Store, seeds: Path, record: str
) -> None:
    iri = f"https://w3id.org/sdgkg/id/komatsu/{record}"
    found = select(
        store,
        f"SELECT ?d WHERE {{ <{iri}> <http://purl.org/dc/terms/description> ?d . "
        "FILTER(lang(?d) = 'ja') }",
    )
    assert len(found) == 1, iri
    text = (seeds / "004_8854b96227ec7b37.txt").read_text(encoding="utf-8")
    assert copied_share(found[0]["d"], text) < 0.3


def test_rewritten_mirai_example_labels(store: ox.Store) -> None:
    labels = {
        r["ja"]: r["en"]
        for r in select(
            store,
            "SELECT ?ja ?en WHERE { ?e a sdgkg:ExampleInitiative ; rdfs:label ?ja , ?en . "
            "FILTER(lang(?ja) = 'ja' && lang(?en) = 'en') }",
        )
    }
    solar = labels["太陽光、風力、太陽熱、地中熱、バイオマス、小水力などを個人が選びやすいようする"]
    assert "solar power, wind, solar heat" not in solar
    skills = labels[
        "自分のスキルと社会のニーズが可視化・マッチングされ、社会貢献活動に取り組みやすくする"
    ]
    assert "visible" in skills  # 可視化


def test_counts_printed_as_bounds_keep_their_bound(store: ox.Store) -> None:
    bounds = {
        (r["label"], r["n"]): r["bound"].rsplit("#", 1)[1]
        for r in select(
            store,
            "SELECT ?label ?n ?bound WHERE { ?s sdgkg:memberCount ?n ; sdgkg:numberBound ?bound ;"
            " rdfs:label ?label . FILTER(lang(?label) = 'ja') }",
        )
    }
    assert bounds[("市民団体や企業", "1000")] == "MoreThan"  # 1,000を超える
    assert bounds[("町内会", "246")] == "ExactNumber"
    assert set(bounds.values()) == {"MoreThan", "ExactNumber"}
    counted = select(store, "SELECT DISTINCT ?s WHERE { ?s sdgkg:memberCount ?n }")
    assert len(counted) == len(bounds)
    observations = select(
        store,
        "SELECT ?o ?bound WHERE { ?o a sdgkg:KpiObservation . "
        "OPTIONAL { ?o sdgkg:numberBound ?bound } }",
    )
    assert observations and all(r.get("bound", "").endswith("#ExactNumber") for r in observations)


def alt_labels(store: ox.Store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for r in select(
        store,
        "SELECT ?label ?alt WHERE { ?s skos:altLabel ?alt ; rdfs:label ?label ; "
        "skos:editorialNote ?note . FILTER(lang(?label) = 'ja' && lang(?note) = 'en') }",
    ):
        found.setdefault(r["label"], set()).add(r["alt"])
    return found


def test_extraction_errors_stay_as_printed_with_the_corrected_name_beside(
    store: ox.Store,
) -> None:
    alts = alt_labels(store)
    assert alts["金沢AIピレッジ等の形成促進"] == {"金沢AIビレッジ等の形成促進"}
    assert alts["日本ーおもしろいまち"] == {"日本一おもしろいまち"}
    assert alts["日本ーこちよいまち"] == {"日本一ここちよいまち"}


def test_relisted_initiatives_keep_the_name_the_relisting_prints(
    store: ox.Store, seeds: Path
) -> None:
    placements = select(
        store,
        "SELECT ?label ?seed ?start ?end WHERE { ?i sdgkg:hasPlacement ?p ; rdfs:label ?label ."
        " ?p sdgkg:isRelisting true ; prov:wasDerivedFrom ?span . FILTER(lang(?label) = 'ja')"
        + SPANS
        + "}",
    )
    alts = alt_labels(store)
    assert placements
    for row in placements:
        printed = span_text(seeds, row["seed"], row["start"], row["end"])
        printed = normalise(printed).removeprefix("・").removesuffix("（再掲）")
        assert printed == normalise(row["label"]) or printed in alts.get(row["label"], set())
    assert "金沢SDGsツーリズム" in alts["金沢SDGsツーリズムの推進"]


def test_an_event_named_like_an_initiative_is_tied_to_it(store: ox.Store) -> None:
    pairs = select(
        store,
        "SELECT ?e ?i ?linked WHERE { ?e a sdgkg:OutreachEvent ; rdfs:label ?el ;"
        " sdgkg:municipality ?city . ?i a sdgkg:Initiative ; rdfs:label ?il ;"
        " sdgkg:municipality ?city . FILTER(lang(?el) = 'ja' && lang(?il) = 'ja' &&"
        " STRSTARTS(?il, ?el)) BIND(EXISTS { ?e sdgkg:outreachOfInitiative ?i } AS ?linked) }",
    )
    assert {p["e"].rsplit("/", 1)[1] for p in pairs} == {"community-sdgs-classes"}
    assert all(p["linked"] == "true" for p in pairs)


def inferred(store: ox.Store, prop: str) -> dict[str, str]:
    """Entities whose value of ``prop`` is marked as a curators' inference, with the method."""
    return {
        r["s"]: r["method"].rsplit("#", 1)[1]
        for r in select(
            store,
            "SELECT ?s ?method WHERE { ?s sdgkg:hasInference ?i . ?i sdgkg:inferredProperty "
            f"sdgkg:{prop} ; sdgkg:inferenceMethod ?method }}",
        )
    }


def test_curators_inferences_are_marked_with_their_method(store: ox.Store) -> None:
    directions = inferred(store, "desiredDirection")
    kpis = {r["s"] for r in select(store, "SELECT ?s WHERE { ?s a sdgkg:KPI }")}
    assert kpis and set(directions) == kpis  # no plan prints a desired direction
    assert set(directions.values()) == {"FromIndicatorMeaning"}
    aspects = inferred(store, "aspect")
    komatsu_areas = {
        r["s"]
        for r in select(
            store,
            f"SELECT ?s WHERE {{ GRAPH <{KOMATSU}> {{ ?s a sdgkg:IssueArea ; sdgkg:aspect ?a }} }}"
            " VALUES ?a { <https://w3id.org/sdgkg/dimension/future-city/economy>"
            " <https://w3id.org/sdgkg/dimension/future-city/society>"
            " <https://w3id.org/sdgkg/dimension/future-city/environment> }",
        )
    }
    assert len(komatsu_areas) == 3 and set(aspects) == komatsu_areas
    types = inferred(store, "stakeholderType")
    mixed = "https://w3id.org/sdgkg/id/org/komatsu-environmental-groups-and-companies"
    assert types.get(mixed) == "FromOrganisationName"
