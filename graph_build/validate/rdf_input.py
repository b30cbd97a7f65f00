"""Read RDF files given to ``sdgkg validate`` without letting them exhaust the machine.

Every syntax is parsed by Oxigraph's Rust parsers, streaming from the (decompressed) file:
they never fetch a remote JSON-LD context (no document loader is set, so a remote
``@context`` or ``@import`` is a syntax error) and never open a URL. Oxigraph does expand internal
XML entities, so RDF/XML that declares any (``<!ENTITY``) is refused before it reaches the
parser. Decompressed bytes, statements and literal length are counted while reading; passing a
limit stops the read at once, so memory stays bounded by the limits.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph_build.errors import InputError, Problem

MAX_INPUT_BYTES = 200_000_000
MAX_TRIPLES = 500_000
MAX_LITERAL_LENGTH = 1_000_000
FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}
ENTITY_DECLARATION = b"<!ENTITY"


@dataclass(frozen=True)
class InputLimits:
    """Most a validated file may hold; each is raised by the ``sdgkg validate`` flag named."""

    max_bytes: int = MAX_INPUT_BYTES
    max_triples: int = MAX_TRIPLES
    max_literal_length: int = MAX_LITERAL_LENGTH


class _LimitReachedError(Exception):
    """Raised inside the parser's read; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _BoundedReader(io.RawIOBase):
    """The file's (decompressed) bytes, stopping with a problem past ``limit`` bytes."""

    def __init__(self, path: Path, source: io.BufferedIOBase, limit: int, xml: bool) -> None:
        self.path = path
        self.source = source
        self.limit = limit
        self.xml = xml
        self.count = 0
        self.tail = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            chunk = self.source.read(min(len(buffer), 1 << 16))
        except (OSError, EOFError, zlib.error) as exc:
            raise _LimitReachedError(
                Problem(self.path, f"broken gzip file: {exc}", hint="compress it again")
            ) from exc
        if b"\x00" in chunk:
            # No RDF syntax holds a raw NUL: this is a binary file, whatever its ending says.
            raise _LimitReachedError(
                Problem(
                    self.path,
                    "this is not a text file (it contains NUL bytes)",
                    hint="give a Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML file, "
                    "optionally gzipped",
                )
            )
        self.count += len(chunk)
        if self.count > self.limit:
            raise _LimitReachedError(
                Problem(
                    self.path,
                    f"more than {self.limit} bytes (after decompression), the input limit",
                    hint="validate a smaller file, or raise the limit with --max-input-bytes",
                )
            )
        if self.xml:
            window = self.tail + chunk
            if ENTITY_DECLARATION in window:
                raise _LimitReachedError(
                    Problem(
                        self.path,
                        "RDF/XML declares XML entities (<!ENTITY), which are not read: nested "
                        "entities can expand without limit",
                        hint="write the values out in full, or convert the file to Turtle",
                    )
                )
            self.tail = window[-len(ENTITY_DECLARATION) :]
        buffer[: len(chunk)] = chunk
        return len(chunk)


def rdf_file_format(path: Path) -> ox.RdfFormat:
    """Oxigraph format of a file, looking through a ``.gz`` ending."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = FORMATS.get(suffixes[-1] if suffixes else "")
    if fmt is None:
        raise InputError(
            [
                Problem(
                    path,
                    "unknown RDF file type",
                    hint="use one of " + ", ".join(sorted(FORMATS)) + " (optionally with .gz)",
                )
            ]
        )
    return fmt


def read_rdf_file(path: Path, limits: InputLimits, store: ox.Store) -> int:
    """Add the statements of ``path`` to ``store`` (named graphs merged into the default graph);
    return how many were read. Raise :class:`InputError` on anything unreadable or too large."""
    if not path.is_file():
        raise InputError([Problem(path, "file not found", hint="check the path")])
    fmt = rdf_file_format(path)
    count = 0
    batch: list[ox.Quad] = []
    try:
        with path.open("rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            source: io.BufferedIOBase = gzip.GzipFile(fileobj=raw) if gzipped else raw
            reader = io.BufferedReader(
                _BoundedReader(path, source, limits.max_bytes, fmt == ox.RdfFormat.RDF_XML)
            )
            for quad in ox.parse(reader, format=fmt, base_iri=path.resolve().as_uri()):
                count += 1
                if count > limits.max_triples:
                    raise _LimitReachedError(
                        Problem(
                            path,
                            f"more than {limits.max_triples} statements, the triple limit",
                            hint="validate a smaller file, or raise the limit with --max-triples",
                        )
                    )
                obj = quad.object
                if isinstance(obj, ox.Literal) and len(obj.value) > limits.max_literal_length:
                    raise _LimitReachedError(
                        Problem(
                            path,
                            f"a literal of {len(obj.value)} characters is longer than "
                            f"{limits.max_literal_length}, the literal limit",
                            hint="check the file, or raise the limit with --max-literal-length",
                        )
                    )
                batch.append(ox.Quad(quad.subject, quad.predicate, obj))
                if len(batch) >= 50_000:
                    store.bulk_extend(batch)
                    batch = []
    except _LimitReachedError as exc:
        raise InputError([exc.problem]) from None
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(
            [
                Problem(
                    path,
                    f"cannot parse as {fmt.name.lower()}: {exc.msg}",
                    line=line,
                    hint="fix the syntax at the place named, or check the file ending matches "
                    "its syntax",
                )
            ]
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError([Problem(path, f"cannot read the file: {exc}")]) from None
    store.bulk_extend(batch)
    if count == 0 and not path.stat().st_size:
        raise InputError([Problem(path, "the file is empty", hint="give a file with triples")])
    if count == 0:
        raise InputError(
            [Problem(path, "the file holds no statements", hint="give a file with triples")]
        )
    return count
