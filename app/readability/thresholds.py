"""Every threshold of the easy-reading check, in one place (explained in the README).

No source maps these formulas to CEFR B1 exactly: they are guidance for authors, not a
certificate. The numbers follow common Dutch plain-language advice (B1: about 10 words per
sentence on average, never more than 15) and the published bands of the Flesch-Douma score.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Sentence length in words.
MAX_SENTENCE_WORDS = 15  # normal text: flag longer sentences
MAX_SENTENCE_WORDS_EASY = 10  # easy-reading text: flag longer sentences
# One sentence longer than this makes the whole text "Te moeilijk", whatever the averages say: a
# 41-word sentence of officialese must never pass as merely "Let op".
TOO_LONG_SENTENCE_WORDS = 30  # normal text
TOO_LONG_SENTENCE_WORDS_EASY = 25  # easy-reading text

# A word with this many syllables or more is "long".
LONG_WORD_SYLLABLES = 4
# A word whose Zipf frequency in Dutch (wordfreq) is below this is "uncommon"; 3 means about once
# per million words. Numbers and very short words are never flagged.
UNCOMMON_ZIPF = 3.0

# Flesch-Douma bands: (lowest score, name). Higher is easier. The names are shown to editors, so
# they are translated when a report is made (measures.band).
FLESCH_DOUMA_BANDS = [
    (90, _l("zeer gemakkelijk")),
    (80, _l("gemakkelijk")),
    (70, _l("vrij gemakkelijk")),
    (60, _l("normaal")),
    (50, _l("vrij moeilijk")),
    (30, _l("moeilijk")),
    (float("-inf"), _l("zeer moeilijk")),
]
# Leesindex Brouwer uses the same kind of scale.
BROUWER_BANDS = FLESCH_DOUMA_BANDS

# The verdict, for normal and easy-reading texts: (minimum Flesch-Douma, maximum average words per
# sentence, maximum share of sentences that are too long).
GOOD = {"normal": (60, 12, 0.0), "easy": (70, 8, 0.0)}
WARN = {"normal": (45, 15, 0.25), "easy": (60, 10, 0.2)}
