"""Test data: the demo content, and factories that make one object each.

``demo`` gives a test the real demo content. The loader runs once per test run; after that each
test gets a copy of its rows, inserted in bulk with their times moved to now. That ends with the
same ids as loading it again, at a fraction of the cost.

The ``make_*`` factories build through the app's own service functions where there is one, commit
(inside the test's transaction), and hand the object back detached with its columns loaded, so
tests can read ids and names without an open application context.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from flask import Flask
from sqlalchemy import Table, insert, select, text

from app.content.services import add_card, add_task, create_package, publish_card, slug_for
from app.demo.loader import load_demo_data
from app.extensions import db
from app.models import (
    Assignment,
    Card,
    Competence,
    LessonPackage,
    Organisation,
    OrganisationKind,
    PracticeTask,
    Role,
    User,
)
from tests.conftest import DEMO_PASSWORD, rolled_back

T = TypeVar("T")


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


@dataclass(frozen=True)
class DemoRows:
    """The demo content as plain rows per table (parents first), and when it was made."""

    demo: Demo
    rows: dict[Table, list[dict[str, Any]]]
    made_at: datetime


@pytest.fixture(scope="session")
def demo_rows(app: Flask) -> DemoRows:
    """Load the demo content once through the real loader, keep its rows, and roll it back."""
    with app.app_context():
        engine = db.engine
    with rolled_back(engine), app.app_context():
        load_demo_data(password_method=app.config["PASSWORD_HASH_METHOD"])
        # The demo accounts have existed for a month, as they would in a pilot.
        month_ago = datetime.now(UTC) - timedelta(days=30)
        for user in db.session.scalars(select(User)):
            user.created_at = month_ago
        db.session.commit()
        rows = {
            table: [dict(row._mapping) for row in db.session.execute(select(table))]
            for table in db.metadata.sorted_tables
        }
        demo = _snapshot()
    made_at = datetime.now(UTC)
    return DemoRows(demo, {table: found for table, found in rows.items() if found}, made_at)


def _moved(row: dict[str, Any], by: timedelta) -> dict[str, Any]:
    return {key: value + by if isinstance(value, datetime) else value for key, value in row.items()}


def _continue_id_sequences(tables: Iterable[Table]) -> None:
    """Rows copied with their ids leave PostgreSQL's id sequences behind: move them on."""
    if db.session.get_bind().dialect.name != "postgresql":
        return  # SQLite takes the highest id in the table
    for table in tables:
        column = table.autoincrement_column
        if column is not None:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"(SELECT max({column.name}) FROM {table.name}))"
                )
            )


@pytest.fixture
def demo(app: Flask, demo_rows: DemoRows) -> Demo:
    # Times move along, so "a month ago" and "just published" stay true for every test.
    shift = datetime.now(UTC) - demo_rows.made_at
    with app.app_context():
        for table, rows in demo_rows.rows.items():
            db.session.execute(insert(table), [_moved(row, shift) for row in rows])
        _continue_id_sequences(demo_rows.rows)
        db.session.commit()
    return copy.deepcopy(demo_rows.demo)


def _organisation(name: str) -> Organisation:
    """The organisation with this name; a new enterprise when there is none."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if organisation is None:
        organisation = Organisation(name=name, kind=OrganisationKind.ENTERPRISE)
        db.session.add(organisation)
    return organisation


def _stored(obj: T) -> T:
    """Commit ``obj`` and hand it back detached, its columns loaded."""
    db.session.add(obj)
    db.session.commit()
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    def make(
        username: str,
        role: Role = Role.LEARNER,
        organisation: str = "Testbedrijf",
        password: str = DEMO_PASSWORD,
        **fields: Any,
    ) -> User:
        with app.app_context():
            user = User(
                username=username,
                display_name=fields.pop("display_name", username.title()),
                role=role,
                organisation=_organisation(organisation),
                **fields,
            )
            user.set_password(password, method=app.config["PASSWORD_HASH_METHOD"])
            return _stored(user)

    return make


@pytest.fixture
def make_package(app: Flask) -> Callable[..., LessonPackage]:
    """A lesson package without cards, owned by ``organisation`` (made when missing)."""

    def make(
        title: str = "Testpakket",
        organisation: str = "Testbedrijf",
        description: str = "",
        slug: str | None = None,
    ) -> LessonPackage:
        with app.app_context():
            owner = _organisation(organisation)
            return _stored(create_package(owner, slug or slug_for(title), title, description))

    return make


@pytest.fixture
def make_card(app: Flask) -> Callable[..., Card]:
    """A card at the end of a package: a draft, or published as version 1."""

    def make(
        package_id: int,
        title: str = "Testkaart",
        body: str = "Lees dit goed.",
        easy_body: str = "Lees dit.",
        published: bool = False,
    ) -> Card:
        with app.app_context():
            package = db.session.get_one(LessonPackage, package_id)
            card = add_card(package, None, title, body, easy_body)
            if published:
                publish_card(card, None)
            return _stored(card)

    return make


@pytest.fixture
def make_task(app: Flask) -> Callable[..., PracticeTask]:
    """A practice task on a card; a published card shows it from its next version."""

    def make(
        card_id: int,
        title: str = "Doe het zelf",
        instruction: str = "Doe het een keer.",
        competence_ids: Iterable[int] = (),
    ) -> PracticeTask:
        with app.app_context():
            card = db.session.get_one(Card, card_id)
            competences = [db.session.get_one(Competence, id_) for id_ in competence_ids]
            return _stored(add_task(card, title, instruction, competences))

    return make


@pytest.fixture
def make_assignment(app: Flask) -> Callable[..., Assignment]:
    """A package assigned to a learner, by a supervisor or (``None``) by nobody in particular."""

    def make(learner_id: int, package_id: int, assigned_by_id: int | None = None) -> Assignment:
        with app.app_context():
            return _stored(
                Assignment(
                    learner_id=learner_id, package_id=package_id, assigned_by_id=assigned_by_id
                )
            )

    return make


def get(app: Flask, model: type[T], ident: int) -> Any:
    """Read one row fresh from the database, detached."""
    with app.app_context():
        obj = db.session.get(model, ident)
        if obj is not None:
            db.session.expunge(obj)
        return obj
