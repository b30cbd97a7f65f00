"""The label index of a build: each distinct ``rdfs:label`` once, lower-cased, in SQLite.

Oxigraph has no text index, so a search for a word in labels reads every label string from the
store's files, about 5 µs each: at 1,741 municipalities that is 1.5 million distinct labels and
11 s. ``sdgkg build`` therefore writes each distinct label literal beside its lower-cased text
into ``labels.sqlite`` in the build folder, and a library query whose header says ``# label_index:
text label`` (``search_labels``) is run with ``?label`` bound to the labels whose
lower-cased text contains the lower-cased ``text``.

The index only narrows: the query keeps its own ``FILTER``, so it gives the same rows with and
without the index (``tests/test_label_index.py`` compares them). Python's ``str.lower`` and
SPARQL's ``LCASE`` apply the same Unicode lower-case mapping, which the tests check on every
label of the seed graph. A text found in more than :data:`MAX_BOUND_LABELS` labels (a single
common character) is left to the query's own scan, as is every search on a build without the
index (an older build, a remote store).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pyoxigraph as ox

#: The index's file name in the build folder.
LABEL_INDEX_FILE = "labels.sqlite"
#: The most labels a search binds; beyond this the query scans the store itself.
MAX_BOUND_LABELS = 5000

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_LABELS = """
SELECT DISTINCT ?label WHERE { ?entity <http://www.w3.org/2000/01/rdf-schema#label> ?label }
"""


def write_label_index(store: ox.Store, path: Path) -> int:
    """Write the index of every distinct label in ``store`` (all graphs) to ``path``; return the
    number of labels. Rows are in one sorted order, so the same store gives the same file.

    A label that is not a literal (never in a build; possible in a hand-made store) is counted
    apart, and an index that counted any is never used: it could not bind that label.
    """
    path.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute(
            "CREATE TEMP TABLE found (folded TEXT, value TEXT, language TEXT, datatype TEXT)"
        )
        others = 0
        batch: list[tuple[str, str, str, str]] = []
        for (label,) in store.query(_LABELS, use_default_graph_as_union=True):  # type: ignore[union-attr]
            if not isinstance(label, ox.Literal):
                others += 1
                continue
            batch.append((label.value.lower(), label.value, label.language or "", _datatype(label)))
            if len(batch) >= 10_000:
                db.executemany("INSERT INTO found VALUES (?, ?, ?, ?)", batch)
                batch.clear()
        db.executemany("INSERT INTO found VALUES (?, ?, ?, ?)", batch)
        db.execute(
            "CREATE TABLE labels (folded TEXT NOT NULL, value TEXT NOT NULL, "
            "language TEXT NOT NULL, datatype TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO labels SELECT * FROM found ORDER BY folded, value, language, datatype"
        )
        db.execute("CREATE TABLE about (labels INTEGER NOT NULL, not_literals INTEGER NOT NULL)")
        count = db.execute("SELECT COUNT(*) FROM labels").fetchone()[0]
        db.execute("INSERT INTO about VALUES (?, ?)", (count, others))
        db.commit()
    return int(count)


def _datatype(label: ox.Literal) -> str:
    """The literal's datatype IRI, empty for a plain or language-tagged string."""
    iri = label.datatype.value
    return "" if iri in (_XSD_STRING, _RDF_LANG_STRING) else iri


class LabelIndex:
    """A build's label index, opened read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def of_build(cls, folder: Path | str) -> LabelIndex | None:
        """The index of the build in ``folder``, or ``None`` when it has none or cannot be read
        (a build by an older version, a store that held labels that are not literals)."""
        path = Path(folder) / LABEL_INDEX_FILE
        if not path.is_file():
            return None
        try:
            with contextlib.closing(_connect(path)) as db:
                (others,) = db.execute("SELECT not_literals FROM about").fetchone()
        except (sqlite3.Error, TypeError):
            return None
        return cls(path) if others == 0 else None

    def containing(self, text: str) -> tuple[ox.Literal, ...] | None:
        """The labels whose lower-cased text contains ``text`` lower-cased, or ``None`` when
        there are more than :data:`MAX_BOUND_LABELS` (the caller scans instead)."""
        with contextlib.closing(_connect(self.path)) as db:
            rows = db.execute(
                "SELECT value, language, datatype FROM labels WHERE instr(folded, ?) > 0 LIMIT ?",
                (text.lower(), MAX_BOUND_LABELS + 1),
            ).fetchall()
        if len(rows) > MAX_BOUND_LABELS:
            return None
        return tuple(_literal(value, language, datatype) for value, language, datatype in rows)


def _connect(path: Path) -> sqlite3.Connection:
    """A read-only connection: a search never writes into the build."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _literal(value: str, language: str, datatype: str) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    if datatype:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)
