"""Rank candidate partners with a transparent linear score; weights and phrases in
``resources/partner_scoring.yaml``.

A candidate earns points for each SDG target of the subject it works on (declared in a partner
registration, stated for one of its initiatives, or inherited from the direction or KPI table of
one), for goals not already covered by a target, for words in common (Japanese content words
from Janome, as SDG suggestion reads them, and stemmed English words; only from
``text_min_shared_words`` shared words on), for adding a sector the subject lacks, and for ties
one step away (an initiative, agreement, body or mechanism it shares with the subject or the
subject's organisations). Each term is printed as a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from graph_build.errors import SdgkgError
from graph_build.iris import municipality_iri_value, organisation_iri_value
from graph_build.partners.evidence import TIE_KINDS, Candidate, PartnerGraph
from graph_build.paths import RESOURCES_DIR
from graph_build.sdg.framework import TARGET_CODE, code_sort_key, goal_of, load_framework
from graph_build.suggest.text import english_words, japanese_words

SCORING_FILE = RESOURCES_DIR / "partner_scoring.yaml"
WAYS = ("declared", "stated", "inherited")
# A word with a kanji or katakana in it; words of hiragana alone (する, なる) say little.
_KANJI_OR_KATAKANA = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")
_TERM_SPLIT = re.compile(r"[\s、。，,・/／()（）「」]+")
MAX_TERM_LENGTH = 20


class SubjectError(SdgkgError):
    """The initiative, target or organisation asked about is not one of the build."""


@dataclass(frozen=True)
class Scoring:
    """The weights, sectors and phrases of the score."""

    weights: dict[str, float]
    term_match_share: float
    text_min_shared_words: int
    sectors: dict[str, str]  # stakeholder type -> sector
    sector_labels: dict[str, dict[str, str]]
    reasons: dict[str, dict[str, str]]
    tie_labels: dict[str, dict[str, str]]


@lru_cache(maxsize=1)
def load_scoring() -> Scoring:
    """Read ``partner_scoring.yaml``."""
    raw: dict[str, Any] = yaml.safe_load(SCORING_FILE.read_text(encoding="utf-8"))
    return Scoring(
        weights={k: float(v) for k, v in raw["weights"].items()},
        term_match_share=float(raw["term_match_share"]),
        text_min_shared_words=int(raw["text_min_shared_words"]),
        sectors={t: sector for sector, types in raw["sectors"].items() for t in types},
        sector_labels=raw["sector_labels"],
        reasons=raw["reasons"],
        tie_labels=raw["tie_labels"],
    )


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    japanese = {w for w in japanese_words(text) if _KANJI_OR_KATAKANA.search(w)}
    return frozenset(japanese | set(english_words(text)))


def tokens(text: str) -> set[str]:
    """The words of a text: Japanese content words (with a kanji or katakana) in their base form
    and stemmed English words without stop words."""
    return set(_words(text))


def dice(a: set[str], b: set[str]) -> float:
    """Dice coefficient of two token sets (0 when either is empty)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


@dataclass(frozen=True)
class Subject:
    """What partners are sought for: its SDG targets and goals, text, sectors and ties."""

    kind: str  # initiative | target | organisation
    key: str
    ja: str
    en: str
    targets: frozenset[str]
    goals: frozenset[str]
    texts: tuple[str, ...] = ()
    sectors: frozenset[str] = frozenset()
    tie_nodes: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reason:
    """One term of a score: its name, points and wording."""

    term: str
    points: float
    en: str
    ja: str


@dataclass(frozen=True)
class Recommendation:
    """A ranked candidate with its score and reasons."""

    rank: int
    candidate: Candidate
    sector: str
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    def reasons_text(self, lang: str) -> str:
        """The reasons in one language, joined."""
        sep = "; " if lang == "en" else "／"
        return sep.join(getattr(r, lang) for r in self.reasons)


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(sorted(codes, key=code_sort_key))


