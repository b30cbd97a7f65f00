"""Read what the analysis needs from the built store with SPARQL.

Everything comes from the graph, not from the curated YAML, so the analysis runs on any build
(the seed data, a fixture, or a synthetic corpus). Rows are sorted as they are read, so the same
graph always gives the same :class:`PlanData`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph_build import iris
from graph_build.analysis.queries import query_rows, sorted_query_rows
from graph_build.errors import SdgkgError
from graph_build.namespaces import ID
from graph_build.sdg.coreference_rule import AREA_KINDS, sdg_code

ANALYSIS_GRAPH = str(iris.ANALYSIS_GRAPH)
SUGGESTIONS_GRAPH = str(iris.SUGGESTIONS_GRAPH)
CURATED_LINKS_GRAPH = str(iris.CURATED_LINKS_GRAPH)


@dataclass(frozen=True)
class Labelled:
    """Anything the analysis names: IRI and labels in both languages."""

    iri: str
    ja: str
    en: str


@dataclass(frozen=True)
class City(Labelled):
    """A municipality; ``id`` is the slug of its IRI (``kanazawa``)."""

    id: str


@dataclass(frozen=True)
class Area(Labelled):
    """A direction, partnership block or issue area with the SDG links printed beside it."""

    city: str
    kind: str
    number: int | None
    targets: frozenset[str]
    goals: frozenset[str]
    aspects: frozenset[str]
    aspects_via_block: frozenset[str]

    @property
    def all_aspects(self) -> frozenset[str]:
        """Aspects stated for the area, else those of the aspect-headed KPI blocks serving it."""
        return self.aspects or self.aspects_via_block


@dataclass(frozen=True)
class Placement:
    """One listing of an initiative under an area; ``relisted`` for "(再掲)" listings."""

    area: str
    relisted: bool


@dataclass(frozen=True)
class Carrier(Labelled):
    """A KPI block, an area or an initiative: something that addresses SDG targets or goals.

    ``targets``/``goals`` are the links stated for the carrier itself; ``areas`` are the areas it
    serves (KPI blocks) or is placed under (initiatives).
    """

    city: str
    kind: str
    targets: frozenset[str]
    goals: frozenset[str]
    aspects: frozenset[str]
    areas: tuple[str, ...]
    placements: tuple[Placement, ...] = ()
    stakeholders: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement(Labelled):
    """A synergy a document states between two (Future City) aspects."""

    city: str
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class Dimension(Labelled):
    """A dimension of a scheme; ``goals`` is empty for the city-assigned Future City aspects."""

    scheme: str
    key: str
    number: int
    goals: frozenset[str]
    maps_to: str | None


@dataclass(frozen=True)
class Scheme(Labelled):
    """A dimension scheme (``wedding-cake``, ``five-ps``, ``future-city``) and its dimensions."""

    key: str
    dimensions: tuple[Dimension, ...]

    @property
    def goal_based(self) -> bool:
        """True when the scheme groups goals (wedding cake, 5Ps), false for city aspects."""
        return any(d.goals for d in self.dimensions)

    def dimension_of_goal(self, goal: str) -> str | None:
        """The key of the dimension that includes ``goal``, if any."""
        for dim in self.dimensions:
            if goal in dim.goals:
                return dim.key
        return None

    def key_for(self, aspect: str) -> str | None:
        """The dimension that is (or maps to) a Future City aspect such as ``economy``."""
        for dim in self.dimensions:
            if dim.key == aspect and (dim.maps_to in (None, aspect)):
                return dim.key
        for dim in self.dimensions:
            if dim.maps_to == aspect:
                return dim.key
        return None


@dataclass(frozen=True)
class Stakeholder(Labelled):
    """A stakeholder and the cities it works with."""

    type_en: str
    cities: tuple[str, ...]


@dataclass
class PlanData:
    """Everything the analysis reads from the graph, keyed by IRI and sorted.

    ``spans`` gives the source spans (document, section, lines) each carrier is derived from.
    """

    cities: dict[str, City]
    goals: dict[str, Labelled]
    targets: dict[str, Labelled]
    target_goal: dict[str, str]
    schemes: dict[str, Scheme]
    areas: dict[str, Area]
    carriers: dict[str, Carrier]
    statements: dict[str, Statement]
    stakeholders: dict[str, Stakeholder]
    data_date: str | None
    graphs: tuple[str, ...] = field(default_factory=tuple)
    spans: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # suggested SDG targets per entity, best first (graph inferred/sdg-suggestions); only the
    # layer of `--include-suggestions` reads them
    suggested: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _tables: dict[str, tuple[Carrier, ...]] | None = field(default=None, repr=False, compare=False)

    def tables_under(self, area: str) -> tuple[Carrier, ...]:
        """The KPI tables (blocks) that serve an area, indexed on first use."""
        if self._tables is None:
            found: dict[str, list[Carrier]] = defaultdict(list)
            for carrier in self.carriers.values():
                if carrier.kind == "kpi-block":
                    for served in carrier.areas:
                        found[served].append(carrier)
            self._tables = {a: tuple(c) for a, c in found.items()}
        return self._tables.get(area, ())

    def label(self, iri_or_code: str, lang: str = "en") -> str:
        """Label of any node the analysis knows (carrier, area, statement, goal, target...)."""
        for table in (
            self.carriers,
            self.areas,
            self.statements,
            self.stakeholders,
            self.goals,
            self.targets,
            self.cities,
        ):
            item = table.get(iri_or_code)
            if item is not None:
                return str(getattr(item, lang))
        return iri_or_code

    def goal_of(self, code: str) -> str:
        """The goal of a target code, or the code itself for a goal."""
        return self.target_goal.get(code, code)


def city_slug(iri: str) -> str:
    """``https://w3id.org/sdgkg/id/kanazawa`` → ``kanazawa``."""
    return iri.removeprefix(str(ID))


