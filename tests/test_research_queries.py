"""The research questions of the query library answer what the curated records say.

Every expected answer here is computed in Python from the YAML records (data/), which transcribe
the seed documents, never from the graph: a query that drops, doubles or invents a row fails.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from graph_build.analysis.queries import analysis_queries
from graph_build.build import BuildResult
from graph_build.paths import DATA_DIR, RESOURCES_DIR
from graph_build.records.model import Area, Initiative, KpiBlock
from graph_build.records.sources import load_corpus
from graph_build.sparql.query import QueryResult, QuerySpec, library, run_spec
from graph_build.store.embedded import open_store

from .conftest import MONITORED_QUERIES

SPECS = {spec.name: spec for spec in library()}
RESEARCH = [
    "target_coverage",
    "goal_coverage",
    "target_gaps",
    "goal_links",
    "goal_link_weights",
    "dimension_links",
    "stakeholders_per_goal",
    "goals_per_stakeholder",
    "target_partners",
    "kpi_direction_conflicts",
    "city_comparison",
    "provenance",
    "relisted_initiatives",
    "search_labels",
]
ID = "https://w3id.org/sdgkg/id/"


def goal_of(target: str) -> int:
    return int(target.split(".")[0])


@dataclass
class CityFacts:
    """What the records of one city say, in the terms the queries use."""

    ja: str
    areas: dict[str, Area] = field(default_factory=dict)
    # an area described in two documents is one area: its printed targets add up
    area_direct: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    blocks: list[KpiBlock] = field(default_factory=list)
    initiatives: dict[str, Initiative] = field(default_factory=dict)

    def area_targets(self, area: str) -> set[str]:
        """Targets printed beside an area or in a KPI table under it."""
        found = set(self.area_direct[area])
        for block in self.blocks:
            if area in block.areas:
                found |= set(block.sdg_targets)
        return found

    def area_goals(self, area: str) -> set[int]:
        found = {goal_of(t) for t in self.area_targets(area)}
        for block in self.blocks:
            if area in block.areas:
                found |= {int(g) for g in block.sdg_goals}
        return found

    def initiative_targets(self, initiative: Initiative) -> set[str]:
        found = set(initiative.sdg_targets)
        for placement in initiative.placements:
            found |= self.area_targets(placement.area)
        return found

    def initiative_goals(self, initiative: Initiative) -> set[int]:
        found = {goal_of(t) for t in initiative.sdg_targets}
        for placement in initiative.placements:
            found |= self.area_goals(placement.area)
        return found

    def block_goals(self, block: KpiBlock) -> set[int]:
        return {goal_of(t) for t in block.sdg_targets} | {int(g) for g in block.sdg_goals}

    def carriers(self, target: str) -> set[str]:
        """Areas, KPI tables and initiatives that print the target themselves."""
        return (
            {f"area:{a}" for a, direct in self.area_direct.items() if target in direct}
            | {f"block:{b.id}" for b in self.blocks if target in b.sdg_targets}
            | {
                f"initiative:{i}"
                for i, ini in self.initiatives.items()
                if target in ini.sdg_targets
            }
        )

    def addressed(self) -> set[str]:
        return {
            t
            for t in {*self.all_direct_targets()}
            if self.carriers(t)  # every direct target has at least one carrier
        }

    def all_direct_targets(self) -> Iterable[str]:
        for direct in self.area_direct.values():
            yield from direct
        for block in self.blocks:
            yield from block.sdg_targets
        for initiative in self.initiatives.values():
            yield from initiative.sdg_targets


@dataclass
class Facts:
    cities: dict[str, CityFacts]
    stakeholders: dict[str, str]  # id -> ja
    kpis: list[tuple[str, str, object]]  # city, ja, record


@pytest.fixture(scope="module")
def facts() -> Facts:
    corpus = load_corpus(DATA_DIR)
    cities: dict[str, CityFacts] = {}
    stakeholders: dict[str, str] = {}
    kpis: list[tuple[str, str, object]] = []
    for city in corpus.cities:
        data = CityFacts(ja=city.municipality.municipality.ja)
        for doc in city.documents:
            records = doc.records
            data.areas.update({a.id: a for a in records.areas})
            for area in records.areas:
                data.area_direct[area.id] |= set(area.sdg_targets)
            data.blocks += records.kpi_blocks
            data.initiatives.update({i.id: i for i in records.initiatives})
            stakeholders.update({s.id: s.ja for s in records.stakeholders})
            kpis += [(city.id, k.ja, k) for k in records.kpis]
        cities[city.id] = data
    return Facts(cities, stakeholders, kpis)


@pytest.fixture(scope="module")
def store(project_build: BuildResult) -> ox.Store:
    return open_store(project_build.out)


_UNBOUND: dict[str, QueryResult] = {}


def run(store: ox.Store, name: str, **params: str) -> QueryResult:
    """Run a library query; answers without parameters are kept (some queries take seconds)."""
    if params:
        return run_spec(store, SPECS[name], params)
    if name not in _UNBOUND:
        _UNBOUND[name] = run_spec(store, SPECS[name])
    return _UNBOUND[name]


def records(result: QueryResult) -> list[dict[str, str]]:
    return [dict(zip(result.variables, row, strict=True)) for row in result.plain_rows()]


def by_ja(facts: Facts) -> dict[str, CityFacts]:
    return {c.ja: c for c in facts.cities.values()}


# ------------------------------------------------------------------ the library itself


def test_at_least_a_dozen_research_questions() -> None:
    assert len(RESEARCH) >= 12
    assert set(RESEARCH) <= set(SPECS)


# The analysis's own queries (queries/analysis) answer questions too, in both languages.
DOCUMENTED = [SPECS[name] for name in RESEARCH] + analysis_queries()


@pytest.mark.parametrize("spec", DOCUMENTED, ids=lambda s: f"{s.path.parent.name}/{s.name}")
def test_research_query_is_bilingual_and_documents_its_parameters(spec: QuerySpec) -> None:
    name = spec.name
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in spec.question_ja)
    assert spec.question_en.endswith("?")
    for param in spec.params:
        assert param.help, f"{name}: parameter {param.name} has no help text"
        assert param.variable in spec.columns, "pyoxigraph binds only projected variables"


# ------------------------------------------------------------------ coverage and gaps


def test_target_gaps_lists_every_target_for_every_city(store: ox.Store, facts: Facts) -> None:
    rows = records(run(store, "target_gaps"))
    cities = by_ja(facts)
    assert len(rows) == 169 * len(cities)
    for row in rows:
        city = cities[row["city"]]
        carriers = city.carriers(row["sdg_target"])
        assert row["addressed"] == ("true" if carriers else "false"), row
        assert int(row["carriers"]) == len(carriers), row
        assert goal_of(row["sdg_target"]) == int(row["sdg_goal"])


def test_target_gaps_for_one_city_and_goal(store: ox.Store, facts: Facts) -> None:
    rows = records(run(store, "target_gaps", city="kanazawa", goal="15"))
    assert {r["city"] for r in rows} == {facts.cities["kanazawa"].ja}
    assert len(rows) == 12  # 15.1-15.9, 15.a-15.c
    addressed = {r["sdg_target"] for r in rows if r["addressed"] == "true"}
    assert addressed == {"15.4", "15.5", "15.c"}  # direction 2 prints these (seed lines 262-264)


def test_target_coverage_counts(store: ox.Store, facts: Facts) -> None:
    rows = records(run(store, "target_coverage"))
    expected = set()
    for city in facts.cities.values():
        for target in city.addressed():
            areas = {a for a in city.areas if target in city.area_targets(a)}
            blocks = [b for b in city.blocks if target in b.sdg_targets]
            kpis = {k for b in blocks for k in b.kpis}
            initiatives = {
                i
                for i, ini in city.initiatives.items()
                if target in ini.sdg_targets or any(p.area in areas for p in ini.placements)
            }
            expected.add((city.ja, target, len(areas), len(blocks), len(kpis), len(initiatives)))
    got = {
        (
            r["city"],
            r["sdg_target"],
            int(r["directions"]),
            int(r["kpi_tables"]),
            int(r["kpis"]),
            int(r["initiatives"]),
        )
        for r in rows
    }
    assert got == expected
    assert len(rows) == len(got)


def test_goal_coverage(store: ox.Store, facts: Facts) -> None:
    rows = records(run(store, "goal_coverage"))
    expected = {}
    for city in facts.cities.values():
        goals = {goal_of(t) for t in city.addressed()}
        goals |= {int(g) for b in city.blocks for g in b.sdg_goals}
        for goal in goals:
            targets = {t for t in city.addressed() if goal_of(t) == goal}
            expected[(city.ja, goal)] = len(targets)
    got = {(r["city"], int(r["sdg_goal"])): int(r["targets"]) for r in rows}
    assert got == expected
    only_11 = records(run(store, "goal_coverage", goal="11"))
    assert [int(r["sdg_goal"]) for r in only_11] == [11] * len(only_11)


# ------------------------------------------------------------------ linkages


def test_goal_links_have_the_initiative_as_evidence(store: ox.Store, facts: Facts) -> None:
    rows = records(run(store, "goal_links"))
    expected = set()
    for city in facts.cities.values():
        for initiative in city.initiatives.values():
            for a, b in combinations(sorted(city.initiative_goals(initiative)), 2):
                expected.add((city.ja, a, b, initiative.ja))
    got = {(r["city"], int(r["goal_a"]), int(r["goal_b"]), r["initiative"]) for r in rows}
    assert got == expected
    assert len(rows) == len(got)


def test_goal_links_come_in_one_order_whatever_the_plan(store: ox.Store) -> None:
    """Initiatives can share a name (a re-listed one, or two in different documents), so the
    order ends on the initiative's IRI: ties are then broken the same way on every store."""
    rows = records(run(store, "goal_links"))
    keys = [
        (r["city"], int(r["goal_a"]), int(r["goal_b"]), r["initiative"], r["initiative_iri"])
        for r in rows
    ]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_goal_link_weights(store: ox.Store, facts: Facts) -> None:
    # shared-initiative co-reference, default rule direction+table: initiatives are the only
    # carriers; each inherits its directions' and their KPI tables' printed lists, once
    rows = records(run(store, "goal_link_weights"))
    expected = {}
    for city in facts.cities.values():
        pairs: dict[tuple[int, int], list[bool]] = defaultdict(list)
        for initiative in city.initiatives.values():
            own = {goal_of(t) for t in initiative.sdg_targets}
            for pair in combinations(sorted(city.initiative_goals(initiative)), 2):
                pairs[pair].append(set(pair) <= own)
        for (a, b), stated in pairs.items():
            expected[(city.ja, a, b)] = (len(stated), sum(stated), len(stated) - sum(stated))
    got = {
        (r["city"], int(r["goal_a"]), int(r["goal_b"])): (
            int(r["weight"]),
            int(r["stated"]),
            int(r["inherited"]),
        )
        for r in rows
    }
    assert got == expected
    assert {r["inheritance"] for r in rows} == {""}  # the default rule, direction+table
    weights = [int(r["weight"]) for r in rows if r["city"] == facts.cities["kanazawa"].ja]
    assert weights == sorted(weights, reverse=True)


