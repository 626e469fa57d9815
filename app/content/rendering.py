"""Turn card text into safe HTML.

Card text is plain text with blank-line paragraphs, "- " bullet lists and **bold**. Everything is
HTML-escaped first, so no markup from the text itself can reach a learner's phone.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", str(escape(text)))


def render_lesson_text(text: str | None) -> Markup:
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append(f"<p>{'<br>'.join(_inline(line) for line in lines)}</p>")
    return Markup("\n".join(blocks))


def plain_text(text: str | None) -> str:
    """The text without markup, for reading aloud and previews."""
    return _BOLD.sub(r"\1", re.sub(r"^- ", "", text or "", flags=re.MULTILINE)).strip()
