"""Admins create organisations and accounts, reset passwords and switch accounts off."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditAction,
    AuditEvent,
    CaseloadLink,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from tests.conftest import Auth
from tests.factories import Demo, get


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_admin_creates_an_organisation(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("beheer")
    response = auth.post(
        "/admin/organisations",
        {"name": "Fietswerkplaats Noord", "kind": "enterprise"},
        page="/admin/",
        follow_redirects=True,
    )
    assert "Organisatie Fietswerkplaats Noord is gemaakt." in response.get_data(as_text=True)
    with app.app_context():
        org = db.session.scalar(
            select(Organisation).where(Organisation.name == "Fietswerkplaats Noord")
        )
        assert org is not None
        assert org.kind is OrganisationKind.ENTERPRISE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "kind": "enterprise"}, "Vul een naam in."),
        (
            {"name": "kringloop de omslag", "kind": "enterprise"},
            "Er is al een organisatie met deze naam.",
        ),
        ({"name": "Nieuw", "kind": "bank"}, "Ongeldige keuze"),
    ],
)
def test_bad_organisation_input_gets_a_message_and_stores_nothing(
    app: Flask, demo: Demo, auth: Auth, data: dict[str, str], message: str
) -> None:
    auth.login("beheer")
    before = _count(app, Organisation)
    response = auth.post("/admin/organisations", data, page="/admin/")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(app, Organisation) == before


def test_admin_creates_a_user_who_can_then_log_in(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("beheer")
    response = auth.post(
        "/admin/users/new",
        {
            "username": "leerling7",
            "display_name": "Noor Smit",
            "role": "learner",
            "organisation_id": str(demo.organisations["Kringloop De Omslag"]),
            "password": "geheim-123",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "leerling7"))
        assert user.role is Role.LEARNER
        assert user.display_name == "Noor Smit"
        assert user.check_password("geheim-123")

    newcomer = Auth(app.test_client())
    assert newcomer.login("leerling7", "geheim-123").headers["Location"] == "/learner/"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "leerling1"}, "Deze gebruikersnaam bestaat al."),
        ({"username": "LEERLING1"}, "Deze gebruikersnaam bestaat al."),
        ({"username": "met spatie"}, "Gebruik alleen letters, cijfers"),
        ({"password": "kort"}, "Een wachtwoord heeft minstens 8 tekens."),
        ({"role": "koning"}, "Ongeldige keuze"),
        ({"organisation_id": "999999"}, "Ongeldige keuze"),
        ({"organisation_id": "abc"}, "Ongeldige keuze"),
        ({"display_name": ""}, "Vul een naam in."),
    ],
)
def test_bad_user_input_gets_a_message_per_field_and_stores_nothing(
    app: Flask, demo: Demo, auth: Auth, changes: dict[str, str], message: str
) -> None:
    auth.login("beheer")
    data = {
        "username": "nieuw",
        "display_name": "Nieuwe Collega",
        "role": "learner",
        "organisation_id": str(demo.organisations["Kringloop De Omslag"]),
        "password": "geheim-123",
        **changes,
    }
    before = _count(app, User)
    response = auth.post("/admin/users/new", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(app, User) == before


def test_admin_resets_a_password(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("beheer")
    url = f"/admin/users/{demo.users['leerling2']}"
    response = auth.post(f"{url}/password", {"password": "nieuw-wachtwoord"}, page=url)
    assert response.status_code == 302
    other = Auth(app.test_client())
    assert other.login("leerling2", "oefenen123").status_code == 401
    assert other.login("leerling2", "nieuw-wachtwoord").headers["Location"] == "/learner/"


def test_a_password_reset_logs_the_user_out_everywhere(app: Flask, demo: Demo, auth: Auth) -> None:
    phone = app.test_client()
    Auth(phone).login("leerling2")  # with the long-lived remember cookie
    phone.delete_cookie("session")
    assert phone.get("/learner/").status_code == 200
    auth.login("beheer")
    url = f"/admin/users/{demo.users['leerling2']}"
    auth.post(f"{url}/password", {"password": "nieuw-wachtwoord"}, page=url)
    assert phone.get("/learner/").status_code == 302  # the lost phone is logged out


def test_too_short_reset_password_is_refused(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("beheer")
    url = f"/admin/users/{demo.users['leerling2']}"
    response = auth.post(f"{url}/password", {"password": "kort"}, page=url)
    assert response.status_code == 400
    assert "minstens 8 tekens" in response.get_data(as_text=True)
    assert get(app, User, demo.users["leerling2"]).check_password("oefenen123")


def test_admin_deactivates_and_reactivates_a_user(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("beheer")
    url = f"/admin/users/{demo.users['leerling2']}"
    page = auth.post(f"{url}/active", {"active": "0"}, page=url, follow_redirects=True)
    assert "kan niet meer inloggen" in page.get_data(as_text=True)
    assert get(app, User, demo.users["leerling2"]).active is False
    assert "Dit account is uitgezet" in Auth(app.test_client()).login("leerling2").get_data(
        as_text=True
    )

    auth.post(f"{url}/active", {"active": "1"}, page=url)
    assert get(app, User, demo.users["leerling2"]).active is True


def test_admin_cannot_switch_off_their_own_account(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("beheer")
    url = f"/admin/users/{demo.users['beheer']}"
    page = auth.post(f"{url}/active", {"active": "0"}, page=url, follow_redirects=True)
    assert "Je kunt je eigen account niet uitzetten." in page.get_data(as_text=True)
    assert get(app, User, demo.users["beheer"]).active is True


def test_unknown_user_page_is_404(demo: Demo, auth: Auth, client: FlaskClient) -> None:
    auth.login("beheer")
    assert client.get("/admin/users/999999").status_code == 404


@pytest.mark.parametrize("username", ["leerling1", "begeleider1", "redacteur"])
def test_only_admins_can_change_accounts(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, username: str
) -> None:
    auth.login(username)
    token = auth.csrf("/")
    target = demo.users["leerling2"]
    posts = {
        "/admin/organisations": {"name": "X", "kind": "enterprise"},
        "/admin/users/new": {
            "username": "x1234",
            "display_name": "X",
            "role": "admin",
            "organisation_id": "1",
            "password": "geheim-123",
        },
        f"/admin/users/{target}/password": {"password": "overgenomen"},
        f"/admin/users/{target}/active": {"active": "0"},
    }
    for url, data in posts.items():
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 403, url
    user = get(app, User, target)
    assert user.active
    assert user.check_password("oefenen123")


def test_admin_changes_name_role_and_organisation_and_the_groups_stay_consistent(
    app: Flask, demo: Demo, auth: Auth
) -> None:
    learner, coach = demo.users["leerling2"], demo.users["begeleider1"]
    with app.app_context():
        db.session.add(CaseloadLink(supervisor_id=coach, learner_id=learner))
        db.session.commit()
        other_organisation = get(app, User, demo.users["leerling4"]).organisation_id
    phone = app.test_client()
    Auth(phone).login("leerling2")
    auth.login("beheer")
    url = f"/admin/users/{learner}"
    page = auth.client.get(url).get_data(as_text=True)
    assert 'value="Dennis Bakker"' in page  # the form starts from the account
    response = auth.post(
        url,
        {
            "display_name": "Dennis Bakker-de Jong",
            "role": "learner",
            "organisation_id": str(other_organisation),
        },
        page=url,
        follow_redirects=True,
    )
    assert "Opgeslagen: naam, organisatie van leerling2." in response.get_data(as_text=True)
    user = get(app, User, learner)
    assert (user.display_name, user.organisation_id) == (
        "Dennis Bakker-de Jong",
        other_organisation,
    )
    with app.app_context():
        assert db.session.scalars(select(CaseloadLink)).all() == []  # out of the old group
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.UPDATE_USER)
        ).all()
        old_organisation = get(app, User, demo.users["leerling1"]).organisation_id
        assert (event.subject_id, event.detail) == (
            learner,
            f"name; organisation: {old_organisation} -> {other_organisation}",
        )
    assert phone.get("/learner/").status_code == 302  # logs in again, in the new organisation


def test_admin_edit_keeps_the_rules(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("beheer")
    own = f"/admin/users/{demo.users['beheer']}"
    admin = get(app, User, demo.users["beheer"])
    response = auth.post(
        own,
        {
            "display_name": admin.display_name,
            "role": "editor",
            "organisation_id": str(admin.organisation_id),
        },
        page=own,
    )
    assert response.status_code == 400
    assert "Je kunt je eigen rol niet veranderen" in response.get_data(as_text=True)
    other = f"/admin/users/{demo.users['leerling2']}"
    response = auth.post(
        other, {"display_name": "", "role": "wizard", "organisation_id": "999999"}, page=other
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul een naam in." in page
    assert get(app, User, demo.users["leerling2"]).display_name == "Dennis Bakker"
    assert get(app, User, demo.users["beheer"]).role is Role.ADMIN


def test_switching_an_account_off_asks_first(demo: Demo, auth: Auth) -> None:
    auth.login("beheer")
    page = auth.client.get(f"/admin/users/{demo.users['leerling2']}").get_data(as_text=True)
    assert 'data-confirm="Het account van Dennis Bakker uitzetten?' in page
    assert "js/confirm.js" in page
