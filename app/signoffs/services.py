"""Competence sign-offs. Rows are only added: a correction or a withdrawal is a new row, and the
current level of a competence is its newest row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.learner.services import assigned_packages
from app.models import Competence, CompetenceSignoff, LessonPackage, SignoffLevel, User

MAX_NOTE = CompetenceSignoff.MAX_NOTE


class SignoffError(ValueError):
    """A sign-off that breaks a rule; the message is Dutch. ``field`` names the form field it
    belongs to; "competence" and "request" are no field, their message goes above the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class CompetenceStatus:
    competence: Competence
    history: list[CompetenceSignoff] = field(default_factory=list)  # newest first

    @property
    def current(self) -> CompetenceSignoff | None:
        """The newest sign-off, unless that was a withdrawal."""
        if self.history and self.history[0].level is not SignoffLevel.WITHDRAWN:
            return self.history[0]
        return None


def assigned_competences(
    learner: User, packages: list[LessonPackage] | None = None
) -> list[Competence]:
    """The competences of the learner's assigned packages, each once, in package order.

    ``packages``: the learner's assigned packages when the caller has them already (the
    supervisor's learner page), which saves loading them with all their cards once more.
    """
    seen: dict[int, Competence] = {}
    if packages is None:
        packages = assigned_packages(learner, versions=False)  # no card's text is needed here
    for package in packages:
        for competence in package.competences:
            seen.setdefault(competence.id, competence)
    return list(seen.values())


def _history(learner: User) -> dict[int, list[CompetenceSignoff]]:
    rows = db.session.scalars(
        select(CompetenceSignoff)
        .where(CompetenceSignoff.learner_id == learner.id)
        .order_by(CompetenceSignoff.signed_at.desc(), CompetenceSignoff.id.desc())
        # every page that shows a sign-off names who signed: in the same query, not one per row
        .options(joinedload(CompetenceSignoff.supervisor))
    )
    history: dict[int, list[CompetenceSignoff]] = {}
    for row in rows:
        history.setdefault(row.competence_id, []).append(row)
    return history


def competence_statuses(
    learner: User, packages: list[LessonPackage] | None = None
) -> list[CompetenceStatus]:
    """``packages`` as for ``assigned_competences``."""
    history = _history(learner)
    return [
        CompetenceStatus(competence, history.get(competence.id, []))
        for competence in assigned_competences(learner, packages)
    ]


def competence_status(learner: User, competence_id: int) -> CompetenceStatus | None:
    return next(
        (
            status
            for status in competence_statuses(learner)
            if status.competence.id == competence_id
        ),
        None,
    )


def current_signoffs(learner: User) -> dict[int, CompetenceSignoff]:
    """The current sign-off per competence id (withdrawn ones left out)."""
    return {
        competence_id: rows[0]
        for competence_id, rows in _history(learner).items()
        if rows[0].level is not SignoffLevel.WITHDRAWN
    }


def record_signoff(
    supervisor: User,
    learner: User,
    competence_id: int,
    level: str,
    note: str,
    signed_on: date | None,
    request_id: str | None,
    today: date,
    signed_at: datetime | None = None,
) -> CompetenceSignoff:
    """Add a judgement. The same ``request_id`` twice (a double tap) gives the first row back.

    ``signed_at``: when the supervisor made it, for one made offline (app/sync/supervisor.py);
    a form sent now was made now.
    """
    if not request_id:  # the form always sends one; without it a double tap stores two rows
        raise SignoffError(
            "request", _("Er ging iets mis met wat je stuurde. Probeer het nog eens.")
        )
    existing = db.session.scalar(
        select(CompetenceSignoff).where(
            CompetenceSignoff.supervisor_id == supervisor.id,
            CompetenceSignoff.request_id == request_id,
        )
    )
    if existing is not None:
        return existing
    status = competence_status(learner, competence_id)
    if status is None:
        raise SignoffError(
            "competence", _("Deze competentie hoort niet bij de lespakketten van deze leerling.")
        )
    try:
        chosen = SignoffLevel(level)
    except ValueError:
        raise SignoffError("level", _("Kies 'met hulp' of 'zelfstandig'.")) from None
    if chosen is SignoffLevel.WITHDRAWN and status.current is None:
        raise SignoffError("level", _("Er is nog niets afgetekend om in te trekken."))
    if signed_on is None:
        raise SignoffError("signed_on", _("Vul een datum in."))
    if signed_on > today:
        raise SignoffError("signed_on", _("De datum mag niet in de toekomst liggen."))
    if len(note) > MAX_NOTE:
        raise SignoffError("note", _("Schrijf niet meer dan %(max)d tekens.", max=MAX_NOTE))
    signoff = CompetenceSignoff(
        learner_id=learner.id,
        competence_id=competence_id,
        supervisor_id=supervisor.id,
        level=chosen,
        note=note,
        signed_on=signed_on,
        signed_at=signed_at or datetime.now(UTC),
        request_id=request_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(signoff)
    except IntegrityError:  # the same form submitted twice at the same moment
        # Only the savepoint is rolled back: the other submit's row is there to return.
        return db.session.scalars(
            select(CompetenceSignoff).where(
                CompetenceSignoff.supervisor_id == supervisor.id,
                CompetenceSignoff.request_id == request_id,
            )
        ).one()
    return signoff
