"""A supervisor's feedback on a task reaches the learner, once, and is new until it was read."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import TaskCompletion, TaskFeedback, User
from app.privacy.erasure import erase_person
from tests.api.conftest import LearnerApi, completion
from tests.conftest import Auth
from tests.factories import Demo


@pytest.fixture
def task_id(app: Flask, demo: Demo, client: FlaskClient, auth: Auth) -> int:
    """leerling1 does the first task of Veilig werken; the completion's id."""
    auth.login("leerling1")
    item = completion(demo.tasks["veilig-werken"][0])
    answer = LearnerApi(client, demo).sync({"completions": [item]})
    assert answer.status_code == 200, answer.get_json()
    auth.logout()
    with app.app_context():
        found = db.session.scalar(
            select(TaskCompletion.id).where(TaskCompletion.client_id == item["id"])
        )
    assert found is not None
    return found


def give(auth: Auth, learner_id: int, task_id: int, text: str, request_id: str | None = None):
    url = f"/supervisor/learners/{learner_id}/tasks/{task_id}"
    return auth.post(url, {"text": text, "request_id": request_id or str(uuid.uuid4())}, page=url)


def feedback_rows(app: Flask) -> list[TaskFeedback]:
    with app.app_context():
        rows = list(db.session.scalars(select(TaskFeedback).order_by(TaskFeedback.id)))
        db.session.expunge_all()
        return rows


def test_feedback_is_stored_once_and_shown_on_the_card_and_progress_as_new(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, task_id: int
) -> None:
    auth.login("begeleider1")
    learner = demo.users["leerling1"]
    page = client.get(f"/supervisor/learners/{learner}").get_data(as_text=True)
    assert "Nieuw sinds je vorige bezoek" in page
    assert f"/supervisor/learners/{learner}/tasks/{task_id}" in page
    task_page = client.get(f"/supervisor/learners/{learner}/tasks/{task_id}").get_data(as_text=True)
    assert "Goed gedaan!" in task_page  # a quick reply
    request_id = str(uuid.uuid4())
    assert give(auth, learner, task_id, "Goed gedaan! Netjes.", request_id).status_code == 302
    assert give(auth, learner, task_id, "Goed gedaan! Netjes.", request_id).status_code == 302
    [row] = feedback_rows(app)
    assert (row.text, row.read_at) == ("Goed gedaan! Netjes.", None)
    assert "nog niet gelezen" in client.get(
        f"/supervisor/learners/{learner}/tasks/{task_id}"
    ).get_data(as_text=True)

    auth.logout()
    auth.login("leerling1")
    card = client.get(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    html = card.get_data(as_text=True)
    assert "Saskia Jansen zegt:" in html
    assert "Goed gedaan! Netjes." in html
    assert f'data-feedback-id="{row.id}"' in html
    assert "data-feedback-new" in html
    assert card.headers["Card-Feedback"] == str(row.id)
    manifest = client.get("/api/v1/learner/content").get_json()
    [first] = [c for p in manifest["packages"] for c in p["cards"] if c["url"] == card.request.path]
    assert first["feedback"] == str(row.id)
    progress = client.get("/learner/progress").get_data(as_text=True)
    assert "Wat je begeleider zegt" in progress
    assert "Over: " in progress

    token = client.get("/api/v1/csrf").get_json()["csrf_token"]
    read = client.post(
        "/api/v1/feedback/read", json={"ids": [row.id, row.id]}, headers={"X-CSRFToken": token}
    )
    assert read.get_json() == {"marked": 1}
    assert feedback_rows(app)[0].read_at is not None
    assert "data-feedback-new" not in client.get(card.request.path).get_data(as_text=True)


def test_feedback_needs_words_and_stays_in_the_organisation(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, task_id: int
) -> None:
    auth.login("begeleider1")
    learner = demo.users["leerling1"]
    empty = give(auth, learner, task_id, "   ")
    assert empty.status_code == 400
    assert "Schrijf eerst iets" in empty.get_data(as_text=True)
    assert give(auth, learner, task_id, "x" * 501).status_code == 400
    request_id = str(uuid.uuid4())
    assert give(auth, learner, task_id, "Goed gedaan!", request_id).status_code == 302
    again = give(auth, learner, task_id, "Andere woorden", request_id)  # the back button
    assert again.status_code == 400
    assert "Dit formulier is al verstuurd." in again.get_data(as_text=True)
    assert [row.text for row in feedback_rows(app)] == ["Goed gedaan!"]
    assert give(auth, demo.users["leerling2"], task_id, "Verkeerde leerling").status_code == 404
    auth.logout()
    auth.login("begeleider2")
    assert client.get(f"/supervisor/learners/{learner}/tasks/{task_id}").status_code == 404
    assert len(feedback_rows(app)) == 1


def test_a_learner_can_mark_only_their_own_feedback_read(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, task_id: int
) -> None:
    auth.login("begeleider1")
    give(auth, demo.users["leerling1"], task_id, "Bijna, let op je handschoenen.")
    auth.logout()
    auth.login("leerling2")
    token = client.get("/api/v1/csrf").get_json()["csrf_token"]
    [row] = feedback_rows(app)
    answer = client.post(
        "/api/v1/feedback/read", json={"ids": [row.id]}, headers={"X-CSRFToken": token}
    )
    assert answer.get_json() == {"marked": 0}
    assert feedback_rows(app)[0].read_at is None
    bad = client.post("/api/v1/feedback/read", json={"ids": ["1"]}, headers={"X-CSRFToken": token})
    assert bad.status_code == 400
    assert "ids" in bad.get_json()["errors"]


def test_erasing_the_learner_blanks_the_feedback_text(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, task_id: int
) -> None:
    auth.login("begeleider1")
    give(auth, demo.users["leerling1"], task_id, "Laten we het samen oefenen.")
    with app.app_context():
        erase_person(db.session.get(User, demo.users["leerling1"]), actor=None)
        db.session.commit()
    assert [row.text for row in feedback_rows(app)] == [""]