def _labels(store: ox.Store) -> dict[str, dict[str, str]]:
    """rdfs:label per named entity, the smallest per language (deterministic)."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in query_rows(store, "entity_labels"):
        lang = row["lang"] or "en"
        current = found[row["s"]].get(lang)
        if current is None or row["label"] < current:
            found[row["s"]][lang] = row["label"]
    return found


def _pick(labels: dict[str, dict[str, str]], iri: str) -> tuple[str, str]:
    entry = labels.get(iri, {})
    en = entry.get("en") or entry.get("ja") or iri.rsplit("/", 1)[-1]
    ja = entry.get("ja") or en
    return ja, en


def read_framework(
    store: ox.Store,
) -> tuple[dict[str, Labelled], dict[str, Labelled], dict[str, str]]:
    """Goals and targets with short labels, and each target's goal, from the framework graph."""
    goals: dict[str, Labelled] = {}
    targets: dict[str, Labelled] = {}
    target_goal: dict[str, str] = {}
    rows = sorted_query_rows(store, "sdg_framework")
    for row in rows:
        code = row["code"]
        item = Labelled(code, row["ja"] or row["en"] or code, row["en"] or code)
        if row["kind"].endswith("#Goal"):
            goals[code] = item
        else:
            targets[code] = item
            if row["goal"]:
                target_goal[code] = row["goal"]
            else:  # the code says it: 11.6 belongs to goal 11
                target_goal[code] = code.split(".", 1)[0]
    if not goals:
        raise SdgkgError(
            "the built graph has no UN SDG framework graph: rebuild with 'sdgkg build' "
            "(the analysis needs goals and targets)"
        )
    return goals, targets, target_goal


