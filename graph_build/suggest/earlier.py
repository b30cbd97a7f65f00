"""Take the SDG suggestions of unchanged municipalities from the build already in ``--out``.

Ranking the 169 targets for every entity of every plan is the slowest step of a build of a large
corpus (443 s of a 1,709 s cold build of 1,741 municipalities:
``benchmarks/results/build_steps_1741.json``). A municipality's suggestions and curated links
depend on nothing but its own folder (records and reviews), the method's data files and the code.
So when the earlier build was made by the same code (:mod:`graph_build.emit.dump_blocks`) and a
municipality's folder is unchanged, its blocks are read back from the earlier dump, bytes checked
against their digests, instead of ranked again; any other municipality is ranked. The blocks read
back are the bytes ranking writes, so the dump is byte for byte a cold build's
(``tests/test_build_reuse.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_build.emit.corpus_nquads import GraphBytes
from graph_build.emit.dump_blocks import EarlierBuild
from graph_build.iris import CURATED_LINKS_GRAPH, SUGGESTIONS_GRAPH

#: The owner of the method's activity node (``…/id/activity/…``): a municipality folder of that
#: name shares its suggestions block with the node, so its suggestions are always ranked.
ACTIVITY_OWNER = "activity"


@dataclass
class CityBlocks:
    """One municipality's block of the suggestions graph and block of the curated-links graph,
    as written to the dump (``None`` for a graph it has nothing in)."""

    suggestions: GraphBytes | None
    links: GraphBytes | None


@dataclass
class EarlierSuggestions:
    """Reads unchanged municipalities' blocks back from an earlier build, counting them."""

    build: EarlierBuild
    #: The digest of each municipality folder now.
    digests: dict[str, str]
    reused: int = 0

    def unchanged(self, city: str) -> bool:
        """Whether ``city``'s blocks may be read back: its folder is as the earlier build read
        it (and it does not share its block with the method's activity node)."""
        return city != ACTIVITY_OWNER and self.build.unchanged(city, self.digests)

    def blocks_of(self, city: str) -> CityBlocks | None:
        """The earlier build's blocks of ``city``, or ``None`` when any of their bytes no longer
        match their digests."""
        found: dict[str, GraphBytes | None] = {}
        for graph in (str(SUGGESTIONS_GRAPH), str(CURATED_LINKS_GRAPH)):
            block = self.build.blocks.get((graph, city))
            data = None if block is None else self.build.block_bytes(block)
            if block is not None and data is None:
                return None
            found[graph] = None if data is None else (graph, data, data.count(b"\n"))
        self.reused += 1
        return CityBlocks(found[str(SUGGESTIONS_GRAPH)], found[str(CURATED_LINKS_GRAPH)])
