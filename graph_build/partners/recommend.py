"""One entry point: candidate partners for an initiative, an SDG target or an organisation."""

from __future__ import annotations

import pyoxigraph as ox

from graph_build.partners.evidence import PartnerGraph, load_partner_graph
from graph_build.partners.scoring import (
    Recommendation,
    Subject,
    SubjectError,
    initiative_subject,
    organisation_subject,
    rank_candidates,
    target_subject,
)

DEFAULT_TOP = 10


def subject_of(
    graph: PartnerGraph,
    initiative: str | None = None,
    target: str | None = None,
    organisation: str | None = None,
) -> Subject:
    """The subject named by exactly one of the three."""
    given = [x for x in (initiative, target, organisation) if x]
    if len(given) != 1:
        raise SubjectError("give exactly one of --initiative IRI, --target CODE, --organisation ID")
    if initiative:
        return initiative_subject(graph, initiative)
    if target:
        return target_subject(target)
    return organisation_subject(graph, str(organisation))


def recommend(
    store: ox.Store,
    *,
    initiative: str | None = None,
    target: str | None = None,
    organisation: str | None = None,
    city: str | None = None,
    top: int | None = DEFAULT_TOP,
) -> list[Recommendation]:
    """Ranked candidate partners from a built store (see :mod:`graph_build.partners.scoring`)."""
    graph = load_partner_graph(store)
    return rank_candidates(graph, subject_of(graph, initiative, target, organisation), city, top)
