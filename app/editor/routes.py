"""The editor's package pages: packages, their competences and cards list, import and export.

The card pages are in ``card_routes.py``; the logic is in ``app.content.services``.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.content import services as content
from app.content import sharing
from app.editor import EDITORS, bp, services
from app.editor.forms import CompetenceForm, ImportForm, NewCardForm, NewCompetenceForm, PackageForm
from app.extensions import db
from app.models import LessonPackage
from app.permissions import editable_competence_or_404, editable_package_or_404, role_required


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
    content.update_package(package, form.title.data or "", form.description.data or "")
    db.session.commit()
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


@bp.route("/competences/<int:competence_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def competence(competence_id: int) -> str | Response | tuple[str, int]:
    """Name, plain description and the SBB work process a competence refers to."""
    competence = editable_competence_or_404(current_user, competence_id)
    form = CompetenceForm(obj=competence)
    if form.validate_on_submit():
        content.update_competence(
            competence,
            name=form.name.data or "",
            description=form.description.data or "",
            sbb_code=form.sbb_code.data or "",
            sbb_name=form.sbb_name.data or "",
        )
        db.session.commit()
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
            db.session.commit()
            flash(_("Lespakket %(title)s is geïmporteerd.", title=package.title), "success")
            return redirect(url_for("editor.package", package_id=package.id))
    page = render_template("editor/import.html", form=form, problems=problems)
    return (page, 400) if form.is_submitted() else page
