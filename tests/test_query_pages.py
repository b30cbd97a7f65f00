"""Pages of municipalities: a paged library query's pages, one after the other, are its unbound
answer, on the seed records and on a synthetic corpus of several municipalities."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph_build.build import BuildResult, build
from graph_build.cli.main import main
from graph_build.errors import SdgkgError
from graph_build.sparql.pages import DEFAULT_PAGE_SIZE, choose_page, municipality_pages
from graph_build.sparql.query import QuerySpec, library, parse_spec, run_spec
from graph_build.sparql.text import inline_values
from graph_build.store.embedded import open_store
from graph_build.synth.corpus import synthesize

PAGED = [spec for spec in library() if spec.pages]
SDGKG = "https://w3id.org/sdgkg/ontology#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def synthetic_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seven synthetic municipalities, built without a release."""
    folder = tmp_path_factory.mktemp("pages")
    synthesize(7, folder / "data", seed=5)
    build(folder / "data", folder / "dist", release=False)
    return folder / "dist"


def test_most_of_the_library_is_paged() -> None:
    """The queries that list rows municipality by municipality say so in their header."""
    names = {spec.name for spec in PAGED}
    assert {"kpis", "actions", "stakeholders", "sdg_suggestions", "initiatives"} <= names
    assert len(names) >= 20


def _pages_joined(out: Path, spec: QuerySpec, size: int) -> tuple[list[object], list[object]]:
    store = open_store(out)
    pages = municipality_pages(store, size)
    # a required city (city_a of city_comparison) is the second municipality in name order, so
    # that it falls on a page other than the first and is left out of its own comparison
    city = pages[0].cities[1] if len(pages[0].cities) > 1 else pages[1].cities[0]
    params = {p.name: city.rsplit("/", 1)[1] for p in spec.params if p.required}
    whole = run_spec(store, spec, params)
    joined: list[object] = []
    for page in pages:
        part = run_spec(store, spec, params, page=page)
        assert part.variables == whole.variables
        joined.extend(part.rows)
    return list(whole.rows), joined


@pytest.mark.parametrize("spec", PAGED, ids=lambda s: s.name)
def test_pages_in_order_are_the_unbound_answer(spec: QuerySpec, synthetic_build: Path) -> None:
    whole, joined = _pages_joined(synthetic_build, spec, size=2)
    assert joined == whole
    if spec.name != "kpi_progress":  # the synthetic records hold no monitored values
        assert whole, f"{spec.name}: no rows to compare on the synthetic build"


@pytest.mark.parametrize("spec", PAGED, ids=lambda s: s.name)
def test_pages_on_the_seed_records(spec: QuerySpec, monitored_build: BuildResult) -> None:
    whole, joined = _pages_joined(monitored_build.out, spec, size=1)
    assert joined == whole


def _municipalities(names: list[tuple[str, str]]) -> ox.Store:
    store = ox.Store()
    for slug, name in names:
        iri = ox.NamedNode(f"https://w3id.org/sdgkg/id/{slug}")
        store.add(ox.Quad(iri, RDF_TYPE, ox.NamedNode(SDGKG + "Municipality")))
        store.add(ox.Quad(iri, RDFS_LABEL, ox.Literal(name, language="ja")))
        store.add(ox.Quad(iri, RDFS_LABEL, ox.Literal(slug, language="en")))
    return store


def test_pages_follow_japanese_names_and_keep_a_shared_name_together() -> None:
    # 府中市 is the name of two municipalities (Tokyo and Hiroshima)
    store = _municipalities(
        [("a", "金沢市"), ("b", "府中市"), ("c", "小松市"), ("d", "府中市"), ("e", "加賀市")]
    )
    pages = municipality_pages(store, size=2)
    names = [[iri.rsplit("/", 1)[1] for iri in page.cities] for page in pages]
    assert names == [["e", "c"], ["b", "d"], ["a"]]  # 加 < 小 < 府 < 金
    assert [p.first for p in pages] == [1, 3, 5] and {p.total for p in pages} == {5}
    assert municipality_pages(store, size=3)[0].cities[-2:] == (
        "https://w3id.org/sdgkg/id/b",
        "https://w3id.org/sdgkg/id/d",
    )
    assert pages[1].describe() == "page 2 of 3: municipalities 3–4 of 5 (in name order)"
    with pytest.raises(SdgkgError, match="give --page 1 to 3"):
        choose_page(pages, 4)
    with pytest.raises(SdgkgError, match="at least 1"):
        municipality_pages(store, size=0)


