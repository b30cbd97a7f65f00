"""``sdgkg build``: records → RDF named graphs → dumps → on-disk store, atomically.

There is one way to turn records into RDF: straight to N-Quads
(:func:`graph_build.emit.corpus_nquads.write_corpus_nquads`). Tests and benchmarks build with
:func:`build` or that function too, so they see the bytes a user gets.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox

from graph_build import __version__
from graph_build.emit.corpus_nquads import write_corpus_nquads
from graph_build.emit.dump_blocks import (
    RECEIPT_KEY,
    BlockRecorder,
    EarlierBuild,
    folder_digests,
    receipt_entry,
)
from graph_build.files import (
    claim_staging,
    release_staging,
    remove_stale_staging,
    replace_folder,
    sha256_file,
    staging_folder,
    staging_prefix,
)
from graph_build.parallel import PARALLEL_CHECKS_ABOVE, workers_for
from graph_build.paths import DATA_DIR, RELEASE_DIR
from graph_build.records.sources import city_folders
from graph_build.release.dumps import (
    NQUADS_FILE,
    TURTLE_FILE,
    TURTLE_KEY,
    earlier_turtle,
    write_turtle_by_segments,
)
from graph_build.release.folder import write_release
from graph_build.store.embedded import STORE_DIR
from graph_build.store.incremental import store_from_earlier
from graph_build.store.label_index import LABEL_INDEX_FILE, write_label_index
from graph_build.suggest.earlier import EarlierSuggestions
from graph_build.suggest.run import suggestion_blocks
from graph_build.validate.batch_cache import BATCHES_KEY, CACHE_FILE, BatchCache, earlier_results
from graph_build.validate.batches import validate_dump
from graph_build.validate.check_scope import CHECKS_KEY, changed_subjects, checks_digest
from graph_build.validate.checks import require_no_violations
from graph_build.validate.count_gates import CountCheck, run_count_gates
from graph_build.validate.shacl import ShaclViolationsError, write_reports

RECEIPT = "build.json"
#: The language of the validation report's messages.
VALIDATION_LANG = "en"


class BuildStep(StrEnum):
    """The steps :func:`build` reports to ``progress``, in the order it reports them."""

    EMITTING = "reading records and emitting RDF"
    CHECKING = "checking records"
    SUGGESTING = "suggesting SDG targets"
    DUMPS = "writing dumps"
    STORE = "loading store"
    COUNTS = "checking counts"
    SPARQL_CHECKS = "running SPARQL checks"
    LABELS = "indexing labels"
    VALIDATING = "validating"
    PUBLISHING = "publishing"


@dataclass(frozen=True)
class Reused:
    """What a build took from the earlier build in its output folder: each as (taken, of)."""

    #: Municipalities whose SDG suggestions were read back, of all municipalities.
    suggestions: tuple[int, int] = (0, 0)
    #: Whether the store was made from the earlier one, changed where the dump changed.
    store: bool = False
    #: Segments of the Turtle dump copied, of all segments.
    turtle: tuple[int, int] = (0, 0)
    #: Validation batches whose results were read back, of all batches.
    batches: tuple[int, int] = (0, 0)
    #: SPARQL checks that looked at the subjects that changed only (all of them, running none,
    #: when nothing changed), of all checks, and the number of those subjects.
    checks: tuple[int, int] = (0, 0)
    changed_subjects: int = 0

    def __bool__(self) -> bool:
        return bool(
            self.suggestions[0] or self.store or self.turtle[0] or self.batches[0] or self.checks[0]
        )


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
    reused: Reused = field(default_factory=lambda: Reused())

    @property
    def total_triples(self) -> int:
        """Triples over all named graphs."""
        return sum(self.triples_per_graph.values())


def build(
    data_dir: Path = DATA_DIR,
    out: Path = Path("dist"),
    progress: Callable[[str], None] | None = None,
    release: bool = True,
    changes_since: Path | None = None,
    reuse: bool = True,
) -> BuildResult:
    """Run the whole build. On any error ``out`` is left exactly as it was.

    ``release=False`` leaves out the release folder (every syntax, gzipped), the slowest part of
    a build of a large corpus; ``sdgkg.nq``, ``sdgkg.ttl`` and the store are always written.
    ``changes_since`` (an earlier release or build folder, ``out`` itself included) adds
    ``CHANGELOG.md`` to the release. With ``reuse``, a build by the same code already in
    ``out`` is built upon (:mod:`graph_build.emit.dump_blocks`): the SDG suggestions of
    municipalities whose folders are unchanged are read back from it rather than ranked again
    (:mod:`graph_build.suggest.earlier`), its store is copied and changed where the dump changed
    rather than loaded whole (:mod:`graph_build.store.incremental`), and unchanged segments of
    the Turtle dump and results of validation batches are copied
    (:func:`graph_build.release.dumps.write_turtle_by_segments`,
    :mod:`graph_build.validate.batch_cache`), and the SPARQL checks that may look at the
    subjects of the statements that changed look at those only
    (:mod:`graph_build.validate.check_scope`). The output is the same either way.
    """
    step = progress or (lambda _msg: None)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out)
    staging = staging_folder(out.parent, staging_prefix(out))
    try:
        claim_staging(staging)
        step(BuildStep.EMITTING)
        nquads = staging / NQUADS_FILE
        digests = folder_digests(city_folders(data_dir)[0])
        earlier = EarlierBuild.read(out, RECEIPT, NQUADS_FILE) if reuse else None
        suggestions = None if earlier is None else EarlierSuggestions(earlier, digests)
        recorder = BlockRecorder()
        emitted = write_corpus_nquads(
            data_dir,
            nquads,
            on_checking=lambda: step(BuildStep.CHECKING),
            derived=lambda cities: suggestion_blocks(
                cities, on_start=lambda: step(BuildStep.SUGGESTING), earlier=suggestions
            ),
            on_block=recorder.add,
        )
        next_build = receipt_entry(recorder, nquads, digests)
        next_build[CHECKS_KEY] = checks_digest()  # kept only if they pass (receipt written last)
        step(BuildStep.DUMPS)
        turtle = staging / TURTLE_FILE
        next_build[TURTLE_KEY], turtle_copied = write_turtle_by_segments(
            nquads, turtle, recorder.segments(), earlier_turtle(earlier)
        )
        if release:
            content = list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
            write_release(
                content, emitted.ontology, staging / RELEASE_DIR, changes_since=changes_since
            )
            del content
        step(BuildStep.STORE)
        blocks = None if next_build["blocks"] is None else {b.key: b for b in recorder.blocks}
        store, store_updated = store_from_earlier(
            earlier, nquads, blocks, emitted.total_triples, staging / STORE_DIR
        )
        step(BuildStep.COUNTS)
        checks = run_count_gates(store, data_dir)
        step(BuildStep.SPARQL_CHECKS)
        store.flush()  # the checks may read it from other processes
        subjects = changed_subjects(earlier, recorder.blocks, nquads) if blocks else None
        outcomes = require_no_violations(
            store,
            where="the built graph",
            folder=staging / STORE_DIR,
            workers=workers_for(sum(emitted.triples_per_graph.values()), PARALLEL_CHECKS_ABOVE),
            subjects=subjects,
        )
        step(BuildStep.LABELS)
        write_label_index(store, staging / LABEL_INDEX_FILE)
        del store
        step(BuildStep.VALIDATING)
        cache = BatchCache(
            recorder.blocks,
            emitted.shared_lines,
            VALIDATION_LANG,
            earlier_results(earlier),
        )
        report = validate_dump(
            nquads, emitted.cities, emitted.shared_lines, VALIDATION_LANG, cache=cache
        )
        write_reports(report, staging)
        if not report.conforms:
            raise ShaclViolationsError(report)
        next_build[BATCHES_KEY] = cache.write(staging / CACHE_FILE)
        checksums = {p.name: sha256_file(p) for p in sorted((nquads, turtle))}
        result = BuildResult(
            out=out,
            triples_per_graph=emitted.triples_per_graph,
            entities_per_class=emitted.entities_per_class,
            checksums=checksums,
            checks=checks,
            un_labels_merged=emitted.un_labels_merged,
            violations=len(report.violations),
            warnings=len(report.warnings),
            reused=Reused(
                suggestions=(0 if suggestions is None else suggestions.reused, len(digests)),
                store=store_updated,
                turtle=(turtle_copied, len(next_build[TURTLE_KEY])),
                batches=(cache.reused, cache.looked),
                checks=(sum(o.scoped for o in outcomes), len(outcomes)),
                changed_subjects=0 if subjects is None else len(subjects),
            ),
        )
        receipt = {
            "sdgkg_version": __version__,
            "data": str(data_dir),
            "triples_per_graph": result.triples_per_graph,
            # a triple stated in two graphs counts twice here, once in the union graph (VoID)
            "statements_in_named_graphs": result.total_triples,
            "entities_per_class": result.entities_per_class,
            "checksums": checksums,
            "un_kos_labels_merged": result.un_labels_merged,
            "validation": {"violations": result.violations, "warnings": result.warnings},
            RECEIPT_KEY: next_build,
        }
        (staging / RECEIPT).write_text(
            json.dumps(receipt, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        step(BuildStep.PUBLISHING)
        release_staging(staging)
        replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result
