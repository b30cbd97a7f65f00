"""Words of Japanese and English text, as the suggestion method compares them.

Japanese has no spaces: Janome (pure Python, dictionary shipped in its wheel) splits it into
morphemes, of which content words (nouns, verbs, adjectives) are kept in their base form. English
is split on non-letters and lightly stemmed, so ``recycling`` and ``recycled`` meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from janome.tokenizer import Tokenizer

from graph_build.paths import RESOURCES_DIR

STOPWORDS_FILE = RESOURCES_DIR / "sdg_suggestion_stopwords.txt"
# Part-of-speech heads kept, and sub-classes of nouns dropped (numbers, suffixes, pronouns, and
# dependent nouns such as こと or ため carry no topic).
_CONTENT_POS = ("名詞", "動詞", "形容詞")
_DROPPED_NOUNS = ("数", "接尾", "代名詞", "非自立", "特殊")
_EN_WORD = re.compile(r"[a-z0-9]+")
# A printed SDG code, after NFKC: a target such as 11.2 or 15.c, an indicator such as 11.2.1, or a
# goal written as 目標11, ゴール11, SDG 11, SDGs11, Goal 11 or Target 11.2. Scored text never
# holds one, so the method cannot read the targets a document prints, even inside a description.
SDG_CODE = re.compile(
    r"(?:目標|ゴール|ターゲット|sdgs?|goal|target)\s*(?:no\.?\s*)?\d{1,2}(?:\.(?:\d{1,2}|[a-c]))?"
    r"|(?<![\d.])\d{1,2}\.(?:\d{1,2}|[a-c])(?:\.\d{1,2})?(?![\d.a-z])",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    return Tokenizer()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English words the method ignores (data file :data:`STOPWORDS_FILE`)."""
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits to half-width), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def scored_text(text: str) -> str:
    """``text`` as the method scores it: normalised (:func:`normalise`), every printed SDG code
    blanked out."""
    return SDG_CODE.sub(" ", normalise(text))


def japanese_words(text: str) -> list[str]:
    """Content words of Japanese text in their base form, in order."""
    words: list[str] = []
    for token in _tokenizer().tokenize(normalise(text)):
        pos = token.part_of_speech.split(",")  # type: ignore[union-attr]
        if pos[0] not in _CONTENT_POS or (pos[0] == "名詞" and pos[1] in _DROPPED_NOUNS):
            continue
        if pos[0] != "名詞" and pos[1] != "自立":
            continue
        base = token.base_form if token.base_form != "*" else token.surface  # type: ignore[union-attr]
        # one kana or symbol alone (する, ある …) says nothing about a topic
        if len(base) < 2 and not _is_kanji(base):
            continue
        words.append(str(base))
    return words


#: Lines whose words are kept for reuse: a plan's context texts repeat the same names line by line.
LINES_CACHED = 65536


@lru_cache(maxsize=LINES_CACHED)
def _line_words(line: str) -> frozenset[str]:
    return frozenset(japanese_words(line))


def japanese_word_set(text: str) -> frozenset[str]:
    """The content words of ``text``, found line by line (a line break ends every word), each
    distinct line split once per process."""
    words: set[str] = set()
    for line in text.split("\n"):
        words |= _line_words(line)
    return frozenset(words)


def _is_kanji(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def stem(word: str) -> str:
    """A light English stemmer: plural, -ing, -ed and a final -e go."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def english_words(text: str) -> list[str]:
    """Stemmed English words of ``text`` without stop words, in order."""
    stop = stopwords()
    return [stem(w) for w in _EN_WORD.findall(normalise(text)) if w not in stop and len(w) > 1]
