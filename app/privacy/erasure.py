"""Erasing a person (AVG right to erasure), in one transaction.

What goes:
- name and username: the username becomes ``verwijderd-<id>``, the name a placeholder
  ("verwijderde leerling"; pages show it translated, see ``labels.py``);
- the password (made unusable), the language choice and the "last active" time;
- every log-in and every QR log-in card (the rows are deleted, so every phone is logged out and
  every printed card stops working);
- the free texts about the person: the notes on their completed tasks and the notes on the
  sign-offs they received;
- the photos of their completed tasks, rows and files (a photo may show a face or a workplace);
- when supervisors last opened their page (and, for a supervisor, when they opened others'), and
  which supervisors' groups they were in (for a supervisor: their group).

What stays, and why:
- the account row itself, switched off and marked ``erased_at``: sign-offs, completions and the
  audit log point at it by id, and nobody can log in with it again;
- completed tasks (task, card version, dates, the good/ok/hard reflection, without the note) and
  assignments: the counts per package and per organisation stay correct;
- sign-offs (level, date, who signed, without the note), corrections and withdrawals included:
  they are the supervisor's own record of their judgement, and an erased supervisor's sign-offs
  of learners who are still there stay valid;
- the audit log: it is append-only and names people by id only.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update

from app.audit import record
from app.extensions import db
from app.models import (
    AuditAction,
    CaseloadLink,
    CompetenceSignoff,
    LearnerLastSeen,
    LoginSession,
    LoginToken,
    Role,
    TaskCompletion,
    TaskFeedback,
    User,
)
from app.photos.services import erase_photos
from app.privacy.labels import STORED_PLACEHOLDER

# Not a hash werkzeug can produce, so no password ever matches it.
UNUSABLE_PASSWORD = "!erased"


class ErasureError(ValueError):
    """An erasure that breaks a rule; the message is Dutch and shown as is.

    Lazy: the retention command raises outside a request, where no language is chosen yet.
    """


def check_erasable(actor: User | None, person: User) -> None:
    if person.erased_at is not None:
        raise ErasureError(_l("Dit account is al verwijderd."))
    if actor is not None and actor.id == person.id:
        raise ErasureError(_l("Je kunt je eigen account niet verwijderen."))
    if person.role is Role.ADMIN and _other_admins(person) == 0:
        raise ErasureError(_l("Dit is de laatste beheerder. Maak eerst een andere beheerder."))


def _other_admins(person: User) -> int:
    return (
        db.session.scalar(
            select(func.count()).where(
                User.role == Role.ADMIN,
                User.active.is_(True),
                User.erased_at.is_(None),
                User.id != person.id,
            )
        )
        or 0
    )


def _free_username(person: User) -> str:
    """``verwijderd-<id>``; the admin form refuses that prefix, but an older account may hold it."""
    name = f"verwijderd-{person.id}"
    taken = db.session.scalar(
        select(User.id).where(func.lower(User.username) == name, User.id != person.id)
    )
    return name if taken is None else f"{name}-{secrets.token_hex(3)}"


def erase_person(
    person: User, actor: User | None, action: AuditAction = AuditAction.ERASE, detail: str = ""
) -> None:
    """Erase ``person`` (see the module docstring) and log it; the caller commits, so it all
    happens in one transaction or not at all. ``actor`` is None for the retention command."""
    check_erasable(actor, person)
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == person.id))
    db.session.execute(delete(LoginToken).where(LoginToken.learner_id == person.id))
    db.session.execute(
        delete(LearnerLastSeen).where(
            or_(LearnerLastSeen.learner_id == person.id, LearnerLastSeen.supervisor_id == person.id)
        )
    )
    db.session.execute(
        update(TaskCompletion).where(TaskCompletion.learner_id == person.id).values(note="")
    )
    erase_photos(person)
    db.session.execute(
        delete(CaseloadLink).where(
            or_(CaseloadLink.learner_id == person.id, CaseloadLink.supervisor_id == person.id)
        )
    )
    db.session.execute(  # the supervisors' words about the person's work
        update(TaskFeedback)
        .where(
            TaskFeedback.completion_id.in_(
                select(TaskCompletion.id).where(TaskCompletion.learner_id == person.id)
            )
        )
        .values(text="")
    )
    db.session.execute(
        update(CompetenceSignoff).where(CompetenceSignoff.learner_id == person.id).values(note="")
    )
    person.username = _free_username(person)
    person.display_name = STORED_PLACEHOLDER[person.role]
    person.password_hash = UNUSABLE_PASSWORD
    person.locale = None
    person.active = False
    person.last_active_at = None
    person.erased_at = datetime.now(UTC)
    record(action, actor, person, detail)
    db.session.flush()
