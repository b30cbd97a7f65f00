"""Thematic areas and what hangs under them: directions, specific goals → actions → examples,
issue-area policies and goals, and vision themes."""

from __future__ import annotations

from graph_build.emit.common import (
    Context,
    add_alt_labels,
    add_entity,
    add_record,
    add_sdg_links,
    aspect_iri,
)
from graph_build.emit.terms import RDF, SDGKG, literal
from graph_build.iris import action_slug, example_slug, specific_goal_slug
from graph_build.records.model import Area, DocumentRecords, SpecificGoal

AREA_CLASSES = {
    "direction": SDGKG.LocalDirection,
    "partnership": SDGKG.PartnershipArea,
    "issue-area": SDGKG.IssueArea,
}


def area_triples(ctx: Context, area: Area) -> str:
    """A direction, partnership block or issue area."""
    iri = ctx.iri("area", area.id)
    add_record(ctx, iri, AREA_CLASSES[area.kind], area)
    ctx.add(iri, RDF.type, SDGKG.ThematicArea)
    add_alt_labels(ctx, iri, area.alt_ja)
    if area.number is not None:
        ctx.add(iri, SDGKG.number, literal(area.number))
    if area.aspect:
        ctx.add(iri, SDGKG.aspect, aspect_iri(area.aspect))
    add_sdg_links(ctx, iri, area.sdg_targets)
    return iri


def specific_goal_triples(ctx: Context, goal: SpecificGoal) -> None:
    """A specific goal with its numbered actions and their marked example initiatives."""
    goal_slug = specific_goal_slug(goal.area, goal.number)
    goal_iri = ctx.iri("specific-goal", goal_slug)
    add_entity(ctx, goal_iri, SDGKG.SpecificGoal, goal.ja, goal.en, goal.source)
    ctx.add(goal_iri, SDGKG.number, literal(goal.number))
    ctx.add(goal_iri, SDGKG.underArea, ctx.iri("area", goal.area))
    for action in goal.actions:
        slug = action_slug(goal_slug, action.number)
        action_iri = ctx.iri("action", slug)
        add_entity(ctx, action_iri, SDGKG.Action, action.ja, action.en, action.source)
        ctx.add(action_iri, SDGKG.number, literal(action.number))
        ctx.add(action_iri, SDGKG.forSpecificGoal, goal_iri)
        for position, example in enumerate(action.examples, start=1):
            ex_iri = ctx.iri("example", example_slug(slug, position))
            add_entity(
                ctx,
                ex_iri,
                SDGKG.ExampleInitiative,
                example.ja,
                example.en,
                example.source or action.source,
            )
            ctx.add(ex_iri, SDGKG.number, literal(position))
            ctx.add(ex_iri, SDGKG.marker, literal(example.marker))
            ctx.add(ex_iri, SDGKG.isRelisting, literal(example.relisted))
            ctx.add(ex_iri, SDGKG.exampleOf, action_iri)


def areas_of_document(ctx: Context, records: DocumentRecords) -> None:
    """Areas, specific goals, policies, issue-area goals and themes of a document."""
    for area in records.areas:
        area_triples(ctx, area)
    for goal in records.specific_goals:
        specific_goal_triples(ctx, goal)
    for policy in records.policies:
        iri = ctx.iri("policy", policy.id)
        add_record(ctx, iri, SDGKG.Policy, policy)
        ctx.add(iri, SDGKG.underArea, ctx.iri("area", policy.area))
    for local_goal in records.local_goals:
        iri = ctx.iri("goal", local_goal.id)
        add_record(ctx, iri, SDGKG.IssueAreaGoal, local_goal)
        ctx.add(iri, SDGKG.underArea, ctx.iri("area", local_goal.area))
    for theme in records.themes:
        iri = ctx.iri("theme", theme.id)
        cls = SDGKG.Theme if theme.kind == "theme" else SDGKG.Engine
        add_record(ctx, iri, cls, theme)
        if theme.keyword:
            ctx.add(iri, SDGKG.keyword, literal(theme.keyword))
        ctx.add(iri, RDF.type, SDGKG.PlanTheme)
