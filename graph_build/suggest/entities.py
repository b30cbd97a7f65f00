"""The entities that get suggestions, with the words the method reads.

Initiatives (model projects are initiatives flagged as such), actions, example initiatives,
policies and KPIs: every kind of entity at which the plans do the work, and for which they
seldom print a target. Each entity brings its own names and descriptions, and the words of its
place in the plan (its context): the name and description of the direction or issue area it is
placed under, and the names of the other initiatives, KPIs and specific goals placed there; a KPI
takes the areas its KPI table serves, an action or example its specific goal and area. The SDG
targets and goals any record prints are never read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graph_build.iris import action_slug, entity_iri_value, example_slug, specific_goal_slug
from graph_build.records.model import Labelled
from graph_build.records.sources import CityRecords

# Entity kind (the IRI path segment) and the ontology class it is written as.
SUGGESTED_KINDS = {
    "initiative": "Initiative",
    "action": "Action",
    "example": "ExampleInitiative",
    "policy": "Policy",
    "kpi": "KPI",
}


@dataclass(frozen=True)
class TextEntity:
    """An entity, its own words and the words of its place in the plan."""

    iri: str
    city: str
    kind: str
    slug: str
    ja: str
    en: str
    text_ja: str
    text_en: str
    model_project: bool = False
    context_ja: str = ""
    context_en: str = ""
    areas: tuple[str, ...] = ()


@dataclass
class _Words:
    """Japanese and English lines, each kept once, in first-seen order."""

    ja: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)

    def add(self, ja: Iterable[str | None], en: Iterable[str | None]) -> None:
        self.ja += [t for t in ja if t and t not in self.ja]
        self.en += [t for t in en if t and t not in self.en]


def _own(rec: Labelled) -> tuple[list[str | None], list[str | None]]:
    return [rec.ja, *(alt.ja for alt in rec.alt_names), rec.description_ja], [
        rec.en,
        rec.description_en,
    ]


@dataclass
class _Context:
    """Per area of one municipality: its own words, and its members' words by member key."""

    area: dict[str, _Words] = field(default_factory=dict)
    members: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    def member(self, area: str, key: str, ja: str, en: str) -> None:
        self.members.setdefault(area, {}).setdefault(key, (ja, en))

    def of(self, areas: Iterable[str], key: str, extra: _Words | None = None) -> tuple[str, str]:
        """Context text of an entity placed under ``areas`` (the entity ``key`` left out)."""
        words = _Words()
        if extra is not None:
            words.add(extra.ja, extra.en)
        for area in areas:
            own = self.area.get(area, _Words())
            words.add(own.ja, own.en)
            for other, (ja, en) in sorted(self.members.get(area, {}).items()):
                if other != key:
                    words.add([ja], [en])
        return "\n".join(words.ja), "\n".join(words.en)


def _context(city: CityRecords) -> _Context:
    ctx = _Context()
    kpis = city.kpis()
    for doc in city.documents:
        rec = doc.records
        for area in rec.areas:
            ja, en = _own(area)
            ctx.area.setdefault(area.id, _Words()).add([*ja, *area.alt_ja], en)
        for ini in rec.initiatives:
            for p in ini.placements:
                ctx.member(p.area, f"initiative/{ini.id}", ini.ja, ini.en)
        for block in rec.kpi_blocks:
            for served in block.areas:
                for kpi in block.kpis:
                    ctx.member(served, f"kpi/{kpi}", kpis[kpi][0].ja, kpis[kpi][0].en)
        for policy in rec.policies:
            ctx.member(policy.area, f"policy/{policy.id}", policy.ja, policy.en)
        for goal in rec.specific_goals:
            slug = specific_goal_slug(goal.area, goal.number)
            ctx.member(goal.area, f"specific-goal/{slug}", goal.ja, goal.en)
    return ctx


def _kpi_areas(city: CityRecords) -> dict[str, list[str]]:
    areas: dict[str, list[str]] = {}
    for doc in city.documents:
        for block in doc.records.kpi_blocks:
            for kpi in block.kpis:
                found = areas.setdefault(kpi, [])
                found += [a for a in block.areas if a not in found]
    return areas


def _labelled(
    city: str,
    kind: str,
    rec: Labelled,
    slug: str,
    context: tuple[str, str],
    areas: Iterable[str],
    model: bool = False,
) -> TextEntity:
    ja, en = _own(rec)
    return TextEntity(
        iri=entity_iri_value(city, kind, slug),
        city=city,
        kind=kind,
        slug=slug,
        ja=rec.ja,
        en=rec.en,
        text_ja="\n".join(t for t in ja if t),
        text_en="\n".join(t for t in en if t),
        model_project=model,
        context_ja=context[0],
        context_en=context[1],
        areas=tuple(areas),
    )


def text_entities(city: CityRecords) -> Iterator[TextEntity]:
    """Every suggestible entity of a municipality, in document and record order."""
    ctx = _context(city)
    kpi_areas = _kpi_areas(city)
    for doc in city.documents:
        records = doc.records
        for ini in records.initiatives:
            areas = list(dict.fromkeys(p.area for p in ini.placements))
            key = f"initiative/{ini.id}"
            yield _labelled(
                city.id, "initiative", ini, ini.id, ctx.of(areas, key), areas, ini.model_project
            )
        for kpi in records.kpis:
            areas = kpi_areas.get(kpi.id, [])
            yield _labelled(city.id, "kpi", kpi, kpi.id, ctx.of(areas, f"kpi/{kpi.id}"), areas)
        for policy in records.policies:
            key = f"policy/{policy.id}"
            yield _labelled(
                city.id, "policy", policy, policy.id, ctx.of([policy.area], key), [policy.area]
            )
        for goal in records.specific_goals:
            goal_slug = specific_goal_slug(goal.area, goal.number)
            goal_words = _Words()
            goal_words.add([goal.ja], [goal.en])
            goal_context = ctx.of([goal.area], f"specific-goal/{goal_slug}", goal_words)
            for action in goal.actions:
                slug = action_slug(goal_slug, action.number)
                yield TextEntity(
                    entity_iri_value(city.id, "action", slug),
                    city.id,
                    "action",
                    slug,
                    action.ja,
                    action.en,
                    action.ja,
                    action.en,
                    context_ja=goal_context[0],
                    context_en=goal_context[1],
                    areas=(goal.area,),
                )
                action_words = _Words()
                action_words.add([action.ja, goal.ja], [action.en, goal.en])
                action_context = ctx.of([goal.area], f"specific-goal/{goal_slug}", action_words)
                for position, example in enumerate(action.examples, start=1):
                    ex = example_slug(slug, position)
                    yield TextEntity(
                        entity_iri_value(city.id, "example", ex),
                        city.id,
                        "example",
                        ex,
                        example.ja,
                        example.en,
                        example.ja,
                        example.en,
                        context_ja=action_context[0],
                        context_en=action_context[1],
                        areas=(goal.area,),
                    )
