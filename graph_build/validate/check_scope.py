"""What a rebuild's SPARQL checks must look at: the subjects of the statements that changed.

A check whose header says ``# changed_subjects: VAR`` (see :mod:`graph_build.validate.checks`)
states, with its reason in its own comments: on a graph where the check finds no rows, adding and
removing statements can only make rows whose ``?VAR`` is the subject of a statement added or
removed. A build upon an earlier build by the same code (:mod:`graph_build.emit.dump_blocks`) has
an earlier dump on which every check found no rows, and knows which blocks of the dump changed;
every statement added lies in a changed block of the new dump and every statement removed in a
changed (or dropped) block of the earlier one. So such a check is run with ``?VAR`` bound to the
subjects of those blocks, old and new, and finds every row the whole check would find.

The subjects are not known, and every check runs on the whole store, when there is no earlier
build, when the earlier build ran other checks (its receipt records their digest,
:func:`checks_digest`), when a changed block of the earlier dump no longer matches its digest,
when a changed block has a blank node as a subject (a ``VALUES`` block cannot name it), or when
more than :data:`MAX_SUBJECTS` subjects changed (a large change is checked whole faster).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from graph_build.emit.dump_blocks import Block, EarlierBuild
from graph_build.emit.ntriples import iri_value
from graph_build.validate.checks import violation_checks

#: Above this many changed subjects the checks run on the whole store.
MAX_SUBJECTS = 100_000
#: The receipt key of the digest of the checks the build ran and passed.
CHECKS_KEY = "checks"


def checks_digest() -> str:
    """SHA-256 of every check's name and text: what the earlier build's checks must have been
    for a rebuild to rely on them."""
    digest = hashlib.sha256()
    for spec in violation_checks():
        digest.update(f"{spec.name}\0{spec.text}\0".encode())
    return digest.hexdigest()


def _add_subjects(found: set[str], data: bytes) -> bool:
    """Add the IRI subject of every N-Quads line of ``data`` to ``found``; ``False`` at a blank
    node subject."""
    for line in data.splitlines():
        if not line:
            continue
        subject = line[: line.index(b" ")].decode("utf-8")
        if not subject.startswith("<"):
            return False
        found.add(iri_value(subject))
    return True


def changed_subjects(
    earlier: EarlierBuild | None, blocks: Iterable[Block], dump: Path
) -> tuple[str, ...] | None:
    """The IRIs that are the subject of a statement in a block of ``dump`` (this build's, whose
    blocks are ``blocks``) or of the ``earlier`` build's dump whose bytes differ between the two,
    sorted; ``None`` when they cannot be known (see the module's docstring)."""
    if earlier is None or earlier.entry.get(CHECKS_KEY) != checks_digest():
        return None
    gone, new = earlier.changed_blocks({block.key: block for block in blocks})
    found: set[str] = set()
    with dump.open("rb") as handle:
        for block in new:
            handle.seek(block.start)
            if not _add_subjects(found, handle.read(block.end - block.start)):
                return None
            if len(found) > MAX_SUBJECTS:
                return None
    for old in gone:
        data = earlier.block_bytes(old)
        if data is None or not _add_subjects(found, data) or len(found) > MAX_SUBJECTS:
            return None
    return tuple(sorted(found))
