from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from app.content import services as content
from app.content import sharing
from app.content.images import ImageError, store_upload
from app.editor import bp, services
from app.editor.forms import (
    CardForm,
    CompetenceForm,
    ImportForm,
    NewCardForm,
    NewCompetenceForm,
    PackageForm,
)
from app.errors import json_error
from app.extensions import db
from app.input_safety import UNSTORABLE_MESSAGE, is_storable
from app.models import Card, CardStatus, LessonPackage, Role
from app.permissions import (
    editable_card_or_404,
    editable_competence_or_404,
    editable_package_or_404,
    role_required,
)
from app.readability.measures import analyse

EDITORS = (Role.EDITOR, Role.ADMIN)


@bp.get("/")
@role_required(*EDITORS)
def home() -> str:
    return render_template(
        "editor/home.html", packages=services.editable_packages(current_user), form=PackageForm()
    )


@bp.post("/packages")
@role_required(*EDITORS)
def create_package() -> Response | tuple[str, int]:
    form = PackageForm()
    if form.validate_on_submit():
        title = form.title.data or ""
        package = content.create_package(
            current_user.organisation,
            content.slug_for(title),
            title.strip(),
            (form.description.data or "").strip(),
        )
        db.session.commit()
        flash(_("Lespakket %(title)s is gemaakt.", title=package.title), "success")
        return redirect(url_for("editor.package", package_id=package.id))
    page = render_template(
        "editor/home.html", packages=services.editable_packages(current_user), form=form
    )
    return page, 400


def _package_page(
    package: LessonPackage, form: PackageForm | None = None, status: int = 200
) -> tuple[str, int]:
    page = render_template(
        "editor/package.html",
        package=package,
        form=form or PackageForm(obj=package),
        competence_form=NewCompetenceForm(),
        card_form=NewCardForm(),
    )
    return page, status


@bp.get("/packages/<int:package_id>")
@role_required(*EDITORS)
def package(package_id: int) -> tuple[str, int]:
    return _package_page(editable_package_or_404(current_user, package_id))


@bp.post("/packages/<int:package_id>")
@role_required(*EDITORS)
def update_package(package_id: int) -> Response | tuple[str, int]:
    package = editable_package_or_404(current_user, package_id)
    form = PackageForm()
    if not form.validate_on_submit():
        return _package_page(package, form, 400)
    content.update_package(
        current_user, package, form.title.data or "", form.description.data or ""
    )
    flash(_("Opgeslagen."), "success")
    return redirect(url_for("editor.package", package_id=package.id))


@bp.post("/packages/<int:package_id>/competences")
@role_required(*EDITORS)
def add_competence(package_id: int) -> Response:
    package = editable_package_or_404(current_user, package_id)
    form = NewCompetenceForm()
    if form.validate_on_submit():
        content.add_competence(package, (form.name.data or "").strip())
        db.session.commit()
        flash(_("Competentie toegevoegd."), "success")
    else:
        flash(_("Vul een naam in."), "error")
    return redirect(url_for("editor.package", package_id=package.id) + "#competences")


@bp.post("/packages/<int:package_id>/cards")
@role_required(*EDITORS)
def add_card(package_id: int) -> Response:
    package = editable_package_or_404(current_user, package_id)
    form = NewCardForm()
    if not form.validate_on_submit():
        flash(_("Vul een titel in."), "error")
        return redirect(url_for("editor.package", package_id=package.id) + "#cards")
    card = content.add_card(package, current_user, (form.title.data or "").strip(), "", "")
    content.add_task(card, "", "", [])
    db.session.commit()
    return redirect(url_for("editor.card", card_id=card.id))


@bp.post("/cards/<int:card_id>/move")
@role_required(*EDITORS)
def move_card(card_id: int) -> Response:
    card = editable_card_or_404(current_user, card_id)
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    content.move_card(current_user, card, step)
    return redirect(url_for("editor.package", package_id=card.package_id) + f"#card-{card.id}")


def _card_form(card: Card, formdata: bool = True) -> CardForm:
    task = card.tasks[0] if card.tasks else None
    form = CardForm(
        formdata=None if not formdata else request.form if request.method == "POST" else None,
        lock_version=card.lock_version,
        title=card.title,
        body=card.body,
        easy_body=card.easy_body,
        task_title=task.title if task else "",
        task_instruction=task.instruction if task else "",
        image_alt=card.image_alt or "",
        competences=[c.id for c in task.competences] if task else [],
    )
    form.competences.choices = [(c.id, c.name) for c in card.package.competences]
    return form


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
    return _card_page(card, _card_form(card))