def candidate_sdgs(graph: PartnerGraph, cand: Candidate) -> dict[str, tuple[set[str], set[str]]]:
    """The candidate's targets and goals by way: declared, stated, inherited."""
    ways: dict[str, tuple[set[str], set[str]]] = {
        "declared": (set(cand.declared_targets), set(cand.declared_goals)),
        "stated": (set(), set()),
        "inherited": (set(), set()),
    }
    for ini in graph.initiatives_of(cand.iri):
        ways["stated"][0].update(ini.stated_targets)
        ways["stated"][1].update(ini.stated_goals)
        ways["inherited"][0].update(ini.inherited_targets)
        ways["inherited"][1].update(ini.inherited_goals)
    for targets, goals in ways.values():
        goals.update(goal_of(t) for t in targets)
    return ways


def _phrase(scoring: Scoring, term: str, points: float, **fill: str) -> Reason:
    text = scoring.reasons[term]
    return Reason(term, points, text["en"].format(**fill), text["ja"].format(**fill))


def _shared_terms(scoring: Scoring, texts: Iterable[str], subject: set[str]) -> list[str]:
    terms = []
    for text in texts:
        for term in _TERM_SPLIT.split(text):
            own = tokens(term)
            if not own or len(term) > MAX_TERM_LENGTH:
                continue
            if len(own & subject) / len(own) >= scoring.term_match_share and term not in terms:
                terms.append(term)
    return terms


def score_candidate(
    graph: PartnerGraph, subject: Subject, cand: Candidate, scoring: Scoring
) -> tuple[float, list[Reason]]:
    """The candidate's score for the subject and the reason for each term."""
    w = scoring.weights
    reasons: list[Reason] = []
    ways = candidate_sdgs(graph, cand)
    matched_targets: set[str] = set()
    for way in WAYS:
        hit = (subject.targets & ways[way][0]) - matched_targets
        if hit:
            matched_targets |= hit
            term = f"{way}_target"
            reasons.append(_phrase(scoring, term, w[term] * len(hit), codes=_codes(hit)))
    wanted_goals = set(subject.goals) | {goal_of(t) for t in subject.targets}
    covered = {goal_of(t) for t in matched_targets}
    for way in WAYS:
        goals_hit = (wanted_goals & ways[way][1]) - covered
        if goals_hit:
            covered |= goals_hit
            term = f"{way}_goal"
            reasons.append(
                _phrase(scoring, term, w[term] * len(goals_hit), codes=_codes(goals_hit))
            )
    subject_tokens = set().union(*(tokens(t) for t in subject.texts)) if subject.texts else set()
    cand_tokens = set().union(*(tokens(t) for t in cand.texts)) if cand.texts else set()
    # one word in common ("public", 地域) is chance, not a shared theme
    shared_words = len(subject_tokens & cand_tokens)
    enough = shared_words >= scoring.text_min_shared_words
    overlap = dice(subject_tokens, cand_tokens) if enough else 0.0
    if overlap > 0:
        terms = _shared_terms(scoring, cand.texts, subject_tokens)
        reasons.append(
            _phrase(
                scoring,
                "text_overlap",
                w["text_overlap"] * overlap,
                share=f"{overlap:.2f}",
                terms=", ".join(terms[:5]) or "-",
            )
        )
    sector = scoring.sectors.get(cand.type, "")
    if subject.sectors and sector and sector not in subject.sectors:
        label = scoring.sector_labels[sector]
        reasons.append(
            Reason(
                "complementary_sector",
                w["complementary_sector"],
                scoring.reasons["complementary_sector"]["en"].format(sector=label["en"]),
                scoring.reasons["complementary_sector"]["ja"].format(sector=label["ja"]),
            )
        )
    shared = {kind: cand.tied(kind) & subject.tie_nodes for kind in TIE_KINDS}
    count = sum(len(v) for v in shared.values())
    if count:
        en = ", ".join(f"{len(v)} {scoring.tie_labels[k]['en']}" for k, v in shared.items() if v)
        ja = "・".join(f"{scoring.tie_labels[k]['ja']}{len(v)}件" for k, v in shared.items() if v)
        points = w["shared_tie"] * min(count, int(w["shared_tie_limit"]))
        reasons.append(
            Reason(
                "shared_tie",
                points,
                scoring.reasons["shared_tie"]["en"].format(ties=en),
                scoring.reasons["shared_tie"]["ja"].format(ties=ja),
            )
        )
    if cand.illustrative and any(r.term.startswith("declared") for r in reasons):
        note = scoring.reasons["illustrative"]
        reasons.append(Reason("illustrative", 0.0, note["en"], note["ja"]))
    return sum(r.points for r in reasons), reasons


