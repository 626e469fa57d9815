from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.content.rendering import CardView, learner_view
from app.extensions import db
from app.feedback.services import feedback_by_task, feedback_ids, feedback_key, recent_feedback
from app.learner import bp, services
from app.learner.client_text import client_texts_json
from app.learner.forms import TaskDoneForm
from app.learner.freshness import conditional_page
from app.models import Card, PracticeTask, Role, TaskFeedback
from app.permissions import assigned_card_or_404, assigned_package_or_404, role_required
from app.signoffs.services import current_signoffs
from app.sync.services import Status, record_completions


@bp.context_processor
def learner_page_context() -> dict[str, object]:
    return {"client_texts_json": client_texts_json}


# Every learner page answers conditional requests (app/learner/freshness.py): the service
# worker revalidates the stored copy of a page each time it shows it.


@bp.get("/")
@role_required(Role.LEARNER)
def home() -> Response:
    done = services.done_task_ids(current_user)
    progress = services.learner_progress(current_user, done)
    return conditional_page(
        services.progress_key(progress, done),
        lambda: render_template("learner/home.html", progress=progress, done=done),
    )


@bp.get("/progress")
@role_required(Role.LEARNER)
def progress() -> Response:
    done = services.done_task_ids(current_user)
    progress = services.learner_progress(current_user, done)
    signoffs = current_signoffs(current_user)
    feedback = recent_feedback(current_user)
    shown_signoffs = tuple(
        sorted((key, row.id, row.supervisor.display_name) for key, row in signoffs.items())
    )
    competences = tuple(
        (item.package.id, tuple((c.id, c.name) for c in item.package.competences))
        for item in progress
    )
    return conditional_page(
        (
            services.progress_key(progress, done),
            shown_signoffs,
            competences,
            feedback_key(feedback),
        ),
        lambda: render_template(
            "learner/progress.html",
            progress=progress,
            signoffs=signoffs,
            done=done,
            feedback=feedback,
        ),
    )


@bp.get("/packages/<int:package_id>")
@role_required(Role.LEARNER)
def package(package_id: int) -> Response:
    package = assigned_package_or_404(current_user, package_id)
    done = services.done_task_ids(current_user)
    progress = services.package_progress(current_user, package, done)
    return conditional_page(
        services.progress_key([progress], done),
        lambda: render_template("learner/package.html", progress=progress, done=done),
    )


@bp.get("/cards/<int:card_id>")
@role_required(Role.LEARNER)
def card(card_id: int) -> Response:
    # One query for the card, its package, the package's cards, the tasks and the newest version;
    # the access check then finds the card in the session (app/learner/services.py).
    loaded = services.package_cards(card_id)
    card = assigned_card_or_404(current_user, card_id)
    place = services.card_place(card, loaded.cards)
    done = services.done_task_ids(current_user)
    view = learner_view(card, loaded.newest_version)
    feedback = feedback_by_task(current_user, [task.id for task in view.tasks])
    shown = (
        card.id,
        view,
        card.package.title,
        place.number,
        place.count,
        place.previous.id if place.previous else None,
        place.following.id if place.following else None,
        tuple(task.id in done for task in view.tasks),
        tuple(feedback_key(feedback.get(task.id, [])) for task in view.tasks),
    )
    return conditional_page(
        shown,
        lambda: _render_card(
            card, view, TaskDoneForm(card_version=card.version), place, done, feedback
        ),
        # the service worker compares these with the offline manifest to tell a stale copy
        headers={"Card-Version": str(card.version), "Card-Feedback": feedback_ids(feedback)},
    )


def _render_card(
    card: Card,
    view: CardView,
    form: TaskDoneForm,
    place: services.CardPlace,
    done: set[int],
    feedback: dict[int, list[TaskFeedback]],
) -> str:
    return render_template(
        "learner/card.html",
        card=card,
        view=view,
        place=place,
        form=form,
        done=done,
        feedback=feedback,
        photo_picker=True,  # the words of static/js/photos.js
    )


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
        place, done = services.card_place(card), services.done_task_ids(current_user)
        view = learner_view(card)
        feedback = feedback_by_task(current_user, [task.id for task in view.tasks])
        page = _render_card(card, view, form, place, done, feedback)
        return page, 400
    item = {
        "id": form.client_id.data,
        "task_id": task.id,
        "card_version": form.card_version.data,
        "completed_at": datetime.now(UTC),
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
