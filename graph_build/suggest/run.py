"""The suggestion stage of the build: records and reviews in, the suggestions graph (and the
curated links of accepted reviews) out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Set

from graph_build.iris import CURATED_LINKS_GRAPH
from graph_build.records.sources import CityRecords
from graph_build.suggest.entities import TextEntity, text_entities
from graph_build.suggest.graph import GraphBytes, graph_bytes, suggestion_triples
from graph_build.suggest.method import Suggestion, TargetRanker, default_ranker
from graph_build.suggest.reviews import Decisions, curated_link_triples, read_decisions


def rank_entity(
    ranker: TargetRanker, entity: TextEntity, exclude: Set[str] = frozenset()
) -> list[Suggestion]:
    """The ranked targets of one entity, from its own words and its context's."""
    return ranker.rank(
        entity.text_ja, entity.text_en, exclude, entity.context_ja, entity.context_en
    )


def rank_entities(
    cities: Iterable[CityRecords],
    ranker: TargetRanker | None = None,
    decisions: Decisions | None = None,
) -> Iterator[tuple[TextEntity, list[Suggestion]]]:
    """Every suggestible entity of ``cities`` with its ranked targets, sorted by entity IRI;
    targets a curator reviewed (``decisions``) are not suggested again."""
    ranker = ranker or default_ranker()
    entities = sorted((e for city in cities for e in text_entities(city)), key=lambda e: e.iri)
    for entity in entities:
        exclude = decisions.excluded(entity.iri) if decisions else frozenset()
        yield entity, rank_entity(ranker, entity, exclude)


def suggestion_graphs(
    cities: list[CityRecords], on_start: Callable[[str], None] | None = None
) -> list[GraphBytes]:
    """The named graph of suggestions for the records of ``cities``."""
    if on_start is not None:
        on_start("suggesting SDG targets")
    ranker = default_ranker()
    decisions = read_decisions(cities, (e for city in cities for e in text_entities(city)))
    graphs = [graph_bytes(suggestion_triples(rank_entities(cities, ranker, decisions), ranker))]
    if decisions.accepted:
        curated = curated_link_triples(sorted(decisions.accepted, key=lambda a: a[0].iri))
        graphs.append(graph_bytes(curated, str(CURATED_LINKS_GRAPH)))
    return graphs
