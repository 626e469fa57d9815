from __future__ import annotations

from datetime import datetime, timezone

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db
from app.learner import bp, services
from app.learner.client_text import client_texts
from app.learner.forms import TaskDoneForm
from app.models import Card, PracticeTask, Role
from app.permissions import assigned_card_or_404, assigned_package_or_404, role_required
from app.signoffs.services import current_signoffs
from app.sync.services import Status, record_completions


@bp.context_processor
def learner_page_context() -> dict[str, object]:
    return {"client_texts": client_texts}


@bp.get("/")
@role_required(Role.LEARNER)
def home() -> str:
    return render_template("learner/home.html", progress=services.learner_progress(current_user))


@bp.get("/progress")
@role_required(Role.LEARNER)
def progress() -> str:
    return render_template(
        "learner/progress.html",
        progress=services.learner_progress(current_user),
        signoffs=current_signoffs(current_user),
    )


@bp.get("/packages/<int:package_id>")
@role_required(Role.LEARNER)
def package(package_id: int) -> str:
    package = assigned_package_or_404(current_user, package_id)
    done = services.done_task_ids(current_user)
    progress = services.package_progress(current_user, package, done)
    return render_template("learner/package.html", progress=progress, done=done)


@bp.get("/cards/<int:card_id>")
@role_required(Role.LEARNER)
def card(card_id: int) -> tuple[str, int]:
    card = assigned_card_or_404(current_user, card_id)
    return _render_card(card, TaskDoneForm(card_version=card.version))


def _render_card(card: Card, form: TaskDoneForm, status: int = 200) -> tuple[str, int]:
    previous, following = services.neighbours(card)
    page = render_template(
        "learner/card.html",
        card=card,
        shown=card.published,
        previous=previous,
        following=following,
        form=form,
        done=services.done_task_ids(current_user),
    )
    return page, status


@bp.post("/tasks/<int:task_id>/done")
@role_required(Role.LEARNER)
def task_done(task_id: int) -> Response | tuple[str, int]:
    """Fallback without JavaScript: record the completion straight away."""
    task = db.session.get(PracticeTask, task_id)
    if task is None:
        abort(404)
    card = assigned_card_or_404(current_user, task.card_id)
    form = TaskDoneForm()
    if not form.validate_on_submit():
        return _render_card(card, form, 400)
    item = {
        "id": form.client_id.data,
        "task_id": task.id,
        "card_version": form.card_version.data,
        "completed_at": datetime.now(timezone.utc),
        "reflection": form.reflection.data,
        "note": form.note.data or "",
    }
    [result] = record_completions(current_user, [item])
    # The same form sent twice (a double tap) carries the same id but a later server time: the
    # first one was stored, so that is a success, not a conflict.
    if result.status is Status.REJECTED and result.code != "conflict":
        flash(result.error or _("Dat lukte niet."), "error")
    else:
        flash(_("Opgeslagen. Goed gedaan!"), "success")
    return redirect(url_for("learner.card", card_id=card.id))
