"""Storage limitation: accounts nobody used for ``RETENTION_MONTHS`` are erased.

Inactive means: the last log-in or use (``last_active_at``) is before the cutoff, or the account
was never used and was made before the cutoff. Learners, supervisors and editors are erased;
admins never are: there are few, they keep the installation running, and erasing the last one
would lock everyone out (an admin leaving is erased by another admin, by hand). Accounts that are
switched off count like any other; erased accounts are skipped.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select

from app.extensions import db
from app.models import AuditAction, Role, User
from app.privacy.erasure import erase_person

ROLES = (Role.LEARNER, Role.SUPERVISOR, Role.EDITOR)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def inactive_accounts(cutoff: datetime) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.role.in_(ROLES),
                User.erased_at.is_(None),
                or_(
                    User.last_active_at < cutoff,
                    and_(User.last_active_at.is_(None), User.created_at < cutoff),
                ),
            )
            .order_by(User.id)
        )
    )


@dataclass(frozen=True)
class Erased:
    """What the command may print after the erasure: no name, no username."""

    id: int
    role: Role
    organisation: str
    last_active: datetime | None


def erase_inactive(cutoff: datetime, months: int) -> list[Erased]:
    """Erase every inactive account, each in its own transaction: if one fails, those before it
    stay erased and running the command again goes on with the rest."""
    done = []
    for person in inactive_accounts(cutoff):
        summary = Erased(person.id, person.role, person.organisation.name, person.last_active_at)
        erase_person(person, None, AuditAction.RETENTION_ERASE, f"RETENTION_MONTHS={months}")
        db.session.commit()
        done.append(summary)
    return done
