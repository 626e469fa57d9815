"""Every test starts from an empty database, and the factories make data the app accepts.

What a test writes is rolled back afterwards, also what the app committed and what went through
``db.engine`` directly. The last two tests run in this order on purpose: the second checks that
the first left nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, insert, select

from app.extensions import db
from app.models import (
    Assignment,
    Card,
    LessonPackage,
    Organisation,
    PracticeTask,
    TaskCompletion,
    User,
)
from tests.api.conftest import completion
from tests.conftest import Auth


def test_a_package_made_by_the_factories_reaches_its_learner(
    app: Flask,
    auth: Auth,
    client: FlaskClient,
    make_user: Callable[..., User],
    make_package: Callable[..., LessonPackage],
    make_card: Callable[..., Card],
    make_task: Callable[..., PracticeTask],
    make_assignment: Callable[..., Assignment],
) -> None:
    learner = make_user("lotte")
    package = make_package("Veilig tillen")
    card = make_card(package.id, "Til met je benen", published=True)
    task = make_task(card.id, "Til een doos")
    make_assignment(learner.id, package.id)

    auth.login("lotte")
    assert "Til met je benen" in client.get(f"/learner/packages/{package.id}").get_data(
        as_text=True
    )
    token = client.get("/api/v1/csrf").get_json()["csrf_token"]
    response = client.post(
        "/api/v1/sync", json={"completions": [completion(task.id)]}, headers={"X-CSRFToken": token}
    )
    assert response.get_json()["results"][0]["status"] == "accepted"


def test_what_a_test_commits_is_rolled_back(app: Flask, make_user: Callable[..., User]) -> None:
    make_user("tijdelijk")
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(insert(Organisation).values(name="Via de engine", kind="school"))
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 2


def test_the_next_test_starts_empty(app: Flask) -> None:
    with app.app_context():
        for model in (User, Organisation, TaskCompletion):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
