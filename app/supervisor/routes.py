from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.learner.services import learner_progress
from app.models import Role
from app.permissions import learner_or_404, role_required
from app.supervisor import bp, services


@bp.get("/")
@role_required(Role.SUPERVISOR)
def home() -> str:
    return render_template("supervisor/home.html", learners=services.learners_of(current_user))


@bp.get("/learners/<int:learner_id>")
@role_required(Role.SUPERVISOR)
def learner(learner_id: int) -> str:
    learner = learner_or_404(current_user, learner_id)
    return render_template(
        "supervisor/learner.html",
        learner=learner,
        progress=learner_progress(learner),
        completions=services.recent_completions(learner),
    )
