from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.learner import bp, services
from app.models import Role
from app.permissions import assigned_card_or_404, assigned_package_or_404, role_required


@bp.get("/")
@role_required(Role.LEARNER)
def home() -> str:
    return render_template("learner/home.html", progress=services.learner_progress(current_user))


@bp.get("/packages/<int:package_id>")
@role_required(Role.LEARNER)
def package(package_id: int) -> str:
    package = assigned_package_or_404(current_user, package_id)
    done = services.done_task_ids(current_user)
    progress = services.package_progress(current_user, package, done)
    return render_template("learner/package.html", progress=progress, done=done)


@bp.get("/cards/<int:card_id>")
@role_required(Role.LEARNER)
def card(card_id: int) -> str:
    card = assigned_card_or_404(current_user, card_id)
    previous, following = services.neighbours(card)
    return render_template(
        "learner/card.html",
        card=card,
        shown=card.published,
        previous=previous,
        following=following,
    )
