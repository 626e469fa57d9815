"""Writing the audit log (see app/models/audit.py): one call per action worth accounting for."""

from __future__ import annotations

from app.extensions import db
from app.models import AuditAction, AuditEvent, User


def record(action: AuditAction, actor: User | None, subject: User | None, detail: str = "") -> None:
    """Add an audit event to the current transaction; the caller commits it with the action
    itself, so the log never claims something that was rolled back (nor misses what was done)."""
    db.session.add(
        AuditEvent(
            action=action,
            actor_id=actor.id if actor is not None else None,
            subject_id=subject.id if subject is not None else None,
            organisation_id=subject.organisation_id if subject is not None else None,
            detail=detail[:200],
        )
    )
