"""The one build a running ``sdgkg serve`` answers from.

``sdgkg build`` replaces the build folder whole while a server may be running, and a worker that
is replaced after a time-out would open whatever store is there then: answers would alternate
between two builds. So the server copies the store once, at start, into a private folder (with
the build's label index beside it), and every worker (also a replacement) opens that copy. A
rebuild takes effect when serve restarts. RocksDB never changes a written ``.sst`` table, so
those are hard-linked when the file system allows it (no copy of the bulk of the data); the
small mutable files are copied.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from graph_build.errors import SdgkgError
from graph_build.release.dumps import NQUADS_FILE
from graph_build.store.embedded import STORE_DIR
from graph_build.store.label_index import LABEL_INDEX_FILE

#: The build receipt ``sdgkg build`` writes beside the store (build.py, a later stage, names it).
RECEIPT = "build.json"

#: Attempts to copy a store that a concurrent build keeps replacing.
ATTEMPTS = 5


@dataclass(frozen=True)
class Snapshot:
    """A private copy of a build's store, and the build's checksum (of its N-Quads)."""

    store_dir: Path
    build: str
    source: Path

    def remove(self) -> None:
        """Delete the copy (the server has stopped)."""
        shutil.rmtree(self.store_dir.parent, ignore_errors=True)


def build_checksum(out: Path) -> str:
    """``sha256:…`` of the build's N-Quads as its receipt records it, or ``unknown``."""
    try:
        receipt = json.loads((out / RECEIPT).read_text(encoding="utf-8"))
        return f"sha256:{receipt['checksums'][NQUADS_FILE]}"
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown"


def _link_or_copy(source: str, target: str) -> None:
    if source.endswith(".sst"):
        try:
            os.link(source, target)
            return
        except OSError:  # another file system, or links not allowed: copy instead
            pass
    shutil.copy2(source, target)


def take_snapshot(out: Path) -> Snapshot:
    """Copy the store of the build in ``out``; retried while a build replaces the folder."""
    source = out.resolve()
    for _attempt in range(ATTEMPTS):
        build = build_checksum(source)
        holder = Path(tempfile.mkdtemp(prefix="sdgkg-serve-"))
        target = holder / STORE_DIR
        try:
            shutil.copytree(source / STORE_DIR, target, copy_function=_link_or_copy)
            if (source / LABEL_INDEX_FILE).is_file():
                shutil.copy2(source / LABEL_INDEX_FILE, holder / LABEL_INDEX_FILE)
        except (OSError, shutil.Error):
            shutil.rmtree(holder, ignore_errors=True)
            continue
        if build_checksum(source) == build:  # not replaced while it was copied
            return Snapshot(target, build, source)
        shutil.rmtree(holder, ignore_errors=True)
    raise SdgkgError(
        f"cannot copy the store in {source / STORE_DIR}: the folder kept changing "
        "(is a build running?); start serve again when the build has finished"
    )
