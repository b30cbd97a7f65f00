"""SDG target suggestions: what the method finds, what it never reads, how the graph keeps them
apart from stated links, and how good they are against the targets the plans print."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph_build.build import BuildResult, build
from graph_build.cli.main import main
from graph_build.emit.corpus_nquads import write_corpus_nquads
from graph_build.errors import InputError
from graph_build.iris import CURATED_LINKS_GRAPH, SUGGESTIONS_GRAPH
from graph_build.namespaces import SDGKG
from graph_build.paths import DATA_DIR
from graph_build.records.sources import CityRecords, load_corpus
from graph_build.sparql.query import library, run_spec
from graph_build.suggest import method
from graph_build.suggest.entities import text_entities
from graph_build.suggest.evaluation import OBJECTIVE as METRICS
from graph_build.suggest.evaluation import evaluate
from graph_build.suggest.method import DEFAULT_TOP, TargetRanker, default_ranker
from graph_build.suggest.run import rank_entity, suggestion_graphs
from graph_build.suggest.text import japanese_word_set, japanese_words, scored_text

from .conftest import ALL_RECORD_KINDS

REPO = Path(__file__).resolve().parents[1]
RECORDED = REPO / "benchmarks" / "results" / "sdg_suggestions.json"
# Recomputed figures may fall this far below the recorded ones before the test fails.
MARGIN = 0.01
STATED_LINKS = (SDGKG.addressesSdg, SDGKG.addressesGoal, SDGKG.addressesTarget)


@pytest.fixture(scope="module")
def cities() -> list[CityRecords]:
    return load_corpus(DATA_DIR).cities


@pytest.mark.parametrize(
    ("ja", "en", "target"),
    [
        ("食品ロスの削減", "Cutting food loss", "12.3"),
        ("太陽光発電など再生可能エネルギーの導入", "Bringing in solar power", "7.2"),
        ("児童虐待の防止", "Preventing child abuse", "16.2"),
        ("バス路線の再編", "Reorganising bus routes", "11.2"),
    ],
)
def test_an_obvious_target_ranks_first(ja: str, en: str, target: str) -> None:
    ranked = default_ranker().rank(ja, en)
    assert ranked[0].target == target, ranked[:3]
    assert ranked[0].matched_ja or ranked[0].matched_en


def test_japanese_alone_is_enough() -> None:
    assert default_ranker().rank("食品ロスの削減", "")[0].target == "12.3"


def test_ranking_is_capped_ordered_and_positive() -> None:
    ranked = default_ranker().rank("公園と緑地の整備、ごみの減量、公共交通の利用促進", "")
    assert 0 < len(ranked) <= DEFAULT_TOP
    assert [s.rank for s in ranked] == list(range(1, len(ranked) + 1))
    assert all(s.score > 0 for s in ranked)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)


def test_text_with_no_topic_gets_no_suggestion() -> None:
    assert default_ranker().rank("", "") == []


def test_the_method_never_reads_printed_targets(cities: list[CityRecords]) -> None:
    """Removing every SDG code the records print changes no byte of the suggestions."""
    blank = []
    for city in cities:
        docs = []
        for doc in city.documents:
            rec = doc.records
            stripped = rec.model_copy(
                update={
                    "areas": [a.model_copy(update={"sdg_targets": []}) for a in rec.areas],
                    "kpi_blocks": [
                        b.model_copy(update={"sdg_targets": [], "sdg_goals": []})
                        for b in rec.kpi_blocks
                    ],
                    "initiatives": [
                        i.model_copy(update={"sdg_targets": []}) for i in rec.initiatives
                    ],
                }
            )
            docs.append(type(doc)(doc.city, doc.path, stripped, doc.located))
        blank.append(CityRecords(city.id, city.path, city.municipality, docs))
    assert suggestion_graphs(blank) == suggestion_graphs(cities)


def test_suggestions_are_deterministic(cities: list[CityRecords]) -> None:
    first = suggestion_graphs(cities)
    default_ranker.cache_clear()
    assert suggestion_graphs(cities) == first


def test_a_parameter_change_changes_the_method_version() -> None:
    from graph_build.suggest.method import Parameters

    assert TargetRanker(Parameters(top=5)).version != default_ranker().version


@pytest.fixture(scope="module")
def store(project_build: BuildResult) -> ox.Store:
    """The project build in memory, to compare with and without the suggestions graph."""
    whole = ox.Store()
    whole.bulk_load(path=str(project_build.out / "sdgkg.nq"), format=ox.RdfFormat.N_QUADS)
    return whole


def test_suggestions_live_in_their_own_graph(store: ox.Store) -> None:
    graph = ox.NamedNode(str(SUGGESTIONS_GRAPH))
    quads = list(store.quads_for_pattern(None, None, None, graph))
    predicates = {q.predicate.value for q in quads}
    assert str(SDGKG.suggestedTarget) in predicates
    assert not predicates & {str(p) for p in STATED_LINKS}
    typed = ox.NamedNode(str(SDGKG.SdgSuggestion))
    nodes = {q.subject for q in quads if q.object == typed}
    # no suggestion node anywhere else, and at most DEFAULT_TOP suggestions per entity
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert {q.graph_name for q in store.quads_for_pattern(None, rdf_type, typed)} == {graph}
    per_entity: dict[str, int] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(str(SDGKG.suggestedFor)), None, graph):
        per_entity[q.object.value] = per_entity.get(q.object.value, 0) + 1
    assert len(nodes) == sum(per_entity.values())
    assert max(per_entity.values()) <= DEFAULT_TOP
    kinds = {iri.split("/")[-2] for iri in per_entity}
    assert kinds == {"initiative", "action", "example", "policy", "kpi"}


def test_every_library_query_answers_as_without_the_suggestions(store: ox.Store) -> None:
    without = ox.Store()
    without.extend(q for q in store if q.graph_name != ox.NamedNode(str(SUGGESTIONS_GRAPH)))
    specs = [s for s in library() if s.name != "sdg_suggestions"]
    assert len(specs) > 15
    for spec in specs:
        params = spec.required_examples()
        assert run_spec(store, spec, params).rows == run_spec(without, spec, params).rows, spec.name


def test_dump_without_derived_graphs_has_no_suggestions(tmp_path: Path) -> None:
    emitted = write_corpus_nquads(DATA_DIR, tmp_path / "plain.nq")
    assert str(SUGGESTIONS_GRAPH) not in emitted.triples_per_graph


@pytest.fixture(scope="module")
def evaluated(cities: list[CityRecords]) -> dict[str, Any]:
    """The benchmark's evaluation (cross-validation included), run once for this module."""
    return evaluate([c for c in cities if c.id == "kanazawa"])


