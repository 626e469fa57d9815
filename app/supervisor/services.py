"""Read models for the supervisor pages; always limited to the supervisor's organisation."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import Assignment, Role, TaskCompletion, User


@dataclass(frozen=True)
class LearnerSummary:
    learner: User
    packages: int
    completions: int


def learners_of(supervisor: User) -> list[LearnerSummary]:
    """The learners of the supervisor's own organisation, with counts, in one query each."""
    learners = list(
        db.session.scalars(
            select(User)
            .where(User.organisation_id == supervisor.organisation_id, User.role == Role.LEARNER)
            .order_by(User.display_name)
        )
    )
    ids = [learner.id for learner in learners]
    packages = dict(
        db.session.execute(
            select(Assignment.learner_id, func.count())
            .where(Assignment.learner_id.in_(ids))
            .group_by(Assignment.learner_id)
        ).all()
    )
    completions = dict(
        db.session.execute(
            select(TaskCompletion.learner_id, func.count())
            .where(TaskCompletion.learner_id.in_(ids))
            .group_by(TaskCompletion.learner_id)
        ).all()
    )
    return [
        LearnerSummary(learner, packages.get(learner.id, 0), completions.get(learner.id, 0))
        for learner in learners
    ]


def recent_completions(learner: User, limit: int = 50) -> list[TaskCompletion]:
    return list(
        db.session.scalars(
            select(TaskCompletion)
            .where(TaskCompletion.learner_id == learner.id)
            .order_by(TaskCompletion.completed_at.desc())
            .limit(limit)
        )
    )
