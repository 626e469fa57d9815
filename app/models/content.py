"""Lesson content: packages, cards, practice tasks and the competences they train.

A card has one working copy that editors change (a draft) and an immutable ``CardVersion`` for
every publish. Learners only ever see the newest published version; completions record the
version number they were done on, so old versions stay as the history of the card.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model, db
from app.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.accounts import Organisation, User

package_competence = Table(
    "package_competence",
    db.metadata,
    Column("package_id", ForeignKey("lesson_package.id", ondelete="CASCADE"), primary_key=True),
    Column("competence_id", ForeignKey("competence.id", ondelete="CASCADE"), primary_key=True),
)

task_competence = Table(
    "task_competence",
    db.metadata,
    Column("task_id", ForeignKey("practice_task.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "competence_id",
        ForeignKey("competence.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class CardStatus(enum.Enum):
    DRAFT = "draft"  # the working copy has changes that learners do not see yet
    PUBLISHED = "published"  # the working copy is what learners see


class Competence(Model):
    """Something a learner can do at work, e.g. "Je meldt een onveilige situatie".

    It belongs to one or more packages (``package_competence``) and may refer to a work process
    of an SBB qualification (used for a praktijkverklaring).
    """

    __tablename__ = "competence"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    sbb_code: Mapped[str | None] = mapped_column(String(20))
    sbb_name: Mapped[str | None] = mapped_column(String(200))
    owner_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner_organisation: Mapped[Organisation] = relationship()
    packages: Mapped[list[LessonPackage]] = relationship(
        secondary=package_competence, back_populates="competences"
    )


class LessonPackage(Model):
    """A lespakket: a short series of cards on one theme."""

    __tablename__ = "lesson_package"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner_organisation: Mapped[Organisation] = relationship()
    cards: Mapped[list[Card]] = relationship(
        back_populates="package", order_by="Card.position", cascade="all, delete-orphan"
    )
    competences: Mapped[list[Competence]] = relationship(
        secondary=package_competence, back_populates="packages", order_by="Competence.id"
    )

    @property
    def learner_cards(self) -> list[Card]:
        """The cards learners see: those with at least one published version."""
        return [card for card in self.cards if card.has_learner_version]


class Card(Model):
    """One lesson card: one idea per screen, in plain Dutch and in easy reading."""

    __tablename__ = "card"
    __table_args__ = (UniqueConstraint("package_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(
        ForeignKey("lesson_package.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    easy_body: Mapped[str] = mapped_column(Text, default="")
    image_path: Mapped[str | None] = mapped_column(String(255))
    image_alt: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[CardStatus] = mapped_column(enum_column(CardStatus), default=CardStatus.DRAFT)
    # Number of the newest published version; 0 until the first publish.
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Optimistic lock for the editor: bumped on every save of the working copy.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    package: Mapped[LessonPackage] = relationship(back_populates="cards")
    updated_by: Mapped[User | None] = relationship()
    tasks: Mapped[list[PracticeTask]] = relationship(
        back_populates="card", order_by="PracticeTask.position", cascade="all, delete-orphan"
    )
    versions: Mapped[list[CardVersion]] = relationship(
        back_populates="card", order_by="CardVersion.version", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def first_task(self) -> PracticeTask | None:
        """The card's practice task: the editor edits, and a version keeps, only the first."""
        return self.tasks[0] if self.tasks else None

    @property
    def has_learner_version(self) -> bool:
        """Whether learners see this card: it was published at least once.

        Not the same as ``status``, which says whether the working copy has changes that are not
        published yet.
        """
        return self.version > 0

    @property
    def learner_version(self) -> CardVersion | None:
        """The version learners see (the newest published one), or None if never published."""
        return self.versions[-1] if self.versions else None


class CardVersion(Model):
    """A published version of a card, frozen: the card's history."""

    __tablename__ = "card_version"
    __table_args__ = (UniqueConstraint("card_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    easy_body: Mapped[str] = mapped_column(Text)
    image_path: Mapped[str | None] = mapped_column(String(255))
    image_alt: Mapped[str | None] = mapped_column(String(255))
    # The practice task as published; None on versions from before it was kept here.
    task_title: Mapped[str | None] = mapped_column(String(200))
    task_instruction: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    card: Mapped[Card] = relationship(back_populates="versions")
    published_by: Mapped[User | None] = relationship()


class PracticeTask(Model):
    """ "Doe het zelf": what the learner does at work after reading the card."""

    __tablename__ = "practice_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(200))
    instruction: Mapped[str] = mapped_column(Text, default="")

    card: Mapped[Card] = relationship(back_populates="tasks")
    competences: Mapped[list[Competence]] = relationship(
        secondary=task_competence, order_by="Competence.id"
    )
