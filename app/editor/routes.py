from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.editor import bp, services
from app.editor.forms import CompetenceForm
from app.extensions import db
from app.models import Competence, Role
from app.permissions import can_edit_package, editable_package_or_404, role_required


@bp.get("/")
@role_required(Role.EDITOR, Role.ADMIN)
def home() -> str:
    return render_template("editor/home.html", packages=services.editable_packages(current_user))


@bp.get("/packages/<int:package_id>")
@role_required(Role.EDITOR, Role.ADMIN)
def package(package_id: int) -> str:
    package = editable_package_or_404(current_user, package_id)
    return render_template("editor/package.html", package=package)


@bp.route("/competences/<int:competence_id>", methods=["GET", "POST"])
@role_required(Role.EDITOR, Role.ADMIN)
def competence(competence_id: int) -> str | Response | tuple[str, int]:
    """Name, plain description and the SBB work process a competence refers to."""
    competence = db.session.get(Competence, competence_id)
    if competence is None or not (
        current_user.role is Role.ADMIN
        or competence.owner_organisation_id == current_user.organisation_id
        or any(can_edit_package(current_user, package) for package in competence.packages)
    ):
        abort(404)
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
        return redirect(url_for("editor.package", package_id=package.id) if package else url_for("editor.home"))
    page = render_template("editor/competence.html", competence=competence, form=form)
    return (page, 400) if form.is_submitted() else page
