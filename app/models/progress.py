"""What learners did and what supervisors judged: rows here are only ever added.

``TaskCompletion`` is identified by the id the phone generated, so a completion sent twice (a
retry after a lost answer) is stored once. ``CompetenceSignoff`` keeps every judgement: the
current level of a competence is the newest row, a correction is a new row.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.accounts import User
    from app.models.content import Competence, LessonPackage, PracticeTask


class Reflection(enum.Enum):
    GOOD = "good"  # goed
    OK = "ok"  # ging wel
    HARD = "hard"  # moeilijk


class SignoffLevel(enum.Enum):
    WITH_HELP = "with_help"  # met hulp
    INDEPENDENT = "independent"  # zelfstandig
    WITHDRAWN = "withdrawn"  # ingetrokken: an earlier sign-off no longer holds


class Assignment(Model):
    """A package assigned to a learner by a supervisor.

    Unassigning sets ``removed_at`` instead of deleting the row: a task the learner did offline
    while the package was still theirs must still be accepted when the phone syncs later.
    """

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("learner_id", "package_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    package_id: Mapped[int] = mapped_column(
        ForeignKey("lesson_package.id", ondelete="CASCADE"), index=True
    )
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    learner: Mapped[User] = relationship(back_populates="assignments", foreign_keys=[learner_id])
    package: Mapped[LessonPackage] = relationship()
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
    removed_by: Mapped[User | None] = relationship(foreign_keys=[removed_by_id])


class TaskCompletion(Model):
    """A practice task a learner marked done on the job. Never updated in place."""

    __tablename__ = "task_completion"
    __table_args__ = (
        UniqueConstraint("learner_id", "client_id"),
        # The supervisor's list counts each learner's tasks, and those since the last look, from
        # this index alone (an index-only scan): it never reads the rows, which lie spread over
        # the whole table, so the count costs the same whatever the size of the table.
        Index("ix_task_completion_learner_id_received_at", "learner_id", "received_at"),
        # The evaluation of one organisation (app/evaluation) reads its learners' tasks of a
        # period: 9,000 rows from this index instead of scanning 450,000 of every organisation.
        Index("ix_task_completion_learner_id_completed_at", "learner_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36))  # UUID made on the phone
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    task_id: Mapped[int] = mapped_column(ForeignKey("practice_task.id"), index=True)
    card_version: Mapped[int] = mapped_column(Integer)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the phone's clock
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # the server's
    reflection: Mapped[Reflection] = mapped_column(enum_column(Reflection))
    note: Mapped[str] = mapped_column(Text, default="")

    learner: Mapped[User] = relationship()
    task: Mapped[PracticeTask] = relationship()
    photos: Mapped[list[EvidencePhoto]] = relationship(
        back_populates="completion", order_by="EvidencePhoto.number", passive_deletes=True
    )


class EvidencePhoto(Model):
    """A photo the learner took with a completed task (at most ``MAX_PHOTOS`` per task).

    The phone uploads it after the task itself, under the task's client id and the photo's number,
    with the SHA-256 of the bytes it sends: the same upload again is recognised and stored once.
    The server's re-encoded files (full size and a thumbnail) live in the media storage under
    ``media_key`` and are served only through the access-checked photo route, never ``/media/``.
    """

    __tablename__ = "evidence_photo"
    __table_args__ = (UniqueConstraint("completion_id", "number"),)

    MAX_PHOTOS = 3

    id: Mapped[int] = mapped_column(primary_key=True)
    completion_id: Mapped[int] = mapped_column(
        ForeignKey("task_completion.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)  # 1 to MAX_PHOTOS, as on the phone
    upload_sha256: Mapped[str] = mapped_column(String(64))  # of the bytes the phone sent
    media_key: Mapped[str] = mapped_column(String(40))  # files "photo-<key>-full.webp" and -thumb
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)  # of the full-size file
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    completion: Mapped[TaskCompletion] = relationship(back_populates="photos")


class CompetenceSignoff(Model):
    """A supervisor's judgement of a learner's competence. Corrections are new rows.

    ``request_id`` comes from the form the supervisor submitted, or is the client id of a sign-off
    made offline: a double tap, a resent form or an outbox item sent again carries the same id,
    and the unique constraint keeps it to one row.

    ``signed_at`` is when the supervisor made it (the phone's clock for one made offline),
    ``created_at`` when the server stored it. The current level is the newest by ``signed_at``:
    two supervisors who sign the same competence offline both keep their row, and the later
    judgement counts, whichever phone got online first.
    """

    __tablename__ = "competence_signoff"
    __table_args__ = (
        Index("ix_competence_signoff_learner_competence", "learner_id", "competence_id"),
        UniqueConstraint("supervisor_id", "request_id"),
    )

    MAX_NOTE = 1000

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    competence_id: Mapped[int] = mapped_column(ForeignKey("competence.id"), index=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    level: Mapped[SignoffLevel] = mapped_column(enum_column(SignoffLevel))
    note: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[date] = mapped_column(Date)
    # The servers of a release before this column set none: the database's clock then (0012).
    signed_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=func.now()
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    request_id: Mapped[str | None] = mapped_column(String(36))

    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    supervisor: Mapped[User] = relationship(foreign_keys=[supervisor_id])
    competence: Mapped[Competence] = relationship()


class LearnerLastSeen(Model):
    """When a supervisor last looked at a learner's page: what arrived after that is "new"."""

    __tablename__ = "learner_last_seen"

    supervisor_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseloadLink(Model):
    """A learner in a supervisor's own group (caseload). A learner may have several supervisors;
    every supervisor of the organisation still sees every learner, their own group comes first.
    Set by the supervisor on the learner's page, or by an admin on the learner's account."""

    __tablename__ = "caseload_link"

    supervisor_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TaskFeedback(Model):
    """A supervisor's short feedback on a completed task, shown to the learner on the card and on
    "Wat ik al kan". Rows are only ever added; ``read_at`` is set once, when the learner's phone
    reports that the learner saw it. ``request_id`` comes from the form: a double tap, or a form
    sent again, stores one row."""

    __tablename__ = "task_feedback"
    __table_args__ = (UniqueConstraint("supervisor_id", "request_id"),)

    MAX_TEXT = 500

    id: Mapped[int] = mapped_column(primary_key=True)
    completion_id: Mapped[int] = mapped_column(
        ForeignKey("task_completion.id", ondelete="CASCADE"), index=True
    )
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    text: Mapped[str] = mapped_column(Text)
    request_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    completion: Mapped[TaskCompletion] = relationship()
    supervisor: Mapped[User] = relationship()
