"""Read models for the learner pages.

The card page's queries are built once, here, with ``bindparam`` for what changes per request:
building a ``select()`` and working out its cache key costs about as much again as running it on a
local database, and every tap on "Volgende" runs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import aliased, contains_eager, selectinload

from app.extensions import db
from app.models import (
    Assignment,
    Card,
    CardVersion,
    LessonPackage,
    PracticeTask,
    TaskCompletion,
    User,
)


@dataclass(frozen=True)
class PackageProgress:
    package: LessonPackage
    cards: list[Card]
    task_ids: set[int]
    tasks_done: int

    @property
    def tasks_total(self) -> int:
        return len(self.task_ids)


def assigned_packages(learner: User, *, versions: bool = True) -> list[LessonPackage]:
    """``versions=False`` leaves the cards' published versions (with all their text) unloaded,
    for a caller that only counts cards and tasks, such as the supervisor's page of a learner."""
    cards = selectinload(LessonPackage.cards)
    # every learner page and the offline manifest walk all cards: load them at once
    options = [cards.selectinload(Card.versions)] if versions else []
    options += [cards.selectinload(Card.tasks), selectinload(LessonPackage.competences)]
    return list(
        db.session.scalars(
            select(LessonPackage)
            .join(Assignment, Assignment.package_id == LessonPackage.id)
            .where(Assignment.learner_id == learner.id, Assignment.removed_at.is_(None))
            .order_by(Assignment.assigned_at, LessonPackage.id)
            .options(*options)
        )
    )


_DONE_TASK_IDS = (
    select(TaskCompletion.task_id)
    .where(TaskCompletion.learner_id == bindparam("learner_id"))
    .distinct()
)


def done_task_ids(learner: User) -> set[int]:
    return set(db.session.scalars(_DONE_TASK_IDS, {"learner_id": learner.id}))


def package_progress(learner: User, package: LessonPackage, done: set[int]) -> PackageProgress:
    cards = package.learner_cards
    task_ids = {task.id for card in cards for task in card.tasks}
    return PackageProgress(package, cards, task_ids, len(task_ids & done))


def learner_progress(
    learner: User, done: set[int] | None = None, *, versions: bool = True
) -> list[PackageProgress]:
    """Tasks done / total per assigned package; a task done twice counts once.

    ``versions`` as for ``assigned_packages``.
    """
    if done is None:
        done = done_task_ids(learner)
    packages = assigned_packages(learner, versions=versions)
    return [package_progress(learner, package, done) for package in packages]


@dataclass(frozen=True)
class CardPlace:
    """Where a card stands in its package: "Kaart 3 van 6", and the cards before and after."""

    number: int
    count: int
    previous: Card | None
    following: Card | None


_THE_CARD = aliased(Card)
_ANY_VERSION = aliased(CardVersion)
_NEWEST_NUMBER = (
    select(func.max(_ANY_VERSION.version))
    .where(_ANY_VERSION.card_id == bindparam("card_id"))
    .scalar_subquery()
)
_PACKAGE_CARDS = (
    select(Card, CardVersion)
    .join(Card.package)
    .outerjoin(Card.tasks)
    # only the card asked for gets a version: its newest (``Card.learner_version``)
    .outerjoin(
        CardVersion,
        and_(
            CardVersion.card_id == Card.id,
            Card.id == bindparam("card_id"),
            CardVersion.version == _NEWEST_NUMBER,
        ),
    )
    .where(
        Card.package_id
        == select(_THE_CARD.package_id)
        .where(_THE_CARD.id == bindparam("card_id"))
        .scalar_subquery()
    )
    .options(contains_eager(Card.package), contains_eager(Card.tasks))
    # the order the relationships declare: cards by position, their tasks by position
    .order_by(Card.position, PracticeTask.position)
)


@dataclass(frozen=True)
class PackageCards:
    """A card's package as the card page reads it: all its cards (each with the package and its
    tasks), and the newest published version of the card asked for (None if never published)."""

    cards: list[Card]
    newest_version: CardVersion | None


def package_cards(card_id: int) -> PackageCards:
    """The cards of card ``card_id``'s package and that card's newest version: one query.

    The card page needs the card, its package's title, the package's cards (for "Kaart 3 van 6"
    and the links before and after), the card's tasks and its newest version: lazily that is
    six queries, and ``card.learner_version`` would load every version ever published. Loaded
    here, the cards sit in the session, where the access check (``db.session.get``) and
    ``card.package`` find them without asking the database again, as long as the caller holds
    them (the session keeps only objects something refers to). Nothing of it is shown before
    the access check has passed.
    """
    rows = db.session.execute(_PACKAGE_CARDS, {"card_id": card_id}).unique().all()
    newest = next((version for _, version in rows if version is not None), None)
    return PackageCards([card for card, _ in rows], newest)


def card_place(card: Card, package_cards: list[Card] | None = None) -> CardPlace:
    """``package_cards``: all cards of the card's package when the caller has them already."""
    cards = (
        card.package.learner_cards
        if package_cards is None
        else [c for c in package_cards if c.has_learner_version]  # as learner_cards does
    )
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
