"""Read what the analysis needs from the built store with SPARQL.

Everything comes from the graph, not from the curated YAML, so the analysis runs on any build
(the seed data, a fixture, or a synthetic corpus). Rows are sorted as they are read, so the same
graph always gives the same :class:`PlanData`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph_build.errors import SdgkgError
from graph_build.namespaces import ID, SDG

PREFIXES = """
PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
FRAMEWORK_GRAPH = "https://w3id.org/sdgkg/graph/un-sdg"
ANALYSIS_GRAPH = "https://w3id.org/sdgkg/graph/analysis"
AREA_KINDS = {
    "https://w3id.org/sdgkg/ontology#LocalDirection": "direction",
    "https://w3id.org/sdgkg/ontology#PartnershipArea": "partnership",
    "https://w3id.org/sdgkg/ontology#IssueArea": "issue-area",
}


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
    """Everything the analysis reads from the graph, keyed by IRI and sorted."""

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


def _rows(store: ox.Store, query: str) -> Iterator[dict[str, str]]:
    """Run a SELECT over the union graph; each row as plain strings (missing values as '')."""
    try:
        result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    except (SyntaxError, RuntimeError) as exc:  # pragma: no cover - our own queries
        raise SdgkgError(f"analysis query failed: {exc}") from exc
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    for solution in result:
        row = {}
        for name in names:
            term = solution[name]
            row[name] = "" if term is None else str(term.value)
        yield row


def _sorted_rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    return sorted(_rows(store, query), key=lambda r: tuple(sorted(r.items())))


def city_slug(iri: str) -> str:
    """``https://w3id.org/sdgkg/id/kanazawa`` → ``kanazawa``."""
    return iri.removeprefix(str(ID))


def sdg_code(iri: str) -> str:
    """``http://metadata.un.org/sdg/11.6`` → ``11.6``."""
    return iri.removeprefix(str(SDG))


def _labels(store: ox.Store, classes: list[str]) -> dict[str, dict[str, str]]:
    """rdfs:label per subject of the given classes, the smallest per language (deterministic)."""
    values = " ".join(classes)
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _rows(
        store,
        # Shared entities are typed and labelled in every document graph that names them, and
        # the union graph repeats a triple once per graph: DISTINCT on both sides keeps a
        # stakeholder of 1,741 cities from yielding 1,741 x 1,741 rows.
        f"""SELECT DISTINCT ?s ?label (LANG(?label) AS ?lang) WHERE {{
              {{ SELECT DISTINCT ?s WHERE {{ VALUES ?cls {{ {values} }} ?s a ?cls }} }}
              ?s rdfs:label ?label }}""",
    ):
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
    rows = _sorted_rows(
        store,
        f"""SELECT ?x ?code ?kind (MIN(?j) AS ?ja) (MIN(?e) AS ?en) (MIN(?gc) AS ?goal) WHERE {{
              GRAPH <{FRAMEWORK_GRAPH}> {{
                VALUES ?kind {{ sdgo:Goal sdgo:Target }}
                ?x a ?kind ; skos:notation ?code .
                OPTIONAL {{ ?x skos:prefLabel ?j FILTER(LANG(?j) = "ja") }}
                OPTIONAL {{ ?x skos:prefLabel ?e FILTER(LANG(?e) = "en") }}
                OPTIONAL {{ ?x skos:broader ?g . ?g a sdgo:Goal ; skos:notation ?gc }}
              }}
            }} GROUP BY ?x ?code ?kind""",
    )
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
    for row in _sorted_rows(
        store,
        """SELECT ?scheme ?sja ?sen ?dim ?key ?num ?ja ?en ?goal ?maps WHERE {
              ?dim a sdgkg:Dimension ; skos:inScheme ?scheme ; skos:notation ?key ;
                   sdgkg:number ?num ; skos:prefLabel ?ja, ?en .
              FILTER(LANG(?ja) = "ja" && LANG(?en) = "en")
              ?scheme skos:prefLabel ?sja, ?sen . FILTER(LANG(?sja) = "ja" && LANG(?sen) = "en")
              OPTIONAL { ?dim sdgkg:includesGoal ?g . ?g skos:notation ?goal }
              OPTIONAL { ?dim skos:closeMatch ?m . ?m skos:notation ?maps }
            }""",
    ):
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
    for row in _rows(
        store,
        """SELECT ?s ?p ?x WHERE {
              VALUES ?p { sdgkg:addressesTarget sdgkg:addressesGoal } ?s ?p ?x }""",
    ):
        code = sdg_code(row["x"])
        (targets if row["p"].endswith("addressesTarget") else goals)[row["s"]].add(code)
    return targets, goals