@bp.post("/cards/<int:card_id>")
@role_required(*EDITORS)
def save_card(card_id: int) -> Response | tuple[str, int]:
    card = editable_card_or_404(current_user, card_id)
    form = _card_form(card)
    if not form.validate_on_submit():
        return _card_page(card, form, 400)
    image_path = None if form.remove_image.data else card.image_path
    upload = request.files.get("image")
    if upload and upload.filename:
        try:
            image_path = store_upload(upload.stream).key
        except ImageError as error:
            form.image.errors = [str(error)]
            return _card_page(card, form, 400)
    if image_path and not (form.image_alt.data or "").strip():
        form.image_alt.errors = [_("Beschrijf in een paar woorden wat er op de foto staat.")]
        return _card_page(card, form, 400)
    try:
        content.update_card(
            current_user,
            card,
            int(form.lock_version.data) if (form.lock_version.data or "").isdigit() else -1,
            title=form.title.data or "",
            body=form.body.data or "",
            easy_body=form.easy_body.data or "",
            task_title=form.task_title.data or "",
            task_instruction=form.task_instruction.data or "",
            competence_ids=form.competences.data or [],
            image_path=image_path,
            image_alt=form.image_alt.data,
        )
    except content.EditConflict:
        db.session.refresh(card)
        form.form_errors.append(
            _(
                "Iemand anders heeft deze kaart net opgeslagen. Jouw tekst staat hieronder nog. "
                "Kopieer wat je wilt bewaren, laad de kaart opnieuw en pas het dan aan."
            )
        )
        return _card_page(card, form, 409, conflict=True)
    flash(_("Opgeslagen als concept. Leerlingen zien het pas na publiceren."), "success")
    return redirect(url_for("editor.card", card_id=card.id))


@bp.post("/cards/<int:card_id>/publish")
@role_required(*EDITORS)
def publish(card_id: int) -> Response | str:
    card = editable_card_or_404(current_user, card_id)
    back = redirect(url_for("editor.card", card_id=card.id))
    if card.status is CardStatus.PUBLISHED:  # a double click, or nothing changed since
        flash(_("Er is niets nieuws om te publiceren."), "info")
        return back
    if request.form.get("lock_version") != str(card.lock_version):
        flash(
            _(
                "Iemand anders heeft deze kaart intussen opgeslagen. Bekijk de kaart en publiceer dan opnieuw."
            ),
            "error",
        )
        return back
    easy = analyse(card.easy_body, "easy")
    if easy.verdict == "hard" and request.form.get("confirm") != "1":
        return render_template("editor/publish_confirm.html", card=card, easy=easy)
    try:
        content.publish_card(card, current_user)
        db.session.commit()
    except StaleDataError:  # two publishes at the same moment: the other one won
        db.session.rollback()
        return back
    flash(
        _(
            "Versie %(version)s is gepubliceerd. Telefoons halen hem op zodra ze online zijn.",
            version=card.version,
        ),
        "success",
    )
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
    if not isinstance(data, dict):
        data = {}
    text, kind = data.get("text"), data.get("kind", "normal")
    errors = {}
    if not isinstance(text, str) or len(text) > 20000:
        errors["text"] = ["Send the text as a string of at most 20000 characters."]
    elif not is_storable(text):  # the same text could never be saved on the card
        errors["text"] = [UNSTORABLE_MESSAGE]
    if kind not in ("normal", "easy"):
        errors["kind"] = ["Must be normal or easy."]
    if errors:
        description = "The request does not have the expected shape."
        return json_error(400, "validation", description, errors)
    return jsonify(analyse(text, kind).as_dict())


@bp.route("/competences/<int:competence_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def competence(competence_id: int) -> str | Response | tuple[str, int]:
    """Name, plain description and the SBB work process a competence refers to."""
    competence = editable_competence_or_404(current_user, competence_id)
    form = CompetenceForm(obj=competence)
    if form.validate_on_submit():
        services.update_competence(
            current_user,
            competence,
            name=form.name.data or "",
            description=form.description.data or "",
            sbb_code=(form.sbb_code.data or "").strip().upper() or None,
            sbb_name=(form.sbb_name.data or "").strip() or None,
        )
        flash(_("De competentie is opgeslagen."), "success")
        package = competence.packages[0] if competence.packages else None
        return redirect(
            url_for("editor.package", package_id=package.id) if package else url_for("editor.home")
        )
    page = render_template("editor/competence.html", competence=competence, form=form)
    return (page, 400) if form.is_submitted() else page


@bp.get("/packages/<int:package_id>/export")
@role_required(*EDITORS)
def export_package(package_id: int) -> Response:
    package = editable_package_or_404(current_user, package_id)
    response = Response(sharing.export_zip(package), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{package.slug}.leerplek.zip"'
    return response


@bp.route("/import", methods=["GET", "POST"])
@role_required(*EDITORS)
def import_package() -> Response | str | tuple[str, int]:
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            package = sharing.import_zip(
                form.file.data.read(sharing.MAX_ZIP_BYTES + 1),
                current_user,
                current_user.organisation,
                as_copy=bool(form.as_copy.data),
            )
        except sharing.ImportProblem as error:
            problems = error.problems
        else:
            flash(_("Lespakket %(title)s is geïmporteerd.", title=package.title), "success")
            return redirect(url_for("editor.package", package_id=package.id))
    page = render_template("editor/import.html", form=form, problems=problems)
    return (page, 400) if form.is_submitted() else page
