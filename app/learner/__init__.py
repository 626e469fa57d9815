"""The learner's app: assigned packages, lesson cards and practice tasks."""

from flask import Blueprint

bp = Blueprint("learner", __name__)

from app.learner import routes  # noqa: E402,F401