def _aspects(store: ox.Store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for row in _rows(
        store, "SELECT ?s ?d ?key WHERE { ?s sdgkg:aspect ?d OPTIONAL { ?d skos:notation ?key } }"
    ):
        # an aspect concept without a notation still has a readable IRI: …/future-city/economy
        found[row["s"]].add(row["key"] or row["d"].rsplit("/", 1)[-1])
    return found


def read_plan_data(store: ox.Store) -> PlanData:
    """Read cities, framework, schemes, carriers, statements and stakeholders from the store."""
    goals, targets, target_goal = read_framework(store)
    schemes = read_schemes(store)
    labels = _labels(
        store,
        [
            "sdgkg:Municipality",
            "sdgkg:ThematicArea",
            "sdgkg:KpiBlock",
            "sdgkg:Initiative",
            "sdgkg:SynergyStatement",
            "sdgkg:Stakeholder",
        ],
    )
    cities: dict[str, City] = {}
    for row in _sorted_rows(store, "SELECT DISTINCT ?c WHERE { ?c a sdgkg:Municipality }"):
        ja, en = _pick(labels, row["c"])
        slug = city_slug(row["c"])
        cities[slug] = City(row["c"], ja, en, slug)
    stated_targets, stated_goals = _sdg_links(store)
    aspects = _aspects(store)

    block_rows = _sorted_rows(
        store,
        """SELECT ?b ?city ?area WHERE { ?b a sdgkg:KpiBlock ; sdgkg:municipality ?city .
              OPTIONAL { ?b sdgkg:underArea ?area } }""",
    )
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
    for row in _sorted_rows(
        store,
        """SELECT ?a ?city ?kind (MIN(?n) AS ?num) WHERE {
              ?a a sdgkg:ThematicArea, ?kind ; sdgkg:municipality ?city .
              VALUES ?kind { sdgkg:LocalDirection sdgkg:PartnershipArea sdgkg:IssueArea }
              OPTIONAL { ?a sdgkg:number ?n } } GROUP BY ?a ?city ?kind""",
    ):
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
    for row in _sorted_rows(
        store,
        """SELECT ?i ?area ?rel WHERE { ?i a sdgkg:Initiative ; sdgkg:hasPlacement ?p .
              ?p sdgkg:placedUnder ?area . OPTIONAL { ?p sdgkg:isRelisting ?rel } }""",
    ):
        placements[row["i"]].append(Placement(row["area"], row["rel"] == "true"))
    involves: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, "SELECT ?i ?s WHERE { ?i a sdgkg:Initiative ; sdgkg:involves ?s }"):
        involves[row["i"]].add(row["s"])
    for row in _sorted_rows(
        store, "SELECT ?i ?city WHERE { ?i a sdgkg:Initiative ; sdgkg:municipality ?city }"
    ):
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
    for row in _rows(
        store,
        """SELECT ?s ?city ?key WHERE { ?s a sdgkg:SynergyStatement ; sdgkg:municipality ?city ;
              sdgkg:betweenDimension ?d . ?d skos:notation ?key }""",
    ):
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
    for row in _rows(store, "SELECT DISTINCT ?s WHERE { ?s a sdgkg:Stakeholder }"):
        stakeholder_cities.setdefault(row["s"], set())
    for row in _rows(
        store,
        """SELECT DISTINCT ?s ?city WHERE { ?s sdgkg:stakeholderOf ?city .
              ?s a sdgkg:Stakeholder }""",
    ):
        stakeholder_cities[row["s"]].add(city_slug(row["city"]))
    for row in _rows(
        store,
        """SELECT DISTINCT ?s ?type WHERE { ?s sdgkg:stakeholderType ?t . ?s a sdgkg:Stakeholder .
              ?t rdfs:label ?type FILTER(LANG(?type) = "en") }""",
    ):
        stakeholder_type[row["s"]] = min(row["type"], stakeholder_type.get(row["s"], "~"))
    stakeholders = {
        iri: Stakeholder(
            iri, *_pick(labels, iri), stakeholder_type.get(iri, ""), tuple(sorted(cities_of))
        )
        for iri, cities_of in sorted(stakeholder_cities.items())
    }

    dates = [
        row["d"]
        for row in _rows(store, "SELECT ?d WHERE { ?doc a sdgkg:PlanDocument ; dcterms:issued ?d }")
    ]
    graphs = tuple(
        sorted(
            row["g"]
            for row in _rows(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
            if row["g"] != ANALYSIS_GRAPH  # our own output is not an input
        )
    )
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
    )
