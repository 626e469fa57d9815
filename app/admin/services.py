"""Account and organisation management. Raises ``AdminError`` with a Dutch message."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.auth.services import find_user
from app.auth.sessions import end_all_sessions
from app.extensions import db
from app.models import Organisation, OrganisationKind, Role, User


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
    query = select(User).order_by(User.display_name)
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    return list(db.session.scalars(query))


def create_organisation(actor: User, name: str, kind: OrganisationKind) -> Organisation:
    name = name.strip()
    exists = db.session.scalar(
        select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    )
    if exists is not None:
        raise AdminError(_("Er is al een organisatie met deze naam."), field="name")
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def create_user(
    actor: User,
    username: str,
    display_name: str,
    role: Role,
    organisation_id: int,
    password: str,
) -> User:
    username = username.strip()
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
    db.session.commit()
    return user


def reset_password(actor: User, user: User, password: str) -> None:
    """A new password also ends every session with the old one (e.g. on a lost phone)."""
    user.set_password(password, method=password_method())
    end_all_sessions(user)
    db.session.commit()


def set_active(actor: User, user: User, active: bool) -> None:
    if user.id == actor.id and not active:
        raise AdminError(_("Je kunt je eigen account niet uitzetten."))
    user.active = active
    if not active:  # switching the account on again later must not revive these log-ins
        end_all_sessions(user)
    db.session.commit()
