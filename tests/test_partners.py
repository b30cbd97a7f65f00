"""Partner finding: the ranking of ``sdgkg partners`` on a build with a partner registry, its
reasons, the SPARQL version in the query library, and the scoring's data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_build.cli.main import main as cli
from graph_build.partners.evidence import load_partner_graph
from graph_build.partners.scoring import (
    dice,
    initiative_subject,
    load_scoring,
    organisation_subject,
    rank_candidates,
    target_subject,
    tokens,
)
from graph_build.paths import DATA_DIR
from graph_build.records.partners import PARTNERS_FILE
from graph_build.records.vocabulary import known_stakeholder_types
from graph_build.sparql.query import resolve_query, run_spec
from graph_build.store.embedded import open_store

from .conftest import FIXTURES

REGISTRY = FIXTURES / "partners" / "kanazawa-partners-for-11-2.csv"
ORG = "https://w3id.org/sdgkg/id/org/"
DECLARING_11_2 = {ORG + "transit-test-company", ORG + "cycling-test-society"}


@pytest.fixture(scope="module")
def registry_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's records with a partner registry added, built with the command."""
    base = tmp_path_factory.mktemp("partners")
    data = base / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copy(REGISTRY, data / "kanazawa" / PARTNERS_FILE)
    out = base / "dist"
    result = CliRunner().invoke(
        cli, ["build", "--data", str(data), "--out", str(out), "--no-release"]
    )
    assert result.exit_code == 0, result.output
    return out


def partners(out: Path, *args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, ["partners", *args, "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def test_organisations_declaring_the_target_rank_first_with_reasons(registry_out: Path) -> None:
    rows = partners(registry_out, "--target", "11.2")
    first = rows[: len(DECLARING_11_2)]
    assert {r["organisation_iri"] for r in first} == DECLARING_11_2
    for row in first:
        assert "declares target 11.2 in its partner registration" in row["reasons"]
        assert "連携相手登録でターゲット11.2を表明" in row["reasons_ja"]
        assert row["illustrative"] == "true" and "illustrative" in row["reasons"]
    rest = rows[len(DECLARING_11_2) :]
    assert rest, "organisations that only work on goal 11 or under 11.2 follow"
    assert all("declares target 11.2" not in r["reasons"] for r in rest)
    assert float(first[-1]["score"]) > float(rest[0]["score"])
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))


def test_reasons_keep_declared_stated_and_inherited_apart(registry_out: Path) -> None:
    rows = partners(registry_out, "--target", "11.2", "--top", "50")
    inherited = [r for r in rows if "placed under target 11.2" in r["reasons"]]
    assert inherited, "stakeholders of initiatives under a direction printing 11.2"
    assert all("declares" not in r["reasons"] for r in inherited if r["illustrative"] == "false")


def test_city_and_top_limit_the_candidates(registry_out: Path) -> None:
    rows = partners(registry_out, "--target", "11.2", "--city", "komatsu", "--top", "3")
    assert len(rows) <= 3
    assert not DECLARING_11_2 & {r["organisation_iri"] for r in rows}


def test_an_initiative_gets_partners_other_than_its_own(registry_out: Path) -> None:
    graph = load_partner_graph(open_store(registry_out))
    initiative = next(i for i in sorted(graph.initiatives) if graph.initiatives[i].stakeholders)
    own = graph.initiatives[initiative].stakeholders
    ranked = rank_candidates(graph, initiative_subject(graph, initiative))
    assert ranked and not own & {r.candidate.iri for r in ranked}
    rows = partners(registry_out, "--initiative", initiative, "--top", "5")
    assert [r["organisation_iri"] for r in rows] == [r.candidate.iri for r in ranked[:5]]


def test_an_organisation_is_not_its_own_partner(registry_out: Path) -> None:
    rows = partners(registry_out, "--organisation", "transit-test-company")
    iris = [r["organisation_iri"] for r in rows]
    assert ORG + "transit-test-company" not in iris
    # the other registrant of 11.2 shares the target and the theme 公共交通
    assert iris[0] == ORG + "cycling-test-society"
    assert "公共交通" in rows[0]["reasons"]


@pytest.mark.parametrize(
    "args",
    [
        ["--target", "11.99"],
        ["--organisation", "no-such-organisation"],
        ["--initiative", "https://w3id.org/sdgkg/id/kanazawa/initiative/none"],
        ["--target", "11.2", "--organisation", "kanazawa-university"],
        [],
    ],
)
def test_a_bad_subject_is_a_usage_error(registry_out: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["partners", *args, "--out", str(registry_out)])
    assert result.exit_code == 2, result.output


def test_the_sparql_version_gives_the_sdg_part_of_the_score(registry_out: Path) -> None:
    """partner_candidates (SPARQL only) scores what the command's SDG terms score."""
    store = open_store(registry_out)
    result = run_spec(store, resolve_query("partner_candidates"), {"target": "11.2"})
    sparql = {row[0]: float(row[3]) for row in result.plain_rows()}
    graph = load_partner_graph(store)
    ranked = rank_candidates(graph, target_subject("11.2"))
    python = {
        r.candidate.iri: sum(x.points for x in r.reasons if x.term.endswith(("_target", "_goal")))
        for r in ranked
    }
    assert {k: v for k, v in python.items() if v} == pytest.approx(sparql)
    top = [row[0] for row in result.plain_rows()[: len(DECLARING_11_2)]]
    assert set(top) == DECLARING_11_2


def test_every_stakeholder_type_has_a_sector() -> None:
    scoring = load_scoring()
    assert known_stakeholder_types() <= set(scoring.sectors)
    assert set(scoring.sectors.values()) == set(scoring.sector_labels)


def test_sdg_weights_of_the_query_are_those_of_the_scoring_file() -> None:
    text = resolve_query("partner_candidates").description
    weights = load_scoring().weights
    for term in ("declared_target", "stated_target", "inherited_target"):
        assert f"({weights[term]:g})" in text
    for term in ("declared_goal", "stated_goal", "inherited_goal"):
        assert f"({weights[term]:g})" in text


def test_text_tokens_are_bigrams_of_japanese_and_words_of_latin() -> None:
    assert tokens("公共交通") == {"公共", "共交", "交通"}
    assert tokens("Public transport and buses") == {"public", "transport", "buses"}
    assert dice(tokens("公共交通"), tokens("公共交通の利用")) == pytest.approx(2 * 3 / (3 + 6))
    assert dice(set(), tokens("交通")) == 0


def test_same_input_gives_the_same_ranking(registry_out: Path) -> None:
    assert partners(registry_out, "--target", "11.2") == partners(registry_out, "--target", "11.2")


def test_organisation_subject_needs_match_offers(registry_out: Path) -> None:
    graph = load_partner_graph(open_store(registry_out))
    subject = organisation_subject(graph, "transit-test-company")
    assert "データ分析" in subject.texts
