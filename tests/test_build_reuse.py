"""A build reads the SDG suggestions of unchanged municipalities back from the build already in
its output folder, ranks every other one, and writes the bytes a cold build writes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchmarks.rebuild_one_city import change_a_direction
from graph_build.build import RECEIPT, BuildResult, build
from graph_build.cli.main import main
from graph_build.iris import CURATED_LINKS_GRAPH, SUGGESTIONS_GRAPH
from graph_build.release.dumps import NQUADS_FILE, TURTLE_FILE
from graph_build.suggest import earlier
from graph_build.suggest.earlier import RECEIPT_KEY, folder_digest
from graph_build.synth.corpus import synthesize

from .conftest import ALL_RECORD_KINDS

REVIEWS = Path(__file__).parent / "fixtures" / "sdg_reviews"
CHANGED = "m00002"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three synthetic municipalities, the sample town with an accepted review (a curated-links
    block of its own), and a copy of it named ``activity``, whose suggestions share a block with
    the method's run (``…/id/activity/``)."""
    root = tmp_path_factory.mktemp("reuse") / "data"
    synthesize(3, root, seed=5)
    town = root / "sampletown"
    shutil.copytree(ALL_RECORD_KINDS / "sampletown", town)
    shutil.copy(REVIEWS / "accept_one_reject_one.yaml", town / "sdg-reviews.yaml")
    twin = root / "activity"
    twin.mkdir()
    for path in town.iterdir():
        text = path.read_text(encoding="utf-8").replace("sampletown", "activity")
        (twin / path.name).write_text(text, encoding="utf-8")
    return root


def _build(data: Path, out: Path, reuse: bool = True) -> BuildResult:
    return build(data, out, release=False, reuse=reuse)


def _dumps(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in (NQUADS_FILE, TURTLE_FILE)}


