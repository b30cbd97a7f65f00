"""Linkage layers, dimension matrices, stakeholder bridges and city comparison on a hand-made
plan whose answers are counted by hand."""

from __future__ import annotations

from graph_build.analysis.compare import compare_cities
from graph_build.analysis.dimensions import block_matrices, economy_environment
from graph_build.analysis.layers import (
    AREA,
    COREFERENCE,
    GOAL,
    RELISTING,
    STATEMENT,
    TARGET,
    build_layers,
)
from graph_build.analysis.plan_data import (
    Area,
    Carrier,
    City,
    Dimension,
    Labelled,
    Placement,
    PlanData,
    Scheme,
    Stakeholder,
    Statement,
)
from graph_build.analysis.stakeholders import bridges, stakeholder_ties

EX = "https://example.org/"


def scheme(
    key: str, dims: dict[str, tuple[str, ...]], maps: dict[str, str] | None = None
) -> Scheme:
    return Scheme(
        iri=f"{EX}dimension/{key}",
        ja=key,
        en=key,
        key=key,
        dimensions=tuple(
            Dimension(
                f"{EX}dimension/{key}/{d}", d, d, key, d, n, frozenset(goals), (maps or {}).get(d)
            )
            for n, (d, goals) in enumerate(dims.items(), start=1)
        ),
    )


def area(iri: str, city: str, number: int, targets: set[str], aspects: set[str]) -> Area:
    return Area(
        EX + iri,
        iri,
        iri,
        city,
        "direction",
        number,
        frozenset(targets),
        frozenset(),
        frozenset(aspects),
        frozenset(),
    )


def carrier(
    iri: str,
    city: str,
    kind: str,
    targets: set[str] = frozenset(),  # type: ignore[assignment]
    areas: tuple[str, ...] = (),
    relisted: tuple[str, ...] = (),
    stakeholders: tuple[str, ...] = (),
    aspects: set[str] = frozenset(),  # type: ignore[assignment]
) -> Carrier:
    return Carrier(
        EX + iri,
        iri,
        iri,
        city,
        kind,
        frozenset(targets),
        frozenset(),
        frozenset(aspects),
        tuple(EX + a for a in areas),
        tuple(Placement(EX + a, a in relisted) for a in areas),
        tuple(EX + s for s in stakeholders),
    )


def plan() -> PlanData:
    """Two cities.

    Town: direction D1 prints 12.1 and 13.2 (aspect environment), D2 prints 9.2 (economy).
    KPI block X states 8.1 and 13.1. Initiative I, under D1, states 9.1 and involves partner P.
    Initiative J is listed under D1 and re-listed under D2, involving P and Q.
    Village: block Y states 13.1 and 11.1; initiative K states the same two targets itself;
    one synergy statement economy × environment. X serves no direction, so no initiative
    inherits its list.
    """
    areas = [
        area("d1", "town", 1, {"12.1", "13.2"}, {"environment"}),
        area("d2", "town", 2, {"9.2"}, {"economy"}),
    ]
    carriers = [
        carrier("x", "town", "kpi-block", {"8.1", "13.1"}),
        carrier("i", "town", "initiative", {"9.1"}, ("d1",), stakeholders=("p",)),
        carrier("j", "town", "initiative", set(), ("d1", "d2"), ("d2",), ("p", "q")),
        carrier("y", "village", "kpi-block", {"13.1", "11.1"}),
        carrier("k", "village", "initiative", {"13.1", "11.1"}),
    ]
    by_iri = {c.iri: c for c in carriers}
    for a in areas:
        by_iri[a.iri] = Carrier(
            a.iri, a.ja, a.en, a.city, "direction", a.targets, a.goals, a.all_aspects, (a.iri,)
        )
    targets = {c: Labelled(c, c, c) for c in ("8.1", "9.1", "9.2", "11.1", "12.1", "13.1", "13.2")}
    return PlanData(
        cities={c: City(EX + c, c, c, c) for c in ("town", "village")},
        goals={g: Labelled(g, g, g) for g in ("8", "9", "11", "12", "13")},
        targets=targets,
        target_goal={c: c.split(".")[0] for c in targets},
        schemes={
            "wedding-cake": scheme(
                "wedding-cake",
                {"economy": ("8", "9", "12"), "society": ("11",), "environment": ("13",)},
            ),
            "five-ps": scheme(
                "five-ps",
                {"people": (), "planet": ("12", "13"), "prosperity": ("8", "9", "11")},
                {"planet": "environment", "prosperity": "economy", "people": "society"},
            ),
            "future-city": scheme("future-city", {"economy": (), "society": (), "environment": ()}),
        },
        areas={a.iri: a for a in areas},
        carriers=dict(sorted(by_iri.items())),
        statements={EX + "s": Statement(EX + "s", "s", "s", "village", ("economy", "environment"))},
        stakeholders={
            EX + "p": Stakeholder(EX + "p", "p", "p", "university", ("town",)),
            EX + "q": Stakeholder(EX + "q", "q", "q", "npo", ("town", "village")),
        },
        data_date="2024",
    )


