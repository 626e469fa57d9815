"""Log-in sessions that end on the server.

Every log-in gets its own random token. Flask-Login keeps that token (as the "user id") in the
signed session cookie and, for learners, in the remember cookie; the database keeps only its
SHA-256 hash with an expiry. So log-out ends exactly this log-in, "Overal uitloggen" ends them all,
and a copied cookie stops working as soon as its row has ended or expired.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, bindparam, delete, select, update
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import LoginSession, User

# Writing "last used" on every request would make each page view a write; once a day is enough
# for the retention command and the list of log-ins.
TOUCH_INTERVAL = timedelta(days=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime(remember: bool) -> timedelta:
    """Learners stay logged in on their own phone for months; others for one working day."""
    key = "REMEMBER_COOKIE_DURATION" if remember else "PERMANENT_SESSION_LIFETIME"
    value = current_app.config[key]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def start_session(user: User, remember: bool) -> None:
    """Create a log-in for ``user`` and attach its token (the caller commits, then calls
    login_user)."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    db.session.add(
        LoginSession(
            user_id=user.id,
            token_hash=_hash(token),
            created_at=now,
            last_used_at=now,
            expires_at=now + lifetime(remember),
        )
    )
    user.last_active_at = now
    db.session.flush()
    user._login_session_token = token


# Every request of a logged-in user runs this query, so it is built once: building a select() and
# its cache key costs about as much again as running it on a local database.
_LOGIN_BY_TOKEN_HASH = (
    select(LoginSession)
    .options(joinedload(LoginSession.user))
    .where(LoginSession.token_hash == bindparam("token_hash"))
)


def load_session_user(token: str) -> User | None:
    """The user of a live log-in, or None when it is unknown, ended, expired or switched off.

    Asked of the database on every request, never of a cache: an ended log-in stops at once.
    """
    if not token or len(token) > 100:
        return None
    login = db.session.scalar(_LOGIN_BY_TOKEN_HASH, {"token_hash": _hash(token)})
    now = datetime.now(UTC)
    if login is None or login.ended_at is not None or login.expires_at <= now:
        return None
    user = login.user
    if not user.active or user.erased_at is not None:
        return None
    if now - login.last_used_at > TOUCH_INTERVAL:
        login.last_used_at = now
        user.last_active_at = now
        # The one commit outside a route: loading the user is no route's work, and a GET
        # request never commits, so the daily touch would otherwise be lost.
        db.session.commit()
    user._login_session_token = token
    return user


def end_session(user: User) -> None:
    """End the log-in this request runs under (log-out; the caller commits)."""
    token = user.get_id()
    if token:
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == _hash(token), LoginSession.ended_at.is_(None))
            .values(ended_at=datetime.now(UTC))
        )


def end_all_sessions(user: User) -> None:
    """End every log-in of ``user`` on every device (the caller commits)."""
    db.session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=datetime.now(UTC))
    )


def purge_old_sessions(older_than: timedelta = timedelta(days=30)) -> int:
    """Delete log-ins that ended or expired long ago: their times are personal data too, and
    nothing needs them once they cannot be used (run by the retention command)."""
    cutoff = datetime.now(UTC) - older_than
    result = db.session.execute(
        delete(LoginSession).where(
            (LoginSession.expires_at < cutoff) | (LoginSession.ended_at < cutoff)
        )
    )
    return int(cast("CursorResult[Any]", result).rowcount or 0)
