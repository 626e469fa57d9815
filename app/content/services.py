"""State changes of lesson content. None reads the request; each that records who acted takes
the acting user. They change and flush; the caller commits (see ``app.content``)."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from typing import IO

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app.content.images import ImageError, PreparedImage, prepare_upload
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
from app.readability.measures import Report, analyse


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
    """Freeze the working copy as the next version; learners' phones fetch it on next sync."""
    card.version += 1
    card.status = CardStatus.PUBLISHED
    card.updated_by = editor
    task = card.first_task
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


def update_package(package: LessonPackage, title: str, description: str) -> None:
    package.title = title.strip()
    package.description = description.strip()
    db.session.flush()


def update_competence(
    competence: Competence, *, name: str, description: str, sbb_code: str, sbb_name: str
) -> None:
    """Name, plain description and the SBB work process; an empty code or name clears it."""
    competence.name = name.strip()
    competence.description = description.strip()
    competence.sbb_code = sbb_code.strip().upper() or None  # the form accepts "b1-k1-w2" too
    competence.sbb_name = sbb_name.strip() or None
    db.session.flush()


def move_card(card: Card, step: int) -> None:
    """Swap the card with its neighbour (step -1: up, +1: down)."""
    package = card.package
    cards = package.cards
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
    db.session.flush()
    db.session.expire(package, ["cards"])  # the list is ordered by position when it is loaded


class EditConflict(Exception):
    """Someone else saved the card after this editor opened it.

    Raised after a failed flush too: the caller rolls back.
    """


class DraftProblem(ValueError):
    """Input the form cannot check by itself (the photo, its description); ``field`` names the
    form field the Dutch ``message`` belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CardDraft:
    """What the editor's card form holds, as plain values."""

    title: str
    body: str
    easy_body: str
    task_title: str
    task_instruction: str
    competence_ids: list[int]
    image_alt: str
    remove_image: bool = False
    upload: IO[bytes] | None = None  # a new photo, not checked yet


def save_draft(editor: User, card: Card, expected_lock: int, draft: CardDraft) -> None:
    """Save the working copy as a draft; learners keep seeing the published version.

    ``expected_lock`` is the lock version the editor's form was built from: a different one means
    a colleague saved in between, and nothing is overwritten (EditConflict). A new photo is
    written only after every check and the flush passed, so a refused save leaves no file.
    """
    image = _checked_upload(draft.upload)
    kept = None if draft.remove_image else card.image_path
    image_path = image.key if image else kept
    if image_path and not draft.image_alt.strip():
        raise DraftProblem("image_alt", _("Beschrijf in een paar woorden wat er op de foto staat."))
    if card.lock_version != expected_lock:
        raise EditConflict()
    try:  # an autoflush while applying may be the first to meet the database
        _apply(editor, card, draft, image_path)
        db.session.flush()
    except StaleDataError:  # the same race, caught by the database at the last moment
        raise EditConflict() from None
    if image:
        image.save()


def _apply(editor: User, card: Card, draft: CardDraft, image_path: str | None) -> None:
    card.title = draft.title.strip()
    card.body = draft.body.strip()
    card.easy_body = draft.easy_body.strip()
    card.image_path, card.image_alt = image_path, draft.image_alt.strip() or None
    task = card.tasks[0] if card.tasks else add_task(card, "", "", [])
    task.title, task.instruction = draft.task_title.strip(), draft.task_instruction.strip()
    allowed = {c.id: c for c in card.package.competences}
    wanted = dict.fromkeys(draft.competence_ids)  # each once, in the order given
    task.competences = [allowed[cid] for cid in wanted if cid in allowed]
    card.status = CardStatus.DRAFT
    card.updated_by = editor
    # Always an UPDATE of the card row, so its lock version rises even when only the task
    # changed: a colleague's older form must not overwrite the task either.
    card.updated_at = utcnow()


def _checked_upload(upload: IO[bytes] | None) -> PreparedImage | None:
    if upload is None:
        return None
    try:
        return prepare_upload(upload)
    except ImageError as error:
        raise DraftProblem("image", str(error)) from None


class PublishOutcome(enum.Enum):
    PUBLISHED = "published"
    NOTHING_NEW = "nothing-new"  # a double click, or nothing changed since the last publish
    CONFLICT = "conflict"  # a colleague saved after the editor's page was opened
    TOO_HARD = "too-hard"  # the easy text reads as hard: the editor confirms first
    LOST_RACE = "lost-race"  # another publish or save of the card won at the same moment


@dataclass(frozen=True)
class PublishResult:
    outcome: PublishOutcome
    easy: Report | None = None  # the easy text's measures, for the TOO_HARD question


def publish_draft(
    editor: User, card: Card, expected_lock: int, *, confirmed: bool = False
) -> PublishResult:
    """The editor's "Publiceren": publish the saved draft unless a check says otherwise.

    The caller commits a PUBLISHED outcome and rolls back any other (a lost race leaves a
    failed flush behind).
    """
    if card.status is CardStatus.PUBLISHED:
        return PublishResult(PublishOutcome.NOTHING_NEW)
    if card.lock_version != expected_lock:
        return PublishResult(PublishOutcome.CONFLICT)
    easy = analyse(card.easy_body, "easy")
    if easy.verdict == "hard" and not confirmed:
        return PublishResult(PublishOutcome.TOO_HARD, easy)
    try:  # an autoflush inside may be the first to meet the database
        publish_card(card, editor)
        db.session.flush()
    except StaleDataError:
        return PublishResult(PublishOutcome.LOST_RACE)
    return PublishResult(PublishOutcome.PUBLISHED)
