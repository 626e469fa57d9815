"""Password tries per account, from any address (beside the per-address limit on /login).

- Every try counts *before* the password is checked, in one atomic step in the shared store
  (Redis with ``REDIS_URL``), so a burst of parallel requests cannot slip past the count. A right
  password then clears the count.
- The key is a hash of the normalised username, whether or not the account exists: the answer
  never tells which accounts there are, and the store holds no names.
- A browser that logged in to the account before carries a signed "known device" cookie; its
  tries count apart. So someone who guesses at a username cannot lock the owner out of their own
  phone or computer; on a new device the owner waits out the limit (or a learner uses a QR card).
- If the store is down, log-in keeps working (the per-address limit falls back to memory).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, parse
from werkzeug.wrappers import Response

from app.extensions import limiter

SCOPE = "login-account"
DEVICE_COOKIE = "leerplek_device"
DEVICE_LIFETIME = timedelta(days=365)

log = logging.getLogger(__name__)


def _account(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _is_known_device(account: str) -> bool:
    token = request.cookies.get(DEVICE_COOKIE)
    if not token:
        return False
    try:
        known = _serializer().loads(token, max_age=int(DEVICE_LIFETIME.total_seconds()))
    except BadSignature:
        return False
    return bool(known == account)


def _limit_and_key(username: str) -> tuple[RateLimitItem, tuple[str, ...]]:
    account = _account(username)
    bucket = f"{account}:known" if _is_known_device(account) else account
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
    return parse(current_app.config["ACCOUNT_LOGIN_RATE_LIMIT"]), (prefix, SCOPE, bucket)


def try_password(username: str) -> bool:
    """Count one try for ``username``; False when the limit is reached (do not check it)."""
    item, key = _limit_and_key(username)
    try:
        return bool(limiter.limiter.hit(item, *key))
    except Exception:
        log.exception("account limit store failed; try allowed")
        return True


def forget_tries(username: str) -> None:
    """The right password: earlier wrong tries of this device kind no longer count."""
    item, key = _limit_and_key(username)
    try:
        limiter.limiter.clear(item, *key)
    except Exception:
        log.exception("account limit store failed; count not cleared")


def remember_device(response: Response, username: str) -> None:
    """Mark this browser as one that logged in to ``username`` (see the module docstring)."""
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps(_account(username)),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
    )
