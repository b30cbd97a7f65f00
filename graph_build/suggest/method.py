"""Rank the 169 SDG targets for a piece of text: BM25 plus a curated keyword table.

Each target is a small document: its short Japanese and English labels
(``resources/sdg_targets.csv``) and the keywords curated for it
(``resources/sdg_target_keywords.csv``). A text is scored against every target by

* BM25 over the set of Japanese words, found line by line
  (:func:`~graph_build.suggest.text.japanese_word_set`), plus
  ``english_weight`` times BM25 over English words; and
* for every curated keyword found verbatim in the text (Japanese as a substring, English as a run
  of stemmed words), the keyword's weight ``ln(1 + N / n)``, where ``n`` of the ``N`` targets list
  that keyword, times ``keyword_weight`` (English keywords also times ``english_weight``).

Each target's score is then smoothed by its goal: ``goal_weight`` times the score of the same
goal's other targets is added.

An entity is scored twice: on its own words, and on the words of its place in the plan (its
context, see :mod:`graph_build.suggest.entities`). Each score list is divided by its best score,
and the two are blended, ``(1 - context_weight) * own + context_weight * context``: the plans
print targets per direction, and the direction's words say what its initiatives are for.

Every SDG code is blanked out of every text before scoring
(:func:`~graph_build.suggest.text.scored_text`). Targets with a positive score are ranked
by score, then in UN order; at most ``top`` are kept. Nothing here reads the SDG targets a
document prints.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import math
from collections import Counter, OrderedDict
from collections.abc import Set
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph_build.paths import RESOURCES_DIR
from graph_build.sdg.framework import code_sort_key, load_framework
from graph_build.suggest.text import (
    STOPWORDS_FILE,
    english_words,
    japanese_word_set,
    japanese_words,
    normalise,
    scored_text,
)

KEYWORDS_FILE = RESOURCES_DIR / "sdg_target_keywords.csv"
METHOD = "keyword-bm25"
# Raise the number when the scoring itself changes; the data files' digest is appended.
METHOD_REVISION = "3"
DEFAULT_TOP = 10
SCORE_DECIMALS = 4
#: Texts whose matches are kept for reuse (the most recently used).
SIGNALS_CACHED = 4096


@dataclass(frozen=True)
class Parameters:
    """The method's parameters; they are written beside every run."""

    k1: float = 1.2
    b: float = 0.75
    english_weight: float = 0.5
    keyword_weight: float = 1.0
    goal_weight: float = 0.25
    # share of the score taken from the entity's place in the plan; an even blend, fixed a
    # priori (benchmarks/sdg_suggestions.py reports the weights cross-validation would choose)
    context_weight: float = 0.5
    top: int = DEFAULT_TOP

    def as_json(self) -> str:
        """Sorted-key JSON, as written in the graph."""
        return json.dumps(self.__dict__, sort_keys=True)


@dataclass(frozen=True)
class Suggestion:
    """One ranked target for one text."""

    target: str
    score: float
    rank: int
    matched_ja: tuple[str, ...] = ()
    matched_en: tuple[str, ...] = ()

    @property
    def goal(self) -> str:
        """The goal the target rolls up to."""
        return self.target.split(".")[0]


@dataclass
class _Bm25:
    """BM25 over one language's target documents."""

    docs: dict[str, Counter[str]]
    k1: float
    b: float
    idf: dict[str, float] = field(default_factory=dict)
    avg_len: float = 1.0
    # word → (target, the word's share of that target's score), for the targets holding the word
    postings: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.docs)
        df: Counter[str] = Counter()
        for words in self.docs.values():
            df.update(words.keys())
        self.idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in df.items()}
        self.avg_len = sum(sum(d.values()) for d in self.docs.values()) / max(n, 1) or 1.0
        for code, words in self.docs.items():
            length = sum(words.values())
            for word, tf in words.items():
                norm = tf + self.k1 * (1 - self.b + self.b * length / self.avg_len)
                share = self.idf[word] * tf * (self.k1 + 1) / norm
                self.postings.setdefault(word, []).append((code, share))

    def scores(self, query: Set[str]) -> dict[str, tuple[float, list[str]]]:
        """Score and matched words per target, for targets sharing a word with ``query`` (the
        shares added in word order, so that the sum does not depend on set order)."""
        totals: dict[str, float] = {}
        matched: dict[str, list[str]] = {}
        for word in sorted(query & self.postings.keys()):
            for code, share in self.postings[word]:
                totals[code] = totals.get(code, 0.0) + share
                matched.setdefault(code, []).append(word)
        return {code: (totals[code], matched[code]) for code in totals}


