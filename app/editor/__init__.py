"""The editor's app: lesson packages and their cards."""

from flask import Blueprint

from app.models import Role

bp = Blueprint("editor", __name__)

# Admins can do everything an editor can.
EDITORS = (Role.EDITOR, Role.ADMIN)

from app.editor import card_routes, routes  # noqa: E402,F401
