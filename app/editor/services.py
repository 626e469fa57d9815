"""Read models for the editor pages."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Competence, LessonPackage, Role, User


def editable_packages(editor: User) -> list[LessonPackage]:
    """Editors work on their own organisation's packages; admins see all."""
    query = select(LessonPackage).order_by(LessonPackage.title)
    if editor.role is not Role.ADMIN:
        query = query.where(LessonPackage.owner_organisation_id == editor.organisation_id)
    return list(db.session.scalars(query))


def update_competence(
    editor: User,
    competence: Competence,
    name: str,
    description: str,
    sbb_code: str | None,
    sbb_name: str | None,
) -> None:
    competence.name = name.strip()
    competence.description = description.strip()
    competence.sbb_code = sbb_code
    competence.sbb_name = sbb_name
    db.session.commit()
