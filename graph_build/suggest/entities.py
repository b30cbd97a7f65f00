"""The entities that get suggestions, with the words the method reads.

Initiatives (model projects are initiatives flagged as such), actions, example initiatives,
policies and KPIs: every kind of entity at which the plans do the work, and for which they
seldom print a target. Only each entity's own names and descriptions are read, never its
SDG targets nor those of the area or KPI table it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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
    """An entity and its own words."""

    iri: str
    city: str
    kind: str
    slug: str
    ja: str
    en: str
    text_ja: str
    text_en: str
    model_project: bool = False


def _labelled(city: str, kind: str, rec: Labelled, slug: str, model: bool = False) -> TextEntity:
    ja = [rec.ja, *(alt.ja for alt in rec.alt_names), rec.description_ja or ""]
    en = [rec.en, rec.description_en or ""]
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
    )


def text_entities(city: CityRecords) -> Iterator[TextEntity]:
    """Every suggestible entity of a municipality, in document and record order."""
    for doc in city.documents:
        records = doc.records
        for ini in records.initiatives:
            yield _labelled(city.id, "initiative", ini, ini.id, ini.model_project)
        for kpi in records.kpis:
            yield _labelled(city.id, "kpi", kpi, kpi.id)
        for policy in records.policies:
            yield _labelled(city.id, "policy", policy, policy.id)
        for goal in records.specific_goals:
            goal_slug = specific_goal_slug(goal.area, goal.number)
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
                )
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
                    )
