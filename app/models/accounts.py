"""Organisations and the people in them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import Model
from app.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.progress import Assignment


class OrganisationKind(enum.Enum):
    SCHOOL = "school"  # owns and writes lesson content (e.g. the ROC)
    ENTERPRISE = "enterprise"  # a social enterprise where learners work


class Role(enum.Enum):
    LEARNER = "learner"
    SUPERVISOR = "supervisor"
    EDITOR = "editor"
    ADMIN = "admin"


class Organisation(Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class User(UserMixin, Model):
    __tablename__ = "user_account"  # "user" is a reserved word in PostgreSQL
    # Log-in finds the name whatever its capitals: without this index every log-in reads the
    # whole table (20 ms with 20,000 accounts).
    __table_args__ = (Index("ix_user_account_username_lower", func.lower(text("username"))),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(enum_column(Role), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    locale: Mapped[str | None] = mapped_column(String(8))  # None: follow the browser
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Last log-in or use of a session (updated at most daily): the retention command removes
    # accounts that were not used for a long time.
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the person was erased (AVG): the row stays, without personal data, so sign-offs
    # and counts keep pointing somewhere.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(back_populates="users")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="learner", foreign_keys="Assignment.learner_id"
    )

    def set_password(self, password: str, method: str = "scrypt") -> None:
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str | None:
        """The token of the log-in this request runs under (set by app.auth.sessions).

        Flask-Login stores it as the "user id" in the session and the remember cookie, so each
        log-in can be ended on its own on the server.
        """
        token: str | None = getattr(self, "_login_session_token", None)
        return token

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users at login and on reload
        return self.active

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.username!r} {self.role.value}>"


class LoginSession(Model):
    """One log-in on one device. Only the SHA-256 hash of its token is stored.

    Log-out ends this row; "Overal uitloggen", a new password, withdrawing a card or switching the
    account off end all rows of the user. The server checks ``expires_at`` on every request.
    """

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginToken(Model):
    """The secret behind a printed QR log-in card. Only its SHA-256 hash is stored.

    A token only logs its learner in (no other rights), works once, and is revoked when a new card
    is printed for the learner or the supervisor withdraws the card.
    """

    __tablename__ = "login_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
