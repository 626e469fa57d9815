"""The JSON API under /api/v1: the phone's offline manifest and outbox sync."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from app.api import routes  # noqa: E402,F401
