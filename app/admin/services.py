"""Account and organisation management. Raises ``AdminError`` with a Dutch message."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.audit import record
from app.auth.login_cards import revoke_cards
from app.auth.services import find_user
from app.auth.sessions import end_all_sessions
from app.extensions import db
from app.models import AuditAction, CaseloadLink, Organisation, OrganisationKind, Role, User
from app.privacy.erasure import ErasureError, check_erasable, erase_person

# Erased accounts get this username prefix (app/privacy/erasure.py); nobody else may take it.
RESERVED_PREFIX = "verwijderd-"


class AdminError(ValueError):
    """A request that breaks a rule; the message is shown to the admin as is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def password_method() -> str:
    return current_app.config["PASSWORD_HASH_METHOD"]


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def user_counts() -> dict[int, int]:
    return dict(
        db.session.execute(
            select(User.organisation_id, func.count()).group_by(User.organisation_id)
        ).all()
    )


def users(organisation_id: int | None = None) -> list[User]:
    # Erased accounts last: they stay listed (their history is still counted) but are no one now.
    query = select(User).order_by(User.erased_at.is_not(None), User.display_name)
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    return list(db.session.scalars(query))


def create_organisation(name: str, kind: OrganisationKind) -> Organisation:
    name = name.strip()
    exists = db.session.scalar(
        select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    )
    if exists is not None:
        raise AdminError(_("Er is al een organisatie met deze naam."), field="name")
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def create_user(
    username: str,
    display_name: str,
    role: Role,
    organisation_id: int,
    password: str,
) -> User:
    username = username.strip()
    if username.lower().startswith(RESERVED_PREFIX):
        raise AdminError(
            _("Deze gebruikersnaam is niet toegestaan. Kies een andere."), field="username"
        )
    if find_user(username) is not None:
        raise AdminError(_("Deze gebruikersnaam bestaat al. Kies een andere."), field="username")
    if db.session.get(Organisation, organisation_id) is None:
        raise AdminError(_("Kies een organisatie."), field="organisation_id")
    user = User(
        username=username,
        display_name=display_name.strip(),
        role=role,
        organisation_id=organisation_id,
    )
    user.set_password(password, method=password_method())
    db.session.add(user)
    db.session.flush()
    return user


def _refuse_erased(user: User) -> None:
    """An erased account stays off and without a password: it has nobody behind it any more."""
    if user.erased_at is not None:
        raise AdminError(_("Dit account is verwijderd. Je kunt het niet meer veranderen."))


def update_user(
    actor: User, user: User, display_name: str, role: Role, organisation_id: int
) -> list[str]:
    """Change a person's name, role or organisation; the words for what changed (for the audit
    log and the message), none when nothing did.

    A supervisor's group stays consistent: a learner who moves to another organisation, or is no
    longer a learner, leaves every group (the supervisors are of the old organisation); a
    supervisor who moves or is no longer a supervisor gives up their group. A new role or
    organisation also ends the person's log-ins: what they may see changed, so they log in again.
    """
    _refuse_erased(user)
    if db.session.get(Organisation, organisation_id) is None:
        raise AdminError(_("Kies een organisatie."), field="organisation_id")
    if user.id == actor.id and role is not user.role:
        raise AdminError(
            _("Je kunt je eigen rol niet veranderen: dan kun je niet meer beheren."), field="role"
        )
    display_name = display_name.strip()
    changed = []
    details = []  # for the audit log: the same in every language, no personal data
    if display_name != user.display_name:
        changed.append(_("naam"))
        details.append("name")
    moved = organisation_id != user.organisation_id
    new_role = role is not user.role
    if new_role:
        changed.append(_("rol"))
        details.append(f"role: {user.role.value} -> {role.value}")
    if moved:
        changed.append(_("organisatie"))
        details.append(f"organisation: {user.organisation_id} -> {organisation_id}")
    if not changed:
        return []
    if moved or new_role:
        if user.role is Role.LEARNER:
            db.session.execute(delete(CaseloadLink).where(CaseloadLink.learner_id == user.id))
        if user.role is Role.SUPERVISOR:
            db.session.execute(delete(CaseloadLink).where(CaseloadLink.supervisor_id == user.id))
        end_all_sessions(user)
        revoke_cards(user)
    user.display_name, user.role, user.organisation_id = display_name, role, organisation_id
    record(AuditAction.UPDATE_USER, actor, user, detail="; ".join(details))
    db.session.flush()
    return changed


def reset_password(actor: User, user: User, password: str) -> None:
    """A new password also ends every session with the old one (e.g. on a lost phone)."""
    _refuse_erased(user)
    user.set_password(password, method=password_method())
    end_all_sessions(user)
    record(AuditAction.RESET_PASSWORD, actor, user)
    db.session.flush()


def set_active(actor: User, user: User, active: bool) -> None:
    _refuse_erased(user)
    if user.id == actor.id and not active:
        raise AdminError(_("Je kunt je eigen account niet uitzetten."))
    if user.active == active:
        return  # a second tap on the same button changes nothing and logs nothing
    user.active = active
    if not active:  # switching the account on again later must not revive these log-ins,
        end_all_sessions(user)  # nor a printed card that was never used
        revoke_cards(user)
    record(AuditAction.ACTIVATE if active else AuditAction.DEACTIVATE, actor, user)
    db.session.flush()


def erase_problem(actor: User, user: User) -> str | None:
    """Why ``user`` cannot be erased by ``actor``, in Dutch; None when it can be done."""
    try:
        check_erasable(actor, user)
    except ErasureError as error:
        return str(error)
    return None


def erase_user(actor: User, user: User) -> None:
    """Erase a person (app/privacy/erasure.py) with its audit event (the caller commits, or rolls
    back after an AdminError)."""
    try:
        erase_person(user, actor)
    except ErasureError as error:
        raise AdminError(str(error)) from error
    db.session.flush()
