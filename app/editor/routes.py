from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.editor import bp, services
from app.models import Role
from app.permissions import editable_package_or_404, role_required


@bp.get("/")
@role_required(Role.EDITOR, Role.ADMIN)
def home() -> str:
    return render_template("editor/home.html", packages=services.editable_packages(current_user))


@bp.get("/packages/<int:package_id>")
@role_required(Role.EDITOR, Role.ADMIN)
def package(package_id: int) -> str:
    package = editable_package_or_404(current_user, package_id)
    return render_template("editor/package.html", package=package)
