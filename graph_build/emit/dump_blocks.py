"""What a build leaves for the next build into the same folder: where each block of
``sdgkg.nq`` lies, and digests of the code and of each municipality's folder.

The dump is written a block at a time (:func:`graph_build.emit.corpus_nquads.write_corpus_nquads`):
one block per named graph, except the derived graphs (SDG suggestions, curated links), which
come in one block per municipality. A block is known by its graph and, for a derived block, the
municipality whose nodes it describes (its *owner*). The receipt of a build (``build.json``,
under :data:`RECEIPT_KEY`) lists every block with its bytes ``start:end`` in the dump and their
SHA-256, with a digest of sdgkg's own files and one of each municipality folder. A later build
by the same code compares its blocks with these to update the store graph by graph
(:mod:`graph_build.store.incremental`), and reads back the suggestions of municipalities whose
folders are unchanged (:mod:`graph_build.suggest.earlier`).
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import graph_build
from graph_build.emit.corpus_nquads import owner_of
from graph_build.errors import SdgkgError
from graph_build.files import update_digest

#: Where a build's receipt keeps what the next build reads.
RECEIPT_KEY = "next_build"
#: Largest receipt read: anything larger is not a build's, and the next build starts afresh.
MAX_RECEIPT_BYTES = 64 * 1024 * 1024

#: Largest block a later build reads back from a dump (a municipality's suggestions are a few
#: MB); a listed block larger than this is not trusted.
MAX_BLOCK_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Block:
    """One block of the dump: its graph, owner (empty for a whole graph), bytes and digest."""

    graph: str
    owner: str
    start: int
    end: int
    sha256: str

    @property
    def key(self) -> tuple[str, str]:
        """What names the block in any build: graph and owner."""
        return self.graph, self.owner

    def as_json(self) -> list[Any]:
        """As the receipt lists it."""
        return [self.graph, self.owner, self.start, self.end, self.sha256]

    @classmethod
    def from_json(cls, raw: Any, size: int) -> Block:
        """A block as a receipt lists it, checked to lie within a dump of ``size`` bytes;
        ``ValueError`` otherwise."""
        if not isinstance(raw, list) or len(raw) != 5:
            raise ValueError(f"not a block: {raw!r}")
        graph, owner, start, end, sha256 = raw
        if not all(isinstance(v, str) for v in (graph, owner, sha256)):
            raise ValueError(f"not a block: {raw!r}")
        if not (isinstance(start, int) and isinstance(end, int)):
            raise ValueError(f"block bounds are not numbers: {raw!r}")
        if not 0 <= start < end <= size or end - start > MAX_BLOCK_BYTES:
            raise ValueError(f"a block outside the dump or too large: {start}:{end}")
        return cls(graph, owner, start, end, sha256)


def read_blocks(raw: Any, size: int) -> dict[tuple[str, str], Block]:
    """The blocks a receipt lists, by key; ``ValueError`` if they are not a dump's blocks of
    ``size`` bytes, one after the other, each key once."""
    if not isinstance(raw, list):
        raise ValueError("the blocks are not a list")
    blocks: dict[tuple[str, str], Block] = {}
    offset = 0
    for item in raw:
        block = Block.from_json(item, size)
        if block.start != offset or block.key in blocks:
            raise ValueError(f"blocks overlap, leave gaps or repeat: {item!r}")
        blocks[block.key] = block
        offset = block.end
    if offset != size:
        raise ValueError("the blocks do not cover the dump")
    return blocks


@dataclass(frozen=True)
class Segment:
    """Blocks that follow each other with a subject running across each boundary between them
    (a streaming Turtle writer joins such statements): the unit the Turtle dump is written in."""

    start: int
    end: int
    sha256: str


@dataclass
class BlockRecorder:
    """Notes each block as the dump is written: graph, owner, place and digest."""

    blocks: list[Block] = field(default_factory=list)
    offset: int = 0
    #: Whether each block begins with the subject the block before it ends with.
    joined: list[bool] = field(default_factory=list)
    _last_subject: bytes = b""

    def add(self, graph: str, data: bytes, derived: bool) -> None:
        """Note the next block written: ``data`` of ``graph``, per municipality if ``derived``."""
        owner = owner_of(data[: data.index(b" ")].decode("utf-8")) if derived and data else ""
        end = self.offset + len(data)
        self.blocks.append(Block(graph, owner, self.offset, end, hashlib.sha256(data).hexdigest()))
        self.offset = end
        first = data[: data.find(b" ")]
        self.joined.append(bool(data) and first == self._last_subject)
        if data:
            last = data[data.rfind(b"\n", 0, len(data) - 1) + 1 :]
            self._last_subject = last[: last.find(b" ")]

    def segments(self) -> list[Segment]:
        """The blocks grouped into :class:`Segment` s, in order."""
        runs: list[list[Block]] = []
        for block, joined in zip(self.blocks, self.joined, strict=True):
            if joined and runs:
                runs[-1].append(block)
            else:
                runs.append([block])
        return [
            Segment(
                run[0].start,
                run[-1].end,
                hashlib.sha256("\0".join(b.sha256 for b in run).encode("ascii")).hexdigest(),
            )
            for run in runs
        ]

    def listed(self, size: int) -> list[list[Any]] | None:
        """Every block, as the receipt lists them, or ``None`` when two share a key (a later
        build then cannot tell them apart, and builds from scratch). The dump written must be
        ``size`` bytes."""
        if size != self.offset:
            raise SdgkgError(f"the dump holds {size} bytes, its blocks {self.offset}")
        keys = [block.key for block in self.blocks]
        if len(set(keys)) != len(keys):
            return None
        return [block.as_json() for block in self.blocks]


def folder_digest(folder: Path) -> str:
    """SHA-256 of a municipality folder: every file below it, its relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(str(path.stat().st_size).encode("ascii") + b"\0")
        update_digest(digest, path)
    return digest.hexdigest()


