"""The small pilot whose answers are known: two enterprises use the school's package "Afval
scheiden" from 1 September 2026 (tests/evaluation)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask

from app.content.services import add_card, add_competence, add_task, create_package, publish_card
from app.evaluation.figures import Period, Scope
from app.evaluation.tables import Table
from app.extensions import db
from app.models import (
    Assignment,
    CompetenceSignoff,
    Organisation,
    OrganisationKind,
    Reflection,
    Role,
    SignoffLevel,
    TaskCompletion,
    User,
)

START = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)  # every learner got the package then
PERIOD = Period(date(2026, 9, 1), date(2026, 10, 31))
QUERY = "?van=2026-09-01&tot=2026-10-31"
PASSWORD = "oefenen123"


@dataclass
class Pilot:
    package_id: int
    cards: list[int]
    users: dict[str, int]


@pytest.fixture
def pilot(app: Flask) -> Pilot:
    with app.app_context():
        school = Organisation(name="ROC Test", kind=OrganisationKind.SCHOOL)
        kringloop = Organisation(name="Kringloop Test", kind=OrganisationKind.ENTERPRISE)
        groen = Organisation(name="Groen Test", kind=OrganisationKind.ENTERPRISE)
        db.session.add_all([school, kringloop, groen])
        users: dict[str, User] = {}

        def person(name: str, role: Role, organisation: Organisation) -> User:
            user = User(
                username=name, display_name=name.title(), role=role, organisation=organisation
            )
            user.set_password(PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])
            users[name] = user
            db.session.add(user)
            return user

        person("docent", Role.EDITOR, school)
        person("coach_a", Role.SUPERVISOR, kringloop)
        person("coach_b", Role.SUPERVISOR, groen)
        person("beheer2", Role.ADMIN, school)
        for name in ("a1", "a2", "a3", "a4", "a5", "a6"):
            person(name, Role.LEARNER, kringloop)
        for name in ("b1", "b2"):
            person(name, Role.LEARNER, groen)
        package = create_package(school, "afval-scheiden", "Afval scheiden", "")
        competence = add_competence(package, "Afval scheiden volgens de regels")
        cards = []
        for title in ("Welke bak?", "Glas en blik"):
            card = add_card(package, None, title, "Gooi glas in de glasbak.", "Glas in de glasbak.")
            add_task(card, "Sorteer een zak", "Sorteer een zak afval.", [competence])
            publish_card(card, None)
            cards.append(card)
        db.session.flush()
        for name in ("a1", "a2", "a3", "a4", "a5", "a6", "b1", "b2"):
            db.session.add(Assignment(learner=users[name], package=package, assigned_at=START))

        def done(name: str, day: int, reflection: Reflection, card: int = 0, version: int = 2,
                 note: str = "") -> None:  # fmt: skip
            db.session.add(
                TaskCompletion(
                    client_id=str(uuid.uuid4()),
                    learner=users[name],
                    task=cards[card].tasks[0],
                    card_version=version,
                    completed_at=START + timedelta(days=day),
                    reflection=reflection,
                    note=note,
                )
            )

        done("a1", 1, Reflection.GOOD, version=1, note="Fijn")
        done("a2", 2, Reflection.OK, version=1)
        done("a3", 3, Reflection.GOOD, version=1)
        done("a4", 4, Reflection.HARD, note="Lastig")
        done("a5", 5, Reflection.GOOD)
        done("a5", 6, Reflection.OK)
        done("a1", 8, Reflection.HARD, card=1)
        done("a2", 9, Reflection.HARD, card=1)
        done("b1", 2, Reflection.HARD)
        done("b1", 3, Reflection.HARD)
        done("a3", 75, Reflection.HARD, card=1)  # 15 November: after the period
        for name, day in (("a1", 10), ("a2", 20)):
            db.session.add(
                CompetenceSignoff(
                    learner=users[name],
                    competence=competence,
                    supervisor=users["coach_a"],
                    level=SignoffLevel.INDEPENDENT,
                    signed_on=(START + timedelta(days=day)).date(),
                    signed_at=START + timedelta(days=day),
                    request_id=str(uuid.uuid4()),
                )
            )
        db.session.commit()
        return Pilot(package.id, [card.id for card in cards], {k: v.id for k, v in users.items()})


def texts(table: Table) -> dict[str, list[str]]:
    """Each row by its last name cell: its numbers as shown."""
    return {row.names[-1]: [cell.text for cell in row.cells] for row in table.rows}


def as_user(app: Flask, pilot: Pilot, name: str):
    context = app.test_request_context()
    context.push()
    return context, Scope(db.session.get(User, pilot.users[name]))
