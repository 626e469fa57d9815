"""The supervisor's app: their own learners, what they did, and competence sign-offs."""

from flask import Blueprint

bp = Blueprint("supervisor", __name__)

from app.supervisor import routes  # noqa: E402,F401