def folder_digests(folders: Iterable[Path]) -> dict[str, str]:
    """The digest of each municipality folder, by its name (the municipality's id)."""
    return {folder.name: folder_digest(folder) for folder in folders}


def environment() -> str:
    """The Python version and the installed version of each library sdgkg requires (not the
    development extras): a tokenizer, RDF writer or SHACL engine of another version may write
    other bytes."""
    parts = [f"python=={platform.python_version()}"]
    try:
        required = metadata.requires("sdgkg") or []
    except metadata.PackageNotFoundError:
        required = []
    for requirement in sorted(r for r in required if "extra ==" not in r):
        name = re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0]
        try:
            parts.append(f"{name.lower()}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name.lower()}==?")
    return "\n".join(parts)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 of sdgkg's installed files (code, ontology, shapes, resources) and of the
    :func:`environment`: a build by any other version, or with other libraries, starts
    afresh."""
    package = Path(graph_build.__file__).resolve().parent
    digest = hashlib.sha256(environment().encode("utf-8") + b"\0")
    files = (
        p
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        update_digest(digest, path)
    return digest.hexdigest()


def receipt_entry(recorder: BlockRecorder, dump: Path, digests: dict[str, str]) -> dict[str, Any]:
    """What a build's receipt keeps for the next build (under :data:`RECEIPT_KEY`)."""
    size = dump.stat().st_size
    return {
        "code": code_digest(),
        "dump_bytes": size,
        "folders": dict(sorted(digests.items())),
        "blocks": recorder.listed(size),
    }


@dataclass
class EarlierBuild:
    """The build already in the output folder, as far as a build by the same code can use it:
    its dump, the blocks of that dump by key, and the digests of the folders it read."""

    out: Path
    dump: Path
    blocks: dict[tuple[str, str], Block]
    folders: dict[str, str]
    #: The whole receipt entry, for what other stages left in it.
    entry: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path, receipt: str, dump: str) -> EarlierBuild | None:
        """The build in ``out`` (its receipt's and dump's file names), if this code made it and
        its dump is as it recorded; else ``None`` (the next build then starts afresh)."""
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
            folders = {str(city): str(digest) for city, digest in found["folders"].items()}
            return cls(out, path, read_blocks(found["blocks"], size), folders, found)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def unchanged(self, city: str, digests: dict[str, str]) -> bool:
        """Whether municipality ``city``'s folder is as it was when this build read it."""
        known = self.folders.get(city)
        return known is not None and known == digests.get(city)

    def changed_blocks(
        self, blocks: dict[tuple[str, str], Block]
    ) -> tuple[list[Block], list[Block]]:
        """How a dump whose blocks are ``blocks`` differs from this build's: this build's blocks
        it lacks or holds other bytes of, and its blocks this build lacks or holds other bytes of.
        """

        def differs(block: Block, other: dict[tuple[str, str], Block]) -> bool:
            return block.key not in other or other[block.key].sha256 != block.sha256

        gone = [b for b in self.blocks.values() if differs(b, blocks)]
        new = [b for b in blocks.values() if differs(b, self.blocks)]
        return gone, new

    def block_bytes(self, block: Block) -> bytes | None:
        """The bytes of ``block`` in this build's dump, or ``None`` when they no longer match
        their digest (or cannot be read)."""
        try:
            with self.dump.open("rb") as handle:
                handle.seek(block.start)
                data = handle.read(block.end - block.start)
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == block.sha256 else None
