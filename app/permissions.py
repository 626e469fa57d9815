"""Who may see and change what: the one place every route asks.

Two rules run through the whole app:
- a role check answers 403 ("you are logged in, but this area is not yours");
- an object outside the user's organisation or assignments answers 404, so that ids of other
  enterprises' people or content cannot even be confirmed to exist.
Admins manage the platform and see every organisation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, and_, bindparam, false, or_, select, true

from app.extensions import db
from app.models import Assignment, Card, Competence, LessonPackage, Role, User

P = ParamSpec("P")
R = TypeVar("R")

# role_required leaves the roles on the view it returns, so a test can walk app.url_map and
# find any endpoint that nobody limited (tests/test_endpoint_roles.py).
REQUIRED_ROLES = "required_roles"


def role_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Route decorator: log in first, then only the given roles pass (others get 403)."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        checked = login_required(wrapped)
        setattr(checked, REQUIRED_ROLES, frozenset(roles))
        return checked

    return decorator


def required_roles(view: Callable[..., object]) -> frozenset[Role] | None:
    """The roles ``role_required`` limited the view to; None when it was not used."""
    return getattr(view, REQUIRED_ROLES, None)


# Each rule comes twice: a Python check for one object, and its SQL twin (a WHERE clause) for
# lists. They sit side by side so that they change together; tests/test_access.py compares them.


def can_see_learner(viewer: User, learner: User) -> bool:
    if learner.role is not Role.LEARNER:
        return False
    if viewer.role is Role.ADMIN:
        return True
    if viewer.role is Role.SUPERVISOR:
        return viewer.organisation_id == learner.organisation_id
    return viewer.id == learner.id


def learner_visible_to(viewer: User) -> ColumnElement[bool]:
    """``can_see_learner`` as SQL: the users that ``viewer`` may see as learners."""
    if viewer.role is Role.ADMIN:
        rule: ColumnElement[bool] = true()
    elif viewer.role is Role.SUPERVISOR:
        rule = User.organisation_id == viewer.organisation_id
    else:
        rule = User.id == viewer.id
    return and_(User.role == Role.LEARNER, rule)


def learner_or_404(viewer: User, learner_id: int) -> User:
    learner = db.session.get(User, learner_id)
    if learner is None or not can_see_learner(viewer, learner):
        abort(404)
    return learner


# Asked on every learner card and package page: built once (see app/auth/sessions.py).
_ASSIGNED = select(Assignment.id).where(
    Assignment.learner_id == bindparam("learner_id"),
    Assignment.package_id == bindparam("package_id"),
    Assignment.removed_at.is_(None),
)


def is_assigned(learner: User, package_id: int) -> bool:
    found = db.session.scalar(_ASSIGNED, {"learner_id": learner.id, "package_id": package_id})
    return found is not None


def assignment_ends(learner: User, package_ids: Iterable[int]) -> dict[int, datetime | None]:
    """Per package the learner ever had: when its assignment ended (None: it did not). One query
    for ``was_assigned_then`` over a whole sync batch; a package never assigned is missing."""
    rows = db.session.execute(
        select(Assignment.package_id, Assignment.removed_at).where(
            Assignment.learner_id == learner.id, Assignment.package_id.in_(set(package_ids))
        )
    )
    return {row.package_id: row.removed_at for row in rows}


def was_assigned_then(ends: dict[int, datetime | None], package_id: int, moment: datetime) -> bool:
    """``was_assigned_at`` on what ``assignment_ends`` read (they change together)."""
    if package_id not in ends:
        return False
    removed_at = ends[package_id]
    return removed_at is None or removed_at >= moment


def was_assigned_at(learner: User, package_id: int, moment: datetime) -> bool:
    """Assigned now, or still assigned at that moment (a task done offline before unassigning)."""
    return (
        db.session.scalar(
            select(Assignment.id).where(
                Assignment.learner_id == learner.id,
                Assignment.package_id == package_id,
                or_(Assignment.removed_at.is_(None), Assignment.removed_at >= moment),
            )
        )
        is not None
    )


def assigned_package_or_404(learner: User, package_id: int) -> LessonPackage:
    """A learner sees only packages assigned to them."""
    package = db.session.get(LessonPackage, package_id)
    if package is None or not is_assigned(learner, package.id):
        abort(404)
    return package


def assigned_card_or_404(learner: User, card_id: int) -> Card:
    """A learner sees only published cards of their assigned packages."""
    card = db.session.get(Card, card_id)
    if card is None or not card.has_learner_version or not is_assigned(learner, card.package_id):
        abort(404)
    return card


def can_edit_package(editor: User, package: LessonPackage) -> bool:
    if editor.role is Role.ADMIN:
        return True
    return editor.role is Role.EDITOR and editor.organisation_id == package.owner_organisation_id


def package_editable_by(editor: User) -> ColumnElement[bool]:
    """``can_edit_package`` as SQL: editors edit their own organisation's packages, admins all."""
    if editor.role is Role.ADMIN:
        return true()
    if editor.role is Role.EDITOR:
        return LessonPackage.owner_organisation_id == editor.organisation_id
    return false()


def editable_package_or_404(editor: User, package_id: int) -> LessonPackage:
    package = db.session.get(LessonPackage, package_id)
    if package is None or not can_edit_package(editor, package):
        abort(404)
    return package


def editable_card_or_404(editor: User, card_id: int) -> Card:
    card = db.session.get(Card, card_id)
    if card is None or not can_edit_package(editor, card.package):
        abort(404)
    return card


def editable_competence_or_404(editor: User, competence_id: int) -> Competence:
    """A competence of the editor's organisation, or of a package the editor may edit."""
    competence = db.session.get(Competence, competence_id)
    if competence is None or not (
        editor.role is Role.ADMIN
        or (
            editor.role is Role.EDITOR
            and competence.owner_organisation_id == editor.organisation_id
        )
        or any(can_edit_package(editor, package) for package in competence.packages)
    ):
        abort(404)
    return competence
