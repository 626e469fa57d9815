"""The pilot's evaluation: what learners did with each package and card, for the partners, and
which cards learners find hard, for the editors (figures.py counts, tables.py shows)."""

from flask import Blueprint

from app.models import Role

bp = Blueprint("evaluation", __name__)

# Editors and admins see every organisation that uses their packages; supervisors their own.
EVALUATORS = (Role.EDITOR, Role.ADMIN, Role.SUPERVISOR)

from app.evaluation import routes  # noqa: E402,F401
