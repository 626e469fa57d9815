"""The installable app: web app manifest, service worker, offline page and versioned assets."""

from flask import Blueprint

bp = Blueprint("pwa", __name__)

from app.pwa import routes  # noqa: E402,F401
