"""A build upon the build already in its output folder: it reads the SDG suggestions of
unchanged municipalities back, changes the earlier store only where the dump changed, and writes
exactly what a cold build writes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from benchmarks.rebuild_one_city import FIRST_DIRECTION, change_a_direction
from graph_build.build import RECEIPT, BuildResult, build
from graph_build.cli.main import main
from graph_build.emit import dump_blocks
from graph_build.emit.dump_blocks import (
    RECEIPT_KEY,
    BlockRecorder,
    EarlierBuild,
    Segment,
    folder_digest,
    read_blocks,
)
from graph_build.iris import CURATED_LINKS_GRAPH, SUGGESTIONS_GRAPH
from graph_build.release.dumps import (
    NQUADS_FILE,
    TURTLE_FILE,
    write_turtle_by_segments,
    write_union_turtle,
)
from graph_build.store.embedded import STORE_DIR
from graph_build.validate.batch_cache import CACHE_FILE
from graph_build.validate.check_scope import changed_subjects
from graph_build.validate.checks import violation_checks

from .conftest import suggestion_corpus

CHANGED = "m00002"
DERIVED = (str(SUGGESTIONS_GRAPH), str(CURATED_LINKS_GRAPH))
#: The SPARQL checks a rebuild may run on the subjects that changed only, and all checks.
SCOPED_CHECKS = (sum(bool(s.changed_subjects) for s in violation_checks()), len(violation_checks()))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three synthetic municipalities, the sample town with an accepted review, and a copy of it
    named ``activity`` (see :func:`tests.conftest.suggestion_corpus`)."""
    return suggestion_corpus(tmp_path_factory.mktemp("reuse") / "data", 3, seed=5)


