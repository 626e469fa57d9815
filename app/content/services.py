"""State changes of lesson content. Each takes the acting user; none reads the request."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import (
    Card,
    CardStatus,
    CardVersion,
    Competence,
    LessonPackage,
    Organisation,
    PracticeTask,
    User,
)
from app.models.types import utcnow


def create_package(
    owner: Organisation, slug: str, title: str, description: str = ""
) -> LessonPackage:
    package = LessonPackage(
        slug=slug, title=title, description=description, owner_organisation=owner
    )
    db.session.add(package)
    return package


def add_competence(package: LessonPackage, name: str, description: str = "") -> Competence:
    competence = Competence(
        name=name,
        description=description,
        owner_organisation=package.owner_organisation,
    )
    package.competences.append(competence)
    return competence


def add_card(
    package: LessonPackage,
    editor: User | None,
    title: str,
    body: str,
    easy_body: str,
) -> Card:
    card = Card(
        title=title,
        body=body,
        easy_body=easy_body,
        position=len(package.cards) + 1,
        updated_by=editor,
        status=CardStatus.DRAFT,
        version=0,
    )
    package.cards.append(card)
    return card


def add_task(
    card: Card, title: str, instruction: str, competences: list[Competence]
) -> PracticeTask:
    task = PracticeTask(
        title=title,
        instruction=instruction,
        position=len(card.tasks) + 1,
        competences=list(dict.fromkeys(competences)),  # each once, whatever the input says
    )
    card.tasks.append(task)
    return task


def publish_card(card: Card, editor: User | None) -> CardVersion:
    """Freeze the working copy as the next version; learners' phones fetch it on next sync.
    The caller commits."""
    card.version += 1
    card.status = CardStatus.PUBLISHED
    card.updated_by = editor
    task = card.tasks[0] if card.tasks else None
    snapshot = CardVersion(
        version=card.version,
        title=card.title,
        body=card.body,
        easy_body=card.easy_body,
        image_path=card.image_path,
        image_alt=card.image_alt,
        task_title=task.title if task else None,
        task_instruction=task.instruction if task else None,
        published_by=editor,
    )
    card.versions.append(snapshot)
    return snapshot


class EditConflict(Exception):
    """Someone else saved the card after this editor opened it."""


def slug_for(title: str) -> str:
    """A readable, unique slug for a new package."""
    base = (
        re.sub(
            r"[^a-z0-9]+",
            "-",
            unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower(),
        ).strip("-")[:60]
        or "lespakket"
    )
    slug, number = base, 2
    while db.session.scalar(select(LessonPackage.id).where(LessonPackage.slug == slug)) is not None:
        slug, number = f"{base}-{number}", number + 1
    return slug


def update_package(editor: User, package: LessonPackage, title: str, description: str) -> None:
    package.title = title.strip()
    package.description = description.strip()
    db.session.commit()


def move_card(editor: User, card: Card, step: int) -> None:
    """Swap the card with its neighbour (step -1: up, +1: down)."""
    cards = card.package.cards
    index = cards.index(card)
    other_index = index + step
    if not 0 <= other_index < len(cards):
        return
    other = cards[other_index]
    mine, theirs = card.position, other.position
    card.position = -1  # positions are unique per package: step aside first
    db.session.flush()
    other.position = mine
    db.session.flush()
    card.position = theirs
    db.session.commit()
    db.session.refresh(card.package)


def update_card(
    editor: User,
    card: Card,
    expected_lock: int,
    *,
    title: str,
    body: str,
    easy_body: str,
    task_title: str,
    task_instruction: str,
    competence_ids: list[int],
    image_path: str | None,
    image_alt: str | None,
) -> None:
    """Save the working copy as a draft; learners keep seeing the published version.

    ``expected_lock`` is the lock version the editor's form was built from: a different one means
    a colleague saved in between, and nothing is overwritten.
    """
    if card.lock_version != expected_lock:
        raise EditConflict()
    card.title, card.body, card.easy_body = title.strip(), body.strip(), easy_body.strip()
    card.image_path, card.image_alt = image_path, (image_alt or "").strip() or None
    task = card.tasks[0] if card.tasks else add_task(card, "", "", [])
    task.title, task.instruction = task_title.strip(), task_instruction.strip()
    allowed = {c.id: c for c in card.package.competences}
    task.competences = [allowed[cid] for cid in dict.fromkeys(competence_ids) if cid in allowed]
    card.status = CardStatus.DRAFT
    card.updated_by = editor
    # Always an UPDATE of the card row, so its lock version rises even when only the task
    # changed: a colleague's older form must not overwrite the task either.
    card.updated_at = utcnow()
    try:
        db.session.commit()
    except StaleDataError:  # the same race, caught by the database at the last moment
        db.session.rollback()
        raise EditConflict() from None
