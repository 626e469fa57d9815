"""The editor's card pages: edit the working copy, publish it, look at versions and preview.

Packages, competences and sharing are in ``routes.py``; the logic is in ``app.content.services``.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from app.content import services as content
from app.content.services import PublishOutcome
from app.editor import EDITORS, bp
from app.editor.forms import CardForm, card_form, lock_version
from app.errors import validation_error
from app.extensions import db
from app.models import Card
from app.permissions import editable_card_or_404, role_required
from app.readability.measures import analyse
from app.readability.schemas import ReadabilityRequestSchema


@bp.post("/cards/<int:card_id>/move")
@role_required(*EDITORS)
def move_card(card_id: int) -> Response:
    card = editable_card_or_404(current_user, card_id)
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    content.move_card(card, step)
    db.session.commit()
    return redirect(url_for("editor.package", package_id=card.package_id) + f"#card-{card.id}")


def _card_page(
    card: Card, form: CardForm, status: int = 200, conflict: bool = False
) -> tuple[str, int]:
    page = render_template(
        "editor/card.html",
        card=card,
        form=form,
        conflict=conflict,
        normal=analyse(form.body.data or "", "normal"),
        easy=analyse(form.easy_body.data or "", "easy"),
    )
    return page, status


@bp.get("/cards/<int:card_id>")
@role_required(*EDITORS)
def card(card_id: int) -> tuple[str, int]:
    card = editable_card_or_404(current_user, card_id)
    return _card_page(card, card_form(card))


@bp.post("/cards/<int:card_id>")
@role_required(*EDITORS)
def save_card(card_id: int) -> Response | tuple[str, int]:
    card = editable_card_or_404(current_user, card_id)
    form = card_form(card)
    if not form.validate_on_submit():
        return _card_page(card, form, 400)
    try:
        content.save_draft(current_user, card, lock_version(form.lock_version.data), form.draft())
    except content.DraftProblem as problem:
        form[problem.field].errors = [problem.message]
        return _card_page(card, form, 400)
    except content.EditConflict:
        db.session.rollback()  # the page shows the card as the colleague saved it
        form.form_errors.append(
            _(
                "Iemand anders heeft deze kaart net opgeslagen. Jouw tekst staat hieronder nog. "
                "Kopieer wat je wilt bewaren, laad de kaart opnieuw en pas het dan aan."
            )
        )
        return _card_page(card, form, 409, conflict=True)
    db.session.commit()
    flash(_("Opgeslagen als concept. Leerlingen zien het pas na publiceren."), "success")
    return redirect(url_for("editor.card", card_id=card.id))


@bp.post("/cards/<int:card_id>/publish")
@role_required(*EDITORS)
def publish(card_id: int) -> Response | str:
    card = editable_card_or_404(current_user, card_id)
    result = content.publish_draft(
        current_user,
        card,
        lock_version(request.form.get("lock_version")),
        confirmed=request.form.get("confirm") == "1",
    )
    if result.outcome is PublishOutcome.PUBLISHED:
        db.session.commit()
    else:
        db.session.rollback()  # nothing to keep; after a lost race, a failed flush
    match result.outcome:
        case PublishOutcome.TOO_HARD:
            return render_template("editor/publish_confirm.html", card=card, easy=result.easy)
        case PublishOutcome.PUBLISHED:
            message = _(
                "Versie %(version)s is gepubliceerd. Telefoons halen hem op zodra ze online zijn.",
                version=card.version,
            )
            flash(message, "success")
        case PublishOutcome.NOTHING_NEW:
            flash(_("Er is niets nieuws om te publiceren."), "info")
        case PublishOutcome.CONFLICT:
            message = _(
                "Iemand anders heeft deze kaart intussen opgeslagen. "
                "Bekijk de kaart en publiceer dan opnieuw."
            )
            flash(message, "error")
        case PublishOutcome.LOST_RACE:
            pass  # another publish won at the same moment: the card page shows its version
    return redirect(url_for("editor.card", card_id=card.id))


@bp.get("/cards/<int:card_id>/preview")
@role_required(*EDITORS)
def preview(card_id: int) -> str:
    card = editable_card_or_404(current_user, card_id)
    return render_template("editor/preview.html", card=card)


@bp.get("/cards/<int:card_id>/versions")
@role_required(*EDITORS)
def versions(card_id: int) -> str:
    card = editable_card_or_404(current_user, card_id)
    return render_template("editor/versions.html", card=card)


@bp.post("/readability")
@role_required(*EDITORS)
def readability() -> Response | tuple[Response, int]:
    """The easy-reading panel asks this while the editor types (debounced)."""
    data = request.get_json(silent=True)  # too deeply nested JSON is None too (input_safety)
    try:
        loaded = ReadabilityRequestSchema().load(data if isinstance(data, dict) else {})
    except ValidationError as error:
        return validation_error(error.normalized_messages())
    return jsonify(analyse(loaded["text"], loaded["kind"]).as_dict())