def read_schemes(store: ox.Store) -> dict[str, Scheme]:
    """Dimension schemes and their dimensions, in the order the schemes graph numbers them."""
    dims: dict[str, dict[str, dict[str, object]]] = defaultdict(dict)
    scheme_labels: dict[str, tuple[str, str]] = {}
    for row in sorted_query_rows(store, "dimension_schemes"):
        scheme_key = row["scheme"].rsplit("/", 1)[-1]
        scheme_labels[scheme_key] = (row["sja"], row["sen"])
        entry = dims[scheme_key].setdefault(
            row["key"],
            {
                "iri": row["dim"],
                "ja": row["ja"],
                "en": row["en"],
                "number": int(row["num"]),
                "goals": set(),
                "maps": row["maps"] or None,
            },
        )
        if row["goal"]:
            goals = entry["goals"]
            assert isinstance(goals, set)
            goals.add(row["goal"])
    schemes: dict[str, Scheme] = {}
    for key in sorted(dims):
        ordered = sorted(dims[key].items(), key=lambda kv: (kv[1]["number"], kv[0]))
        dimensions = tuple(
            Dimension(
                iri=str(d["iri"]),
                ja=str(d["ja"]),
                en=str(d["en"]),
                scheme=key,
                key=dk,
                number=int(str(d["number"])),
                goals=frozenset(str(g) for g in d["goals"]),  # type: ignore[attr-defined]
                maps_to=str(d["maps"]) if d["maps"] else None,
            )
            for dk, d in ordered
        )
        ja, en = scheme_labels[key]
        schemes[key] = Scheme(
            iri=str(dimensions[0].iri).rsplit("/", 1)[0],
            ja=ja,
            en=en,
            key=key,
            dimensions=dimensions,
        )
    return schemes


def _sdg_links(store: ox.Store) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    targets: dict[str, set[str]] = defaultdict(set)
    goals: dict[str, set[str]] = defaultdict(set)
    for row in query_rows(store, "sdg_links"):
        code = sdg_code(row["x"])
        (targets if row["p"].endswith("addressesTarget") else goals)[row["s"]].add(code)
    return targets, goals


