"""Turn card text into safe HTML.

Card text is a small Markdown subset: paragraphs (blank line), bullet lists ("- " or "* "),
**bold** and [links](https://...). The text is HTML-escaped first, and the HTML built from it goes
through nh3 (the Rust sanitiser ammonia) with an allow-list, so no script, event handler or
``javascript:`` link can reach a learner's phone, whatever an editor typed or imported.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup, escape

from app.content.hyphenation import soft_hyphens_html

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BULLET = re.compile(r"^[-*]\s+")
ALLOWED_TAGS = {"p", "br", "strong", "ul", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def _link(match: re.Match[str]) -> str:
    text, url = match.group(1), match.group(2)
    if not re.match(r"^(https?:|mailto:|tel:)", url, re.IGNORECASE):
        return text  # anything else (javascript:, data:, relative paths) stays plain text
    return f'<a href="{url}">{text}</a>'


def _inline(text: str) -> str:
    html = str(escape(text))
    html = _LINK.sub(_link, html)
    return _BOLD.sub(r"<strong>\1</strong>", html)


def _blocks(text: str) -> list[str]:
    html: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        paragraph: list[str] = []
        items: list[str] = []
        for line in (line.strip() for line in block.splitlines()):
            if not line:
                continue
            if _BULLET.match(line):
                if paragraph:
                    html.append(f"<p>{'<br>'.join(paragraph)}</p>")
                    paragraph = []
                items.append(_inline(_BULLET.sub("", line)))
            else:
                if items:
                    html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
                    items = []
                paragraph.append(_inline(line))
        if paragraph:
            html.append(f"<p>{'<br>'.join(paragraph)}</p>")
        if items:
            html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
    return html


def render_lesson_text(text: str | None) -> Markup:
    html = "\n".join(_blocks(text or ""))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return soft_hyphens_html(Markup(clean))


def plain_text(text: str | None) -> str:
    """The text without markup, for reading aloud and previews."""
    text = _LINK.sub(r"\1", text or "")
    return _BOLD.sub(r"\1", re.sub(r"^[-*]\s+", "", text, flags=re.MULTILINE)).strip()
