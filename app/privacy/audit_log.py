"""Reading the audit log (writing is ``app.audit.record``)."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import AuditEvent, User

PER_PAGE = 100
# A page number past this is clamped: a huge offset would make PostgreSQL fail (a 500).
MAX_PAGE = 100_000


def _about(user_id: int | None) -> Select[AuditEvent]:
    query = select(AuditEvent).options(
        selectinload(AuditEvent.actor),
        selectinload(AuditEvent.subject).selectinload(User.organisation),
    )
    if user_id is not None:
        query = query.where(or_(AuditEvent.subject_id == user_id, AuditEvent.actor_id == user_id))
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def events_page(page: int = 1, user_id: int | None = None) -> Pagination:
    """Newest first, ``PER_PAGE`` a page; only the events of one person when ``user_id`` is set."""
    page = min(max(page, 1), MAX_PAGE)
    return db.paginate(_about(user_id), page=page, per_page=PER_PAGE, error_out=False, count=True)


def events_about(user: User) -> list[AuditEvent]:
    """Every event where ``user`` acted or was acted on, newest first (for their export)."""
    return list(db.session.scalars(_about(user.id)))
