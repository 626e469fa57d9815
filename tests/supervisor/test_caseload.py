"""A supervisor's own group comes first; the rest of the organisation is behind search and the
"Iedereen" filter. Supervisors and admins set the group."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import User
from tests.conftest import Auth
from tests.factories import Demo


def names_on(page: str) -> list[str]:
    learners = ["Anouk de Vries", "Dennis Bakker", "Fatima Ouali", "Kees Visser"]
    return [name for name in learners if name in page]


def put_in_group(auth: Auth, client: FlaskClient, learner_id: int, linked: bool) -> None:
    response = auth.post(
        f"/supervisor/learners/{learner_id}/group",
        {"in_groep": "1" if linked else "0"},
        page=f"/supervisor/learners/{learner_id}",
    )
    assert response.status_code == 302


def test_the_own_group_comes_first_and_everyone_is_a_tap_or_a_search_away(
    demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    home = client.get("/supervisor/").get_data(as_text=True)
    assert names_on(home) == ["Anouk de Vries", "Dennis Bakker", "Fatima Ouali"]
    assert "Mijn groep" not in home  # no group yet: everyone, no filter

    put_in_group(auth, client, demo.users["leerling2"], linked=True)
    page = client.get(f"/supervisor/learners/{demo.users['leerling2']}").get_data(as_text=True)
    assert "In de groep van: Saskia Jansen" in page
    assert "Uit mijn groep halen" in page

    home = client.get("/supervisor/").get_data(as_text=True)
    assert names_on(home) == ["Dennis Bakker"]
    assert 'aria-current="page">Mijn groep' in home
    everyone = client.get("/supervisor/?groep=iedereen").get_data(as_text=True)
    assert names_on(everyone) == ["Anouk de Vries", "Dennis Bakker", "Fatima Ouali"]
    assert 'aria-current="page">Iedereen' in everyone
    found = client.get("/supervisor/?q=anouk").get_data(as_text=True)
    assert names_on(found) == ["Anouk de Vries"]  # a search looks through everyone

    put_in_group(auth, client, demo.users["leerling2"], linked=False)
    put_in_group(auth, client, demo.users["leerling2"], linked=False)  # twice is fine
    home = client.get("/supervisor/").get_data(as_text=True)
    assert names_on(home) == ["Anouk de Vries", "Dennis Bakker", "Fatima Ouali"]


def test_only_learners_of_the_own_organisation_can_join_the_group(
    demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider2")
    token = auth.csrf("/supervisor/")
    response = client.post(
        f"/supervisor/learners/{demo.users['leerling1']}/group",
        data={"csrf_token": token, "in_groep": "1"},
    )
    assert response.status_code == 404
    assert (
        client.post(
            f"/supervisor/learners/{demo.users['leerling4']}/group",
            data={"csrf_token": token, "in_groep": "ja"},
        ).status_code
        == 400
    )


def test_an_admin_chooses_the_supervisors_of_a_learner(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("beheer")
    url = f"/admin/users/{demo.users['leerling1']}"
    page = client.get(url).get_data(as_text=True)
    assert "Saskia Jansen" in page
    assert "Mohamed El Amrani" not in page  # another organisation's supervisor is no choice

    refused = auth.post(
        f"{url}/supervisors", {"supervisor_id": str(demo.users["begeleider2"])}, page=url
    )
    assert refused.status_code == 302
    assert "Kies begeleiders van de organisatie" in client.get(url).get_data(as_text=True)

    auth.post(f"{url}/supervisors", {"supervisor_id": str(demo.users["begeleider1"])}, page=url)
    auth.logout()
    auth.login("begeleider1")
    assert names_on(client.get("/supervisor/").get_data(as_text=True)) == ["Anouk de Vries"]


def test_a_switched_off_learner_is_marked_in_the_list(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    with app.app_context():
        db.session.get(User, demo.users["leerling3"]).active = False
        db.session.commit()
    auth.login("begeleider1")
    home = client.get("/supervisor/").get_data(as_text=True)
    fatima = home[home.index("Fatima Ouali") :]
    assert "Account staat uit" in fatima[: fatima.index("</li>")]
    assert home.count("Account staat uit") == 1


def test_erasing_a_learner_takes_them_out_of_every_group(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    from app.privacy.erasure import erase_person

    auth.login("begeleider1")
    put_in_group(auth, client, demo.users["leerling2"], linked=True)
    with app.app_context():
        erase_person(db.session.get(User, demo.users["leerling2"]), actor=None)
        db.session.commit()
    client.get("/supervisor/")  # shows the flash message of putting Dennis in the group
    home = client.get("/supervisor/").get_data(as_text=True)
    assert "Mijn groep" not in home  # no empty "own group" with only an erased learner
    assert names_on(home) == ["Anouk de Vries", "Fatima Ouali"]
