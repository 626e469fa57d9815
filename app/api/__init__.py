"""The JSON API under /api/v1: the phone's offline manifest and outbox sync."""

from flask import Blueprint

from app.extensions import csrf

bp = Blueprint("api", __name__)
# The API checks CSRF itself, after asking who is calling (routes.check_state_change): a phone
# whose session has ended must hear 401 "log in again", not 400 "bad token".
csrf.exempt(bp)

from app.api import routes  # noqa: E402,F401