def test_evaluation_keeps_its_recorded_figures(evaluated: dict[str, Any]) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert evaluated["cases"] == recorded["cases"]
    assert evaluated["grid"] == recorded["grid"]
    for level in ("target", "goal"):
        # the headline: figures of held-out directions, weights chosen on the others
        for metric, value in recorded["scores"]["suggestions"][level].items():
            got = evaluated["scores"]["suggestions"][level][metric]
            assert got >= value - MARGIN, f"{level} {metric}: {got} < recorded {value}"


def test_suggestions_beat_random_and_most_frequent(evaluated: dict[str, Any]) -> None:
    scores = evaluated["scores"]
    for ranking in ("suggestions", "suggestions-shipped-parameters"):
        for baseline in ("random", "most-frequent", "most-frequent-other-directions"):
            for level in ("target", "goal"):
                for metric in METRICS:
                    assert scores[ranking][level][metric] > scores[baseline][level][metric], (
                        ranking,
                        baseline,
                        level,
                        metric,
                    )


def test_cross_validation_holds_each_direction_out(evaluated: dict[str, Any]) -> None:
    folds = evaluated["folds"]
    kanazawa_directions = {f"direction-{n}" for n in range(1, 6)}
    assert {f["held_out"] for f in folds} == kanazawa_directions
    # every case is scored once, with weights chosen without its direction
    assert sum(f["test"] for f in folds) == sum(evaluated["cases"].values())
    assert all(f["train"] + f["test"] <= sum(evaluated["cases"].values()) for f in folds)
    assert all(f["context_weight"] in evaluated["grid"]["context_weight"] for f in folds)


