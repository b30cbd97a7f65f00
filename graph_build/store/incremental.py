"""Make a build's store from the earlier build's store, changing only the blocks that changed.

Loading the whole dump is a large part of a build of a large corpus (384 s of 1,709 s at 1,741
municipalities). When the build already in the output folder was made by the same code
(:mod:`graph_build.emit.dump_blocks`), its store is copied into the staging folder as a RocksDB
checkpoint (hard links to its immutable files, so the copy takes no time and the earlier store is
never written), and only what differs between the two dumps is changed: a named graph whose bytes
changed is dropped and loaded again, a municipality's block of a derived graph has its earlier
statements removed and its new ones added, and graphs the earlier store holds beyond its dump
(``sdgkg analyze`` adds its results graph) are dropped. The store must then hold exactly as many
statements as the dump; if it does not, it is thrown away and the dump loaded whole.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from graph_build.emit.dump_blocks import Block, EarlierBuild
from graph_build.store.embedded import STORE_DIR, load_store


def _quads(data: bytes) -> list[ox.Quad]:
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def _apply(
    store: ox.Store,
    earlier: EarlierBuild,
    new_dump: Path,
    blocks: dict[tuple[str, str], Block],
) -> bool:
    """Change ``store`` (a copy of the earlier build's) into the store of ``new_dump``, whose
    blocks are ``blocks``; ``False`` when an earlier block cannot be read back."""
    gone, new = earlier.changed_blocks(blocks)
    for block in gone:
        if not block.owner:  # a whole named graph
            store.remove_graph(ox.NamedNode(block.graph))
            continue
        data = earlier.block_bytes(block)
        if data is None:
            return False
        for quad in _quads(data):
            store.remove(quad)
    dumped = {graph for graph, _owner in blocks}
    for graph in list(store.named_graphs()):
        if isinstance(graph, ox.NamedNode) and graph.value not in dumped:
            store.remove_graph(graph)
    with new_dump.open("rb") as handle:
        for block in new:
            handle.seek(block.start)
            store.extend(_quads(handle.read(block.end - block.start)))
    return True


def store_from_earlier(
    earlier: EarlierBuild | None,
    new_dump: Path,
    blocks: dict[tuple[str, str], Block] | None,
    statements: int,
    store_dir: Path,
) -> tuple[ox.Store, bool]:
    """The store of ``new_dump`` at ``store_dir``: made from the earlier build's store when
    there is one to start from (see the module), else loaded whole. ``blocks`` are the new
    dump's blocks and ``statements`` its number of statements. Returns the store and whether it
    was made from the earlier one."""
    source = None if earlier is None else earlier.out / STORE_DIR
    if earlier is not None and blocks is not None and source is not None and source.is_dir():
        try:
            ox.Store.read_only(str(source)).backup(str(store_dir))
            store = ox.Store(str(store_dir))
            if _apply(store, earlier, new_dump, blocks) and len(store) == statements:
                store.flush()
                return store, True
            del store
        except (OSError, RuntimeError, SyntaxError, ValueError):
            pass  # the earlier store cannot be used: load the dump whole
        shutil.rmtree(store_dir, ignore_errors=True)
    return load_store(new_dump, store_dir), False
