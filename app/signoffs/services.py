"""Reading sign-offs. The current level of a competence is the newest row for it."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import CompetenceSignoff, SignoffLevel, User


def current_signoffs(learner: User) -> dict[int, CompetenceSignoff]:
    """The newest sign-off per competence, leaving out competences whose newest is a withdrawal."""
    rows = db.session.scalars(
        select(CompetenceSignoff)
        .where(CompetenceSignoff.learner_id == learner.id)
        .order_by(CompetenceSignoff.created_at, CompetenceSignoff.id)
    )
    newest: dict[int, CompetenceSignoff] = {}
    for row in rows:
        newest[row.competence_id] = row
    return {cid: row for cid, row in newest.items() if row.level is not SignoffLevel.WITHDRAWN}
