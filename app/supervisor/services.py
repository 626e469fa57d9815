"""The supervisor's work, always limited to the supervisor's own organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import joinedload

from app.audit import record
from app.auth.sessions import end_all_sessions
from app.extensions import db
from app.feedback.services import feedback_on
from app.models import (
    Assignment,
    AuditAction,
    Card,
    EvidencePhoto,
    LearnerLastSeen,
    LessonPackage,
    TaskCompletion,
    TaskFeedback,
    User,
)
from app.permissions import learner_visible_to
from app.photos.services import photos_of
from app.supervisor.caseload import caseload_learner_ids


@dataclass(frozen=True)
class LearnerSummary:
    learner: User
    packages: int
    completions: int
    new: int  # completions received since the supervisor last opened the learner's page


# Learners per page of the supervisor's list. An enterprise may have hundreds of learners: a phone
# shows fifty tiles fine, and the page then costs the same whatever the organisation's size.
PAGE_SIZE = 50


@dataclass(frozen=True)
class LearnerPage:
    """One page of the supervisor's list: its rows, and where it sits among all found."""

    summaries: list[LearnerSummary]
    number: int  # from 1
    total: int  # learners found, on all pages

    @property
    def first(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.summaries else 0

    @property
    def last(self) -> int:
        return self.first + len(self.summaries) - 1 if self.summaries else 0

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * PAGE_SIZE < self.total


def _learners(supervisor: User, include_erased: bool) -> Select[User]:
    """Erased learners are left out of lists and choices; only the organisation's CSV keeps them
    (nameless), so its counts stay complete."""
    query = select(User).where(learner_visible_to(supervisor)).order_by(User.display_name)
    return query if include_erased else query.where(User.erased_at.is_(None))


def organisation_learners(supervisor: User, include_erased: bool = False) -> list[User]:
    """The supervisor's learners by name, as plain users: for printing cards and the CSV."""
    return list(db.session.scalars(_learners(supervisor, include_erased)))


def learner_page(
    supervisor: User, search: str = "", number: int = 1, own_group: bool = False
) -> LearnerPage:
    """A page of the supervisor's home: the current learners found by name or username, by name,
    with their counts (four queries, whatever the organisation's size). ``own_group``: only the
    supervisor's own group (app/supervisor/caseload.py). A page number past the end shows the
    last page."""
    query = _learners(supervisor, include_erased=False)
    if own_group:
        query = query.where(User.id.in_(caseload_learner_ids(supervisor)))
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(User.display_name).like(pattern), func.lower(User.username).like(pattern)
            )
        )
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = max(1, min(number, -(-(total or 0) // PAGE_SIZE)))
    learners = list(
        db.session.scalars(
            query.order_by(User.id).limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
        )
    )
    return LearnerPage(_summaries(supervisor, learners), number, total or 0)


def _summaries(supervisor: User, learners: list[User]) -> list[LearnerSummary]:
    """Counts for the given learners: packages, tasks done, tasks new since the last look."""
    ids = [learner.id for learner in learners]
    packages = dict(
        db.session.execute(
            select(Assignment.learner_id, func.count())
            .where(Assignment.learner_id.in_(ids), Assignment.removed_at.is_(None))
            .group_by(Assignment.learner_id)
        ).all()
    )
    seen = LearnerLastSeen
    counts = {
        learner_id: (total, new)
        for learner_id, total, new in db.session.execute(
            select(
                TaskCompletion.learner_id,
                func.count(),
                func.sum(
                    case(
                        (or_(seen.seen_at.is_(None), TaskCompletion.received_at > seen.seen_at), 1),
                        else_=0,
                    )
                ),
            )
            .outerjoin(
                seen,
                and_(
                    seen.learner_id == TaskCompletion.learner_id,
                    seen.supervisor_id == supervisor.id,
                ),
            )
            .where(TaskCompletion.learner_id.in_(ids))
            .group_by(TaskCompletion.learner_id)
        ).all()
    }
    return [
        LearnerSummary(
            learner,
            packages.get(learner.id, 0),
            counts.get(learner.id, (0, 0))[0],
            int(counts.get(learner.id, (0, 0))[1] or 0),
        )
        for learner in learners
    ]


def seen_at(supervisor: User, learner: User) -> datetime | None:
    row = db.session.get(LearnerLastSeen, (supervisor.id, learner.id))
    return row.seen_at if row else None


def mark_seen(supervisor: User, learner: User) -> None:
    row = db.session.get(LearnerLastSeen, (supervisor.id, learner.id))
    now = datetime.now(UTC)
    if row is None:
        db.session.add(
            LearnerLastSeen(supervisor_id=supervisor.id, learner_id=learner.id, seen_at=now)
        )
    else:
        row.seen_at = now
    db.session.flush()


def completions_of(learner: User) -> list[TaskCompletion]:
    """All of them, newest first by the phone's time (the printed evidence)."""
    return list(db.session.scalars(_completions_query(learner)))


def _completions_query(learner: User) -> Select[TaskCompletion]:
    return (
        select(TaskCompletion)
        .options(joinedload(TaskCompletion.task))  # the pages show each task's title
        .where(TaskCompletion.learner_id == learner.id)
        .order_by(TaskCompletion.completed_at.desc(), TaskCompletion.id.desc())
    )


# Completions on the learner's page before "Toon alle": a phone screen shows a few at a time, and
# the page then costs the same after a year of practice as after a week.
RECENT_COMPLETIONS = 20


@dataclass(frozen=True)
class RecentCompletions:
    shown: list[TaskCompletion]
    total: int
    photos: dict[int, list[EvidencePhoto]]  # per shown completion id, by number
    feedback: dict[int, list[TaskFeedback]]  # per shown completion id, oldest first

    @property
    def hidden(self) -> int:
        return self.total - len(self.shown)


def recent_completions(
    learner: User, new_since: datetime | None, everything: bool = False
) -> RecentCompletions:
    """The newest ``RECENT_COMPLETIONS`` by the phone's time, plus every one received since
    ``new_since``: a task done offline a week ago but synced today is new to the supervisor, and
    opening the page marks it seen, so it must be on the page, however old its own date.
    ``everything``: all of them ("Toon alle")."""
    if everything:
        rows = completions_of(learner)
        return _with_extras(rows, len(rows))
    newest = (
        select(TaskCompletion.id)
        .where(TaskCompletion.learner_id == learner.id)
        .order_by(TaskCompletion.completed_at.desc(), TaskCompletion.id.desc())
        .limit(RECENT_COMPLETIONS)
    )
    shown: ColumnElement[bool] = TaskCompletion.id.in_(newest.scalar_subquery())
    if new_since is not None:
        shown = or_(shown, TaskCompletion.received_at > new_since)
    rows = list(db.session.scalars(_completions_query(learner).where(shown)))
    total = db.session.scalar(select(func.count()).where(TaskCompletion.learner_id == learner.id))
    return _with_extras(rows, total or 0)


def _with_extras(rows: list[TaskCompletion], total: int) -> RecentCompletions:
    ids = [row.id for row in rows]
    return RecentCompletions(rows, total, photos_of(ids), feedback_on(ids))


# Packages with at least one published card: the content the school shares.
ASSIGNABLE = LessonPackage.cards.any(Card.version > 0)


def assignable_packages() -> list[LessonPackage]:
    return list(
        db.session.scalars(select(LessonPackage).where(ASSIGNABLE).order_by(LessonPackage.title))
    )


def assign_package(supervisor: User, learner: User, package_id: int) -> LessonPackage | None:
    """Give the learner a package with published cards; None when there is no such package."""
    package = db.session.scalar(
        select(LessonPackage).where(LessonPackage.id == package_id, ASSIGNABLE)
    )
    if package is None:
        return None
    assignment = db.session.scalar(
        select(Assignment).where(
            Assignment.learner_id == learner.id, Assignment.package_id == package.id
        )
    )
    if assignment is None:
        db.session.add(Assignment(learner=learner, package=package, assigned_by=supervisor))
    elif assignment.removed_at is not None:  # given again after it was taken away
        assignment.removed_at = None
        assignment.removed_by = None
        assignment.assigned_at = datetime.now(UTC)
        assignment.assigned_by = supervisor
    db.session.flush()
    return package


def unassign_package(supervisor: User, learner: User, package_id: int) -> LessonPackage | None:
    """The package leaves the learner's phone; completions, sign-offs and tasks still waiting in
    the phone's outbox (done before now) stay valid. The row keeps who took it away, and when."""
    assignment = db.session.scalar(
        select(Assignment).where(
            Assignment.learner_id == learner.id,
            Assignment.package_id == package_id,
            Assignment.removed_at.is_(None),
        )
    )
    if assignment is None:
        return None
    assignment.removed_at = datetime.now(UTC)
    assignment.removed_by = supervisor
    db.session.flush()
    return assignment.package


def end_learner_sessions(supervisor: User, learner: User) -> None:
    """ "Overal uitloggen" for a learner (e.g. a lost phone): every log-in of the learner ends.

    QR cards are left alone: a used card cannot log in again, and "Kaart intrekken" is there for
    a card that was not used yet.
    """
    end_all_sessions(learner)
    record(AuditAction.END_SESSIONS, supervisor, learner)
    db.session.flush()