def test_every_seed_entity_gets_ranked_suggestions(cities: list[CityRecords]) -> None:
    ranker = default_ranker()
    kinds: dict[str, int] = {}
    for city in cities:
        for entity in text_entities(city):
            ranked = rank_entity(ranker, entity)
            assert 0 < len(ranked) <= DEFAULT_TOP, entity.iri
            kind = "model project" if entity.model_project else entity.kind
            kinds[kind] = kinds.get(kind, 0) + 1
    assert set(kinds) == {"initiative", "model project", "action", "example", "policy", "kpi"}


@pytest.mark.parametrize(
    "code",
    [
        *("11.2", "１１．２", "15.c", "4.a", "11.2.1", "目標11", "目標１１", "ゴール 7"),
        *("ターゲット11.2", "SDGs 12", "SDG11", "Goal 4", "target 4.a", "Target No. 3.4"),
    ],
)
def test_scored_text_never_holds_an_sdg_code(code: str) -> None:
    text = scored_text(f"公共交通（{code}）の利用促進 and public transport ({code})")
    assert not re.search(r"\d", text), text
    assert "公共交通" in text and "public transport" in text


def test_the_scorer_never_sees_a_printed_code(
    cities: list[CityRecords], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Codes written into every text and context change no ranking, and the words the scorer
    reads from the seed entities hold none of the codes the records print."""
    printed: set[str] = set()
    for city in cities:
        for doc in city.documents:
            rec = doc.records
            printed.update(t for a in rec.areas for t in a.sdg_targets)
            printed.update(t for b in rec.kpi_blocks for t in [*b.sdg_targets, *b.sdg_goals])
    assert printed
    read: list[str] = []
    ja_words, en_words = method.japanese_words, method.english_words

    def record_ja(text: str) -> list[str]:
        read.append(text)
        return ja_words(text)

    def record_en(text: str) -> list[str]:
        read.append(text)
        return en_words(text)

    monkeypatch.setattr(method, "japanese_words", record_ja)
    monkeypatch.setattr(method, "english_words", record_en)
    ranker = TargetRanker()  # a fresh ranker: nothing looked up before the recording
    read.clear()
    tag_ja, tag_en = " （目標11、ターゲット11.2、12.3）", " (SDG 11, targets 11.2 and 12.3)"
    for city in cities:
        for entity in text_entities(city):
            tagged = dataclasses.replace(
                entity,
                text_ja=entity.text_ja + tag_ja,
                text_en=entity.text_en + tag_en,
                context_ja=entity.context_ja + tag_ja,
                context_en=entity.context_en + tag_en,
            )
            assert rank_entity(ranker, tagged) == rank_entity(ranker, entity), entity.iri
    assert read
    targets = "|".join(re.escape(c) for c in sorted(printed) if "." in c)
    goals = "|".join(sorted(c for c in printed if "." not in c))
    pattern = re.compile(
        rf"(?<![\d.])({targets})(?![\d.])|(目標|ゴール|sdgs?|goal|target)\s*({goals})(?!\d)"
    )
    for text in read:
        assert not pattern.search(text), text


def test_context_carries_a_target_and_its_weight_is_a_parameter() -> None:
    from graph_build.suggest.method import Parameters

    ranked = default_ranker().rank("", "", context_ja="食品ロスの削減")
    assert ranked and ranked[0].target == "12.3"
    own_only = TargetRanker(Parameters(context_weight=0.0))
    assert own_only.rank("", "", context_ja="食品ロスの削減") == []
    assert "context_weight" in json.loads(default_ranker().parameters.as_json())
    assert own_only.version != default_ranker().version


def test_suggest_command_lists_one_city_as_csv(project_build: BuildResult) -> None:
    out = str(project_build.out)
    done = CliRunner().invoke(
        main, ["suggest", "--city", "komatsu", "--format", "csv", "--out", out]
    )
    assert done.exit_code == 0, done.output
    header, *rows = list(csv.reader(io.StringIO(done.output)))
    assert header[:10] == [
        "city",
        "city_iri",
        "entity_iri",
        "entity",
        "target",
        "goal",
        "score",
        "rank",
        "method",
        "matched_terms",
    ]
    assert rows and {r[1] for r in rows} == {"https://w3id.org/sdgkg/id/komatsu"}
    assert all(r[4].split(".")[0] == r[5] and 1 <= int(r[7]) <= DEFAULT_TOP for r in rows)
    unknown = CliRunner().invoke(main, ["suggest", "--city", "nowhere", "--out", out])
    assert unknown.exit_code == 2
    assert "nowhere" in unknown.output


def test_entity_page_marks_suggestions_as_inferred(project_build: BuildResult) -> None:
    from graph_build.serve.entity_pages import entity_html
    from graph_build.store.embedded import open_store

    kpi = "https://w3id.org/sdgkg/id/kanazawa/kpi/greenhouse-gas-emissions"
    page = entity_html(open_store(project_build.out), kpi)
    assert page is not None
    section, _, rest = page.partition('<h2 class="suggested">')[2].partition("</table>")
    assert "suggested" in section and "推定" in section
    assert 0 < section.count("<tr><td>") <= DEFAULT_TOP
    assert "sdg-suggestion/" not in rest  # not repeated among the resources that point here


REVIEWS = Path(__file__).parent / "fixtures" / "sdg_reviews"


def _town_with_reviews(tmp_path: Path, reviews: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ALL_RECORD_KINDS, data)
    shutil.copy(REVIEWS / reviews, data / "sampletown" / "sdg-reviews.yaml")
    return data


def test_reviews_become_curated_links_and_are_not_suggested_again(tmp_path: Path) -> None:
    plain = suggestion_graphs(load_corpus(ALL_RECORD_KINDS).cities)
    before = ox.Store()
    before.load(plain[0][1], format=ox.RdfFormat.N_QUADS)
    town = "https://w3id.org/sdgkg/id/sampletown/"
    reviewed = {town + "initiative/tree-planting": "15.2", town + "kpi/park-visitors": "11.7"}
    rank = ox.NamedNode(str(SDGKG.suggestionRank))

    def ranks(graph: ox.Store, entity: str) -> dict[str, int]:
        """Suggested target -> rank, for one entity."""
        prefix = f"{entity}/sdg-suggestion/"
        return {
            q.subject.value.removeprefix(prefix): int(q.object.value)
            for q in graph.quads_for_pattern(None, rank, None)
            if q.subject.value.startswith(prefix)
        }

    ranked_before = {entity: ranks(before, entity) for entity in reviewed}
    for entity, target in reviewed.items():  # both were suggested before review
        assert target in ranked_before[entity]

    result = build(_town_with_reviews(tmp_path, "accept_one_reject_one.yaml"), tmp_path / "dist")
    assert result.violations == 0
    store = ox.Store()
    store.bulk_load(path=str(tmp_path / "dist" / "sdgkg.nq"), format=ox.RdfFormat.N_QUADS)
    for entity, target in reviewed.items():
        node = ox.NamedNode(f"{entity}/sdg-suggestion/{target}")
        assert not list(store.quads_for_pattern(node, None, None))
        after = ranks(store, entity)
        was = ranked_before[entity][target]
        assert sorted(after.values()) == list(range(1, len(after) + 1))
        # the targets below the reviewed one moved up by one place, those above stayed
        for other, place in ranked_before[entity].items():
            if other != target and other in after:
                assert after[other] == (place - 1 if place > was else place), other
    curated = ox.NamedNode(str(CURATED_LINKS_GRAPH))
    link = ox.NamedNode(town + "initiative/tree-planting/curated-sdg-link/15.2")
    facts = {
        q.predicate.value: q.object for q in store.quads_for_pattern(link, None, None, curated)
    }
    assert facts[str(SDGKG.reviewer)].value == "Sample Curator"
    assert "植樹" in facts["http://www.w3.org/2004/02/skos/core#note"].value
    assert facts[str(SDGKG.curatedFor)].value == town + "initiative/tree-planting"
    # accepted, yet not a link the document prints
    stated = [ox.NamedNode(str(p)) for p in STATED_LINKS]
    ini = ox.NamedNode(town + "initiative/tree-planting")
    printed = {q.object.value for p in stated for q in store.quads_for_pattern(ini, p, None)}
    assert "http://metadata.un.org/sdg/15.2" not in printed
    # the rejected one leaves no curated link
    assert not list(
        store.quads_for_pattern(
            ox.NamedNode(town + "kpi/park-visitors/curated-sdg-link/11.7"), None, None
        )
    )


def test_bad_reviews_fail_the_build_with_file_and_line(tmp_path: Path) -> None:
    data = _town_with_reviews(tmp_path, "unknown_entity_and_target.yaml")
    out = tmp_path / "dist"
    with pytest.raises(InputError) as caught:
        build(data, out, release=False)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 2, messages
    assert any("sdg-reviews.yaml:8" in m and "no-such-initiative" in m for m in messages)
    assert any("sdg-reviews.yaml:13" in m and "11.99" in m for m in messages)
    assert not out.exists()
    done = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out)])
    assert done.exit_code == 2  # bad input, as for any broken record
    assert "sdg-reviews.yaml:8" in done.output


def test_analysis_layer_of_suggestions_is_separate_and_optional(
    project_build: BuildResult,
) -> None:
    from graph_build.analysis.layers import (
        LAYER_LABELS,
        SUGGESTED,
        SUGGESTED_TOP,
        TARGET,
        build_layers,
    )
    from graph_build.analysis.plan_data import read_plan_data
    from graph_build.store.embedded import open_store

    data = read_plan_data(open_store(project_build.out))
    assert str(SUGGESTIONS_GRAPH) not in data.graphs
    cities = sorted(data.cities)
    plain = build_layers(data, cities)
    layered = build_layers(data, cities, include_suggestions=True)
    assert not [x for x in plain.links if x.layer == SUGGESTED]
    assert [x for x in layered.links if x.layer != SUGGESTED] == plain.links
    suggested = [x for x in layered.links if x.layer == SUGGESTED and x.level == TARGET]
    assert suggested and all(x.basis == "suggested" for x in suggested)
    for link in suggested:
        for evidence in link.evidence:
            best = data.suggested[evidence.carrier][:SUGGESTED_TOP]
            assert link.source in best and link.target in best
    ja, en = LAYER_LABELS[SUGGESTED]
    assert "推定" in ja and "inferred" in en


def test_words_are_found_line_by_line_as_in_the_whole_text() -> None:
    """Splitting a text at its line breaks (what the ranker does, so that each distinct line is
    tokenised once) finds the words the whole text has, on every seed entity and context."""
    texts = {
        text
        for city in load_corpus(DATA_DIR).cities
        for entity in text_entities(city)
        for text in (entity.text_ja, entity.context_ja)
    }
    assert len([t for t in texts if "\n" in t]) > 100
    for text in sorted(texts):
        scored = scored_text(text)
        assert japanese_word_set(scored) == set(japanese_words(scored)), text[:80]
    assert "温室効果ガス" not in japanese_word_set("温室効果\nガス")
