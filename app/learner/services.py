"""Read models for the learner pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Assignment, Card, LessonPackage, TaskCompletion, User


@dataclass(frozen=True)
class PackageProgress:
    package: LessonPackage
    cards: list[Card]
    task_ids: set[int]
    tasks_done: int

    @property
    def tasks_total(self) -> int:
        return len(self.task_ids)


def assigned_packages(learner: User) -> list[LessonPackage]:
    return list(
        db.session.scalars(
            select(LessonPackage)
            .join(Assignment, Assignment.package_id == LessonPackage.id)
            .where(Assignment.learner_id == learner.id, Assignment.removed_at.is_(None))
            .order_by(Assignment.assigned_at, LessonPackage.id)
            # every learner page and the offline manifest walk all cards: load them at once
            .options(
                selectinload(LessonPackage.cards).selectinload(Card.versions),
                selectinload(LessonPackage.cards).selectinload(Card.tasks),
                selectinload(LessonPackage.competences),
            )
        )
    )


def done_task_ids(learner: User) -> set[int]:
    return set(
        db.session.scalars(
            select(TaskCompletion.task_id).where(TaskCompletion.learner_id == learner.id).distinct()
        )
    )


def package_progress(learner: User, package: LessonPackage, done: set[int]) -> PackageProgress:
    cards = package.learner_cards
    task_ids = {task.id for card in cards for task in card.tasks}
    return PackageProgress(package, cards, task_ids, len(task_ids & done))


def learner_progress(learner: User, done: set[int] | None = None) -> list[PackageProgress]:
    """Tasks done / total per assigned package; a task done twice counts once."""
    if done is None:
        done = done_task_ids(learner)
    return [package_progress(learner, package, done) for package in assigned_packages(learner)]


@dataclass(frozen=True)
class CardPlace:
    """Where a card stands in its package: "Kaart 3 van 6", and the cards before and after."""

    number: int
    count: int
    previous: Card | None
    following: Card | None


def card_place(card: Card) -> CardPlace:
    cards = card.package.learner_cards
    index = next(i for i, c in enumerate(cards) if c.id == card.id)
    previous = cards[index - 1] if index > 0 else None
    following = cards[index + 1] if index + 1 < len(cards) else None
    return CardPlace(index + 1, len(cards), previous, following)


def progress_key(progress: list[PackageProgress], done: set[int]) -> tuple[object, ...]:
    """What the home and progress pages show of the packages: for their ETag."""
    return tuple(
        (
            item.package.id,
            item.package.title,
            item.package.description,
            tuple((card.id, card.version) for card in item.cards),
            tuple(sorted(item.task_ids & done)),
        )
        for item in progress
    )
