"""The audit log: who did what to whose account or data (AVG accountability).

Rows are only ever added. The app never changes or deletes them: the ORM refuses it for loaded
rows (bulk ``update()``/``delete()`` statements are simply never written), and the database
refuses UPDATE (both engines) and DELETE (PostgreSQL) through triggers made by migration 0005.
SQLite still allows DELETE, because the test suite empties its tables that way. A row names
people by id only and never holds passwords, tokens or the exported data itself.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from app.extensions import Model
from app.models.accounts import User
from app.models.types import UTCDateTime, enum_column, utcnow


class AuditAction(enum.Enum):
    EXPORT = "export"  # a learner's data export was downloaded
    ERASE = "erase"  # a person was erased by an admin
    RETENTION_ERASE = "retention_erase"  # erased by the retention command
    RESET_PASSWORD = "reset_password"
    DEACTIVATE = "deactivate"
    ACTIVATE = "activate"
    PRINT_QR_CARDS = "print_qr_cards"
    WITHDRAW_QR_CARDS = "withdraw_qr_cards"
    END_SESSIONS = "end_sessions"  # "Overal uitloggen" for someone
    UPDATE_USER = "update_user"  # an admin changed a person's name, role or organisation


class AuditEvent(Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    # None when the system acted (the retention command).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The organisation of the subject, so an organisation's events can be listed.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    # A short, non-personal detail such as "3 kaarten" (never a password or token).
    detail: Mapped[str] = mapped_column(String(200), default="")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])


class AuditLogIsAppendOnly(Exception):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(mapper: Mapper[Any], connection: Any, target: AuditEvent) -> None:
    raise AuditLogIsAppendOnly("audit events are never changed or deleted")
