"""Editors rename and describe their packages and add competences; only to their own."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import Competence, LessonPackage, Role, User
from tests.conftest import Auth
from tests.factories import Demo, get


def competence_names(app: Flask, package_id: int) -> list[str]:
    with app.app_context():
        package = db.session.get(LessonPackage, package_id)
        return [competence.name for competence in package.competences]


def other_editor(app: Flask, make_user: Callable[..., User]) -> Auth:
    """An editor of another organisation, logged in on a client of their own."""
    make_user("redacteur2", Role.EDITOR, organisation="Kringloop De Omslag")
    other = Auth(app.test_client())
    other.login("redacteur2")
    return other


def test_editor_renames_and_describes_a_package(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("redacteur")
    url = f"/editor/packages/{demo.packages['veilig-werken']}"
    response = auth.post(
        url,
        {"title": "  Veilig werken op de vloer ", "description": " Pbm en melden. "},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Opgeslagen." in response.get_data(as_text=True)
    package = get(app, LessonPackage, demo.packages["veilig-werken"])
    assert (package.title, package.description) == ("Veilig werken op de vloer", "Pbm en melden.")
    assert "Veilig werken op de vloer" in auth.client.get("/editor/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "description": "Uitleg"}, "Vul een titel in."),
        ({"title": "x" * 201, "description": ""}, "Veld mag niet langer zijn dan 200 karakters"),
        ({"title": "Titel", "description": "x" * 1001}, "niet langer zijn dan 1000"),
    ],
)
def test_a_bad_package_title_or_description_gets_a_message_and_changes_nothing(
    app: Flask, demo: Demo, auth: Auth, data: dict[str, str], message: str
) -> None:
    auth.login("redacteur")
    before = get(app, LessonPackage, demo.packages["veilig-werken"])
    response = auth.post(f"/editor/packages/{demo.packages['veilig-werken']}", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    after = get(app, LessonPackage, demo.packages["veilig-werken"])
    assert (after.title, after.description) == (before.title, before.description)


def test_editor_adds_a_competence(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("redacteur")
    package_id = demo.packages["veilig-werken"]
    url = f"/editor/packages/{package_id}"
    response = auth.post(f"{url}/competences", {"name": "  Je ruimt je plek op "}, page=url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{url}#competences")
    assert competence_names(app, package_id)[-1] == "Je ruimt je plek op"
    page = auth.client.get(url).get_data(as_text=True)
    assert "Competentie toegevoegd." in page
    assert "Je ruimt je plek op" in page
    with app.app_context():
        added = db.session.scalar(
            select(Competence).where(Competence.name == "Je ruimt je plek op")
        )
        package = db.session.get(LessonPackage, package_id)
        assert added.owner_organisation_id == package.owner_organisation_id


@pytest.mark.parametrize("name", ["", "x" * 201])
def test_a_competence_without_a_good_name_is_not_added(
    app: Flask, demo: Demo, auth: Auth, name: str
) -> None:
    auth.login("redacteur")
    package_id = demo.packages["veilig-werken"]
    url = f"/editor/packages/{package_id}"
    before = competence_names(app, package_id)
    response = auth.post(f"{url}/competences", {"name": name}, page=url, follow_redirects=True)
    assert "Vul een naam in." in response.get_data(as_text=True)
    assert competence_names(app, package_id) == before


def test_an_editor_of_another_organisation_changes_nothing(
    app: Flask, demo: Demo, make_user: Callable[..., User]
) -> None:
    other = other_editor(app, make_user)
    package_id = demo.packages["veilig-werken"]
    url = f"/editor/packages/{package_id}"
    before = get(app, LessonPackage, package_id)
    names = competence_names(app, package_id)
    renamed = other.post(url, {"title": "Van mij", "description": ""}, page="/editor/")
    assert renamed.status_code == 404
    added = other.post(f"{url}/competences", {"name": "Van mij"}, page="/editor/")
    assert added.status_code == 404
    assert get(app, LessonPackage, package_id).title == before.title
    assert competence_names(app, package_id) == names


@pytest.mark.parametrize("username", ["leerling1", "begeleider1"])
def test_learners_and_supervisors_cannot_change_packages(
    app: Flask, demo: Demo, auth: Auth, username: str
) -> None:
    auth.login(username)
    package_id = demo.packages["veilig-werken"]
    url = f"/editor/packages/{package_id}"
    names = competence_names(app, package_id)
    assert auth.post(url, {"title": "Van mij", "description": ""}, page="/").status_code == 403
    assert auth.post(f"{url}/competences", {"name": "Van mij"}, page="/").status_code == 403
    assert get(app, LessonPackage, package_id).title != "Van mij"
    assert competence_names(app, package_id) == names