def rank_candidates(
    graph: PartnerGraph, subject: Subject, city: str | None = None, top: int | None = None
) -> list[Recommendation]:
    """Candidates with a positive score, best first (ties by name, then IRI)."""
    scoring = load_scoring()
    city_iri = municipality_iri_value(city) if city else None
    scored = []
    for cand in graph.candidates.values():
        if cand.iri in subject.exclude or (city_iri and city_iri not in cand.cities):
            continue
        score, reasons = score_candidate(graph, subject, cand, scoring)
        if score > 0:
            scored.append((round(score, 4), cand, reasons))
    scored.sort(key=lambda x: (-x[0], x[1].ja, x[1].iri))
    return [
        Recommendation(i, cand, scoring.sectors.get(cand.type, ""), score, tuple(reasons))
        for i, (score, cand, reasons) in enumerate(scored[:top] if top else scored, start=1)
    ]


# --------------------------------------------------------------------------- subjects


def _sectors(graph: PartnerGraph, iris: Iterable[str]) -> frozenset[str]:
    sectors = load_scoring().sectors
    return frozenset(
        sectors[graph.candidates[i].type]
        for i in iris
        if i in graph.candidates and graph.candidates[i].type in sectors
    )


def target_subject(code: str) -> Subject:
    """Partners for an SDG target: who works on it, or on its goal; the target's wording."""
    fw = load_framework()
    if not TARGET_CODE.match(code) or not fw.is_target(code):
        raise SubjectError(f"'{code}' is not a UN SDG target code (write e.g. 11.2 or 15.c)")
    en, ja = fw.targets[code]
    return Subject(
        "target",
        code,
        f"ターゲット{code}",
        f"Target {code}",
        frozenset({code}),
        frozenset({goal_of(code)}),
        texts=(en, ja),
    )


def initiative_subject(graph: PartnerGraph, iri: str) -> Subject:
    """Partners for an initiative: its targets and goals (stated and inherited), its text, the
    sectors of its organisations and their ties; its own organisations are not candidates."""
    ini = graph.initiatives.get(iri)
    if ini is None:
        raise SubjectError(
            f"'{iri}' is not an initiative of the build (list them with sdgkg query initiatives)"
        )
    ties = frozenset().union(
        *(graph.candidates[s].all_ties() for s in ini.stakeholders if s in graph.candidates)
    )
    return Subject(
        "initiative",
        iri,
        ini.ja,
        ini.en,
        ini.stated_targets | ini.inherited_targets,
        ini.stated_goals | ini.inherited_goals,
        texts=ini.texts,
        sectors=_sectors(graph, ini.stakeholders),
        tie_nodes=ties - {iri},
        exclude=ini.stakeholders,
    )


def organisation_subject(graph: PartnerGraph, organisation: str) -> Subject:
    """Partners for an organisation (a stakeholder id or IRI): what it declares and works on,
    its themes and needs, its sector and ties; itself and its current co-workers excluded."""
    iri = organisation if "://" in organisation else organisation_iri_value(organisation)
    cand = graph.candidates.get(iri)
    if cand is None:
        raise SubjectError(
            f"'{organisation}' is not a stakeholder of the build "
            "(list them with sdgkg query stakeholders)"
        )
    ways = candidate_sdgs(graph, cand)
    colleagues = {s for ini in graph.initiatives_of(iri) for s in ini.stakeholders}
    return Subject(
        "organisation",
        iri,
        cand.ja,
        cand.en,
        frozenset().union(*(targets for targets, _ in ways.values())),
        frozenset().union(*(goals for _, goals in ways.values())),
        texts=cand.texts + cand.needs,
        sectors=_sectors(graph, [iri]),
        tie_nodes=cand.all_ties(),
        exclude=frozenset(colleagues | {iri}),
    )
