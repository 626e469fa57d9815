"""Test data for the privacy tests: a learner's work, sign-off history and the audit log."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AuditAction,
    AuditEvent,
    CompetenceSignoff,
    LessonPackage,
    Reflection,
    SignoffLevel,
    TaskCompletion,
)
from tests.factories import Demo

NOTE = "Handschoenen vergeten, daarna wel goed"
SIGNOFF_NOTE = "Doet het netjes"


def add_work(
    app: Flask, demo: Demo, learner: str = "leerling1", supervisor: str = "begeleider1"
) -> None:
    """Two completed tasks with notes, and a sign-off that was corrected and then withdrawn."""
    with app.app_context():
        package = db.session.get(LessonPackage, demo.packages["veilig-werken"])
        competence = package.competences[0]
        for index, reflection in enumerate([Reflection.HARD, Reflection.GOOD]):
            db.session.add(
                TaskCompletion(
                    client_id=str(uuid.uuid4()),
                    learner_id=demo.users[learner],
                    task_id=demo.tasks["veilig-werken"][index],
                    card_version=1,
                    completed_at=datetime(2026, 11, 20 + index, 9, 30, tzinfo=UTC),
                    reflection=reflection,
                    note=f"{NOTE} {index}",
                )
            )
        for day, level in [
            (21, SignoffLevel.WITH_HELP),
            (22, SignoffLevel.INDEPENDENT),
            (23, SignoffLevel.WITHDRAWN),
        ]:
            db.session.add(
                CompetenceSignoff(
                    learner_id=demo.users[learner],
                    competence_id=competence.id,
                    supervisor_id=demo.users[supervisor],
                    level=level,
                    note=f"{SIGNOFF_NOTE} {day}",
                    signed_on=date(2026, 11, day),
                    created_at=datetime(2026, 11, day, 12, tzinfo=UTC),
                )
            )
        db.session.commit()


def audit_rows(app: Flask) -> list[tuple[AuditAction, int | None, int | None, str]]:
    """(action, actor id, subject id, detail) of every audit event, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            select(
                AuditEvent.action, AuditEvent.actor_id, AuditEvent.subject_id, AuditEvent.detail
            ).order_by(AuditEvent.id)
        ).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]
