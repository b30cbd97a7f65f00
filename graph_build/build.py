"""``sdgkg build``: records → RDF named graphs → dumps → on-disk store, atomically."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from . import __version__
from .dataset import NamedGraphs
from .dumps import write_dumps
from .emit.documents import document_graph
from .files import replace_folder, sha256_file
from .framework import framework_graph
from .iris import (
    FRAMEWORK_GRAPH,
    ONTOLOGY_GRAPH,
    SCHEMES_GRAPH,
    UN_LABELS_GRAPH,
    document_graph_iri,
)
from .paths import DATA_DIR, ONTOLOGY_FILE
from .qc import CountCheck, run_count_gates
from .release import RELEASE_DIR, write_release
from .schemes import schemes_graph
from .sources import Corpus, load_corpus
from .store import STORE_DIR, load_store
from .un_kos import un_label_graph
from .validate import ShaclViolationsError, validate_partitions, write_reports

RECEIPT = "build.json"


@dataclass
class BuildResult:
    """What a build produced: per-graph triple counts, entity counts, checksums, gates."""

    out: Path
    triples_per_graph: dict[str, int]
    entities_per_class: dict[str, int]
    checksums: dict[str, str]
    checks: list[CountCheck] = field(default_factory=list)
    un_labels_merged: bool = False
    violations: int = 0
    warnings: int = 0

    @property
    def total_triples(self) -> int:
        """Triples over all named graphs."""
        return sum(self.triples_per_graph.values())


def assemble_graphs(corpus: Corpus, include_un_labels: bool = True) -> tuple[NamedGraphs, bool]:
    """All named graphs for a corpus; returns whether UN KOS labels were merged."""
    named = NamedGraphs()
    ontology = Graph()
    ontology.parse(ONTOLOGY_FILE, format="turtle")
    named.put(ONTOLOGY_GRAPH, ontology)
    named.put(FRAMEWORK_GRAPH, framework_graph())
    named.put(SCHEMES_GRAPH, schemes_graph())
    merged = False
    if include_un_labels:
        labels = un_label_graph()
        if labels is not None:
            named.put(UN_LABELS_GRAPH, labels)
            merged = True
    for city in corpus.cities:
        muni = city.municipality.municipality
        for doc in city.documents:
            named.put(
                document_graph_iri(city.id, doc.records.document.id),
                document_graph(city.id, doc.records, muni),
            )
    return named, merged


def _entity_counts(named: NamedGraphs) -> dict[str, int]:
    counts: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for name, graph in named.items():
        if name == ONTOLOGY_GRAPH:
            continue
        for s, _, cls in graph.triples((None, RDF.type, None)):
            key = (str(s), str(cls))
            if key not in seen:
                seen.add(key)
                counts[str(cls)] += 1
    return dict(sorted(counts.items()))


def build(
    data_dir: Path = DATA_DIR,
    out: Path = Path("dist"),
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Run the whole build. On any error ``out`` is left exactly as it was."""
    step = progress or (lambda _msg: None)
    step("reading records")
    corpus = load_corpus(data_dir)
    step("emitting RDF")
    named, merged = assemble_graphs(corpus)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    try:
        step("writing dumps")
        files = write_dumps(named, staging)
        write_release(named, staging / RELEASE_DIR)
        step("loading store")
        store = load_store(files["nquads"], staging / STORE_DIR)
        step("checking counts")
        checks = run_count_gates(store, data_dir)
        store.flush()
        del store
        step("validating")
        report = validate_partitions(named.by_municipality())
        write_reports(report, staging)
        if not report.conforms:
            raise ShaclViolationsError(report)
        checksums = {p.name: sha256_file(p) for p in sorted(files.values())}
        result = BuildResult(
            out=out,
            triples_per_graph={str(n): len(g) for n, g in named.items()},
            entities_per_class=_entity_counts(named),
            checksums=checksums,
            checks=checks,
            un_labels_merged=merged,
            violations=len(report.violations),
            warnings=len(report.warnings),
        )
        receipt = {
            "sdgkg_version": __version__,
            "data": str(data_dir),
            "triples_per_graph": result.triples_per_graph,
            "entities_per_class": result.entities_per_class,
            "checksums": checksums,
            "un_kos_labels_merged": merged,
            "validation": {"violations": result.violations, "warnings": result.warnings},
        }
        (staging / RECEIPT).write_text(
            json.dumps(receipt, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        step("publishing")
        replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result