def weights(
    layers: object, layer: str, level: str, city: str
) -> dict[tuple[str, str], tuple[float, int, bool]]:
    from graph_build.analysis.layers import Layers

    assert isinstance(layers, Layers)
    return {
        (x.source, x.target): (x.weight, x.stated_weight, x.inferred)
        for x in layers.select(layer, level, city)
    }


def test_coreference_targets_count_initiatives_and_mark_direction_only_links() -> None:
    # Initiatives are the only carriers: X and D1 are printed lists, not carriers.
    # I states 9.1 and inherits 12.1, 13.2 from D1: 9.1–12.1, 9.1–13.2, 12.1–13.2 (via D1).
    # J inherits 12.1, 13.2 (D1) and 9.2 (D2): 9.2–12.1, 9.2–13.2, 12.1–13.2 (via directions).
    layers = build_layers(plan(), ["town", "village"])
    assert weights(layers, COREFERENCE, TARGET, "town") == {
        ("9.1", "12.1"): (1, 0, True),
        ("9.1", "13.2"): (1, 0, True),
        ("9.2", "12.1"): (1, 0, True),
        ("9.2", "13.2"): (1, 0, True),
        ("12.1", "13.2"): (2, 0, True),  # I and J, both via D1
    }
    evidence = {
        e.carrier: e.inferred
        for x in layers.select(COREFERENCE, TARGET, "town")
        if (x.source, x.target) == ("12.1", "13.2")
        for e in x.evidence
    }
    assert evidence == {EX + "i": True, EX + "j": True}
    # all cities: K states 11.1–13.1 in the village
    union = weights(layers, COREFERENCE, TARGET, "all")
    assert union[("11.1", "13.1")] == (1, 1, False) and union[("12.1", "13.2")][0] == 2


def test_coreference_goals_aggregate_targets() -> None:
    # I: 9 stated, 12, 13 via D1 → 9–12, 9–13, 12–13 inferred.
    # J: 9 (D2), 12, 13 (D1), all via directions.
    layers = build_layers(plan(), ["town"])
    assert weights(layers, COREFERENCE, GOAL, "town") == {
        ("9", "12"): (2, 0, True),
        ("9", "13"): (2, 0, True),
        ("12", "13"): (2, 0, True),
    }
    assert layers.select(COREFERENCE, GOAL, "all") == []  # one city: no union view


def test_stated_only_drops_direction_only_carriers() -> None:
    for layers in (
        build_layers(plan(), ["town", "village"], include_inferred=False),
        build_layers(plan(), ["town", "village"], rule="stated"),
    ):
        assert layers.rule == "stated"
        assert weights(layers, COREFERENCE, TARGET, "town") == {}  # I states one target only
        assert weights(layers, COREFERENCE, TARGET, "village") == {("11.1", "13.1"): (1, 1, False)}


def _with_tables() -> PlanData:
    """The plan, plus KPI table Z under D1 repeating D1's list (12.1, 13.2) and W under D2
    printing 8.1, which D2 does not."""
    data = plan()
    for table in (
        carrier("z", "town", "kpi-block", {"12.1", "13.2"}, ("d1",)),
        carrier("w", "town", "kpi-block", {"8.1"}, ("d2",)),
    ):
        data.carriers[table.iri] = table
    return data


def test_a_printed_list_counts_once_and_tables_follow_the_rule() -> None:
    # direction: I {9.1; 12.1, 13.2}, J {12.1, 13.2, 9.2}: Z repeats D1 and adds nothing.
    direction = weights(
        build_layers(_with_tables(), ["town"], rule="direction"), COREFERENCE, TARGET, "town"
    )
    assert direction == weights(build_layers(plan(), ["town"]), COREFERENCE, TARGET, "town")
    # direction+table: J also inherits W's 8.1; 12.1–13.2 stays 2 (I and J), not 4
    both = weights(build_layers(_with_tables(), ["town"]), COREFERENCE, TARGET, "town")
    assert both == {
        **direction,
        ("8.1", "9.2"): (1, 0, True),
        ("8.1", "12.1"): (1, 0, True),
        ("8.1", "13.2"): (1, 0, True),
    }
    assert both[("12.1", "13.2")] == (2, 0, True)


def test_relisting_links_areas_and_their_goals() -> None:
    # J is listed under D1 and D2: D1–D2 (1 initiative); goals of D1 {12, 13} × D2 {9}.
    layers = build_layers(plan(), ["town"])
    assert weights(layers, RELISTING, AREA, "town") == {(EX + "d1", EX + "d2"): (1, 1, False)}
    assert weights(layers, RELISTING, GOAL, "town") == {
        ("9", "12"): (1, 0, True),
        ("9", "13"): (1, 0, True),
    }


