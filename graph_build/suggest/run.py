"""The suggestion stage of the build: records and reviews in, the suggestions graph (and the
curated links of accepted reviews) out.

A corpus of thousands of municipalities has millions of suggestions, more statements than the
plans themselves, so the graph is never held whole. Each municipality's suggestions are ranked
and sorted on their own (in parallel processes for a large corpus) and written as one block.
Every suggestion's IRI lies below its entity's, ``…/id/<city>/…``, so a municipality's lines are
neighbours in the sorted graph: blocks written in the order of those prefixes, with the
method's activity node in its place among them, are byte for byte the sorted whole graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Set

from graph_build.emit.ntriples import as_quad_lines, quad_block_lines, sorted_lines
from graph_build.errors import InputError, Problem, SdgkgError
from graph_build.iris import CURATED_LINKS_GRAPH, SUGGESTIONS_GRAPH, municipality_iri_value
from graph_build.parallel import PARALLEL_ABOVE_CITIES, ordered_map, workers_for
from graph_build.records.sources import CityRecords
from graph_build.suggest.earlier import CityBlocks, EarlierSuggestions
from graph_build.suggest.entities import TextEntity, text_entities
from graph_build.suggest.graph import (
    GraphBytes,
    activity_triples,
    entity_suggestion_triples,
    graph_bytes,
    suggestion_triples,
)
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


def check_reviews(cities: Iterable[CityRecords]) -> None:
    """Check every municipality's review file; raise :class:`InputError` with all problems."""
    problems: list[Problem] = []
    for city in cities:
        if city.reviews is None:
            continue
        try:
            read_decisions([city], text_entities(city))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)


def city_prefix(city: str) -> str:
    """How every suggestion line of a municipality begins: ``<…/id/<city>/``."""
    return f"<{municipality_iri_value(city)}/"


def city_lines(city: CityRecords) -> tuple[list[str], list[str]]:
    """One municipality's suggestion lines and curated-link lines, each sorted (N-Triples)."""
    ranker = default_ranker()
    decisions = read_decisions([city], text_entities(city))
    activity, _ = activity_triples(ranker)
    ranked = rank_entities([city], ranker, decisions)
    lines = sorted_lines(entity_suggestion_triples(ranked, activity))
    prefix = city_prefix(city.id)
    stray = next((line for line in lines if not line.startswith(prefix)), None)
    if stray is not None:
        raise SdgkgError(f"a suggestion of {city.id} lies outside {prefix}…>: {stray.strip()}")
    accepted = sorted(decisions.accepted, key=lambda a: a[0].iri)
    return lines, sorted_lines(curated_link_triples(accepted))


def city_blocks(city: CityRecords) -> CityBlocks:
    """One municipality's suggestions and curated links as N-Quads blocks (made here, so that
    worker processes do the formatting)."""
    lines, links = city_lines(city)
    return CityBlocks(
        _block(lines, str(SUGGESTIONS_GRAPH)) if lines else None,
        _block(links, str(CURATED_LINKS_GRAPH)) if links else None,
    )


def _per_city(
    cities: list[CityRecords], workers: int, earlier: EarlierSuggestions | None = None
) -> Iterator[CityBlocks]:
    """Each municipality's blocks in order: read back from the earlier build when its folder is
    unchanged, else ranked (in ``workers`` processes)."""
    if earlier is None:
        yield from ordered_map(city_blocks, cities, workers)
        return
    kept = [earlier.unchanged(city.id) for city in cities]
    changed = [city for city, keep in zip(cities, kept, strict=True) if not keep]
    ranked = ordered_map(city_blocks, changed, workers)
    for city, keep in zip(cities, kept, strict=True):
        found = earlier.blocks_of(city.id) if keep else None
        if found is not None:
            yield found
        elif keep:  # its bytes in the earlier dump changed: rank it here
            yield city_blocks(city)
        else:
            yield next(ranked)


def _block(lines: list[str], graph: str) -> GraphBytes:
    return graph, "".join(as_quad_lines(lines, graph)).encode("utf-8"), len(lines)


def suggestion_blocks(
    cities: list[CityRecords],
    on_start: Callable[[], None] | None = None,
    workers: int | None = None,
    earlier: EarlierSuggestions | None = None,
) -> Iterator[GraphBytes]:
    """The suggestions graph of ``cities`` one municipality at a time, in sorted order, then the
    curated-links graph of accepted reviews, likewise. Review files are checked first, all of
    them; ``on_start`` is called before that. With ``earlier``, an unchanged municipality's
    blocks are read back from the earlier build instead of ranked again
    (:mod:`graph_build.suggest.earlier`)."""
    if on_start is not None:
        on_start()
    check_reviews(cities)
    if workers is None:
        workers = workers_for(len(cities), PARALLEL_ABOVE_CITIES)
    graph = str(SUGGESTIONS_GRAPH)
    ordered = sorted(cities, key=lambda c: city_prefix(c.id))
    activity = sorted_lines(activity_triples(default_ranker())[1])
    curated: list[GraphBytes] = []
    per_city = _per_city(ordered, workers, earlier)
    for city, found in zip(ordered, per_city, strict=True):
        if found.links is not None:
            curated.append(found.links)
        block, prefix = found.suggestions, city_prefix(city.id)
        if activity and activity[0].startswith(prefix):
            # a municipality named like the activities' folder: one block, sorted together
            own = quad_block_lines(block[1], graph) if block else []
            block, activity = _block(sorted(own + activity), graph), []
        elif activity and activity[0] < prefix:
            # before every line of this municipality, all of which begin with its prefix
            yield _block(activity, graph)
            activity = []
        if block is not None:
            yield block
    if activity:
        yield _block(activity, graph)
    yield from curated


def suggestion_graphs(cities: list[CityRecords], workers: int | None = 1) -> list[GraphBytes]:
    """The suggestions graph and (when a review accepts a target) the curated-links graph,
    each whole: for a few municipalities, and to check the blocks against."""
    parts: dict[str, list[GraphBytes]] = {}
    for block in suggestion_blocks(cities, workers=workers):
        parts.setdefault(block[0], []).append(block)
    return [
        (name, b"".join(b[1] for b in blocks), sum(b[2] for b in blocks))
        for name, blocks in parts.items()
    ]


def whole_suggestion_graphs(cities: list[CityRecords]) -> list[GraphBytes]:
    """Both graphs made and sorted whole, in one process: the reference the blocks must equal."""
    ranker = default_ranker()
    decisions = read_decisions(cities, (e for city in cities for e in text_entities(city)))
    graphs = [graph_bytes(suggestion_triples(rank_entities(cities, ranker, decisions), ranker))]
    if decisions.accepted:
        curated = curated_link_triples(sorted(decisions.accepted, key=lambda a: a[0].iri))
        graphs.append(graph_bytes(curated, str(CURATED_LINKS_GRAPH)))
    return graphs
