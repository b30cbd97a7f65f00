"""The release folder: the whole graph in every common RDF syntax, gzipped, described, checksummed.

``write_release`` writes, into ``dist/release/``::

    sdgkg.nq  sdgkg.trig            every named graph (and the dataset description graph)
    sdgkg.ttl sdgkg.nt sdgkg.jsonld sdgkg.rdf   the union graph
    *.gz                            each of the above, gzipped (no time stamp, so reproducible)
    void.ttl                        the VoID/DCAT dataset description on its own
    context.jsonld                  the JSON-LD context the JSON-LD files use
    ontology/                       the ontology in Turtle, RDF/XML, JSON-LD and as an HTML page
    CITATION.cff, README.md         how to cite and what is here
    LICENSE.md                      the data's licence (CC BY 4.0)
    CHANGELOG.md                    with ``changes_since``: what changed since an earlier release
    SHA256SUMS                      checksums of every other file (``sha256sum -c SHA256SUMS``)

The same graph always gives the same bytes.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph_build.emit.dataset import NamedGraphs
from graph_build.files import sha256_file, staging_folder
from graph_build.iris import ONTOLOGY_GRAPH
from graph_build.paths import (
    CITATION_FILE,
    CONTEXT_FILE,
    DESCRIPTION_FILE,
    RELEASE_LICENSE_FILE,
)
from graph_build.release.dumps import quads
from graph_build.release.ontology_docs import write_ontology_docs
from graph_build.release.rdf_syntaxes import (
    SYNTAXES,
    serialize_triples,
    sorted_quads,
    sorted_triples,
    used_prefixes,
    write_quads,
    write_triples,
)
from graph_build.release.void_dcat import DESCRIPTION_GRAPH, dataset_description

DUMP_STEM = "sdgkg"
CHECKSUMS = "SHA256SUMS"
CONTEXT_NAME = "context.jsonld"
LICENSE_NAME = "LICENSE.md"
CHANGELOG_NAME = "CHANGELOG.md"
ONTOLOGY_DIR = "ontology"
GZIP_LEVEL = 6  # level 9 takes 8x longer here for 4% smaller files
GZIP_WBITS = 31  # zlib's gzip wrapper: a header with no time stamp and no file name
GZIP_CHUNK = 1 << 20


@dataclass(frozen=True)
class Release:
    """A written release folder and the files in it (relative paths, sorted)."""

    folder: Path
    files: list[str]

    def sizes(self) -> dict[str, int]:
        """Bytes per file."""
        return {name: (self.folder / name).stat().st_size for name in self.files}


def dump_names() -> list[str]:
    """File names of the dumps, plain and gzipped, in syntax order."""
    names = []
    for syntax in SYNTAXES.values():
        plain = f"{DUMP_STEM}.{syntax.extension}"
        names += [plain, plain + ".gz"]
    return names


def with_description(content: list[ox.Quad], sparql_endpoint: str | None = None) -> list[ox.Quad]:
    """``content`` plus the graph that describes it (VoID, DCAT), as released."""
    description = dataset_description(content, dump_names(), sparql_endpoint=sparql_endpoint)
    return content + quads(NamedGraphs({DESCRIPTION_GRAPH: description}))


def gzip_file(path: Path) -> Path:
    """``path`` gzipped beside it (``….gz``), read and written a piece at a time, with no time
    stamp or file name in the header, so the bytes depend on the content only."""
    target = path.with_name(path.name + ".gz")
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, GZIP_WBITS)
    with path.open("rb") as source, target.open("wb") as out:
        while chunk := source.read(GZIP_CHUNK):
            out.write(compressor.compress(chunk))
        out.write(compressor.flush())
    return target


def _write(folder: Path, name: str, data: bytes) -> list[str]:
    (folder / name).write_bytes(data)
    return [name]


def _readme(files: list[str]) -> str:
    lines = [
        "# sdgkg release / sdgkg リリース",
        "",
        "Local SDG plans as a linked-data knowledge graph. "
        "地域のSDGs計画をリンクトデータのナレッジグラフにしたものです。",
        "",
        "- `sdgkg.nq`, `sdgkg.trig`: every named graph / 全名前付きグラフ",
        "- `sdgkg.ttl`, `sdgkg.nt`, `sdgkg.jsonld`, `sdgkg.rdf`: the union graph / 統合グラフ",
        "- `*.gz`: the same, gzipped / gzip 圧縮版",
        "- `void.ttl`: dataset description (VoID, DCAT) / データセット記述",
        "- `context.jsonld`: the JSON-LD context / JSON-LD コンテキスト",
        "- `ontology/`: the ontology and its documentation / オントロジーと解説",
        "- `CITATION.cff`: how to cite / 引用方法",
        "- `LICENSE.md`: CC BY 4.0 for the data and ontology / データとオントロジーは CC BY 4.0",
        "- `CHANGELOG.md` (when built with --changes-since): changes since an earlier release / "
        "前回リリースからの変更",
        "",
        "Check the files with / 検証: `sha256sum -c SHA256SUMS`",
        "",
        "Files / ファイル:",
        "",
        *(f"- `{name}`" for name in files),
        "",
    ]
    return "\n".join(lines)


def write_checksums(folder: Path) -> Path:
    """``SHA256SUMS`` over every other file under ``folder``, in ``sha256sum`` format, sorted."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS):
        digest = sha256_file(path)
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    target = folder / CHECKSUMS
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def verify_checksums(folder: Path) -> list[str]:
    """Problems with ``SHA256SUMS`` in ``folder``: missing, changed or unlisted files."""
    listing = folder / CHECKSUMS
    if not listing.is_file():
        return [f"{listing}: missing (rebuild with 'sdgkg build')"]
    problems = []
    listed = set()
    for line in listing.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed.add(name)
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: listed in {CHECKSUMS} but missing")
        elif sha256_file(path) != digest:
            problems.append(f"{name}: checksum does not match {CHECKSUMS}")
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name != CHECKSUMS and name not in listed:
            problems.append(f"{name}: not listed in {CHECKSUMS}")
    return problems


