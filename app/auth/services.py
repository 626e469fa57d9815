"""Checking a username and password, apart from HTTP so it can be tested without a request.

The password log-in (auth/routes.py) uses ``authenticate``; admins use ``find_user`` to keep
usernames unique regardless of case. QR log-in cards do not come through here: they have their
own tokens (auth/login_cards.py).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models import User

# Checked when the username is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class LoginFailure(enum.Enum):
    BAD_CREDENTIALS = "bad_credentials"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    failure: LoginFailure | None = None


def find_user(username: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )


def authenticate(username: str, password: str) -> LoginResult:
    user = find_user(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return LoginResult(None, LoginFailure.BAD_CREDENTIALS)
    if not user.check_password(password):
        return LoginResult(None, LoginFailure.BAD_CREDENTIALS)
    if not user.active:
        # Only someone who knows the password learns that the account is switched off.
        return LoginResult(None, LoginFailure.INACTIVE)
    return LoginResult(user)
