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
    tasks_total: int
    tasks_done: int

    @property
    def percent(self) -> int:
        return round(100 * self.tasks_done / self.tasks_total) if self.tasks_total else 0


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
    cards = package.published_cards
    task_ids = {task.id for card in cards for task in card.tasks}
    return PackageProgress(package, cards, len(task_ids), len(task_ids & done))


def learner_progress(learner: User) -> list[PackageProgress]:
    """Tasks done / total per assigned package; a task done twice counts once."""
    done = done_task_ids(learner)
    return [package_progress(learner, package, done) for package in assigned_packages(learner)]


def neighbours(card: Card) -> tuple[Card | None, Card | None]:
    """The previous and next published card in the same package."""
    cards = card.package.published_cards
    index = next(i for i, c in enumerate(cards) if c.id == card.id)
    previous = cards[index - 1] if index > 0 else None
    following = cards[index + 1] if index + 1 < len(cards) else None
    return previous, following

