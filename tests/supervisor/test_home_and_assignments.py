"""The supervisor's list: new work since the last look, search, and assigning packages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Assignment, LessonPackage, Reflection, Role, TaskCompletion, User
from app.supervisor.services import assign_package
from tests.conftest import Auth
from tests.factories import Demo
from tests.helpers import add_extra_learners


def complete(app: Flask, demo: Demo, learner: str = "leerling1", index: int = 0) -> None:
    with app.app_context():
        db.session.add(
            TaskCompletion(
                client_id=str(uuid.uuid4()),
                learner_id=demo.users[learner],
                task_id=demo.tasks["veilig-werken"][index],
                card_version=1,
                # done long ago on the phone, but received just now: it is still new
                completed_at=datetime.now(UTC) - timedelta(days=3),
                reflection=Reflection.GOOD,
            )
        )
        db.session.commit()


def tile(page: str, name: str) -> str:
    return page.split(name)[1].split("</li>")[0]


def assignment(app: Flask, learner_id: int, package_id: int) -> tuple[int | None, bool, int | None]:
    """Who assigned it, whether it is taken away, and by whom."""
    with app.app_context():
        row = db.session.scalars(
            select(Assignment).where(
                Assignment.learner_id == learner_id, Assignment.package_id == package_id
            )
        ).one()
        return row.assigned_by_id, row.removed_at is not None, row.removed_by_id


def test_new_tasks_are_counted_until_the_supervisor_looks(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, make_user
) -> None:
    make_user("jobcoach", Role.SUPERVISOR, organisation="Kringloop De Omslag")
    complete(app, demo, index=0)
    complete(app, demo, index=1)
    auth.login("begeleider1")
    assert "2 nieuw" in tile(client.get("/supervisor/").get_data(as_text=True), "Anouk de Vries")
    learner_page = client.get(f"/supervisor/learners/{demo.users['leerling1']}").get_data(
        as_text=True
    )
    assert learner_page.count(">Nieuw<") == 2
    assert "nieuw" not in tile(client.get("/supervisor/").get_data(as_text=True), "Anouk de Vries")
    complete(app, demo, index=2)
    assert "1 nieuw" in tile(client.get("/supervisor/").get_data(as_text=True), "Anouk de Vries")
    # a colleague has not looked yet: for them all three are new
    colleague = app.test_client()
    Auth(colleague).login("jobcoach")
    assert "3 nieuw" in tile(colleague.get("/supervisor/").get_data(as_text=True), "Anouk de Vries")


def test_search_filters_the_list(demo: Demo, auth: Auth, client: FlaskClient) -> None:
    auth.login("begeleider1")
    page = client.get("/supervisor/?q=dennis").get_data(as_text=True)
    assert "Dennis Bakker" in page
    assert "Anouk de Vries" not in page
    page = client.get("/supervisor/?q=Kees").get_data(as_text=True)  # another organisation
    assert "Geen leerling gevonden" in page


def test_assign_and_unassign_a_package(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, make_user
) -> None:
    auth.login("begeleider1")
    url = f"/supervisor/learners/{demo.users['leerling3']}"
    package = demo.packages["afval-scheiden"]
    auth.post(f"{url}/assignments", {"package_id": str(package)}, page=url)
    assert "afval-scheiden" in demo.assigned(app, "leerling3")
    learner = app.test_client()
    Auth(learner).login("leerling3")
    manifest = learner.get("/api/v1/learner/content").get_json()
    assert package in {p["id"] for p in manifest["packages"]}  # the phone picks it up

    supervisor, learner_id = demo.users["begeleider1"], demo.users["leerling3"]
    assert assignment(app, learner_id, package) == (supervisor, False, None)

    auth.post(f"{url}/assignments/{package}/remove", {}, page=url)
    assert "afval-scheiden" not in demo.assigned(app, "leerling3")
    manifest = learner.get("/api/v1/learner/content").get_json()
    assert package not in {p["id"] for p in manifest["packages"]}
    assert assignment(app, learner_id, package) == (supervisor, True, supervisor)

    # Given back later by a colleague: the row says who gave it, and that it is no longer removed.
    colleague = make_user("collega", Role.SUPERVISOR, organisation="Kringloop De Omslag")
    colleague_client = app.test_client()
    Auth(colleague_client).login("collega")
    Auth(colleague_client).post(f"{url}/assignments", {"package_id": str(package)}, page=url)
    assert "afval-scheiden" in demo.assigned(app, "leerling3")
    assert assignment(app, learner_id, package) == (colleague.id, False, None)


def test_assigning_nonsense_gets_a_message(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    url = f"/supervisor/learners/{demo.users['leerling3']}"
    page = auth.post(
        f"{url}/assignments", {"package_id": "999999"}, page=url, follow_redirects=True
    )
    assert "Kies een lespakket." in page.get_data(as_text=True)
    assert demo.assigned(app, "leerling3") == ["digitaal-werken"]


def test_a_package_without_published_cards_is_not_assigned(
    app: Flask, demo: Demo, make_package: Callable[..., LessonPackage]
) -> None:
    """The form offers only packages with published cards; the service checks it again."""
    draft = make_package("Nog leeg", organisation="Kringloop De Omslag")  # begeleider1's
    with app.app_context():
        supervisor = db.session.get(User, demo.users["begeleider1"])
        learner = db.session.get(User, demo.users["leerling3"])
        assert assign_package(supervisor, learner, draft.id) is None
    assert demo.assigned(app, "leerling3") == ["digitaal-werken"]


def test_a_large_organisation_is_shown_fifty_learners_a_page(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    """Hundreds of learners: the list comes in pages, so it stays short on a phone and costs the
    same whatever the organisation's size."""
    add_extra_learners(app, 60)
    auth.login("begeleider1")

    first = client.get("/supervisor/").get_data(as_text=True)
    assert first.count('class="tile-link"') == 50
    assert "Leerling 1 tot en met 50 van 63" in first
    assert 'rel="next" href="/supervisor/?pagina=2"' in first
    assert 'rel="prev"' not in first

    second = client.get("/supervisor/?pagina=2").get_data(as_text=True)
    assert second.count('class="tile-link"') == 13
    assert "Leerling 51 tot en met 63 van 63" in second
    assert "Zz Extra 59" in second
    assert "Zz Extra 47" in second
    assert "Zz Extra 46" not in second
    assert 'rel="prev" href="/supervisor/?pagina=1"' in second
    assert 'rel="next"' not in second

    for odd in ("99", "0", "-3", "twee"):  # past the end, or nonsense: a page, never an error
        response = client.get(f"/supervisor/?pagina={odd}")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('class="tile-link"') in (50, 13)

    found = client.get("/supervisor/?q=extra&pagina=2").get_data(as_text=True)
    assert "Leerling 51 tot en met 60 van 60" in found
    assert 'href="/supervisor/?q=extra&amp;pagina=1"' in found


def test_a_small_organisation_has_no_page_links(
    demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    page = client.get("/supervisor/").get_data(as_text=True)
    assert 'class="pager"' not in page
    assert "tot en met" not in page
