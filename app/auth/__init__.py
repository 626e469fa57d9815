"""Logging in and out. Learners stay logged in for months on their own phone."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from werkzeug.wrappers import Response

from app.auth.sessions import load_session_user
from app.errors import json_error, wants_json_response
from app.models import User

bp = Blueprint("auth", __name__)


def configure_login_manager(manager: LoginManager) -> None:
    manager.login_view = "auth.login"
    manager.login_message = _l("Log eerst in.")
    manager.login_message_category = "info"
    manager.session_protection = "basic"

    @manager.user_loader
    def load_user(token: str) -> User | None:
        # An ended, expired or switched-off log-in is logged out at once (app/auth/sessions.py).
        return load_session_user(token)

    @manager.unauthorized_handler
    def unauthorized() -> Response | tuple[Response, int]:
        # An API client (the phone's outbox) must get a 401 it can act on, never a login page.
        if wants_json_response():
            return json_error(401, "unauthorized", "Log in to use this endpoint.")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


from app.auth import routes  # noqa: E402,F401  (registers the views)
