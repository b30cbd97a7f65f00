"""The suggestion stage of the build: records in, the suggestions graph out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from graph_build.records.sources import CityRecords
from graph_build.suggest.entities import TextEntity, text_entities
from graph_build.suggest.graph import GraphBytes, graph_bytes, suggestion_triples
from graph_build.suggest.method import Suggestion, TargetRanker, default_ranker


def rank_entities(
    cities: Iterable[CityRecords], ranker: TargetRanker | None = None
) -> Iterator[tuple[TextEntity, list[Suggestion]]]:
    """Every suggestible entity of ``cities`` with its ranked targets, sorted by entity IRI."""
    ranker = ranker or default_ranker()
    entities = sorted((e for city in cities for e in text_entities(city)), key=lambda e: e.iri)
    for entity in entities:
        yield entity, ranker.rank(entity.text_ja, entity.text_en)


def suggestion_graphs(
    cities: list[CityRecords], on_start: Callable[[str], None] | None = None
) -> list[GraphBytes]:
    """The named graph of suggestions for the records of ``cities``."""
    if on_start is not None:
        on_start("suggesting SDG targets")
    ranker = default_ranker()
    return [graph_bytes(suggestion_triples(rank_entities(cities, ranker), ranker))]