def _receipt(out: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((out / RECEIPT).read_text(encoding="utf-8"))
    return found


@pytest.fixture
def data(corpus: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(corpus, copy)
    return copy


def test_an_unchanged_corpus_is_read_back_not_ranked(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert _build(data, out).suggestions_reused == 0  # nothing to reuse yet
    before, receipt = _dumps(out), _receipt(out)
    cities = receipt[RECEIPT_KEY]["cities"]
    # every municipality but the one sharing its block with the method's run
    assert sorted(cities) == sorted(
        p.name for p in data.iterdir() if p.is_dir() and p.name != "activity"
    )
    graphs = [block[0] for block in cities["sampletown"]["blocks"]]
    assert graphs == [str(SUGGESTIONS_GRAPH), str(CURATED_LINKS_GRAPH)]
    for entry in cities.values():
        for _graph, start, end, _sha in entry["blocks"]:
            assert 0 < start < end <= len(before[NQUADS_FILE])

    again = _build(data, out)
    assert again.suggestions_reused == len(cities)
    assert _dumps(out) == before
    assert _receipt(out) == receipt


def test_a_changed_municipality_is_ranked_again_and_the_dumps_are_a_cold_builds(
    data: Path, tmp_path: Path
) -> None:
    out, cold = tmp_path / "dist", tmp_path / "cold"
    _build(data, out)
    before = _receipt(out)[RECEIPT_KEY]["cities"]
    change_a_direction(data / CHANGED)

    warm = _build(data, out)
    assert warm.suggestions_reused == len(before) - 1
    assert _build(data, cold, reuse=False).suggestions_reused == 0
    assert _dumps(out) == _dumps(cold)
    assert _receipt(out) == _receipt(cold)
    now = _receipt(out)[RECEIPT_KEY]["cities"]
    assert now[CHANGED]["folder"] != before[CHANGED]["folder"]
    assert now[CHANGED]["blocks"][0][3] != before[CHANGED]["blocks"][0][3]  # new suggestions


def test_bytes_changed_in_the_earlier_dump_are_ranked_again(data: Path, tmp_path: Path) -> None:
    out, cold = tmp_path / "dist", tmp_path / "cold"
    _build(data, out)
    cities = _receipt(out)[RECEIPT_KEY]["cities"]
    _graph, start, _end, _sha = cities["m00001"]["blocks"][0]
    dump = out / NQUADS_FILE
    with dump.open("r+b") as handle:  # the same size: only the block's digest can tell
        handle.seek(start + 1)
        handle.write(b"X")

    assert _build(data, out).suggestions_reused == len(cities) - 1
    _build(data, cold, reuse=False)
    assert _dumps(out) == _dumps(cold)


def test_another_version_of_the_code_ranks_everything_again(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    _build(data, out)
    receipt = _receipt(out)
    receipt[RECEIPT_KEY]["code"] = "0" * 64
    (out / RECEIPT).write_text(json.dumps(receipt), encoding="utf-8")
    assert _build(data, out).suggestions_reused == 0


def test_the_command_says_what_it_reused_and_no_reuse_ranks_all(data: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "dist")
    runner = CliRunner()
    command = ["build", "--data", str(data), "--out", out, "--no-release"]
    first = runner.invoke(main, command)
    assert first.exit_code == 0, first.output
    assert "read back from the earlier build" not in first.output
    second = runner.invoke(main, command)
    assert second.exit_code == 0, second.output
    assert "SDG suggestions of 4 unchanged municipalities read back" in second.output
    cold = runner.invoke(main, [*command, "--no-reuse"])
    assert cold.exit_code == 0, cold.output
    assert "read back from the earlier build" not in cold.output


@pytest.mark.parametrize(
    "damage",
    [
        "block past the end",
        "block too large",
        "dump of another size",
        "block of another graph",
        "bounds not numbers",
        "not a receipt",
    ],
)
def test_a_damaged_receipt_ranks_again_and_the_build_still_succeeds(
    data: Path, tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    _build(data, out)
    before = _dumps(out)
    receipt = _receipt(out)
    block = receipt[RECEIPT_KEY]["cities"]["m00001"]["blocks"][0]
    if damage == "block past the end":
        block[2] = receipt[RECEIPT_KEY]["dump_bytes"] + 1
    elif damage == "block too large":  # larger than any block may be read back
        monkeypatch.setattr(earlier, "MAX_BLOCK_BYTES", block[2] - block[1] - 1)
    elif damage == "dump of another size":
        receipt[RECEIPT_KEY]["dump_bytes"] += 1
    elif damage == "block of another graph":
        block[0] = "https://example.org/graph"
    elif damage == "bounds not numbers":
        block[1] = "0"
    text = "[1, 2" if damage == "not a receipt" else json.dumps(receipt)
    (out / RECEIPT).write_text(text, encoding="utf-8")
    assert _build(data, out).suggestions_reused == 0
    assert _dumps(out) == before


def test_the_rebuild_benchmark_measures_one_changed_municipality(
    data: Path, tmp_path: Path
) -> None:
    out, result = tmp_path / "dist", tmp_path / "result" / "rebuild"
    _build(data, out)
    before = folder_digest(data / CHANGED)
    script = Path(__file__).parent.parent / "benchmarks" / "rebuild_one_city.py"
    command = [
        sys.executable, str(script), "--data", str(data), "--out", str(out),
        "--city", CHANGED, "--result", str(result),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(result.with_suffix(".json").read_text(encoding="utf-8"))
    cities = len(_receipt(out)[RECEIPT_KEY]["cities"])
    assert found["reused"] == cities - 1 and found["municipalities"] == cities + 1
    assert found["build"]["returncode"] == 0 and found["build"]["timings"]["steps"]
    assert folder_digest(data / CHANGED) == before  # put back as it was
    # the build in OUT is that of the changed records
    assert _receipt(out)[RECEIPT_KEY]["cities"][CHANGED]["folder"] != before
    summary = f"read back for {cities - 1} of {cities + 1} municipalities"
    assert summary in result.with_suffix(".md").read_text("utf-8")
