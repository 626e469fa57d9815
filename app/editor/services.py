"""Read models for the editor pages."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import LessonPackage, User
from app.permissions import package_editable_by


def editable_packages(editor: User) -> list[LessonPackage]:
    """The editor home's list: the packages ``editor`` may edit (the rule is in permissions)."""
    query = select(LessonPackage).where(package_editable_by(editor)).order_by(LessonPackage.title)
    return list(db.session.scalars(query))