@pytest.fixture
def data(corpus: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(corpus, copy)
    return copy


def _build(data: Path, out: Path, reuse: bool = True) -> BuildResult:
    return build(data, out, release=False, reuse=reuse)


def _dumps(out: Path) -> dict[str, bytes]:
    """The files a build writes from the records: dumps, validation reports and cache."""
    names = (NQUADS_FILE, TURTLE_FILE, "validation-report.ttl", "validation-report.txt", CACHE_FILE)
    return {name: (out / name).read_bytes() for name in names}


def _receipt(out: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((out / RECEIPT).read_text(encoding="utf-8"))
    return found


def _store(out: Path) -> list[str]:
    """Every quad of a build's store, as sorted N-Quads text with blank nodes unnamed (a store
    names the blank nodes of the ontology's graph afresh at each load)."""
    store = ox.Store.read_only(str(out / STORE_DIR))
    quads = (str(quad) for quad in store.quads_for_pattern(None, None, None, None))
    return sorted(re.sub(r"_:[0-9A-Za-z]+", "_:", quad) for quad in quads)


def _blocks(out: Path) -> dict[tuple[str, str], list[Any]]:
    return {(b[0], b[1]): b for b in _receipt(out)[RECEIPT_KEY]["blocks"]}


def _ranked(data: Path) -> int:
    """Municipalities whose suggestions can be read back: all but ``activity``."""
    return sum(1 for p in data.iterdir() if p.is_dir() and p.name != "activity")


def test_an_unchanged_corpus_is_read_back_not_ranked_nor_reloaded(
    data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    first = _build(data, out)
    assert not first.reused  # nothing to start from
    before, receipt, store = _dumps(out), _receipt(out), _store(out)
    entry = receipt[RECEIPT_KEY]
    assert sorted(entry["folders"]) == sorted(p.name for p in data.iterdir() if p.is_dir())
    # the blocks lie one after the other and cover the dump; the derived ones per municipality
    assert entry["blocks"][0][2] == 0 and entry["blocks"][-1][3] == len(before[NQUADS_FILE])
    assert all(a[3] == b[2] for a, b in zip(entry["blocks"], entry["blocks"][1:], strict=False))
    blocks = _blocks(out)
    assert (str(CURATED_LINKS_GRAPH), "sampletown") in blocks
    assert {owner for graph, owner in blocks if graph == DERIVED[0]} >= {"m00001", "activity"}
    assert all(owner == "" for graph, owner in blocks if graph not in DERIVED)
    assert len(store) == first.total_triples

    again = _build(data, out)
    folders = len(entry["folders"])
    assert again.reused.suggestions == (_ranked(data), folders)
    assert again.reused.store is True
    segments, batches = again.reused.turtle[1], again.reused.batches[1]
    assert segments > 1 and again.reused.turtle == (segments, segments)
    assert batches > 1 and again.reused.batches == (batches, batches)
    assert again.warnings == first.warnings > 0  # read back, the findings are the same
    # nothing changed, so no check is run: each looks at the (no) changed subjects only
    checks = len(violation_checks())
    assert again.reused.checks == (checks, checks)
    assert again.reused.changed_subjects == 0
    assert _dumps(out) == before
    assert _receipt(out) == receipt
    assert _store(out) == store


def test_a_changed_municipality_is_ranked_again_and_the_output_is_a_cold_builds(
    data: Path, tmp_path: Path
) -> None:
    out, cold, kept = tmp_path / "dist", tmp_path / "cold", tmp_path / "earlier"
    _build(data, out)
    before = _blocks(out)
    kept.mkdir()
    for name in (RECEIPT, NQUADS_FILE):
        shutil.copy(out / name, kept / name)
    change_a_direction(data / CHANGED)

    warm = _build(data, out)
    assert warm.reused.suggestions[0] == _ranked(data) - 1 and warm.reused.store
    assert warm.reused.checks == SCOPED_CHECKS
    # the subjects the scoped checks looked at: every subject of a statement added or removed
    earlier = EarlierBuild.read(kept, RECEIPT, NQUADS_FILE)
    assert earlier is not None
    size = (out / NQUADS_FILE).stat().st_size
    blocks = read_blocks(_receipt(out)[RECEIPT_KEY]["blocks"], size)
    subjects = changed_subjects(earlier, blocks.values(), out / NQUADS_FILE)
    assert subjects is not None and len(subjects) == warm.reused.changed_subjects > 0
    old = set((kept / NQUADS_FILE).read_text(encoding="utf-8").splitlines())
    new = set((out / NQUADS_FILE).read_text(encoding="utf-8").splitlines())
    touched = {line[1 : line.index(">")] for line in old ^ new}
    assert touched and touched <= set(subjects)
    everything = {line[1 : line.index(">")] for line in new if line.startswith("<")}
    assert len(subjects) < len(everything) / 2  # the changed municipality's, and what it names
    assert 0 < warm.reused.turtle[0] < warm.reused.turtle[1]  # its own segments written
    assert 0 < warm.reused.batches[0] < warm.reused.batches[1]  # its own batches validated
    assert not _build(data, cold, reuse=False).reused
    assert _dumps(out) == _dumps(cold)
    assert _receipt(out) == _receipt(cold)
    assert _store(out) == _store(cold)
    # the change reached the municipality's suggestions, and nothing else's
    now = _blocks(out)
    changed = {key for key in now if key not in before or now[key][4] != before[key][4]}
    assert (DERIVED[0], CHANGED) in changed
    assert all(CHANGED in graph or owner == CHANGED for graph, owner in changed), changed


def test_bytes_changed_in_the_earlier_dump_are_ranked_again(data: Path, tmp_path: Path) -> None:
    out, cold = tmp_path / "dist", tmp_path / "cold"
    _build(data, out)
    start = _blocks(out)[(DERIVED[0], "m00001")][2]
    with (out / NQUADS_FILE).open("r+b") as handle:  # the same size: only the digest can tell
        handle.seek(start + 1)
        handle.write(b"X")

    assert _build(data, out).reused.suggestions[0] == _ranked(data) - 1
    _build(data, cold, reuse=False)
    assert _dumps(out) == _dumps(cold)
    assert _store(out) == _store(cold)


def _add_a_graph(store: ox.Store) -> None:
    extra = ox.NamedNode("https://w3id.org/sdgkg/graph/analysis/example")
    store.add(ox.Quad(extra, extra, ox.Literal("x"), extra))


def _remove_a_quad(store: ox.Store) -> None:
    store.remove(next(iter(store.quads_for_pattern(None, None, None, None))))


@pytest.mark.parametrize(
    ("change", "kept"),
    [
        (_add_a_graph, True),  # as sdgkg analyze adds its results graph: dropped again
        (_remove_a_quad, False),  # a built graph changed: its count does not match, not used
    ],
)
def test_what_was_written_into_the_earlier_store_does_not_outlive_it(
    data: Path, tmp_path: Path, change: Callable[[ox.Store], None], kept: bool
) -> None:
    out, cold = tmp_path / "dist", tmp_path / "cold"
    _build(data, out)
    store = ox.Store(str(out / STORE_DIR))
    change(store)
    store.flush()
    del store
    assert _build(data, out).reused.store is kept
    _build(data, cold, reuse=False)
    assert _store(out) == _store(cold)


def test_a_validation_cache_its_receipt_does_not_vouch_for_is_not_read(
    data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    first = _build(data, out)
    cache = out / CACHE_FILE
    lines = cache.read_text(encoding="utf-8").splitlines(keepends=True)
    hidden = [json.loads(line) for line in lines]
    for entry in hidden:  # findings removed: a build that read this would report none
        entry["findings"], entry["report"] = [], ""
    cache.write_text("".join(json.dumps(e) + "\n" for e in hidden), encoding="utf-8")
    again = _build(data, out)
    assert again.reused.batches[0] == 0
    assert again.warnings == first.warnings > 0


def test_another_version_of_the_code_starts_afresh(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    _build(data, out)
    receipt = _receipt(out)
    receipt[RECEIPT_KEY]["code"] = "0" * 64
    (out / RECEIPT).write_text(json.dumps(receipt), encoding="utf-8")
    assert not _build(data, out).reused


def test_other_library_versions_start_afresh(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    _build(data, out)
    assert "pyoxigraph==" in dump_blocks.environment()
    other = dump_blocks.environment().replace("pyoxigraph==", "pyoxigraph==9")
    monkeypatch.setattr(dump_blocks, "environment", lambda: other)
    dump_blocks.code_digest.cache_clear()
    try:
        assert not _build(data, out).reused
    finally:
        dump_blocks.code_digest.cache_clear()


@pytest.mark.parametrize(
    "damage",
    [
        "block past the end",
        "block too large",
        "dump of another size",
        "blocks out of order",
        "bounds not numbers",
        "not a receipt",
    ],
)
def test_a_damaged_receipt_starts_afresh_and_the_build_still_succeeds(
    data: Path, tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    _build(data, out)
    before, store = _dumps(out), _store(out)
    receipt = _receipt(out)
    entry = receipt[RECEIPT_KEY]
    block = entry["blocks"][-1]
    if damage == "block past the end":
        block[3] = entry["dump_bytes"] + 1
    elif damage == "block too large":  # larger than any block may be read back
        monkeypatch.setattr(dump_blocks, "MAX_BLOCK_BYTES", block[3] - block[2] - 1)
    elif damage == "dump of another size":
        entry["dump_bytes"] += 1
    elif damage == "blocks out of order":
        entry["blocks"][0], entry["blocks"][1] = entry["blocks"][1], entry["blocks"][0]
    elif damage == "bounds not numbers":
        block[2] = str(block[2])
    text = "[1, 2" if damage == "not a receipt" else json.dumps(receipt)
    (out / RECEIPT).write_text(text, encoding="utf-8")
    assert not _build(data, out).reused
    assert _dumps(out) == before
    assert _store(out) == store


def test_the_command_says_what_it_built_upon_and_no_reuse_starts_afresh(
    data: Path, tmp_path: Path
) -> None:
    out = str(tmp_path / "dist")
    runner = CliRunner()
    command = ["build", "--data", str(data), "--out", out, "--no-release"]
    first = runner.invoke(main, command)
    assert first.exit_code == 0, first.output
    assert "built upon the earlier build" not in first.output
    second = runner.invoke(main, command)
    assert second.exit_code == 0, second.output
    folders = sum(1 for p in data.iterdir() if p.is_dir())
    expected = [
        "built upon the earlier build in",
        f"SDG suggestions read back for {_ranked(data)} of {folders} municipalities",
        "store: changed where the dump changed",
        "segments copied",
        "batches read back",
        "SPARQL checks: none run, since no statement changed",
    ]
    assert all(line in second.output for line in expected), second.output
    cold = runner.invoke(main, [*command, "--no-reuse"])
    assert cold.exit_code == 0, cold.output
    assert "built upon the earlier build" not in cold.output


def test_the_rebuild_benchmark_measures_one_changed_municipality(
    data: Path, tmp_path: Path
) -> None:
    out, result = tmp_path / "dist", tmp_path / "result" / "rebuild"
    _build(data, out)
    before = folder_digest(data / CHANGED)
    (plan,) = (data / CHANGED).glob("*future-city-plan.yaml")
    direction = FIRST_DIRECTION.search(plan.read_text(encoding="utf-8"))
    assert direction is not None
    script = Path(__file__).parent.parent / "benchmarks" / "rebuild_one_city.py"
    command = [
        sys.executable, str(script), "--data", str(data), "--out", str(out),
        "--city", CHANGED, "--result", str(result),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(result.with_suffix(".json").read_text(encoding="utf-8"))
    folders = len(_receipt(out)[RECEIPT_KEY]["folders"])
    taken = found["taken"]
    assert found["municipalities"] == folders
    assert found["change"].startswith(f"「{direction.group(1)}」 → ")
    assert taken["suggestions"] == [_ranked(data) - 1, folders] and taken["store_updated"]
    for part in ("turtle_segments", "validation_batches"):
        assert 0 < taken[part][0] < taken[part][1], part
    assert taken["scoped_checks"][:2] == list(SCOPED_CHECKS) and taken["scoped_checks"][2] > 0
    assert found["build"]["returncode"] == 0 and found["build"]["timings"]["steps"]
    assert folder_digest(data / CHANGED) == before  # put back as it was
    # the build in OUT is that of the changed records
    assert _receipt(out)[RECEIPT_KEY]["folders"][CHANGED] != before
    summary = f"read back for {_ranked(data) - 1} of {folders} municipalities"  # the .md too
    assert summary in result.with_suffix(".md").read_text(encoding="utf-8")


def test_the_turtle_written_by_segments_is_the_streamed_turtle(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    _build(data, out, reuse=False)
    streamed = write_union_turtle(out / NQUADS_FILE, tmp_path / "streamed.ttl")
    assert (out / TURTLE_FILE).read_bytes() == streamed.read_bytes()


def test_a_subject_running_across_blocks_keeps_them_in_one_segment(tmp_path: Path) -> None:
    blocks = [
        ("https://example.org/g1", b'<https://example.org/s1> <https://example.org/p> "a" '
         b'<https://example.org/g1> .\n<https://example.org/s2> <https://example.org/p> "b" '
         b'<https://example.org/g1> .\n'),
        ("https://example.org/g2", b'<https://example.org/s2> <https://example.org/p> "c" '
         b'<https://example.org/g2> .\n<https://example.org/s3> <https://example.org/p> "d" '
         b'<https://example.org/g2> .\n'),
    ]  # fmt: skip
    recorder = BlockRecorder()
    dump = tmp_path / "dump.nq"
    dump.write_bytes(b"".join(data for _graph, data in blocks))
    for graph, data in blocks:
        recorder.add(graph, data, derived=False)
    assert recorder.joined == [False, True] and len(recorder.segments()) == 1
    streamed = write_union_turtle(dump, tmp_path / "streamed.ttl").read_bytes()
    assert b'"b", "c"' in streamed.replace(b" ,", b",")  # the streamed writer joins them
    listed, copied = write_turtle_by_segments(dump, tmp_path / "s.ttl", recorder.segments())
    assert (tmp_path / "s.ttl").read_bytes() == streamed and (len(listed), copied) == (1, 0)
    # cut at the boundary instead, the two blocks would not give the streamed Turtle
    apart = [Segment(b.start, b.end, b.sha256) for b in recorder.blocks]
    write_turtle_by_segments(dump, tmp_path / "apart.ttl", apart)
    assert (tmp_path / "apart.ttl").read_bytes() != streamed


def test_turtle_changed_in_the_earlier_dump_is_written_afresh(data: Path, tmp_path: Path) -> None:
    out, cold = tmp_path / "dist", tmp_path / "cold"
    _build(data, out)
    segment = _receipt(out)[RECEIPT_KEY]["turtle_segments"][3]
    with (out / TURTLE_FILE).open("r+b") as handle:  # the same size: only the digest can tell
        handle.seek(segment[2] + 1)
        handle.write(b"X")
    again = _build(data, out)
    assert again.reused.turtle[0] == again.reused.turtle[1] - 1
    _build(data, cold, reuse=False)
    assert _dumps(out) == _dumps(cold)
