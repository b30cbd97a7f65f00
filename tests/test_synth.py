"""``sdgkg synth``: deterministic synthetic corpora in the format of data/, like the seeds."""

from __future__ import annotations

import shutil
import statistics
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from scipy.stats import spearmanr

from graph_build.build import build
from graph_build.cli.main import main
from graph_build.errors import InputError, SdgkgError
from graph_build.paths import DATA_DIR, SYNTH_PHRASES_DIR
from graph_build.records.sources import Corpus, load_corpus
from graph_build.sdg.framework import load_framework
from graph_build.synth.corpus import DUMPER, SYNTH_MARKER, PythonDumper, synthesize, to_yaml
from graph_build.synth.documents import synthetic_city
from graph_build.synth.phrasebook import load_phrasebook
from graph_build.synth.profile import load_seed_profile
from graph_build.validate.count_gates import load_expectations

from .conftest import ALL_RECORD_KINDS


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _target_counts(corpus: Corpus) -> Counter[str]:
    """SDG targets printed beside areas and in KPI tables, counted over a whole corpus."""
    counts: Counter[str] = Counter()
    for doc in corpus.documents():
        for area in doc.records.areas:
            counts.update(area.sdg_targets)
        for block in doc.records.kpi_blocks:
            counts.update(block.sdg_targets)
    return counts


def _wrong_side_share(corpus: Corpus) -> tuple[int, int]:
    wrong = total = 0
    for doc in corpus.documents():
        for kpi in doc.records.kpis:
            if kpi.desired_direction == "maintain":
                continue
            base = kpi.baseline.value * kpi.baseline.multiplier
            goal = kpi.target.value * kpi.target.multiplier
            total += 1
            wrong += goal < base if kpi.desired_direction == "increase" else goal > base
    return wrong, total


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "n3"
    synthesize(3, out, seed=7)
    return out


