from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.admin import bp, services
from app.admin.forms import (
    ActiveForm,
    EraseForm,
    OrganisationForm,
    PasswordResetForm,
    UserEditForm,
    UserForm,
)
from app.extensions import db
from app.models import OrganisationKind, Role, User
from app.permissions import role_required
from app.privacy import audit_log
from app.privacy.export import has_learner_data
from app.privacy.labels import erased_name
from app.privacy.views import export_download
from app.supervisor import caseload


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _organisation_choices() -> list[tuple[int, str]]:
    return [(org.id, org.name) for org in services.organisations()]


@bp.get("/")
@role_required(Role.ADMIN)
def home() -> str:
    organisation_id = request.args.get("organisation", type=int)
    return render_template(
        "admin/home.html",
        organisations=services.organisations(),
        counts=services.user_counts(),
        users=services.users(organisation_id),
        selected=organisation_id,
        form=OrganisationForm(),
    )


@bp.post("/organisations")
@role_required(Role.ADMIN)
def create_organisation() -> Response | tuple[str, int]:
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(
                form.name.data or "", OrganisationKind(form.kind.data)
            )
        except services.AdminError as error:
            form.name.errors = [*form.name.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Organisatie %(name)s is gemaakt.", name=organisation.name), "success")
            return redirect(url_for("admin.home"))
    page = render_template(
        "admin/home.html",
        organisations=services.organisations(),
        counts=services.user_counts(),
        users=services.users(),
        selected=None,
        form=form,
    )
    return page, 400


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create_user() -> Response | str | tuple[str, int]:
    form = UserForm()
    form.organisation_id.choices = _organisation_choices()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                username=form.username.data or "",
                display_name=form.display_name.data or "",
                role=Role(form.role.data),
                organisation_id=form.organisation_id.data,
                password=form.password.data or "",
            )
        except services.AdminError as error:
            field = getattr(form, error.field or "username")
            field.errors = [*field.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Account %(username)s is gemaakt.", username=user.username), "success")
            return redirect(url_for("admin.user", user_id=user.id))
    if form.is_submitted():
        return render_template("admin/user_new.html", form=form), 400
    return render_template("admin/user_new.html", form=form)


def _edit_form(user: User, data: bool = False) -> UserEditForm:
    """The form, filled from the request (``data``) or from the account."""
    form = UserEditForm() if data else UserEditForm(obj=user, role=user.role.value)
    form.organisation_id.choices = _organisation_choices()
    return form


def _user_page(
    user: User,
    password_form: PasswordResetForm | None = None,
    edit_form: UserEditForm | None = None,
) -> str:
    learner = user.role is Role.LEARNER and user.erased_at is None
    return render_template(
        "admin/user.html",
        user=user,
        group_choices=caseload.organisation_supervisors(user) if learner else [],
        group_supervisors=caseload.supervisors_of(user) if learner else [],
        password_form=password_form or PasswordResetForm(),
        edit_form=edit_form or _edit_form(user),
        active_form=ActiveForm(),
        erase_problem=services.erase_problem(current_user, user),
        exportable=user.erased_at is None and has_learner_data(user),
    )


@bp.get("/users/<int:user_id>")
@role_required(Role.ADMIN)
def user(user_id: int) -> str:
    return _user_page(_user_or_404(user_id))


@bp.post("/users/<int:user_id>")
@role_required(Role.ADMIN)
def edit_user(user_id: int) -> Response | tuple[str, int]:
    user = _user_or_404(user_id)
    form = _edit_form(user, data=True)
    if form.validate_on_submit():
        try:
            changed = services.update_user(
                current_user,
                user,
                form.display_name.data or "",
                Role(form.role.data),
                form.organisation_id.data,
            )
        except services.AdminError as error:
            field = getattr(form, error.field or "display_name")
            field.errors = [*field.errors, str(error)]
        else:
            db.session.commit()
            if changed:
                flash(
                    _(
                        "Opgeslagen: %(what)s van %(username)s.",
                        what=", ".join(changed),
                        username=user.username,
                    ),
                    "success",
                )
            return redirect(url_for("admin.user", user_id=user.id))
    db.session.rollback()
    return _user_page(user, edit_form=form), 400


@bp.post("/users/<int:user_id>/password")
@role_required(Role.ADMIN)
def reset_password(user_id: int) -> Response | tuple[str, int]:
    user = _user_or_404(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            services.reset_password(current_user, user, form.password.data or "")
        except services.AdminError as error:  # an erased account: its page has no password form
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(
                _("Het nieuwe wachtwoord van %(username)s is opgeslagen.", username=user.username),
                "success",
            )
        return redirect(url_for("admin.user", user_id=user.id))
    return _user_page(user, password_form=form), 400


@bp.post("/users/<int:user_id>/active")
@role_required(Role.ADMIN)
def set_active(user_id: int) -> Response:
    user = _user_or_404(user_id)
    form = ActiveForm()
    if not form.validate_on_submit() or form.active.data not in {"0", "1"}:
        abort(400)
    try:
        services.set_active(current_user, user, form.active.data == "1")
    except services.AdminError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        message = (
            _("%(username)s kan weer inloggen.", username=user.username)
            if user.active
            else _("%(username)s kan niet meer inloggen.", username=user.username)
        )
        flash(message, "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/users/<int:user_id>/supervisors")
@role_required(Role.ADMIN)
def set_supervisors(user_id: int) -> Response:
    """Which supervisors have this learner in their own group (app/supervisor/caseload.py)."""
    user = _user_or_404(user_id)
    if not FlaskForm().validate_on_submit() or user.role is not Role.LEARNER or user.erased_at:
        abort(400)
    chosen = [value for value in request.form.getlist("supervisor_id") if value.isdigit()]
    try:
        caseload.set_supervisors(user, [int(value) for value in chosen])
    except caseload.CaseloadError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("De begeleiders zijn opgeslagen."), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/users/<int:user_id>/export.zip")
@role_required(Role.ADMIN)
def export_user(user_id: int) -> Response:
    """Everything stored about a learner, or someone who was one, as one zip (AVG right of
    access). A POST with CSRF: it writes to the audit log, which another site must not be able
    to make happen."""
    person = _user_or_404(user_id)
    if not has_learner_data(person):
        abort(404)
    return export_download(current_user, person)


@bp.route("/users/<int:user_id>/erase", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def erase_user(user_id: int) -> Response | str | tuple[str, int]:
    """GET explains what erasing does and asks to confirm; the POST does it."""
    user = _user_or_404(user_id)
    form = EraseForm()
    problem = services.erase_problem(current_user, user)
    if form.validate_on_submit():
        try:
            services.erase_user(current_user, user)
        except services.AdminError as error:
            db.session.rollback()  # whatever the erasure began before it found the problem
            problem = str(error)
        else:
            db.session.commit()
            # Without the name: the message travels in the session cookie.
            flash(_("De persoon is verwijderd."), "success")
            return redirect(url_for("admin.user", user_id=user.id))
    page = render_template(
        "admin/erase.html",
        user=user,
        form=form,
        problem=problem,
        placeholder=erased_name(user.role),
    )
    return (page, 400) if form.is_submitted() else page


@bp.get("/audit")
@role_required(Role.ADMIN)
def audit() -> str:
    """The audit log, newest first; ``?user=<id>`` shows one person's events."""
    person = None
    if "user" in request.args:
        user_id = request.args.get("user", type=int)
        # An id past PostgreSQL's integer range would fail in the database: no such person.
        if user_id is None or not 0 < user_id < 2**31:
            abort(404)
        person = _user_or_404(user_id)
    return render_template(
        "admin/audit.html",
        events=audit_log.events_page(
            request.args.get("page", 1, type=int), person.id if person else None
        ),
        person=person,
    )
