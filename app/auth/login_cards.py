"""QR log-in cards for learners who cannot type a password reliably.

The card holds a random token in a URL; the database keeps only its SHA-256 hash, so a leaked
database cannot be turned into log-ins. A token logs in its learner and nothing else, works once,
and stops working when a new card is printed or the supervisor withdraws the card.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from app.audit import record
from app.auth.sessions import end_all_sessions
from app.extensions import db
from app.models import AuditAction, LoginToken, Role, User


class CardProblem(enum.Enum):
    UNKNOWN = "unknown"
    USED = "used"
    REVOKED = "revoked"
    INACTIVE = "inactive"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def revoke_cards(learner: User) -> None:
    """Withdraw every card of the learner that still works (the caller commits)."""
    db.session.execute(
        update(LoginToken)
        .where(
            LoginToken.learner_id == learner.id,
            LoginToken.revoked_at.is_(None),
            LoginToken.used_at.is_(None),
        )
        .values(revoked_at=datetime.now(UTC))
    )


def issue_card(actor: User, learner: User) -> str:
    """A new card for the learner; the old one stops working. Returns the raw token (shown once)."""
    if learner.role is not Role.LEARNER:
        raise ValueError("log-in cards are for learners only")
    revoke_cards(learner)  # in the same transaction as the new card
    raw = secrets.token_urlsafe(32)
    db.session.add(LoginToken(learner=learner, token_hash=hash_token(raw), created_by=actor))
    record(AuditAction.PRINT_QR_CARDS, actor, learner)
    db.session.flush()
    return raw


def find_card(raw: str) -> tuple[LoginToken | None, CardProblem | None]:
    token = db.session.scalar(select(LoginToken).where(LoginToken.token_hash == hash_token(raw)))
    if token is None:
        return None, CardProblem.UNKNOWN
    if token.revoked_at is not None:
        return token, CardProblem.REVOKED
    if token.used_at is not None:
        return token, CardProblem.USED
    if not token.learner.active:
        return token, CardProblem.INACTIVE
    return token, None


def use_card(raw: str) -> tuple[User | None, CardProblem | None]:
    """Spend the token: exactly one phone logs in with it, even when two scan at once."""
    token, problem = find_card(raw)
    if token is None or problem is not None:
        return None, problem
    result = db.session.execute(
        update(LoginToken)
        .where(
            LoginToken.id == token.id, LoginToken.used_at.is_(None), LoginToken.revoked_at.is_(None)
        )
        .values(used_at=datetime.now(UTC))
    )
    db.session.flush()
    # An UPDATE answers with a CursorResult; Session.execute is typed for any statement.
    if cast("CursorResult[Any]", result).rowcount != 1:
        return None, CardProblem.USED
    return token.learner, None


def withdraw_cards(actor: User, learner: User) -> None:
    """ "Kaart intrekken": the card stops working, and so does any log-in made with it, e.g. on a
    lost phone (the learner logs in again with a new card)."""
    revoke_cards(learner)
    end_all_sessions(learner)
    record(AuditAction.WITHDRAW_QR_CARDS, actor, learner)
    db.session.flush()
