"""A supervisor's own group of learners (caseload).

A supervisor coaches some learners, not the whole enterprise: their home page shows their own
group first, the rest of the organisation behind search and the "Iedereen" filter. A learner may be
in the groups of several supervisors. Every supervisor of the organisation may still open every
learner of it (``app/permissions.py`` is unchanged): the group orders, it does not hide.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import Select, delete, select

from app.database import insert_or_skip
from app.extensions import db
from app.models import CaseloadLink, Role, User


class CaseloadError(ValueError):
    """A link that may not be made; the message is Dutch and shown to the user."""


def caseload_learner_ids(supervisor: User) -> Select[int]:
    return select(CaseloadLink.learner_id).where(CaseloadLink.supervisor_id == supervisor.id)


def has_caseload(supervisor: User) -> bool:
    return db.session.scalar(caseload_learner_ids(supervisor).limit(1)) is not None


def supervisors_of(learner: User) -> list[User]:
    """The supervisors whose group the learner is in, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(CaseloadLink, CaseloadLink.supervisor_id == User.id)
            .where(CaseloadLink.learner_id == learner.id)
            .order_by(User.display_name)
        )
    )


def organisation_supervisors(learner: User) -> list[User]:
    """Who may have the learner in their group: the active supervisors of its organisation."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.role == Role.SUPERVISOR,
                User.organisation_id == learner.organisation_id,
                User.active.is_(True),
                User.erased_at.is_(None),
            )
            .order_by(User.display_name)
        )
    )


def _check(supervisor: User, learner: User) -> None:
    if supervisor.role is not Role.SUPERVISOR or learner.role is not Role.LEARNER:
        raise CaseloadError(_("Alleen een begeleider kan een leerling in de groep hebben."))
    if supervisor.organisation_id != learner.organisation_id:
        raise CaseloadError(_("Deze begeleider werkt bij een andere organisatie."))
    if learner.erased_at is not None:
        raise CaseloadError(_("Deze leerling is verwijderd."))


def set_in_caseload(supervisor: User, learner: User, linked: bool) -> None:
    """Put the learner in the supervisor's group or take them out (the caller commits). Doing
    it twice is fine: a double tap changes nothing more."""
    _check(supervisor, learner)
    if linked:
        db.session.execute(
            insert_or_skip(CaseloadLink, ["supervisor_id", "learner_id"]).values(
                supervisor_id=supervisor.id, learner_id=learner.id
            )
        )
    else:
        db.session.execute(
            delete(CaseloadLink).where(
                CaseloadLink.supervisor_id == supervisor.id, CaseloadLink.learner_id == learner.id
            )
        )


def set_supervisors(learner: User, supervisor_ids: Iterable[int]) -> None:
    """The admin's choice: exactly these supervisors of the learner's organisation have the
    learner in their group (unknown or other organisations' ids are refused)."""
    allowed = {supervisor.id: supervisor for supervisor in organisation_supervisors(learner)}
    wanted = set(supervisor_ids)
    if not wanted <= set(allowed):
        raise CaseloadError(_("Kies begeleiders van de organisatie van deze leerling."))
    for supervisor_id, supervisor in allowed.items():
        set_in_caseload(supervisor, learner, supervisor_id in wanted)