def _read_keywords(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        r["code"]: (
            [k.strip() for k in r["keywords_ja"].split("|") if k.strip()],
            [k.strip() for k in r["keywords_en"].split("|") if k.strip()],
        )
        for r in rows
    }


def method_version(parameters: Parameters) -> str:
    """Revision plus a digest of the parameters and of every data file the method reads."""
    digest = hashlib.sha256(parameters.as_json().encode("utf-8"))
    for path in (KEYWORDS_FILE, STOPWORDS_FILE, RESOURCES_DIR / "sdg_targets.csv"):
        digest.update(path.read_bytes())
    return f"{METHOD_REVISION}+{digest.hexdigest()[:10]}"


@dataclass
class _Signals:
    """What a text matches before any weight, per target: BM25 over Japanese and English words,
    summed weights of the curated Japanese and English keywords found, and the matched words."""

    parts: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    matched: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)


class TargetRanker:
    """The 169 targets as documents, ready to rank texts against."""

    def __init__(self, parameters: Parameters | None = None) -> None:
        self.parameters = p = parameters or Parameters()
        self.version = method_version(p)
        targets = load_framework().targets
        keywords = _read_keywords(KEYWORDS_FILE)
        unknown = sorted(set(keywords) - set(targets), key=code_sort_key)
        if unknown:
            raise ValueError(f"{KEYWORDS_FILE}: keywords for unknown targets {unknown}")
        self.codes = sorted(targets, key=code_sort_key)
        self.order = {code: i for i, code in enumerate(self.codes)}
        ja_docs: dict[str, Counter[str]] = {}
        en_docs: dict[str, Counter[str]] = {}
        self.keywords_ja: dict[str, list[str]] = {}
        self.keywords_en: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for code in self.codes:
            label_en, label_ja = targets[code]
            kw_ja, kw_en = keywords.get(code, ([], []))
            ja_docs[code] = Counter(japanese_words(" ".join([label_ja, *kw_ja])))
            en_docs[code] = Counter(english_words(" ".join([label_en, *kw_en])))
            self.keywords_ja[code] = sorted({normalise(k) for k in kw_ja})
            self.keywords_en[code] = sorted(
                {(k, tuple(english_words(k))) for k in kw_en if english_words(k)}
            )
        self.ja = _Bm25(ja_docs, p.k1, p.b)
        self.en = _Bm25(en_docs, p.k1, p.b)
        n = len(self.codes)
        ja_df = Counter(k for ks in self.keywords_ja.values() for k in ks)
        en_df = Counter(k for ks in self.keywords_en.values() for k, _ in ks)
        self.weight_ja = {k: math.log(1 + n / c) for k, c in ja_df.items()}
        self.weight_en = {k: math.log(1 + n / c) for k, c in en_df.items()}
        # each keyword is looked for once per text, then credited to every target listing it
        self.phrases_en = {
            k: f" {' '.join(ws)} " for ks in self.keywords_en.values() for k, ws in ks
        }
        self.keyword_targets: dict[str, set[str]] = {}
        for code in self.codes:
            for k in [*self.keywords_ja[code], *(k for k, _ in self.keywords_en[code])]:
                self.keyword_targets.setdefault(k, set()).add(code)
        # texts repeat within a plan (a direction's words are the context of every entity under
        # it); bounded, so that a corpus of thousands of municipalities does not keep them all
        self._cache: OrderedDict[tuple[str, str], _Signals] = OrderedDict()

    def reweighted(self, parameters: Parameters) -> TargetRanker:
        """The same targets ranked with other weights (``k1`` and ``b`` as here): the words of a
        text are looked up once for all weightings, as parameter tuning needs."""
        if (parameters.k1, parameters.b) != (self.parameters.k1, self.parameters.b):
            return TargetRanker(parameters)
        other = copy.copy(self)
        other.parameters = parameters
        other.version = method_version(parameters)
        return other

    def _signals(self, text_ja: str, text_en: str) -> _Signals:
        """What one text matches, before weighting (looked up once per text)."""
        key = (text_ja, text_en)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        ja_text, en_plain = scored_text(text_ja), scored_text(text_en)
        en_words = english_words(en_plain)
        en_text = " " + " ".join(en_words) + " "
        ja_bm25 = self.ja.scores(japanese_word_set(ja_text))
        en_bm25 = self.en.scores(set(en_words))
        found_ja = {k for k in self.weight_ja if k in ja_text}
        found_en = {k for k, phrase in self.phrases_en.items() if phrase in en_text}
        touched = {c for k in found_ja | found_en for c in self.keyword_targets[k]}
        touched |= ja_bm25.keys() | en_bm25.keys()
        signals = _Signals()
        for code in self.codes:
            if code not in touched:
                continue
            hits_ja = [k for k in self.keywords_ja[code] if k in found_ja]
            hits_en = [k for k, _ in self.keywords_en[code] if k in found_en]
            if not (hits_ja or hits_en or code in ja_bm25 or code in en_bm25):
                continue
            ja_value, ja_words = ja_bm25.get(code, (0.0, []))
            en_value, en_words_hit = en_bm25.get(code, (0.0, []))
            signals.parts[code] = (
                ja_value,
                en_value,
                sum(self.weight_ja[k] for k in hits_ja),
                sum(self.weight_en[k] for k in hits_en),
            )
            signals.matched[code] = (
                frozenset([*ja_words, *hits_ja]),
                frozenset([*en_words_hit, *hits_en]),
            )
        self._cache[key] = signals
        if len(self._cache) > SIGNALS_CACHED:
            self._cache.popitem(last=False)
        return signals

    def text_scores(self, text_ja: str, text_en: str) -> dict[str, float]:
        """Score per target for one text, goal smoothing included (SDG codes blanked out)."""
        p = self.parameters
        scores = {
            code: ja + p.english_weight * en + p.keyword_weight * (kw_ja + p.english_weight * kw_en)
            for code, (ja, en, kw_ja, kw_en) in self._signals(text_ja, text_en).parts.items()
        }
        if p.goal_weight:
            per_goal: dict[str, float] = {}
            for code, value in scores.items():
                goal = code.split(".")[0]
                per_goal[goal] = per_goal.get(goal, 0.0) + value
            scores = {
                code: value + p.goal_weight * (per_goal[code.split(".")[0]] - value)
                for code, value in scores.items()
            }
        return scores

    def rank(
        self,
        text_ja: str,
        text_en: str,
        exclude: Set[str] = frozenset(),
        context_ja: str = "",
        context_en: str = "",
    ) -> list[Suggestion]:
        """The best targets for a Japanese and an English text, best first, blended with the
        text of its context in the plan; targets in ``exclude`` (already reviewed) are left out
        before the list is cut."""
        p = self.parameters
        texts = [(1 - p.context_weight, text_ja, text_en)]
        if context_ja or context_en:
            texts.append((p.context_weight, context_ja, context_en))
        texts = [t for t in texts if t[0] > 0]
        scores: dict[str, float] = {}
        for weight, ja, en in texts:
            part = self.text_scores(ja, en)
            best = max(part.values(), default=0.0)
            if best <= 0:
                continue
            for code, value in part.items():
                scores[code] = scores.get(code, 0.0) + weight * value / best
        ranked = sorted(
            (
                (round(s, SCORE_DECIMALS), c)
                for c, s in scores.items()
                if s > 0 and c not in exclude
            ),
            key=lambda sc: (-sc[0], self.order[sc[1]]),
        )[: p.top]
        suggestions = []
        for i, (score, code) in enumerate(ranked, start=1):
            ja_words: set[str] = set()
            en_words: set[str] = set()
            for _, ja, en in texts:
                found = self._signals(ja, en).matched.get(code, (frozenset(), frozenset()))
                ja_words |= found[0]
                en_words |= found[1]
            suggestions.append(
                Suggestion(code, score, i, tuple(sorted(ja_words)), tuple(sorted(en_words)))
            )
        return suggestions


@lru_cache(maxsize=1)
def default_ranker() -> TargetRanker:
    """The ranker with default parameters (built once per process)."""
    return TargetRanker()
