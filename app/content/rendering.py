"""What a card shows, and its text as safe HTML.

``CardView`` is the one shape the card renderer (``templates/content/_card.html``) draws, whether
it comes from the working copy (the editor's preview), a published version (the history) or the
version learners see; the choice of which task text a learner reads is made here, not in a template.

Card text is a small Markdown subset: paragraphs (blank line), bullet lists ("- " or "* "),
**bold** and [links](https://...). The text is HTML-escaped first, and the HTML built from it goes
through nh3 (the Rust sanitiser ammonia) with an allow-list, so no script, event handler or
``javascript:`` link can reach a learner's phone, whatever an editor typed or imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import nh3
from markupsafe import Markup, escape

from app.content.hyphenation import soft_hyphens_html

if TYPE_CHECKING:
    from app.models import Card, CardVersion, PracticeTask

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


# Remembered per text: the same few card texts are drawn on every card page, for every learner, and
# the text alone decides the HTML (Markdown subset, nh3, soft hyphens), so a remembered answer is
# the answer. Bounded: a few thousand texts cover every published card of a large installation.
@lru_cache(maxsize=4096)
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


@dataclass(frozen=True)
class TaskView:
    """A practice task ("Doe het zelf") as the card shows it."""

    id: int
    title: str
    instruction: str


@dataclass(frozen=True)
class CardView:
    """One card as the card renderer draws it; ``version`` is None for the working copy."""

    title: str
    body: str
    easy_body: str
    image_path: str | None
    image_alt: str | None
    version: int | None = None
    tasks: tuple[TaskView, ...] = ()


def task_view(task: PracticeTask, published: CardVersion | None = None) -> TaskView:
    """The task as learners read it with ``published``, or as it is now without a version.

    A version keeps its card's first task as it was published, so a draft edit of the task is
    not shown before it is published. Versions from before that was kept have None there, and
    the other tasks were never kept: those show the task as it is now.
    """
    if published is None:
        return TaskView(task.id, task.title, task.instruction)
    title, instruction = published.task_title, published.task_instruction
    return TaskView(
        task.id,
        task.title if title is None else title,
        task.instruction if instruction is None else instruction,
    )


def learner_view(card: Card, version: CardVersion | None = None) -> CardView:
    """The newest published version, with its tasks: what a learner sees.

    ``version`` is that version when the caller has it already (the card page reads only the
    newest row, not the whole history behind ``card.learner_version``).
    """
    version = version or card.learner_version
    if version is None:
        raise ValueError(f"card {card.id} was never published")
    tasks = tuple(
        task_view(task, version if index == 0 else None) for index, task in enumerate(card.tasks)
    )
    return replace(history_view(version), tasks=tasks)


def draft_view(card: Card) -> CardView:
    """The saved working copy with its tasks: the editor's preview."""
    return CardView(
        card.title,
        card.body,
        card.easy_body,
        card.image_path,
        card.image_alt,
        tasks=tuple(task_view(task) for task in card.tasks),
    )


def history_view(version: CardVersion) -> CardView:
    """A published version's frozen text, for the history.

    Tasks are left out: a version keeps only its first task, and older versions none, so the
    history could not show the tasks as they were.
    """
    return CardView(
        version.title,
        version.body,
        version.easy_body,
        version.image_path,
        version.image_alt,
        version.version,
    )