@pytest.fixture(scope="module")
def fifty(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    out = tmp_path_factory.mktemp("synth") / "n50"
    synthesize(50, out, seed=0)
    return load_corpus(out)


def test_same_seed_writes_the_same_bytes(small: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    synthesize(3, again, seed=7)
    assert _tree(again) == _tree(small)


def test_another_seed_writes_other_documents(small: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    synthesize(3, other, seed=8)
    first, second = _tree(small), _tree(other)
    shared = [name for name in first if name.endswith("-future-city-plan.yaml")]
    assert shared and all(first[name] != second.get(name) for name in shared)


def test_a_city_does_not_depend_on_the_corpus_size(small: Path, tmp_path: Path) -> None:
    bigger = tmp_path / "n5"
    synthesize(5, bigger, seed=7)
    for city in ("m00001", "m00002", "m00003"):
        assert _tree(bigger / city) == _tree(small / city)


def test_n_municipalities_give_n_folders_that_load(small: Path) -> None:
    folders = sorted(p.name for p in small.iterdir() if p.is_dir())
    assert folders == ["m00001", "m00002", "m00003"]
    corpus = load_corpus(small)
    assert [c.id for c in corpus.cities] == folders
    for city in corpus.cities:
        muni = city.municipality.municipality
        assert muni.ja.startswith("合成") and muni.ja.endswith(city.id[1:])
        assert muni.en.startswith("Synthetic ")
        kinds = {d.records.document.kind for d in city.documents}
        assert "sdgs-future-city-plan" in kinds
        for doc in city.documents:
            meta = doc.records.document
            assert "合成データ" in meta.ja and "synthetic" in meta.en
            assert meta.seed.startswith("synthetic-")
    assert SYNTH_MARKER in (small / "README.md").read_text(encoding="utf-8")


def test_documents_have_the_shape_of_the_seeds(small: Path) -> None:
    corpus = load_corpus(small)
    docs = [d.records for d in corpus.documents()]
    plans = [r for r in docs if r.document.kind == "sdgs-future-city-plan"]
    assert all(r.areas and r.kpis and r.kpi_blocks and r.initiatives for r in plans)
    assert all(r.stakeholders and r.agreements and r.bodies and r.events for r in plans)
    placements = [p for r in plans for i in r.initiatives for p in i.placements]
    assert any(p.relisted for p in placements) and any(not p.relisted for p in placements)
    units = {o.unit for r in plans for k in r.kpis for o in (k.baseline, k.target)}
    assert len(units) > 5
    years = {o.year_type for r in plans for k in r.kpis for o in (k.baseline, k.target)}
    assert years == {"fiscal", "calendar"}
    assert any(o.multiplier != 1 for r in plans for k in r.kpis for o in (k.baseline, k.target))
    examples = [e for r in docs for g in r.specific_goals for a in g.actions for e in a.examples]
    assert {e.marker for e in examples} == {"●", "・"}
    assert any(r.synergies for r in docs)
    # Directions repeated in an action plan keep the labels of the plan: the same entity.
    for city in corpus.cities:
        labels: dict[str, tuple[str, str]] = {}
        for doc in city.documents:
            for area in doc.records.areas:
                assert labels.setdefault(area.id, (area.ja, area.en)) == (area.ja, area.en)


def test_stakeholders_are_shared_across_cities(small: Path) -> None:
    corpus = load_corpus(small)
    seen: dict[str, set[tuple[str, str, str]]] = {}
    cities: dict[str, set[str]] = {}
    for doc in corpus.documents():
        for s in doc.records.stakeholders:
            seen.setdefault(s.id, set()).add((s.ja, s.en, s.type))
            cities.setdefault(s.id, set()).add(doc.city)
    shared = [sid for sid, where in cities.items() if len(where) > 1]
    assert shared
    assert all(len(seen[sid]) == 1 for sid in shared)


def test_the_corpus_builds_without_violations(small: Path, tmp_path: Path) -> None:
    result = build(small, tmp_path / "dist")
    assert result.violations == 0
    assert result.warnings > 0  # realistic doubts, such as KPI targets on the wrong side
    expected = load_expectations(small)
    assert expected and len(result.checks) == sum(len(v) for v in expected.values())
    assert all(check.ok and check.actual == check.minimum for check in result.checks)
    report = (tmp_path / "dist" / "validation-report.txt").read_text(encoding="utf-8")
    assert "KpiTargetSideShape" in report


def test_sdg_links_follow_the_seed_distribution(fifty: Corpus) -> None:
    seeds = _target_counts(load_corpus(DATA_DIR))
    synthetic = _target_counts(fifty)
    codes = sorted(load_framework().targets)
    # Targets the seeds print more often are printed more often in the synthetic corpus.
    means = []
    for n in sorted({seeds[c] for c in codes}):
        means.append(statistics.mean(synthetic[c] for c in codes if seeds[c] == n))
    assert means == sorted(means) and len(set(means)) == len(means), means
    # The seeds' favourites are the synthetic corpus's favourites.
    favourites = {c for c in codes if seeds[c] >= 2}
    top = {c for c, _ in synthetic.most_common(len(favourites))}
    assert len(top & favourites) >= 0.8 * len(favourites)
    rho = spearmanr([seeds[c] for c in codes], [synthetic[c] for c in codes]).statistic
    assert rho > 0.5
    # Smoothing reaches targets the seeds never print, but only rarely.
    unseen = [c for c in codes if not seeds[c]]
    assert sum(synthetic[c] > 0 for c in unseen) > len(unseen) / 2
    assert sum(synthetic[c] for c in unseen) < 0.35 * sum(synthetic.values())


def test_the_distribution_is_learned_from_the_seed_data(tmp_path: Path) -> None:
    fixture = _target_counts(load_corpus(ALL_RECORD_KINDS))
    out = tmp_path / "from-fixture"
    synthesize(20, out, seed=1, seed_data=ALL_RECORD_KINDS)
    synthetic = _target_counts(load_corpus(out))
    favourite = fixture.most_common(1)[0][0]
    assert synthetic.most_common(1)[0][0] == favourite
    data_favourites = [c for c, _ in _target_counts(load_corpus(DATA_DIR)).most_common(5)]
    for code in data_favourites:
        if code not in fixture:
            assert synthetic[code] < synthetic[favourite] / 5


def test_wrong_side_targets_as_often_as_in_the_seeds(fifty: Corpus) -> None:
    seed_wrong, seed_total = _wrong_side_share(load_corpus(DATA_DIR))
    wrong, total = _wrong_side_share(fifty)
    rate = seed_wrong / seed_total
    spread = 4 * (rate * (1 - rate) / total) ** 0.5
    assert wrong > 0 and abs(wrong / total - rate) < spread


def test_count_gates_name_every_document(small: Path) -> None:
    expected = load_expectations(small)
    documents = {f"{d.city}/{d.records.document.id}" for d in load_corpus(small).documents()}
    assert set(expected) == documents


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SdgkgError, match="refusing"):
        synthesize(1, precious)
    assert _tree(precious) == {"notes.txt": b"keep me"}
    with pytest.raises(SdgkgError):
        synthesize(1, DATA_DIR)


def test_replaces_an_earlier_corpus_whole(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    synthesize(3, out, seed=1)
    synthesize(2, out, seed=1)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["m00001", "m00002"]


def test_a_failed_run_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    with pytest.raises(InputError):
        synthesize(2, out, seed_data=tmp_path / "no-such-data")
    assert list(tmp_path.iterdir()) == []
    synthesize(2, out, seed=5)
    before = _tree(out)

    def interrupt(index: int) -> None:
        if index == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        synthesize(3, out, seed=6, progress=interrupt)
    assert [p.name for p in tmp_path.iterdir()] == ["corpus"]
    assert _tree(out) == before


def test_libyaml_writes_the_same_bytes_as_python(tmp_path: Path) -> None:
    if DUMPER is PythonDumper:
        pytest.skip("PyYAML built without libyaml: only the Python emitter is used")
    from graph_build.synth.corpus import samplers_for

    profile = load_seed_profile(DATA_DIR)
    city = synthetic_city(4, 0, profile, samplers_for(profile))
    for records in city.documents.values():
        text = to_yaml(records, PythonDumper)
        assert to_yaml(records) == text
        assert yaml.safe_load(text) == records


def test_cli_synth(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    result = CliRunner().invoke(main, ["synth", "-n", "2", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 2 synthetic municipalities" in result.output
    direct = tmp_path / "direct"
    synthesize(2, direct, seed=3)
    assert _tree(out) == _tree(direct)
    bad = CliRunner().invoke(main, ["synth", "-n", "0", "--out", str(tmp_path / "none")])
    assert bad.exit_code == 2
    refused = CliRunner().invoke(main, ["synth", "-n", "1", "--out", str(DATA_DIR)])
    assert refused.exit_code == 1 and "error:" in refused.output


@pytest.mark.parametrize(
    ("name", "old", "new", "where"),
    [
        # A CSV row whose direction is not one the generator knows.
        ("kpi_kinds.csv", ",increase,false,1\n", ",upwards,false,1\n", "kpi_kinds.csv:2"),
        # A CSV row with a comma that was not quoted.
        ("topics.csv", "food loss reduction", "food loss, reduction", "topics.csv:7"),
        # A YAML entry without its English role.
        (
            "stakeholders.yaml",
            "  role_en: Carry out the initiatives and are the audience of local outreach.\n",
            "",
            "stakeholders.yaml, record 'local.0', field 'role_en'",
        ),
        # A section heading left out.
        (
            "labels.yaml",
            "  cover: 表紙（合成）\n",
            "",
            "labels.yaml, record 'sections', field 'cover'",
        ),
        # A topic under a theme that themes.csv does not define.
        ("topics.csv", "nature,里山保全", "nautre,里山保全", "topics.csv, record 'nautre'"),
    ],
)
def test_a_malformed_phrase_file_is_named_in_the_error(
    tmp_path: Path, name: str, old: str, new: str, where: str
) -> None:
    folder = tmp_path / "phrases"
    shutil.copytree(SYNTH_PHRASES_DIR, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        load_phrasebook(folder)
    assert f"{folder}/{where}" in str(excinfo.value)


def test_the_shipped_phrases_load() -> None:
    phrases = load_phrasebook()
    assert list(phrases.aspects) == ["economy", "society", "environment"]
    assert {d.theme for d in phrases.directions} == set(phrases.theme_aspects)
