"""The demo content: complete, in plain Dutch, and safe to load twice."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import func, select

from app.demo.content import PACKAGES
from app.extensions import db
from app.models import (
    Assignment,
    Card,
    CardVersion,
    Competence,
    LessonPackage,
    Organisation,
    PracticeTask,
    Role,
    User,
)

COUNTED = (
    Organisation,
    User,
    LessonPackage,
    Card,
    CardVersion,
    PracticeTask,
    Competence,
    Assignment,
)


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in COUNTED
    }


def _sentences(text: str) -> list[list[str]]:
    parts = re.split(r"[.!?:\n]+", text.replace("**", ""))
    return [part.split() for part in parts if part.split()]


def test_demo_data_command_creates_every_account_and_is_idempotent(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "oefenen123" in result.output
    with app.app_context():
        first = _counts()
        roles = dict(db.session.execute(select(User.username, User.role)).all())
        # someone tried the app: a renamed learner must survive a second run
        db.session.scalar(select(User).where(User.username == "leerling1")).display_name = "Anouk"
        db.session.commit()

    assert runner.invoke(args=["demo-data"]).exit_code == 0
    result = runner.invoke(args=["demo-data", "--if-empty"])
    assert "left as it is" in result.output
    with app.app_context():
        assert _counts() == first
        assert (
            db.session.scalar(select(User.display_name).where(User.username == "leerling1"))
            == "Anouk"
        )

    assert roles["beheer"] is Role.ADMIN
    assert roles["redacteur"] is Role.EDITOR
    assert roles["begeleider1"] is roles["begeleider2"] is Role.SUPERVISOR
    assert all(roles[f"leerling{i}"] is Role.LEARNER for i in range(1, 7))
    assert first["Organisation"] == 3
    assert first["LessonPackage"] >= 3


def test_every_enterprise_has_a_supervisor_and_three_learners(app: Flask, demo) -> None:
    with app.app_context():
        for organisation in db.session.scalars(select(Organisation)):
            roles = [user.role for user in organisation.users]
            if organisation.kind.value == "enterprise":
                assert roles.count(Role.SUPERVISOR) == 1
                assert roles.count(Role.LEARNER) == 3
            else:
                assert Role.EDITOR in roles
                assert Role.LEARNER not in roles


def test_demo_packages_are_complete_and_published(app: Flask, demo) -> None:
    with app.app_context():
        packages = list(db.session.scalars(select(LessonPackage)))
        assert len(packages) >= 3
        for package in packages:
            assert 4 <= len(package.cards) <= 8, package.title
            assert package.competences
            for card in package.cards:
                assert card.has_learner_version
                assert card.learner_version.version == 1
                assert card.body.strip()
                assert card.easy_body.strip()
                assert len(card.tasks) == 1
                task_competences = card.tasks[0].competences
                assert task_competences
                assert set(task_competences) <= set(package.competences)
        assigned = db.session.scalar(select(func.count(func.distinct(Assignment.package_id))))
        assert assigned == len(packages)


def test_demo_texts_are_plain_dutch_and_easy_reading_is_easier() -> None:
    """B1 guidance: no sentence over 15 words; the easy-reading text uses shorter sentences."""
    for package in PACKAGES:
        for card in package["cards"]:
            body, easy = _sentences(card["body"]), _sentences(card["easy_body"])
            assert max(len(s) for s in body) <= 15, card["title"]
            assert max(len(s) for s in easy) <= 10, card["title"]
            average = lambda sentences: sum(map(len, sentences)) / len(sentences)  # noqa: E731
            assert average(easy) < average(body), card["title"]
            assert len(" ".join(card["easy_body"].split())) < len(" ".join(card["body"].split()))
