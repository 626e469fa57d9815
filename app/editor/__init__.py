"""The editor's app: lesson packages and their cards."""

from flask import Blueprint

bp = Blueprint("editor", __name__)

from app.editor import routes  # noqa: E402,F401