def _aspects(store: ox.Store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for row in query_rows(store, "aspects"):
        # an aspect concept without a notation still has a readable IRI: …/future-city/economy
        found[row["s"]].add(row["key"] or row["d"].rsplit("/", 1)[-1])
    return found


def read_plan_data(store: ox.Store) -> PlanData:
    """Read cities, framework, schemes, carriers, statements and stakeholders from the store."""
    goals, targets, target_goal = read_framework(store)
    schemes = read_schemes(store)
    labels = _labels(store)
    cities: dict[str, City] = {}
    for row in sorted_query_rows(store, "municipalities"):
        ja, en = _pick(labels, row["c"])
        slug = city_slug(row["c"])
        cities[slug] = City(row["c"], ja, en, slug)
    stated_targets, stated_goals = _sdg_links(store)
    aspects = _aspects(store)

    block_rows = sorted_query_rows(store, "kpi_blocks")
    block_areas: dict[str, list[str]] = defaultdict(list)
    block_city: dict[str, str] = {}
    for row in block_rows:
        block_city[row["b"]] = city_slug(row["city"])
        if row["area"]:
            block_areas[row["b"]].append(row["area"])
    via_block: dict[str, set[str]] = defaultdict(set)
    for block, served in block_areas.items():
        for area_iri in served:
            via_block[area_iri] |= aspects.get(block, set())

    areas: dict[str, Area] = {}
    for row in sorted_query_rows(store, "thematic_areas"):
        ja, en = _pick(labels, row["a"])
        areas[row["a"]] = Area(
            iri=row["a"],
            ja=ja,
            en=en,
            city=city_slug(row["city"]),
            kind=AREA_KINDS[row["kind"]],
            number=int(row["num"]) if row["num"] else None,
            targets=frozenset(stated_targets.get(row["a"], set())),
            goals=frozenset(stated_goals.get(row["a"], set())),
            aspects=frozenset(aspects.get(row["a"], set())),
            aspects_via_block=frozenset(via_block.get(row["a"], set())),
        )

    carriers: dict[str, Carrier] = {}
    for iri in sorted(block_city):
        ja, en = _pick(labels, iri)
        carriers[iri] = Carrier(
            iri=iri,
            ja=ja,
            en=en,
            city=block_city[iri],
            kind="kpi-block",
            targets=frozenset(stated_targets.get(iri, set())),
            goals=frozenset(stated_goals.get(iri, set())),
            aspects=frozenset(aspects.get(iri, set())),
            areas=tuple(sorted(set(block_areas.get(iri, [])))),
        )
    for iri, area in areas.items():
        carriers[iri] = Carrier(
            iri=iri,
            ja=area.ja,
            en=area.en,
            city=area.city,
            kind=area.kind,
            targets=area.targets,
            goals=area.goals,
            aspects=area.all_aspects,
            areas=(iri,),
        )
    placements: dict[str, list[Placement]] = defaultdict(list)
    for row in sorted_query_rows(store, "initiative_placements"):
        placements[row["i"]].append(Placement(row["area"], row["rel"] == "true"))
    involves: dict[str, set[str]] = defaultdict(set)
    for row in query_rows(store, "initiative_stakeholders"):
        involves[row["i"]].add(row["s"])
    for row in sorted_query_rows(store, "initiative_cities"):
        iri = row["i"]
        ja, en = _pick(labels, iri)
        listed = tuple(sorted(set(placements.get(iri, [])), key=lambda p: (p.area, p.relisted)))
        carriers[iri] = Carrier(
            iri=iri,
            ja=ja,
            en=en,
            city=city_slug(row["city"]),
            kind="initiative",
            targets=frozenset(stated_targets.get(iri, set())),
            goals=frozenset(stated_goals.get(iri, set())),
            aspects=frozenset(aspects.get(iri, set())),
            areas=tuple(sorted({p.area for p in listed})),
            placements=listed,
            stakeholders=tuple(sorted(involves.get(iri, set()))),
        )

    statement_dims: dict[str, set[str]] = defaultdict(set)
    statement_city: dict[str, str] = {}
    for row in query_rows(store, "synergy_statements"):
        statement_dims[row["s"]].add(row["key"])
        statement_city[row["s"]] = city_slug(row["city"])
    future = schemes.get("future-city")
    order = {d.key: d.number for d in future.dimensions} if future else {}
    statements: dict[str, Statement] = {}
    for iri in sorted(statement_dims):
        ja, en = _pick(labels, iri)
        dims = tuple(sorted(statement_dims[iri], key=lambda k: (order.get(k, 99), k)))
        statements[iri] = Statement(iri, ja, en, statement_city[iri], dims)

    stakeholder_cities: dict[str, set[str]] = defaultdict(set)
    stakeholder_type: dict[str, str] = {}
    # Three small queries rather than one with OPTIONALs: a stakeholder is typed in the graph of
    # every document that names it, and in the union graph the OPTIONALs multiplied those copies
    # (1.4 million rows for 100 municipalities).
    for row in query_rows(store, "stakeholder_list"):
        stakeholder_cities.setdefault(row["s"], set())
    for row in query_rows(store, "stakeholder_cities"):
        stakeholder_cities[row["s"]].add(city_slug(row["city"]))
    for row in query_rows(store, "stakeholder_types"):
        stakeholder_type[row["s"]] = min(row["type"], stakeholder_type.get(row["s"], "~"))
    stakeholders = {
        iri: Stakeholder(
            iri, *_pick(labels, iri), stakeholder_type.get(iri, ""), tuple(sorted(cities_of))
        )
        for iri, cities_of in sorted(stakeholder_cities.items())
    }

    dates = [row["d"] for row in query_rows(store, "document_dates")]
    graphs = tuple(
        sorted(
            row["g"]
            for row in query_rows(store, "named_graphs")
            # our own output is not an input; suggestions are one only when asked for
            if row["g"] not in (ANALYSIS_GRAPH, SUGGESTIONS_GRAPH, CURATED_LINKS_GRAPH)
        )
    )
    spans: dict[str, set[str]] = defaultdict(set)
    for row in query_rows(store, "source_spans"):
        spans[row["entity"]].add(row["span"])
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in query_rows(store, "sdg_suggestions"):
        ranked[row["s"]].append((int(row["rank"]), sdg_code(row["x"])))
    return PlanData(
        cities=cities,
        goals=goals,
        targets=targets,
        target_goal=target_goal,
        schemes=schemes,
        areas=areas,
        carriers=carriers,
        statements=statements,
        stakeholders=stakeholders,
        data_date=max(dates) if dates else None,
        graphs=graphs,
        spans={entity: tuple(sorted(found)) for entity, found in sorted(spans.items())},
        suggested={e: tuple(code for _, code in sorted(r)) for e, r in sorted(ranked.items())},
    )
