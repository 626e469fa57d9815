"""Test data. ``demo`` loads the real demo content; the helpers make single objects.

Objects come back detached with their columns loaded, so tests can read ids and names without an
open application context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.demo.loader import load_demo_data
from app.extensions import db
from app.models import (
    Assignment,
    Card,
    LessonPackage,
    Organisation,
    OrganisationKind,
    PracticeTask,
    Role,
    User,
)


@dataclass
class Demo:
    """Ids of the demo data, looked up once so tests read like the demo accounts."""

    users: dict[str, int]
    packages: dict[str, int]
    cards: dict[str, list[int]]  # package slug -> published card ids in order
    tasks: dict[str, list[int]]
    organisations: dict[str, int]
    competences: dict[str, list[int]]  # package slug -> competence ids

    def assigned(self, app: Flask, username: str) -> list[str]:
        with app.app_context():
            return list(
                db.session.scalars(
                    select(LessonPackage.slug)
                    .join(Assignment, Assignment.package_id == LessonPackage.id)
                    .where(
                        Assignment.learner_id == self.users[username],
                        Assignment.removed_at.is_(None),
                    )
                )
            )


def _snapshot() -> Demo:
    users = {u.username: u.id for u in db.session.scalars(select(User))}
    packages = {p.slug: p.id for p in db.session.scalars(select(LessonPackage))}
    cards: dict[str, list[int]] = {}
    tasks: dict[str, list[int]] = {}
    for package in db.session.scalars(select(LessonPackage)):
        cards[package.slug] = [card.id for card in package.cards]
        tasks[package.slug] = [task.id for card in package.cards for task in card.tasks]
    organisations = {o.name: o.id for o in db.session.scalars(select(Organisation))}
    competences = {
        package.slug: [competence.id for competence in package.competences]
        for package in db.session.scalars(select(LessonPackage))
    }
    return Demo(users, packages, cards, tasks, organisations, competences)


@pytest.fixture
def demo(app: Flask) -> Demo:
    with app.app_context():
        load_demo_data(password_method=app.config["PASSWORD_HASH_METHOD"])
        # The demo accounts have existed for a month, as they would in a pilot.
        month_ago = datetime.now(UTC) - timedelta(days=30)
        for user in db.session.scalars(select(User)):
            user.created_at = month_ago
        db.session.commit()
        snapshot = _snapshot()
        db.session.remove()
    return snapshot


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    def make(
        username: str,
        role: Role = Role.LEARNER,
        organisation: str = "Testbedrijf",
        password: str = "oefenen123",
        **fields: Any,
    ) -> User:
        with app.app_context():
            org = db.session.scalar(select(Organisation).where(Organisation.name == organisation))
            if org is None:
                org = Organisation(name=organisation, kind=OrganisationKind.ENTERPRISE)
            user = User(
                username=username,
                display_name=fields.pop("display_name", username.title()),
                role=role,
                organisation=org,
                **fields,
            )
            user.set_password(password, method=app.config["PASSWORD_HASH_METHOD"])
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            db.session.remove()
            return user

    return make


def get(app: Flask, model: type, ident: int) -> Any:
    """Read one row fresh from the database, detached."""
    with app.app_context():
        obj = db.session.get(model, ident)
        if obj is not None:
            db.session.expunge(obj)
        db.session.remove()
        return obj


__all__ = ["Card", "Demo", "PracticeTask", "get"]
