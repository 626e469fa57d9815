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
    """Paragraphs, with runs of "- " lines as bullet lists (also right after an intro line)."""
    html: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        paragraph: list[str] = []
        items: list[str] = []

        def close_paragraph() -> None:
            if paragraph:
                html.append(f"<p>{'<br>'.join(paragraph)}</p>")
                paragraph.clear()

        def close_list() -> None:
            if items:
                html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
                items.clear()

        for line in lines:
            if line.startswith("- "):
                close_paragraph()
                items.append(_inline(line[2:]))
            else:
                close_list()
                paragraph.append(_inline(line))
        close_paragraph()
        close_list()
    return Markup("\n".join(html))


def plain_text(text: str | None) -> str:
    """The text without markup, for reading aloud and previews."""
    return _BOLD.sub(r"\1", re.sub(r"^- ", "", text or "", flags=re.MULTILINE)).strip()