def test_block_matrices_by_hand() -> None:
    # Wedding cake, goal co-reference in town: 9–12 (2) econ–econ,
    # 9–13 (2) econ–env, 12–13 (2) econ–env → econ–env 4, econ–econ 2.
    # Future City, re-listing: D1 (environment) – D2 (economy): economy–environment 1.
    # Village statement: economy–environment 1.
    data = plan()
    layers = build_layers(data, ["town", "village"])
    matrices = block_matrices(data, layers, ["wedding-cake", "five-ps", "future-city"])
    cells = {(m.city, m.scheme, m.layer): m for m in matrices}
    wc = cells[("town", "wedding-cake", COREFERENCE)]
    assert wc.weight("economy", "environment") == 4
    assert wc.weight("environment", "economy") == 4
    assert wc.weight("economy", "economy") == 2
    assert wc.total() == 6
    five = cells[("town", "five-ps", COREFERENCE)]
    pair = economy_environment(data.schemes["five-ps"])
    assert pair == ("prosperity", "planet")
    # 9–13, 9–12 are prosperity–planet (2 + 2); 12–13 is planet–planet (2)
    assert five.weight(*pair) == 4 and five.weight("planet", "planet") == 2
    assert cells[("town", "future-city", RELISTING)].weight("economy", "environment") == 1
    assert cells[("village", "future-city", STATEMENT)].weight("economy", "environment") == 1
    assert ("town", "future-city", COREFERENCE) not in cells


def test_stakeholders_bridge_dimensions() -> None:
    # P works on I (goals 9 stated; 12, 13 via D1) and J (9, 12, 13 via directions):
    # wedding cake economy + environment. Q works on J only: the same two dimensions.
    # Future City: I has no aspect of its own → D1's environment (inferred); J → D1 + D2.
    data = plan()
    ties = stakeholder_ties(data, ("town", "village"))
    goal_ties = {(t.stakeholder, t.node): (t.weight, t.inferred) for t in ties if t.kind == "goal"}
    assert goal_ties[(EX + "p", "9")] == (2, False)  # I states a target of goal 9
    assert goal_ties[(EX + "q", "13")] == (1, True)
    found = {
        (b.stakeholder, b.scheme): b for b in bridges(data, ties, ["wedding-cake", "future-city"])
    }
    assert found[(EX + "p", "wedding-cake")].dimensions == ("economy", "environment")
    assert found[(EX + "p", "wedding-cake")].bridges
    assert found[(EX + "q", "future-city")].dimensions == ("economy", "environment")


def test_city_similarity_by_hand() -> None:
    # town targets: 8.1 9.1 9.2 12.1 13.1 13.2; village: 11.1 13.1 → shared {13.1}, union 7.
    # goals: town 8 9 12 13, village 11 13 → shared {13}, union 5.
    # stakeholders: town {p, q}, village {q} → Jaccard 1/2.
    data = plan()
    similarity, differences = compare_cities(data, build_layers(data, ["town", "village"]))
    s = similarity[0]
    assert s.shared_targets == ("13.1",) and s.jaccard_targets == 1 / 7
    assert s.shared_goals == ("13",) and s.jaccard_goals == 1 / 5
    assert s.jaccard_stakeholders == 0.5
    where = {(d.source, d.target): d.where for d in differences}
    assert where[("11", "13")] == "only village" and where[("9", "13")] == "only town"


def test_limiting_views_keeps_the_union_and_the_chosen_cities() -> None:
    layers = build_layers(plan(), ["town", "village"])
    union = weights(layers, COREFERENCE, TARGET, "all")
    village = weights(layers, COREFERENCE, TARGET, "village")
    assert weights(layers, COREFERENCE, TARGET, "town")  # the select index is built here
    layers.limit_views(["village"])
    assert layers.detailed_cities == ("village",)
    views = layers.views()
    assert ("coreference", TARGET, "all") in views and ("coreference", TARGET, "village") in views
    assert not [v for v in views if v[2] == "town"]
    assert not [v for v in views if v[2] == "all" and v[1] == AREA]
    assert layers.select(COREFERENCE, TARGET, "town") == []
    assert weights(layers, COREFERENCE, TARGET, "village") == village
    assert weights(layers, COREFERENCE, TARGET, "all") == union


def test_large_corpora_are_analysed_as_a_whole_unless_cities_are_named() -> None:
    from graph_build.analysis.compute import DETAIL_LIMIT
    from graph_build.analysis.run import resolve_options

    def options(n: int, named: list[str]) -> tuple[str, ...]:
        cities = [f"c{i:03d}" for i in range(n)]
        chosen = resolve_options(cities, ["five-ps"], named, None, None, "2024", 1, False, None)
        return chosen.detailed

    assert options(DETAIL_LIMIT, []) == tuple(f"c{i:03d}" for i in range(DETAIL_LIMIT))
    assert options(DETAIL_LIMIT + 1, []) == ()
    assert options(DETAIL_LIMIT + 1, ["c005", "c001"]) == ("c001", "c005")