def test_dimension_links(store: ox.Store, facts: Facts) -> None:
    schemes = yaml.safe_load((RESOURCES_DIR / "dimension_schemes.yaml").read_text("utf-8"))
    rows = records(run(store, "dimension_links"))
    got = {
        (r["city"], r["scheme"], r["dimension_a"], r["dimension_b"], r["evidence"]): int(
            r["weight"]
        )
        for r in rows
    }
    expected: dict[tuple[str, str, str, str, str], int] = {}
    corpus = load_corpus(DATA_DIR)
    for city_records in corpus.cities:
        city = facts.cities[city_records.id]
        # initiatives only, each with the goals it inherits (default rule direction+table)
        carriers = [city.initiative_goals(i) for i in city.initiatives.values()]
        for scheme in schemes.values():
            dims = list(scheme["dimensions"].values())
            for ia, ib in combinations(range(len(dims)), 2):
                da, db = dims[ia], dims[ib]
                links = sum(
                    1 for goals in carriers if goals & set(da["goals"]) and goals & set(db["goals"])
                )
                if links:
                    key = (city.ja, scheme["en"], da["en"], db["en"], "co-reference")
                    expected[key] = links
        stated: dict[tuple[str, str], int] = defaultdict(int)
        order = list(schemes["future-city"]["dimensions"])
        for doc in city_records.documents:
            for synergy in doc.records.synergies:
                a, b = sorted(synergy.dimensions, key=order.index)
                stated[(a, b)] += 1
        for (a, b), n in stated.items():
            fc = schemes["future-city"]
            key = (city.ja, fc["en"], fc["dimensions"][a]["en"], fc["dimensions"][b]["en"])
            expected[(*key, "stated synergy")] = n
    assert got == expected