def _write_contents(
    content: list[ox.Quad],
    ontology: Graph,
    folder: Path,
    sparql_endpoint: str | None,
    changes_since: Path | None = None,
) -> None:
    all_quads = sorted_quads(with_description(content, sparql_endpoint))
    triples = sorted_triples(q.triple for q in all_quads)
    prefixes = used_prefixes(all_quads)  # the union uses the same IRIs as the quads
    files: list[str] = []
    for syntax in SYNTAXES.values():
        # each dump goes to its file as it is formatted, and is gzipped from there: a large
        # graph is never held as text
        name = f"{DUMP_STEM}.{syntax.extension}"
        with (folder / name).open("wb") as out:
            if syntax.keeps_graphs:
                write_quads(all_quads, syntax.name, out, prefixes=prefixes)
            else:
                write_triples(triples, syntax.name, out, prefixes=prefixes)
        gzip_file(folder / name)
        files += [name, f"{name}.gz"]
    description_graph = ox.NamedNode(str(DESCRIPTION_GRAPH))
    description = [q.triple for q in all_quads if q.graph_name == description_graph]
    files += _write(folder, DESCRIPTION_FILE, serialize_triples(description, "turtle"))
    files += _write(folder, CONTEXT_NAME, CONTEXT_FILE.read_bytes())
    if CITATION_FILE.is_file():
        files += _write(folder, CITATION_FILE.name, CITATION_FILE.read_bytes())
    files += _write(folder, LICENSE_NAME, RELEASE_LICENSE_FILE.read_bytes())
    if changes_since is not None:
        files += _write(folder, CHANGELOG_NAME, changelog(folder, changes_since))
    skipped = {ox.NamedNode(str(ONTOLOGY_GRAPH)), description_graph}
    data_graph = (q.triple for q in all_quads if q.graph_name not in skipped)  # read once
    for path in write_ontology_docs(ontology, data_graph, folder / ONTOLOGY_DIR):
        files.append(path.relative_to(folder).as_posix())
    files.append("README.md")
    files.append(CHECKSUMS)
    (folder / "README.md").write_text(_readme(sorted(files)), encoding="utf-8")
    write_checksums(folder)


def changelog(folder: Path, earlier: Path) -> bytes:
    """``CHANGELOG.md`` for the release being written in ``folder``, against ``earlier``."""
    # Imported here: the statistics read release folders, which this module writes.
    from graph_build.release.stats import diff_releases, format_changelog, read_release

    new, old = read_release(folder), read_release(earlier)
    return format_changelog(new, old, diff_releases(new, old)).encode("utf-8")


def write_release(
    content: list[ox.Quad],
    ontology: Graph,
    folder: Path,
    sparql_endpoint: str | None = None,
    changes_since: Path | None = None,
) -> Release:
    """Write the release folder for the built quads; it is replaced whole, never half-written.

    ``ontology`` is the ontology graph, documented in ``ontology/``. With ``changes_since`` (an
    earlier release or build folder) the release also holds ``CHANGELOG.md``.
    """
    folder = folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_folder(folder.parent, f".{folder.name}.tmp-")
    try:
        _write_contents(content, ontology, staging, sparql_endpoint, changes_since)
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
            folder.rename(old / folder.name)
            staging.rename(folder)
            shutil.rmtree(old)
        else:
            staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return Release(folder, files)


def read_release_quads(folder: Path) -> list[ox.Quad]:
    """The quads of a release folder (``sdgkg.nq`` or ``sdgkg.nq.gz``)."""
    plain = folder / f"{DUMP_STEM}.nq"
    if plain.is_file():
        return list(ox.parse(path=str(plain), format=ox.RdfFormat.N_QUADS))
    packed = folder / f"{DUMP_STEM}.nq.gz"
    if packed.is_file():
        return list(ox.parse(gzip.decompress(packed.read_bytes()), format=ox.RdfFormat.N_QUADS))
    raise FileNotFoundError(f"no {DUMP_STEM}.nq or {DUMP_STEM}.nq.gz in {folder}")