def test_a_page_binds_every_municipality_of_it_in_one_values_block() -> None:
    query = "SELECT ?c WHERE { ?c ?p ?o }"
    cities = (
        ox.NamedNode("https://w3id.org/sdgkg/id/a"),
        ox.NamedNode("https://w3id.org/sdgkg/id/b"),
    )
    bound = inline_values(query, {ox.Variable("c"): cities})
    assert (
        "VALUES (?c) { (<https://w3id.org/sdgkg/id/a>) (<https://w3id.org/sdgkg/id/b>) }" in bound
    )


def test_a_page_and_the_city_parameter_exclude_each_other(monitored_build: BuildResult) -> None:
    store = open_store(monitored_build.out)
    spec = next(s for s in PAGED if s.name == "kpis")
    page = municipality_pages(store)[0]
    with pytest.raises(SdgkgError, match="either the parameter 'city' or a page"):
        run_spec(store, spec, {"city": "kanazawa"}, page)
    whole = next(s for s in library() if not s.pages)
    with pytest.raises(SdgkgError, match="has no pages"):
        run_spec(store, whole, whole.required_examples(), page)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("# param: city city required  e.g. kanazawa\n# pages: city\n", "optional city parameter"),
        ("# param: city city optional  e.g. kanazawa\n# pages: town\n", "optional city parameter"),
        (
            "# param: city city optional  e.g. kanazawa\n# pages: city 0\n",
            "municipalities per page",
        ),
        (
            "# param: city city optional  e.g. kanazawa\n# pages: city ten\n",
            "municipalities per page",
        ),
    ],
)
def test_a_bad_pages_header_is_refused(tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "q.rq"
    path.write_text(header + "SELECT ?city WHERE { ?city_iri ?p ?city } ORDER BY ?city\n")
    with pytest.raises(SdgkgError, match=message):
        parse_spec(path)


def test_a_query_can_page_by_fewer_municipalities(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# param: city city optional  e.g. kanazawa\n# pages: city 3\n"
        "SELECT ?city WHERE { ?city_iri ?p ?city } ORDER BY ?city\n"
    )
    spec = parse_spec(path)
    assert (spec.pages, spec.page_size) == ("city", 3)
    assert next(s for s in PAGED if s.name == "sdg_suggestions").page_size < DEFAULT_PAGE_SIZE


def test_a_paged_query_must_order_by_its_city_first(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# param: city city optional  e.g. kanazawa\n# pages: city\n"
        "SELECT ?city ?x WHERE { ?city_iri ?x ?city } ORDER BY ?x ?city\n"
    )
    with pytest.raises(SdgkgError, match="ORDER BY \\?city"):
        parse_spec(path)


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_cli_pages(synthetic_build: Path) -> None:
    runner = CliRunner()
    base = ["query", "kpis", "--out", str(synthetic_build), "--page-size", "3"]
    whole = runner.invoke(main, [*base, "--format", "csv"])
    assert whole.exit_code == 0, whole.output
    assert whole.stderr == ""  # every page, one after the other: nothing left out to mention
    rows = _csv(whole.stdout)
    unbound = run_spec(open_store(synthetic_build), next(s for s in PAGED if s.name == "kpis"))
    assert len(rows) == len(unbound.rows) + 1
    parts = []
    for number in (1, 2, 3):
        page = runner.invoke(main, [*base, "--format", "csv", "--page", str(number)])
        assert page.exit_code == 0, page.output
        assert f"page {number} of 3" in page.stderr
        parts.extend(_csv(page.stdout)[1:])
    assert parts == rows[1:]
    table = runner.invoke(main, base)
    assert table.exit_code == 0, table.output
    assert "page 1 of 3" in table.stderr and "--page 2 for the next" in table.stderr
    too_far = runner.invoke(main, [*base, "--page", "4"])
    assert too_far.exit_code != 0 and "give --page 1 to 3" in too_far.output
    whole_query = runner.invoke(
        main, ["query", "provenance", "--out", str(synthetic_build), "--page", "1"]
    )
    assert whole_query.exit_code != 0 and "answered whole" in whole_query.output
