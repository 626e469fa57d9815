"""Measures of how easy a Dutch text is to read.

- Flesch-Douma (Douma 1960): 206.835 - 0.93 x words per sentence - 77 x syllables per word.
- Leesindex Brouwer (Brouwer 1963): 195 - 2 x words per sentence - 67 x syllables per word.
Syllables come from the Dutch hyphenation dictionary (pyphen); word frequency from wordfreq.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal

from flask_babel import LazyString
from wordfreq import zipf_frequency

from app.content.hyphenation import dutch_hyphenator
from app.readability import thresholds as t

Kind = Literal["normal", "easy"]
Verdict = Literal["good", "warn", "hard"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*|\d+(?:[.,]\d+)*")
_MARKUP = re.compile(r"\*\*|\[([^\]]*)\]\([^)]*\)|^\s*[-*]\s+", re.MULTILINE)


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    if word.isdigit():
        return max(1, len(word) // 2)
    # Hyphenation leaves short edges unsplit; groups of vowels are a floor for those words.
    vowel_groups = len(re.findall(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", word.lower()))
    by_hyphenation = len(dutch_hyphenator().positions(word.lower())) + 1
    return max(1, by_hyphenation, vowel_groups)


def plain(text: str) -> str:
    """Card text without its Markdown: link text stays, markers go."""
    return _MARKUP.sub(lambda m: m.group(1) or "", text or "")


def sentences(text: str) -> list[str]:
    parts = [part.strip() for part in _SENTENCE_END.split(plain(text))]
    return [part for part in parts if _WORD.search(part)]


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def band(score: float, bands: Sequence[tuple[float, LazyString]]) -> str:
    """The band's name in the reader's language: a plain string, so the report is JSON as is."""
    return str(next(name for lowest, name in bands if score >= lowest))


@dataclass
class Report:
    kind: Kind
    sentences: int = 0
    words: int = 0
    words_per_sentence: float = 0.0
    syllables_per_word: float = 0.0
    flesch_douma: float = 0.0
    flesch_douma_band: str = ""
    brouwer: float = 0.0
    brouwer_band: str = ""
    long_sentences: list[str] = field(default_factory=list)
    # Sentences so long that the text is "hard" for them alone (also in ``long_sentences``).
    too_long_sentences: list[str] = field(default_factory=list)
    too_long_words: int = t.TOO_LONG_SENTENCE_WORDS
    long_words: list[str] = field(default_factory=list)
    uncommon_words: list[str] = field(default_factory=list)
    max_sentence_words: int = t.MAX_SENTENCE_WORDS
    verdict: Verdict = "good"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _verdict(report: Report) -> Verdict:
    if report.too_long_sentences:
        return "hard"
    share_long = len(report.long_sentences) / report.sentences if report.sentences else 0
    for verdict, limits in (("good", t.GOOD), ("warn", t.WARN)):
        min_score, max_average, max_share = limits[report.kind]
        if (
            report.flesch_douma >= min_score
            and report.words_per_sentence <= max_average
            and share_long <= max_share
        ):
            return verdict  # type: ignore[return-value]
    return "hard"


def _is_uncommon(word: str) -> bool:
    if len(word) <= 3 or word[0].isdigit():
        return False
    return zipf_frequency(word.lower(), "nl") < t.UNCOMMON_ZIPF


def analyse(text: str, kind: Kind = "normal") -> Report:
    """All measures of one text. An empty text gives an empty, "good" report."""
    report = Report(kind=kind)
    report.max_sentence_words = (
        t.MAX_SENTENCE_WORDS_EASY if kind == "easy" else t.MAX_SENTENCE_WORDS
    )
    report.too_long_words = (
        t.TOO_LONG_SENTENCE_WORDS_EASY if kind == "easy" else t.TOO_LONG_SENTENCE_WORDS
    )
    all_sentences = sentences(text)
    all_words = [word for sentence in all_sentences for word in words(sentence)]
    if not all_words:
        return report
    report.sentences = len(all_sentences)
    report.words = len(all_words)
    report.words_per_sentence = round(report.words / report.sentences, 1)
    total_syllables = sum(syllables(word) for word in all_words)
    report.syllables_per_word = round(total_syllables / report.words, 2)
    wps, spw = report.words / report.sentences, total_syllables / report.words
    report.flesch_douma = round(206.835 - 0.93 * wps - 77 * spw, 1)
    report.brouwer = round(195 - 2 * wps - 67 * spw, 1)
    report.flesch_douma_band = band(report.flesch_douma, t.FLESCH_DOUMA_BANDS)
    report.brouwer_band = band(report.brouwer, t.BROUWER_BANDS)
    report.long_sentences = [s for s in all_sentences if len(words(s)) > report.max_sentence_words]
    report.too_long_sentences = [s for s in all_sentences if len(words(s)) > report.too_long_words]
    unique = list(dict.fromkeys(all_words))
    report.long_words = [w for w in unique if syllables(w) >= t.LONG_WORD_SYLLABLES]
    report.uncommon_words = [w for w in unique if _is_uncommon(w)]
    report.verdict = _verdict(report)
    return report
