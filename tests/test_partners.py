"""Partner finding: the ranking of ``sdgkg partners`` on a build with a partner registry, its
reasons, the SPARQL version in the query library, and the scoring's data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_build.cli.main import main as cli
from graph_build.errors import SdgkgError
from graph_build.partners.evidence import Candidate, PartnerGraph, load_partner_graph
from graph_build.partners.scoring import (
    Subject,
    dice,
    initiative_subject,
    load_scoring,
    organisation_subject,
    rank_candidates,
    score_candidate,
    target_subject,
    tokens,
)
from graph_build.paths import DATA_DIR
from graph_build.records.partners import PARTNERS_FILE
from graph_build.records.vocabulary import known_stakeholder_types
from graph_build.sparql.query import resolve_query, run_spec
from graph_build.store.embedded import open_store

from .conftest import EXAMPLES, FIXTURES

REGISTRY = FIXTURES / "partners" / "kanazawa-partners-for-11-2.csv"
EXAMPLE_REGISTRY = EXAMPLES / "kanazawa-partners.csv"
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


@pytest.fixture(scope="module")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's records with the illustrative example registry, built with the command."""
    base = tmp_path_factory.mktemp("partners-example")
    data = base / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copy(EXAMPLE_REGISTRY, data / "kanazawa" / PARTNERS_FILE)
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


SUBJECTS = [
    ("target", "11.2"),
    ("initiative", "https://w3id.org/sdgkg/id/kanazawa/initiative/accelerating-womens-advancement"),
    ("organisation", "kanazawa-university"),
]


@pytest.mark.parametrize(("kind", "subject"), SUBJECTS, ids=[k for k, _ in SUBJECTS])
def test_the_query_ranks_as_the_command_does(example_out: Path, kind: str, subject: str) -> None:
    """partner_candidates (SPARQL only) gives every candidate the command's score without the
    text term, and the same first candidates as sdgkg partners."""
    store = open_store(example_out)
    result = run_spec(store, resolve_query("partner_candidates"), {kind: subject})
    query_rows = result.plain_rows()
    sparql: dict[str, float] = {}
    for row in query_rows:  # one row per municipality of the candidate
        sparql.setdefault(row[0], float(row[3]))
    graph = load_partner_graph(store)
    ranked = rank_candidates(graph, _subject(graph, kind, subject))
    without_text = {
        r.candidate.iri: sum(x.points for x in r.reasons if x.term != "text_overlap")
        for r in ranked
    }
    assert len(sparql) >= 5
    assert {k: v for k, v in without_text.items() if v} == pytest.approx(sparql)
    command = partners(example_out, f"--{kind}", subject, "--top", "2")
    assert [r["organisation_iri"] for r in command] == list(sparql)[:2]


def _subject(graph: PartnerGraph, kind: str, subject: str) -> Subject:
    if kind == "target":
        return target_subject(subject)
    if kind == "initiative":
        return initiative_subject(graph, subject)
    return organisation_subject(graph, subject)


def test_the_query_keeps_what_the_declared_target_ranks_first(registry_out: Path) -> None:
    spec = resolve_query("partner_candidates")
    result = run_spec(open_store(registry_out), spec, {"target": "11.2"})
    top = [row[0] for row in result.plain_rows()[: len(DECLARING_11_2)]]
    assert set(top) == DECLARING_11_2
    assert all("declares 1 of the targets" in row[4] for row in result.plain_rows()[:2])


@pytest.mark.parametrize(
    "given",
    [{}, {"target": "11.2", "organisation": "kanazawa-university"}],
    ids=["none", "two"],
)
def test_the_query_takes_exactly_one_subject(registry_out: Path, given: dict[str, str]) -> None:
    spec = resolve_query("partner_candidates")
    with pytest.raises(SdgkgError, match="needs exactly one of --param target=VALUE"):
        run_spec(open_store(registry_out), spec, given)


def test_the_query_sectors_are_those_of_the_scoring_file() -> None:
    text = resolve_query("partner_candidates").text
    quoted = text.split('BIND("|', 1)[1].split('|" AS ?sectors)', 1)[0]
    assert dict(pair.split("=") for pair in quoted.split("|")) == load_scoring().sectors


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
    assert f"({weights['complementary_sector']:g})" in text
    assert f"({weights['shared_tie']:g}, at most {weights['shared_tie_limit']:g})" in text
    query = resolve_query("partner_candidates").text
    assert f"IF(?complements, {weights['complementary_sector']:.1f}, 0.0)" in query
    assert f"{weights['shared_tie']:g} * ?counted_ties" in query
    assert f"> {weights['shared_tie_limit']:g}, {weights['shared_tie_limit']:g}," in query


def test_text_tokens_are_japanese_content_words_and_english_words() -> None:
    assert tokens("公共交通") == {"公共", "交通"}
    assert tokens("公共交通の利用をする") == {"公共", "交通", "利用"}
    assert tokens("Public transport and buses") == {"public", "transport", "buse"}
    assert dice(tokens("公共交通"), tokens("公共交通の利用")) == pytest.approx(2 * 2 / (2 + 3))
    assert dice(set(), tokens("交通")) == 0


def _text_reasons(subject_text: str, candidate_text: str) -> list[str]:
    subject = Subject("target", "x", "x", "x", frozenset(), frozenset(), texts=(subject_text,))
    cand = Candidate("https://example.org/c", "c", "c", "npo", texts=(candidate_text,))
    graph = PartnerGraph(candidates={cand.iri: cand})
    _, reasons = score_candidate(graph, subject, cand, load_scoring())
    return [r.en for r in reasons if r.term == "text_overlap"]


@pytest.mark.parametrize(
    ("subject_text", "one_word", "two_words"),
    [
        ("Safe public transport systems for all", "Public relations", "Public transport"),
        ("公共交通の利用促進", "地域の公共施設", "公共交通の案内"),
    ],
)
def test_one_word_in_common_is_no_shared_theme(
    subject_text: str, one_word: str, two_words: str
) -> None:
    assert load_scoring().text_min_shared_words == 2
    assert len(tokens(subject_text) & tokens(one_word)) == 1
    assert _text_reasons(subject_text, one_word) == []
    assert len(_text_reasons(subject_text, two_words)) == 1


def test_same_input_gives_the_same_ranking(registry_out: Path) -> None:
    assert partners(registry_out, "--target", "11.2") == partners(registry_out, "--target", "11.2")


def test_organisation_subject_needs_match_offers(registry_out: Path) -> None:
    graph = load_partner_graph(open_store(registry_out))
    subject = organisation_subject(graph, "transit-test-company")
    assert "データ分析" in subject.texts
