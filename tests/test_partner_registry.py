"""The partner registry (``<city>/partners.csv``): rows checked like records, emitted as
registrations with declared goals, targets and texts in their own graph, bad files refused."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph_build.build import build
from graph_build.cli.main import main as cli
from graph_build.paths import DATA_DIR
from graph_build.records.partners import PARTNERS_FILE, read_partner_registry

from .conftest import EXAMPLES, FIXTURES

PROGRESS_FIXTURE = FIXTURES / "kpi_progress"
CITY = "progresstown"
REGISTRY = FIXTURES / "partners" / "kanazawa-partners-for-11-2.csv"
SDGKG = "https://w3id.org/sdgkg/ontology#"
GRAPH = "https://w3id.org/sdgkg/graph/kanazawa/partner-registry"
HEADER = "id,ja,en,type,sdg_goals,sdg_targets,themes,offers,needs,source\n"
GOOD = "bus-test,見本バス,Sample bus,business,11,11.2,交通,路線,資金,city list 2023\n"


@pytest.fixture(scope="module")
def registry_store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    data = tmp_path_factory.mktemp("registry") / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copy(REGISTRY, data / "kanazawa" / PARTNERS_FILE)
    out = build(data, data.parent / "dist", release=False).out
    return ox.Store.read_only(str(out / "store"))


def select(store: ox.Store, text: str) -> list[tuple[str, ...]]:
    prefixes = f"PREFIX sdgkg: <{SDGKG}> PREFIX org: <http://www.w3.org/ns/org#> "
    return sorted(
        tuple(term.value for term in row)
        for row in store.query(prefixes + text, use_default_graph_as_union=True)  # type: ignore[union-attr]
    )


def test_each_row_becomes_a_registration_with_its_declarations(registry_store: ox.Store) -> None:
    rows = select(
        registry_store,
        f"""SELECT ?member ?target WHERE {{ GRAPH <{GRAPH}> {{
            ?reg a sdgkg:PartnerRegistration ; org:member ?member ; sdgkg:declaresTarget ?target ;
                sdgkg:registeredIn ?registry . ?registry a sdgkg:PartnerRegistry }} }}""",
    )
    org, sdg = "https://w3id.org/sdgkg/id/org/", "http://metadata.un.org/sdg/"
    assert rows == [
        (org + "cycling-test-society", sdg + "11.2"),
        (org + "cycling-test-society", sdg + "3.6"),
        (org + "kanazawa-shinkin-bank", sdg + "8.3"),
        (org + "transit-test-company", sdg + "11.2"),
    ]


def test_declarations_are_not_document_links(registry_store: ox.Store) -> None:
    stated = select(
        registry_store,
        f"""SELECT ?s WHERE {{ GRAPH <{GRAPH}> {{
            ?s sdgkg:addressesTarget|sdgkg:addressesGoal ?sdg }} }}""",
    )
    assert stated == []


def test_registrations_name_their_file_line_and_are_marked_illustrative(
    registry_store: ox.Store,
) -> None:
    rows = select(
        registry_store,
        """SELECT ?reg ?file ?line ?flag WHERE {
            ?reg a sdgkg:PartnerRegistration ; sdgkg:illustrative ?flag ;
                <http://www.w3.org/ns/prov#wasDerivedFrom> ?src .
            ?src a sdgkg:DataFileLine ; sdgkg:dataFile ?file ; sdgkg:lineNumber ?line }""",
    )
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("kanazawa/partners.csv", "3", "true"),
        ("kanazawa/partners.csv", "4", "true"),
        ("kanazawa/partners.csv", "2", "true"),
    ]


def test_the_registry_names_the_city_platform(registry_store: ox.Store) -> None:
    rows = select(
        registry_store, "SELECT ?body WHERE { ?r a sdgkg:PartnerRegistry ; sdgkg:registryOf ?body }"
    )
    assert rows == [("https://w3id.org/sdgkg/id/kanazawa/body/imagine-kanazawa-2030-partners",)]


def test_byte_order_mark_and_crlf_are_read(tmp_path: Path) -> None:
    path = tmp_path / PARTNERS_FILE
    path.write_bytes(("\ufeff" + HEADER + GOOD).replace("\n", "\r\n").encode())
    rows, problems = read_partner_registry(path)
    assert problems == []
    assert [(r.id, r.sdg_goals, r.sdg_targets, r.line) for r in rows] == [
        ("bus-test", ("11",), ("11.2",), 2)
    ]


BAD_FILES = {
    # name: content, line of the problem, words of the message
    "unknown type": (HEADER + GOOD.replace("business", "company"), 2, "unknown stakeholder type"),
    "unknown target": (
        HEADER + GOOD.replace(",11.2,", ",11.99,"),
        2,
        "'11.99' is not a UN SDG target",
    ),
    "unknown goal": (HEADER + GOOD.replace(",11,", ",18,"), 2, "'18' is not a UN SDG goal"),
    "duplicate id": (HEADER + GOOD + GOOD, 3, "the first is on line 2"),
    "missing source": (HEADER + GOOD.replace("city list 2023", ""), 2, "no source"),
    "bad id": (HEADER + GOOD.replace("bus-test", "Bus Test"), 2, "is not an identifier"),
    "bad header": (HEADER.replace("offers,", "") + GOOD, 1, "missing offers"),
}


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished build that failed builds must leave as it was."""
    out = tmp_path_factory.mktemp("kept") / "dist"
    build(PROGRESS_FIXTURE, out, release=False)
    return out


def build_with(data: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["build", "--data", str(data), "--out", str(out), "--no-release"]
    )
    return result.exit_code, result.output


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_registry_fails_with_file_line_and_keeps_output(
    case: str, tmp_path: Path, built_out: Path
) -> None:
    content, line, words = BAD_FILES[case]
    data = tmp_path / "data"
    shutil.copytree(PROGRESS_FIXTURE, data)
    csv = data / CITY / PARTNERS_FILE
    csv.write_text(content, encoding="utf-8")
    before = snapshot(built_out)
    code, output = build_with(data, built_out)
    assert code == 2, output
    assert f"{csv}:{line}" in output and words in output, output
    assert "fix:" in output
    assert snapshot(built_out) == before


def test_an_existing_stakeholder_keeps_its_labels_and_type(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    csv = data / "kanazawa" / PARTNERS_FILE
    csv.write_text(
        HEADER + "kanazawa-shinkin-bank,金沢信金,Kanazawa Shinkin Bank,business,8,,,,,list\n",
        encoding="utf-8",
    )
    code, output = build_with(data, tmp_path / "dist")
    assert code == 2, output
    assert f"{csv}:2" in output and "is defined in" in output, output
    assert not (tmp_path / "dist").exists()


def test_the_example_registry_is_valid_and_every_row_illustrative() -> None:
    rows, problems = read_partner_registry(EXAMPLES / "kanazawa-partners.csv")
    assert problems == [] and rows
    assert all(row.illustrative for row in rows)
