"""Take the SDG suggestions of unchanged municipalities from the build already in ``--out``.

Ranking the 169 targets for every entity of every plan is the slowest step of a build of a large
corpus (443 s of a 1,709 s cold build of 1,741 municipalities:
``benchmarks/results/build_steps_1741.json``). A municipality's suggestions and curated links
depend on nothing but its own folder (records and reviews), the method's data files and the code.
So a build records in its receipt (``build.json``, under :data:`RECEIPT_KEY`) a digest of the
code, and for each municipality a digest of its folder and where its blocks lie in ``sdgkg.nq``,
each with the digest of its bytes. The next build into the same folder, with the same code, reads
a municipality's blocks back instead of ranking it again when its folder is unchanged and the
bytes still match; any other municipality is ranked. The blocks read back are the bytes ranking
writes, so the dump is byte for byte a cold build's (``tests/test_build_reuse.py``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import graph_build
from graph_build.emit.corpus_nquads import GraphBytes, owner_of
from graph_build.iris import CURATED_LINKS_GRAPH, SUGGESTIONS_GRAPH
from graph_build.records.sources import CityRecords
from graph_build.suggest.method import default_ranker

#: Where a build's receipt keeps what the next build needs to reuse its suggestions.
RECEIPT_KEY = "suggestion_reuse"
#: The owner of the method's activity node (``…/id/activity/…``): a municipality folder of that
#: name shares its suggestions block with the node, so its suggestions are always ranked.
ACTIVITY_OWNER = "activity"
#: Largest block read back (a municipality's suggestions are a few MB), and largest receipt
#: read: anything larger is not an earlier build's, and is ranked again rather than read.
MAX_BLOCK_BYTES = 256 * 1024 * 1024
MAX_RECEIPT_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20


def _update(digest: Any, path: Path) -> None:
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)


def folder_digest(folder: Path) -> str:
    """SHA-256 of a municipality folder: every file below it, its relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(str(path.stat().st_size).encode("ascii") + b"\0")
        _update(digest, path)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 of the installed package's files (code and data) and the ranking method's
    version: any change to either makes every municipality be ranked again."""
    package = Path(graph_build.__file__).resolve().parent
    digest = hashlib.sha256(default_ranker().version.encode("utf-8") + b"\0")
    files = (
        p
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        _update(digest, path)
    return digest.hexdigest()


@dataclass
class CityBlocks:
    """One municipality's block of the suggestions graph and block of the curated-links graph,
    as written to the dump (``None`` for a graph it has nothing in)."""

    suggestions: GraphBytes | None
    links: GraphBytes | None


@dataclass
class Block:
    """One block of a municipality in the dump: its graph, bytes ``start:end`` and digest."""

    graph: str
    start: int
    end: int
    sha256: str

    def as_json(self) -> list[Any]:
        """As the receipt writes it."""
        return [self.graph, self.start, self.end, self.sha256]


def _block(raw: Any, size: int) -> Block:
    """A block as the receipt lists it, checked to lie within a dump of ``size`` bytes."""
    graph, start, end, sha256 = raw
    if not (isinstance(start, int) and isinstance(end, int)):
        raise ValueError("block bounds are not numbers")
    if graph not in (str(SUGGESTIONS_GRAPH), str(CURATED_LINKS_GRAPH)):
        raise ValueError(f"a block of another graph: {graph}")
    if not 0 <= start < end <= size or end - start > MAX_BLOCK_BYTES:
        raise ValueError(f"a block outside the dump or too large: {start}:{end}")
    return Block(graph, start, end, str(sha256))


@dataclass
class EarlierBuild:
    """The suggestions an earlier build wrote, by municipality, where they can be reused."""

    dump: Path
    folders: dict[str, str]
    blocks: dict[str, list[Block]]
    reused: int = 0

    @classmethod
    def read(cls, out: Path, receipt: str, dump: str) -> EarlierBuild | None:
        """The build in ``out`` (its receipt and dump file names), if it was made by this code
        and its dump is the size it recorded; else ``None``."""
        try:
            if (out / receipt).stat().st_size > MAX_RECEIPT_BYTES:
                return None
            found = json.loads((out / receipt).read_text(encoding="utf-8")).get(RECEIPT_KEY)
            if not isinstance(found, dict) or found.get("code") != code_digest():
                return None
            path = out / dump
            size = path.stat().st_size
            if size != found["dump_bytes"]:
                return None
            folders, blocks = {}, {}
            for city, entry in found["cities"].items():
                folders[city] = str(entry["folder"])
                blocks[city] = [_block(raw, size) for raw in entry["blocks"]]
            return cls(path, folders, blocks)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # no earlier build, or one this code cannot read: rank everything

    def unchanged(self, city: CityRecords, digests: dict[str, str]) -> bool:
        """Whether ``city``'s folder is as it was when the earlier build ranked it."""
        known = self.folders.get(city.id)
        return known is not None and known == digests.get(city.id)

    def blocks_of(self, city: CityRecords) -> CityBlocks | None:
        """The earlier build's blocks of ``city``, as they lie in its dump, or ``None`` when
        their bytes no longer match their digests."""
        found: dict[str, GraphBytes] = {}
        try:
            with self.dump.open("rb") as handle:
                for block in self.blocks.get(city.id, []):
                    handle.seek(block.start)
                    data = handle.read(block.end - block.start)
                    if hashlib.sha256(data).hexdigest() != block.sha256 or block.graph in found:
                        return None
                    found[block.graph] = (block.graph, data, data.count(b"\n"))
        except OSError:
            return None
        self.reused += 1
        return CityBlocks(found.get(str(SUGGESTIONS_GRAPH)), found.get(str(CURATED_LINKS_GRAPH)))


@dataclass
class BlockRecorder:
    """Watches the suggestion blocks as the build writes them, to record where each
    municipality's lie once the dump is complete."""

    written: list[tuple[str, str, int, str]] = field(default_factory=list)

    def watch(self, blocks: Iterable[GraphBytes]) -> Iterator[GraphBytes]:
        """Pass the blocks on unchanged, noting each one's graph, owner, size and digest."""
        for block in blocks:
            graph, data, _count = block
            owner = owner_of(data[: data.index(b" ")].decode("utf-8"))
            self.written.append((graph, owner, len(data), hashlib.sha256(data).hexdigest()))
            yield block

    def receipt(self, dump: Path, digests: dict[str, str]) -> dict[str, Any]:
        """What the receipt keeps for the next build: the blocks were the last thing written
        to ``dump``; ``digests`` are the municipality folders' digests."""
        size = dump.stat().st_size
        offset = size - sum(length for _g, _o, length, _d in self.written)
        blocks: dict[str, list[Block]] = {city: [] for city in digests}
        for graph, owner, length, sha256 in self.written:
            if owner in blocks:
                blocks[owner].append(Block(graph, offset, offset + length, sha256))
            offset += length
        cities = {
            city: {"folder": digests[city], "blocks": [b.as_json() for b in found]}
            for city, found in sorted(blocks.items())
            if city != ACTIVITY_OWNER
        }
        return {"code": code_digest(), "dump_bytes": size, "cities": cities}


def folder_digests(folders: Iterable[Path]) -> dict[str, str]:
    """The digest of each municipality folder, by its name (the municipality's id)."""
    return {folder.name: folder_digest(folder) for folder in folders}
