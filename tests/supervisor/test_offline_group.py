"""The pages of a supervisor's own group, kept on the phone: which pages, their size told first,
and fetching them for the phone is no visit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import LearnerLastSeen, Reflection, TaskCompletion
from tests.conftest import Auth
from tests.factories import Demo
from tests.supervisor.test_caseload import put_in_group

OFFLINE_COPY = {"X-Leerplek-Offline-Copy": "1"}


def add_tasks(app: Flask, demo: Demo, learner: str, count: int) -> list[int]:
    with app.app_context():
        rows = [
            TaskCompletion(
                client_id=str(uuid.uuid4()),
                learner_id=demo.users[learner],
                task_id=demo.tasks["veilig-werken"][index % 2],
                card_version=1,
                completed_at=datetime.now(UTC) - timedelta(hours=count - index),
                reflection=Reflection.GOOD,
                note="Ging goed, met een lange notitie erbij om de pagina wat te vullen.",
            )
            for index in range(count)
        ]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def manifest(client: FlaskClient) -> dict:
    response = client.get("/api/v1/supervisor/content")
    assert response.status_code == 200
    return response.get_json()


def test_only_the_own_group_is_kept_with_its_signoff_and_newest_task_pages(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    tasks = add_tasks(app, demo, "leerling1", 25)
    add_tasks(app, demo, "leerling2", 2)
    auth.login("begeleider1")
    assert manifest(client)["learners"] == []  # no group yet: nothing to keep

    put_in_group(auth, client, demo.users["leerling1"], linked=True)
    data = manifest(client)
    [learner] = data["learners"]  # not leerling2 and leerling3: not in the group
    anouk = demo.users["leerling1"]
    assert (learner["id"], learner["name"]) == (anouk, "Anouk de Vries")
    assert learner["url"] == f"/supervisor/learners/{anouk}"
    signoff_pages = {
        f"/supervisor/learners/{anouk}/competences/{competence}"
        for slug in demo.assigned(app, "leerling1")
        for competence in demo.competences[slug]
    }
    task_pages = {f"/supervisor/learners/{anouk}/tasks/{task}" for task in tasks[-20:]}
    assert signoff_pages
    assert set(learner["pages"]) == signoff_pages | task_pages
    assert data["home"] == "/supervisor/"
    assert {url.split("?")[0] for url in data["assets"]} >= {
        "/static/js/supervisor.js",
        "/static/css/staff.css",
    }

    before = learner["version"]
    add_tasks(app, demo, "leerling1", 1)  # new work: the learner's pages are fetched again
    assert manifest(client)["learners"][0]["version"] != before


def test_the_size_told_first_is_close_to_the_real_pages(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    add_tasks(app, demo, "leerling1", 12)
    auth.login("begeleider1")
    for learner in ("leerling1", "leerling2"):
        put_in_group(auth, client, demo.users[learner], linked=True)
    data = manifest(client)
    urls = [data["home"]] + [
        url for learner in data["learners"] for url in [learner["url"], *learner["pages"]]
    ]
    real = 0
    for url in urls:
        response = client.get(url, headers=OFFLINE_COPY)
        assert response.status_code == 200, url
        real += len(response.get_data())
    assert 0.6 * real <= data["estimated_bytes"] <= 1.6 * real, (data["estimated_bytes"], real)


def test_a_copy_for_the_phone_is_no_visit_and_leaves_the_message_for_the_next_page(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    def seen() -> datetime:
        with app.app_context():
            return db.session.scalars(select(LearnerLastSeen.seen_at)).one()

    auth.login("begeleider1")
    put_in_group(auth, client, demo.users["leerling1"], linked=True)  # flashes a message
    looked = seen()  # (putting in the group started on the learner's page)
    add_tasks(app, demo, "leerling1", 1)
    url = f"/supervisor/learners/{demo.users['leerling1']}"

    copy = client.get(url, headers=OFFLINE_COPY)
    assert copy.headers["Page-Version"]  # the worker refetches a copy of another build
    assert "staat nu in je groep" not in copy.get_data(as_text=True)
    assert "Nieuw sinds je vorige bezoek" in copy.get_data(as_text=True)
    assert seen() == looked

    visit = client.get(url).get_data(as_text=True)
    assert "Anouk de Vries staat nu in je groep." in visit  # the message waited for the visit
    assert "Nieuw sinds je vorige bezoek" in visit
    assert seen() > looked
    assert "Nieuw sinds je vorige bezoek" not in client.get(url).get_data(as_text=True)
