"""Soft hyphens in long Dutch words, so they break with a hyphen on a narrow phone.

Dutch glues words together ("arbeidsomstandighedenwet"). CSS ``hyphens: auto`` needs a hyphenation
dictionary in the browser, which many cheap phones (and Chromium on Linux) do not have; without
one a long word either sticks out of the screen or is cut anywhere without a hyphen. The server
therefore puts a soft hyphen (U+00AD, invisible unless the line breaks there) at the hyphenation
points of Dutch words, from the same dictionary the readability measures use.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen
from markupsafe import Markup

SOFT_HYPHEN = "\u00ad"
# Shorter words fit on a line of a 320 px screen; only longer ones get break points.
MIN_LETTERS = 10
_LONG_WORD = re.compile(rf"[^\W\d_]{{{MIN_LETTERS},}}")
_TAG = re.compile(r"(<[^>]*>)")


@lru_cache(maxsize=1)
def dutch_hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


@lru_cache(maxsize=20000)
def _hyphenated(word: str) -> str:
    return dutch_hyphenator().inserted(word, hyphen=SOFT_HYPHEN)


# Remembered per text, like the lesson text (app/content/rendering.py): titles are hyphenated on
# every page that shows them, and the text alone decides the answer.
@lru_cache(maxsize=4096)
def soft_hyphens(text: str | None) -> str:
    """Plain text with soft hyphens in its long words (escaping is left to the template)."""
    return _LONG_WORD.sub(lambda match: _hyphenated(match.group(0)), text or "")


def soft_hyphens_html(html: Markup) -> Markup:
    """The same for sanitised HTML: only text between tags changes, never a tag or a link."""
    parts = _TAG.split(str(html))
    return Markup("".join(part if part.startswith("<") else soft_hyphens(part) for part in parts))