def test_relisted_initiatives(store: ox.Store, facts: Facts, seeds: Path) -> None:
    rows = records(run(store, "relisted_initiatives"))
    expected = set()
    for city in facts.cities.values():
        for initiative in city.initiatives.values():
            for first in initiative.placements:
                for again in initiative.placements:
                    if not first.relisted and again.relisted and first.area != again.area:
                        expected.add(
                            (
                                city.ja,
                                initiative.ja,
                                city.areas[first.area].ja,
                                city.areas[again.area].ja,
                                again.source.lines,
                            )
                        )
    got = {
        (r["city"], r["initiative"], r["listed_under"], r["relisted_under"], r["relisted_lines"])
        for r in rows
    }
    assert got == expected and expected
    # the seed text marks each of these listings as a re-listing (再掲)
    text = (seeds / "000_3a3ffd2505950059.txt").read_text(encoding="utf-8").splitlines()
    for *_rest, lines in expected:
        start, end = (int(x) for x in lines.split("-"))
        assert "再掲" in "\n".join(text[start - 1 : end]), lines


# ------------------------------------------------------------------ people


def involved(facts: Facts) -> Iterable[tuple[CityFacts, Initiative, str]]:
    for city in facts.cities.values():
        for initiative in city.initiatives.values():
            for stakeholder in initiative.stakeholders:
                yield city, initiative, stakeholder


