"""The build's label index narrows ``search_labels`` without changing its rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph_build.build import BuildResult
from graph_build.cli.main import main
from graph_build.errors import SdgkgError
from graph_build.sparql.query import bound_text, parse_spec, resolve_query, run_spec
from graph_build.store import label_index
from graph_build.store.embedded import open_store
from graph_build.store.label_index import LABEL_INDEX_FILE, LabelIndex, write_label_index

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
# Japanese and English words, upper case, characters that mean something to SQL (LIKE, quotes)
# or to SPARQL, a text found nowhere, and one found in many labels.
TEXTS = ["森林", "金沢", "FOREST", "Kanazawa", "の", "%", "_", "'", '"', "}", "zzz-none", "2030"]


@pytest.fixture(scope="module")
def seed(project_build: BuildResult) -> tuple[ox.Store, LabelIndex]:
    index = LabelIndex.of_build(project_build.out)
    assert index is not None, "the build wrote no usable label index"
    return open_store(project_build.out), index


def test_the_build_writes_every_distinct_label(seed: tuple[ox.Store, LabelIndex]) -> None:
    store, index = seed
    labels = {q.object for q in store.quads_for_pattern(None, RDFS_LABEL, None, None)}
    # every label is found by its own full text, and no label is listed twice
    for label in sorted(labels, key=str)[:: max(1, len(labels) // 300)]:
        found = index.containing(label.value)
        assert found is not None and label in found
    whole = index.containing("")
    assert whole is None or len(whole) == len(labels)


def test_lower_case_is_sparql_lcase_on_every_label(seed: tuple[ox.Store, LabelIndex]) -> None:
    """The index folds with Python's ``str.lower``, the query with ``LCASE``: they must agree,
    or the index would leave out labels the query's filter keeps."""
    store, _ = seed
    query = f"SELECT DISTINCT ?l (LCASE(STR(?l)) AS ?lower) WHERE {{ ?e {RDFS_LABEL} ?l }}"
    pairs = list(store.query(query, use_default_graph_as_union=True))  # type: ignore[union-attr]
    assert len(pairs) > 1000
    assert [p["l"].value.lower() for p in pairs] == [p["lower"].value for p in pairs]


@pytest.mark.parametrize("text", TEXTS)
def test_same_rows_with_and_without_the_index(seed: tuple[ox.Store, LabelIndex], text: str) -> None:
    store, index = seed
    spec = resolve_query("search_labels")
    scanned = run_spec(store, spec, {"text": text}).plain_rows()
    narrowed = run_spec(store, spec, {"text": text}, labels=index).plain_rows()
    assert narrowed == scanned
    found = index.containing(text)
    if found is not None:  # the index was used: ?label is bound to what it found
        assert "VALUES (?label ?text)" in bound_text(spec, {"text": text}, labels=index)
        assert {row[0] for row in scanned} <= {label.value for label in found}


def test_the_index_is_used_for_a_word(seed: tuple[ox.Store, LabelIndex]) -> None:
    _, index = seed
    found = index.containing("森林")
    assert found is not None and 0 < len(found) < 1000
    assert all("森林" in label.value for label in found)
    upper = index.containing("FOREST")
    assert upper is not None and upper and all("forest" in x.value.lower() for x in upper)


def test_a_common_text_is_left_to_the_scan(
    seed: tuple[ox.Store, LabelIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, index = seed
    monkeypatch.setattr(label_index, "MAX_BOUND_LABELS", 3)
    assert index.containing("森林") is None
    spec = resolve_query("search_labels")
    assert "VALUES (?label" not in bound_text(spec, {"text": "森林"}, labels=index)
    assert run_spec(store, spec, {"text": "森林"}, labels=index).rows


def test_same_store_same_file(seed: tuple[ox.Store, LabelIndex], tmp_path: Path) -> None:
    store, index = seed
    count = write_label_index(store, tmp_path / "again.sqlite")
    assert count > 1000
    assert (tmp_path / "again.sqlite").read_bytes() == index.path.read_bytes()


def test_no_index_or_a_label_that_is_not_a_literal(tmp_path: Path) -> None:
    assert LabelIndex.of_build(tmp_path) is None  # an older build: the query scans
    (tmp_path / LABEL_INDEX_FILE).write_text("not a database", encoding="utf-8")
    assert LabelIndex.of_build(tmp_path) is None
    store = ox.Store()
    entity = ox.NamedNode("https://example.org/e")
    store.add(ox.Quad(entity, RDFS_LABEL, ox.Literal("森林", language="ja")))
    store.add(ox.Quad(entity, RDFS_LABEL, ox.NamedNode("https://example.org/森林")))
    assert write_label_index(store, tmp_path / LABEL_INDEX_FILE) == 1
    assert LabelIndex.of_build(tmp_path) is None  # it could not bind the IRI


def test_cli_answers_the_same_without_the_index(project_build: BuildResult, tmp_path: Path) -> None:
    bare = tmp_path / "dist"
    shutil.copytree(project_build.out, bare)
    (bare / LABEL_INDEX_FILE).unlink()
    runner = CliRunner()
    args = ["query", "search_labels", "--param", "text=森林", "--format", "csv"]
    with_index = runner.invoke(main, [*args, "--out", str(project_build.out)])
    without = runner.invoke(main, [*args, "--out", str(bare)])
    assert with_index.exit_code == 0 and without.exit_code == 0, with_index.output
    assert with_index.output == without.output
    assert with_index.output.count("\n") > 3


@pytest.mark.parametrize(
    "line",
    [
        "# label_index: text",
        "# label_index: nothing label",
        "# label_index: city label",
        "# label_index: text nolabel",
    ],
)
def test_bad_label_index_lines(tmp_path: Path, line: str) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# param: text string required  a text\n"
        "# param: city city optional  a city\n"
        f"{line}\n"
        "SELECT ?label ?text ?city_iri WHERE { ?e ?p ?label }\n",
        encoding="utf-8",
    )
    with pytest.raises(SdgkgError, match="label_index"):
        parse_spec(path)


def test_serve_answers_from_its_snapshot_of_the_index(project_build: BuildResult) -> None:
    from graph_build.serve.protocol import QueryJob, execute
    from graph_build.serve.snapshot import take_snapshot

    snapshot = take_snapshot(project_build.out)
    try:
        index = LabelIndex.of_build(snapshot.store_dir.parent)
        assert index is not None, "the snapshot has no label index"
        store = ox.Store.read_only(str(snapshot.store_dir))
        job = QueryJob(library="search_labels", params=(("text", "森林"),), format="csv")
        narrowed, scanned = execute(store, job, labels=index), execute(store, job)
        assert narrowed.status == 200 and narrowed.body == scanned.body
        assert narrowed.body.count(b"\n") > 3
    finally:
        snapshot.remove()
