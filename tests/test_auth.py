"""Logging in and out, for every role, and what happens when it goes wrong."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Role, User
from tests.conftest import Auth
from tests.factories import get

WRONG = "Gebruikersnaam of wachtwoord klopt niet."


@pytest.mark.parametrize(
    ("username", "home", "heading"),
    [
        ("leerling1", "/learner/", "Mijn lessen"),
        ("begeleider1", "/supervisor/", "Mijn leerlingen"),
        ("redacteur", "/editor/", "Lespakketten"),
        ("beheer", "/admin/", "Beheer"),
    ],
)
def test_each_role_lands_on_its_own_home_page(
    demo, auth: Auth, client: FlaskClient, username: str, home: str, heading: str
) -> None:
    response = auth.login(username)
    assert response.status_code == 302
    assert response.headers["Location"] == home
    page = client.get(home).get_data(as_text=True)
    assert re.search(rf"<h[12][^>]*>\s*{heading}\s*</h[12]>", page)
    assert client.get("/").headers["Location"] == home

    response = auth.logout()
    assert response.headers["Location"] == "/login"
    assert client.get(home).status_code == 302  # back to the login page


@pytest.mark.parametrize(
    ("username", "password"),
    [("leerling1", "verkeerd-wachtwoord"), ("niemand", "oefenen123"), ("", "oefenen123")],
)
def test_wrong_credentials_give_one_message_without_hint(
    demo, auth: Auth, client: FlaskClient, username: str, password: str
) -> None:
    response = auth.login(username, password)
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 401)
    if username:
        assert WRONG in page
    else:
        assert "Vul je gebruikersnaam in." in page
    assert client.get("/learner/").status_code == 302


def test_unknown_user_and_wrong_password_read_the_same(demo, auth: Auth) -> None:
    unknown = auth.login("niemand", "oefenen123").get_data(as_text=True)
    wrong = auth.login("leerling1", "fout").get_data(as_text=True)

    def strip(page: str, username: str) -> str:
        # CSRF tokens carry a timestamp; the typed username is shown back in the field
        page = re.sub(r"<input[^>]*csrf_token[^>]*>", "", page)
        return page.replace(f'value="{username}"', "")

    assert WRONG in unknown
    assert WRONG in wrong
    assert strip(unknown, "niemand") == strip(wrong, "leerling1")


def test_username_is_not_case_sensitive(demo, auth: Auth) -> None:
    assert auth.login("  Leerling1 ").headers["Location"] == "/learner/"


def test_login_without_csrf_token_is_refused(demo, client: FlaskClient) -> None:
    response = client.post("/login", data={"username": "leerling1", "password": "oefenen123"})
    assert response.status_code == 400
    assert "te lang open" in response.get_data(as_text=True)
    assert client.get("/learner/").status_code == 302


def test_logout_needs_a_csrf_token(demo, auth: Auth, client: FlaskClient) -> None:
    auth.login("leerling1")
    assert client.post("/logout").status_code == 400
    assert client.get("/learner/").status_code == 200
    assert client.get("/logout").status_code == 405


def test_deactivated_user_cannot_log_in_and_loses_open_sessions(
    app: Flask, demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    assert client.get("/learner/").status_code == 200
    with app.app_context():
        db.session.get(User, demo.users["leerling1"]).active = False
        db.session.commit()
    assert client.get("/learner/").status_code == 302  # the open session ends at once

    other = app.test_client()
    page = Auth(other).login("leerling1").get_data(as_text=True)
    assert "Dit account is uitgezet" in page
    # Someone guessing passwords does not learn that the account exists but is switched off.
    assert "uitgezet" not in Auth(app.test_client()).login("leerling1", "fout").get_data(
        as_text=True
    )


def test_learners_get_a_long_remember_cookie_and_others_do_not(demo, app: Flask) -> None:
    learner = app.test_client()
    response = Auth(learner).login("leerling1")
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember, cookies
    assert "HttpOnly" in remember[0]
    assert "SameSite=Lax" in remember[0]
    # still logged in after the browser forgot the session cookie
    learner.delete_cookie("session")
    assert learner.get("/learner/").status_code == 200

    supervisor = app.test_client()
    cookies = Auth(supervisor).login("begeleider1").headers.getlist("Set-Cookie")
    assert not [c for c in cookies if c.startswith("remember_token=")]


def test_session_cookie_is_httponly_lax_and_secure_outside_debug(demo, other_app) -> None:
    production = other_app(SESSION_COOKIE_SECURE=None)
    assert production.config["SESSION_COOKIE_SECURE"] is True
    client = production.test_client()
    response = client.get("/login", base_url="https://localhost")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" in cookie


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "/\\evil.example",
        "/\\/evil.example",
    ],
)
def test_login_never_redirects_to_another_site(
    demo, client: FlaskClient, auth: Auth, target
) -> None:
    token = auth.csrf("/login")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"username": "leerling1", "password": "oefenen123", "csrf_token": token},
    )
    assert response.headers["Location"] == "/learner/"


def test_login_returns_to_the_page_asked_for(demo, client: FlaskClient, auth: Auth) -> None:
    response = client.get("/learner/packages/1")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    token = auth.csrf("/login")
    response = client.post(
        response.headers["Location"],
        data={"username": "leerling1", "password": "oefenen123", "csrf_token": token},
    )
    assert response.headers["Location"] == "/learner/packages/1"


def test_passwords_are_stored_hashed(demo, app: Flask) -> None:
    user = get(app, User, demo.users["leerling1"])
    assert "oefenen123" not in user.password_hash
    assert user.password_hash.startswith(("pbkdf2:", "scrypt:"))
    assert user.role is Role.LEARNER