def test_stakeholders_per_goal(store: ox.Store, facts: Facts) -> None:
    counts: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    for city, initiative, stakeholder in involved(facts):
        for goal in city.initiative_goals(initiative):
            counts[(city.ja, goal, facts.stakeholders[stakeholder])].add(initiative.id)
    rows = records(run(store, "stakeholders_per_goal"))
    got = {(r["city"], int(r["sdg_goal"]), r["stakeholder"]): int(r["initiatives"]) for r in rows}
    assert got == {k: len(v) for k, v in counts.items()}


def test_goals_per_stakeholder(store: ox.Store, facts: Facts) -> None:
    goals: dict[tuple[str, str], set[int]] = defaultdict(set)
    for city, initiative, stakeholder in involved(facts):
        goals[(facts.stakeholders[stakeholder], city.ja)] |= city.initiative_goals(initiative)
    expected = {k: v for k, v in goals.items() if v}
    rows = records(run(store, "goals_per_stakeholder"))
    got = {(r["stakeholder"], r["city"]): {int(g) for g in r["sdg_goals"].split()} for r in rows}
    assert got == expected
    assert all(int(r["goals"]) == len(r["sdg_goals"].split()) for r in rows)
    unep = records(run(store, "goals_per_stakeholder", stakeholder_iri=ID + "org/unep"))
    assert [r["stakeholder"] for r in unep] == [facts.stakeholders["unep"]]


