"""Curators' reviews of suggestions (``data/<city>/sdg-reviews.yaml``).

A review accepts or rejects one target for one entity. Accepted targets become curated links
(``sdgkg:CuratedSdgLink``, in their own named graph, with the reviewer and note as provenance),
distinct both from what the documents print and from what the method suggests; reviewed targets,
accepted or rejected, are not suggested again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph_build.emit.ntriples import iri_text
from graph_build.emit.terms import DCTERMS, RDF, SDGKG, SKOS, XSD, literal, typed_literal
from graph_build.errors import InputError, Problem
from graph_build.iris import curated_link_iri_value, entity_iri_value, sdg_iri_value
from graph_build.records.model import SdgReview
from graph_build.records.sources import RECORD_GUIDE, CityRecords
from graph_build.sdg.framework import goal_of, load_framework
from graph_build.suggest.entities import TextEntity

Triple = tuple[str, str, str]


@dataclass
class Decisions:
    """Reviews by entity IRI: every reviewed target, and the accepted reviews."""

    reviewed: dict[str, set[str]] = field(default_factory=dict)
    accepted: list[tuple[TextEntity, SdgReview]] = field(default_factory=list)

    def excluded(self, entity_iri: str) -> set[str]:
        """Targets not to suggest again for an entity."""
        return self.reviewed.get(entity_iri, set())


def _fault(review: SdgReview, iri: str, known: set[str], seen: set[str]) -> tuple[str, str] | None:
    """What is wrong with one review, and how to fix it; ``None`` when it is sound."""
    kind, slug = review.entity.split("/", 1)
    if iri not in known:
        return (
            f"no {kind} '{slug}' in this municipality's records",
            "use the kind and id of the entity's IRI, as `sdgkg suggest` lists it",
        )
    if review.target not in load_framework().targets:
        return (
            f"'{review.target}' is not an SDG target",
            f"write a target code such as 11.2 (see {RECORD_GUIDE})",
        )
    if review.target in seen:
        return (
            f"target {review.target} of {review.entity} is reviewed twice",
            "keep one decision per entity and target",
        )
    return None


def read_decisions(cities: Iterable[CityRecords], entities: Iterable[TextEntity]) -> Decisions:
    """Check every review file against the entities and the framework; raise on any problem."""
    by_iri = {e.iri: e for e in entities}
    known = set(by_iri)
    decisions = Decisions()
    problems: list[Problem] = []
    for city in cities:
        if city.reviews is None or city.reviews_located is None:
            continue
        located = city.reviews_located
        for i, review in enumerate(city.reviews.reviews):
            iri = entity_iri_value(city.id, *review.entity.split("/", 1))
            seen = decisions.reviewed.setdefault(iri, set())
            fault = _fault(review, iri, known, seen)
            if fault is not None:
                line = located.line_of(("reviews", i))
                problems.append(
                    Problem(located.path, fault[0], line, review.entity, None, fault[1])
                )
                continue
            seen.add(review.target)
            if review.decision == "accept":
                decisions.accepted.append((by_iri[iri], review))
    if problems:
        raise InputError(problems)
    return decisions


def curated_link_triples(accepted: Iterable[tuple[TextEntity, SdgReview]]) -> list[Triple]:
    """Curated links for accepted reviews, with reviewer and note as their provenance."""
    triples: list[Triple] = []
    for entity, review in accepted:
        node = iri_text(curated_link_iri_value(entity.iri, review.target))
        code = review.target
        triples += [
            (node, RDF.type, SDGKG.CuratedSdgLink),
            (
                node,
                SKOS.prefLabel,
                literal(f"{entity.ja} → ターゲット{code}（作成者が承認）", "ja"),
            ),
            (node, SKOS.prefLabel, literal(f"{entity.en} → target {code} (curated)", "en")),
            (node, SDGKG.curatedFor, iri_text(entity.iri)),
            (node, SDGKG.suggestedTarget, iri_text(sdg_iri_value(code))),
            (node, SDGKG.suggestedGoal, iri_text(sdg_iri_value(goal_of(code)))),
            (node, SDGKG.reviewer, literal(review.reviewer)),
            (node, SKOS.note, literal(review.note, review.note_lang)),
        ]
        if review.date:
            datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(review.date)]
            triples.append((node, DCTERMS.date, typed_literal(review.date, datatype)))
    return triples
