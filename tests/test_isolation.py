"""Every test starts from an empty database, and the factories make data the app accepts.

What a test writes is rolled back afterwards, also what the app committed and what went through
``db.engine`` directly.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, insert, select

from app.extensions import db
from app.models import (
    Assignment,
    Card,
    LessonPackage,
    Organisation,
    OrganisationKind,
    PracticeTask,
    User,
)
from tests.api.conftest import completion
from tests.conftest import Auth, rolled_back


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


@pytest.mark.commits  # runs outside the automatic rollback, to look at the database after one
def test_what_a_test_commits_is_rolled_back_afterwards(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    with rolled_back(engine), app.app_context():
        db.session.add(Organisation(name="Via de sessie", kind=OrganisationKind.SCHOOL))
        db.session.commit()
        with db.engine.begin() as connection:
            connection.execute(insert(Organisation).values(name="Via de engine", kind="school"))
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 2
        db.session.remove()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0