def test_partners_for_a_target(store: ox.Store, facts: Facts) -> None:
    expected = set()
    for city, initiative, stakeholder in involved(facts):
        for target in city.initiative_targets(initiative):
            expected.add((target, facts.stakeholders[stakeholder], initiative.ja))
    rows = records(run(store, "target_partners"))
    assert {(r["sdg_target"], r["stakeholder"], r["initiative"]) for r in rows} == expected
    for_11_2 = records(run(store, "target_partners", target="11.2"))
    assert {r["sdg_target"] for r in for_11_2} == {"11.2"}
    assert {r["stakeholder"] for r in for_11_2} == {s for t, s, _ in expected if t == "11.2"}
    assert facts.stakeholders["unep"] in {r["stakeholder"] for r in for_11_2}


# ------------------------------------------------------------------ KPIs and cities


def test_kpi_direction_conflicts(store: ox.Store, facts: Facts) -> None:
    expected = set()
    for city_id, ja, kpi in facts.kpis:
        base = kpi.baseline.value * kpi.baseline.multiplier  # type: ignore[attr-defined]
        goal = kpi.target.value * kpi.target.multiplier  # type: ignore[attr-defined]
        wanted = kpi.desired_direction  # type: ignore[attr-defined]
        if (
            (wanted == "increase" and goal < base)
            or (wanted == "decrease" and goal > base)
            or (wanted == "maintain" and goal < base)
        ):
            expected.add((facts.cities[city_id].ja, ja))
    rows = records(run(store, "kpi_direction_conflicts"))
    assert {(r["city"], r["kpi"]) for r in rows} == expected
    assert "金沢産材供給量" in {r["kpi"] for r in rows}  # 6,657 m³ now, 2,500 m³ as target
    for row in rows:
        assert Decimal(row["target_value"]) != Decimal(row["baseline_value"])


def test_two_cities_side_by_side(store: ox.Store, facts: Facts) -> None:
    kanazawa, komatsu = facts.cities["kanazawa"], facts.cities["komatsu"]
    rows = records(run(store, "city_comparison", city_a="kanazawa", city_b="komatsu"))
    assert {r["sdg_target"] for r in rows} == kanazawa.addressed() | komatsu.addressed()
    for row in rows:
        assert row["city_a"] == kanazawa.ja and row["city_b"] == komatsu.ja
        assert int(row["carriers_a"]) == len(kanazawa.carriers(row["sdg_target"]))
        assert int(row["carriers_b"]) == len(komatsu.carriers(row["sdg_target"]))
        shared = row["sdg_target"] in kanazawa.addressed() & komatsu.addressed()
        assert row["shared"] == ("true" if shared else "false")
    swapped = records(run(store, "city_comparison", city_a="komatsu", city_b="kanazawa"))
    assert sorted((r["sdg_target"], r["carriers_b"]) for r in swapped) == sorted(
        (r["sdg_target"], r["carriers_a"]) for r in rows
    )
    # without city_b, Kanazawa is set beside every other city: here Komatsu only
    beside_all = records(run(store, "city_comparison", city_a="kanazawa"))
    assert beside_all == rows


# ------------------------------------------------------------------ provenance and search


