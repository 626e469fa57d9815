"""Learner pages served by the server: progress, sign-offs, and the task form without JavaScript."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import CompetenceSignoff, LessonPackage, SignoffLevel, TaskCompletion
from tests.conftest import Auth
from tests.factories import Demo


def test_progress_page_shows_signed_off_competences_and_the_newest_level(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    with app.app_context():
        package = db.session.get(LessonPackage, demo.packages["veilig-werken"])
        first, second = package.competences[0], package.competences[1]
        for level, competence in [
            (SignoffLevel.WITH_HELP, first),
            (SignoffLevel.INDEPENDENT, first),  # a later correction: the newest counts
            (SignoffLevel.INDEPENDENT, second),
            (SignoffLevel.WITHDRAWN, second),  # withdrawn again
        ]:
            db.session.add(
                CompetenceSignoff(
                    learner_id=demo.users["leerling1"],
                    competence_id=competence.id,
                    supervisor_id=demo.users["begeleider1"],
                    level=level,
                    signed_on=date(2026, 11, 20),
                )
            )
            db.session.flush()
        db.session.commit()
        first_name, second_name = first.name, second.name

    auth.login("leerling1")
    page = client.get("/learner/progress").get_data(as_text=True)
    block = page.split(first_name)[1].split("</li>")[0]
    assert "Zelfstandig" in block
    assert "Saskia Jansen" in block
    assert "20 november 2026" in block
    assert "Nog niet afgetekend" in page.split(second_name)[1].split("</li>")[0]


def _task_form_post(auth: Auth, card_url: str, task_id: int, **data: str):
    return auth.post(
        f"/learner/tasks/{task_id}/done",
        {
            "client_id": str(uuid.uuid4()),
            "card_version": "1",
            "reflection": "good",
            "note": "",
            **data,
        },
        page=card_url,
    )


def test_task_form_works_without_javascript(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    card_url = f"/learner/cards/{demo.cards['veilig-werken'][0]}"
    task_id = demo.tasks["veilig-werken"][0]
    client_id = str(uuid.uuid4())
    response = _task_form_post(
        auth, card_url, task_id, client_id=client_id, reflection="ok", note="Lukte"
    )
    assert response.headers["Location"] == card_url
    with app.app_context():
        row = db.session.scalar(select(TaskCompletion))
        assert (row.client_id, row.reflection.value, row.note) == (client_id, "ok", "Lukte")
    page = client.get(card_url).get_data(as_text=True)
    assert f'data-task-done="{task_id}">' in page  # the "done" note is no longer hidden
    assert "Opgeslagen. Goed gedaan!" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reflection": ""}, "Kies hoe het ging."),
        ({"note": "x" * 501}, "Schrijf niet meer dan 500 tekens."),
    ],
)
def test_task_form_bad_input_gets_a_message(
    app: Flask, demo: Demo, auth: Auth, data: dict[str, str], message: str
) -> None:
    auth.login("leerling1")
    card_url = f"/learner/cards/{demo.cards['veilig-werken'][0]}"
    response = _task_form_post(auth, card_url, demo.tasks["veilig-werken"][0], **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(TaskCompletion)) is None


def test_task_of_a_package_not_assigned_is_404(demo: Demo, auth: Auth) -> None:
    auth.login("leerling3")  # only digitaal-werken
    own_card = f"/learner/cards/{demo.cards['digitaal-werken'][0]}"
    response = _task_form_post(auth, own_card, demo.tasks["veilig-werken"][0])
    assert response.status_code == 404


def test_the_same_form_sent_twice_stores_one_completion(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    card_url = f"/learner/cards/{demo.cards['veilig-werken'][0]}"
    task_id = demo.tasks["veilig-werken"][0]
    client_id = str(uuid.uuid4())
    _task_form_post(auth, card_url, task_id, client_id=client_id)
    again = _task_form_post(auth, card_url, task_id, client_id=client_id)  # a double tap
    assert "Opgeslagen. Goed gedaan!" in client.get(again.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        assert len(db.session.scalars(select(TaskCompletion)).all()) == 1
