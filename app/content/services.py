"""State changes of lesson content. Each takes the acting user; none reads the request."""
from __future__ import annotations

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
        competences=list(competences),
    )
    card.tasks.append(task)
    return task


def publish_card(card: Card, editor: User | None) -> CardVersion:
    """Freeze the working copy as the next version; learners' phones fetch it on next sync."""
    card.version += 1
    card.status = CardStatus.PUBLISHED
    card.updated_by = editor
    snapshot = CardVersion(
        version=card.version,
        title=card.title,
        body=card.body,
        easy_body=card.easy_body,
        image_path=card.image_path,
        image_alt=card.image_alt,
        published_by=editor,
    )
    card.versions.append(snapshot)
    return snapshot