def test_provenance_of_a_kpi(store: ox.Store, facts: Facts) -> None:
    kpi = next(
        k for c, _, k in facts.kpis if c == "kanazawa" and k.id == "greenhouse-gas-emissions"
    )  # type: ignore[attr-defined]
    iri = ID + "kanazawa/kpi/greenhouse-gas-emissions"
    rows = records(run(store, "provenance", entity=iri))
    assert rows and {r["entity"] for r in rows} == {iri}
    assert {r["graph"] for r in rows} == {
        "https://w3id.org/sdgkg/graph/kanazawa/future-city-plan-2023"
    }
    assert {(int(r["start_line"]), int(r["end_line"])) for r in rows} == {
        (kpi.source.start_line, kpi.source.end_line)  # type: ignore[attr-defined]
    }
    assert {r["seed_file"] for r in rows} == {"000_3a3ffd2505950059.txt"}
    one_fact = records(
        run(store, "provenance", entity=iri, property="https://w3id.org/sdgkg/ontology#baseline")
    )
    assert [r["value"] for r in one_fact] == [iri + "/baseline"]


def test_provenance_of_a_un_target_is_its_graph(store: ox.Store) -> None:
    rows = records(run(store, "provenance", entity="http://metadata.un.org/sdg/11.2"))
    assert rows and {r["graph"] for r in rows} == {"https://w3id.org/sdgkg/graph/un-sdg"}
    assert {r["source_span"] for r in rows} == {""}


def test_search_labels(store: ox.Store) -> None:
    rows = records(run(store, "search_labels", text="森林"))
    assert rows and all("森林" in r["label"] for r in rows)
    assert "http://metadata.un.org/sdg/15.2" in {r["entity"] for r in rows}
    english = records(run(store, "search_labels", text="FOREST"))
    assert english and all("forest" in r["label"].lower() for r in english)


@pytest.mark.parametrize(
    "text", ['") } ; DROP ALL #', 'x" || true || "', "}} UNION { ?entity ?p ?label }"]
)
def test_a_parameter_carrying_sparql_cannot_change_the_query(store: ox.Store, text: str) -> None:
    rows = run(store, "search_labels", text=text)
    assert rows.rows == []


# ------------------------------------------------------------------ parameters in general


@pytest.mark.parametrize("name", sorted(n for n, s in SPECS.items() if s.params))
@pytest.mark.slow  # builds the graph it reads through request.getfixturevalue
def test_parameters_bind_columns_of_their_kind(
    store: ox.Store, name: str, request: pytest.FixtureRequest
) -> None:
    """A parameter for an IRI binds a column of IRIs (not, say, the label beside it)."""
    if name in MONITORED_QUERIES:  # the seed records hold no monitored KPI values
        store = open_store(request.getfixturevalue("monitored_build").out)
    result = run(store, name, **SPECS[name].required_examples())
    for param in SPECS[name].params:
        if param.one_of:  # chooses what the query is about rather than filtering a column
            continue
        terms = [row[param.variable] for row in result.rows if row[param.variable] is not None]
        if param.type in ("iri", "city", "kpi", "sdg-target", "sdg-goal"):
            assert any(isinstance(t, ox.NamedNode) for t in terms), (name, param.name)
            assert not any(isinstance(t, ox.Literal) for t in terms), (name, param.name)
        else:
            assert not any(isinstance(t, ox.NamedNode) for t in terms), (name, param.name)


def _optional_city(name: str) -> bool:
    return any(p.type == "city" and not p.required for p in SPECS[name].params)


@pytest.mark.parametrize("name", sorted(n for n in SPECS if _optional_city(n)))
def test_city_parameter_keeps_one_city(store: ox.Store, name: str, facts: Facts) -> None:
    param = next(p for p in SPECS[name].params if p.type == "city" and not p.required)
    required = SPECS[name].required_examples()
    everything = records(run(store, name, **required))
    komatsu = records(run(store, name, **required, **{param.name: "komatsu"}))
    column = param.name
    assert {r[column] for r in komatsu} <= {facts.cities["komatsu"].ja}
    assert len(komatsu) <= len(everything)
    assert all(r in everything for r in komatsu)
