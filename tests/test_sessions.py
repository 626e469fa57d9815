"""Log-ins end on the server: log-out, "Overal uitloggen", expiry, switching an account off.

Each test copies cookies from one client into another, the way a stolen or copied cookie would be
used, and checks that the copy stops working when the log-in ends.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from app import MissingSecretKey, create_app
from app.admin.services import set_active
from app.config import Config
from app.extensions import db
from app.models import LoginSession, User
from tests.api.conftest import completion
from tests.conftest import Auth, TestConfig, csrf_token_from
from tests.factories import Demo


def copy_cookies(source: FlaskClient, target: FlaskClient, *names: str) -> None:
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, f"no {name} cookie to copy"
        target.set_cookie(name, cookie.value)


def sync_status(client: FlaskClient, task_id: int) -> int:
    """What a phone's outbox gets when it sends one task with this client's cookies."""
    token_response = client.get("/api/v1/csrf")
    if token_response.status_code != 200:
        return token_response.status_code
    token = token_response.get_json()["csrf_token"]
    response = client.post(
        "/api/v1/sync", json={"completions": [completion(task_id)]}, headers={"X-CSRFToken": token}
    )
    return response.status_code


def test_a_copied_session_cookie_stops_working_after_log_out(app: Flask, demo: Demo) -> None:
    supervisor = app.test_client()
    Auth(supervisor).login("begeleider1")
    thief = app.test_client()
    copy_cookies(supervisor, thief, "session")
    assert thief.get("/supervisor/").status_code == 200

    assert Auth(supervisor).logout().status_code == 302
    response = thief.get("/supervisor/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_copied_remember_cookie_stops_syncing_after_log_out(app: Flask, demo: Demo) -> None:
    phone = app.test_client()
    Auth(phone).login("leerling1")
    copy = app.test_client()
    copy_cookies(phone, copy, "remember_token")  # no session cookie: only "remember me"
    task = demo.tasks["veilig-werken"][0]
    assert sync_status(copy, task) == 200

    Auth(phone).logout()
    fresh_copy = app.test_client()  # the copied cookie alone, as it was before log-out
    copy_cookies(copy, fresh_copy, "remember_token")
    assert sync_status(fresh_copy, demo.tasks["veilig-werken"][1]) == 401
    assert copy.get("/learner/").status_code == 302


def test_every_log_in_has_its_own_token_and_logs_out_alone(app: Flask, demo: Demo) -> None:
    phone, tablet = app.test_client(), app.test_client()
    Auth(phone).login("leerling1")
    Auth(tablet).login("leerling1")
    phone_cookie, tablet_cookie = (
        phone.get_cookie("remember_token"),
        tablet.get_cookie("remember_token"),
    )
    assert phone_cookie is not None
    assert tablet_cookie is not None
    assert phone_cookie.value != tablet_cookie.value

    Auth(phone).logout()
    assert phone.get("/learner/").status_code == 302
    assert tablet.get("/learner/").status_code == 200


def test_the_database_keeps_only_hashes_of_log_in_tokens(app: Flask, demo: Demo) -> None:
    phone = app.test_client()
    Auth(phone).login("leerling1")
    cookie = phone.get_cookie("remember_token")
    assert cookie is not None
    token = cookie.value.split("|")[0]
    with app.app_context():
        hashes = list(db.session.scalars(select(LoginSession.token_hash)))
    assert len(hashes) == 1
    assert token not in hashes[0]
    assert len(hashes[0]) == 64


def test_log_out_everywhere_ends_every_log_in_of_the_learner(app: Flask, demo: Demo) -> None:
    phone, lost_phone, other_learner = app.test_client(), app.test_client(), app.test_client()
    Auth(phone).login("leerling1")
    Auth(lost_phone).login("leerling1")
    Auth(other_learner).login("leerling2")

    response = Auth(phone).post("/logout/everywhere", {}, page="/learner/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert phone.get("/learner/").status_code == 302
    assert lost_phone.get("/learner/").status_code == 302
    assert sync_status(lost_phone, demo.tasks["veilig-werken"][0]) == 401
    assert other_learner.get("/learner/").status_code == 200
    assert "Je bent overal uitgelogd." in phone.get("/login").get_data(as_text=True)


def test_log_out_everywhere_needs_a_csrf_token(
    app: Flask, demo: Demo, client: FlaskClient, auth: Auth
) -> None:
    auth.login("leerling1")
    assert client.post("/logout/everywhere").status_code == 400
    assert client.get("/learner/").status_code == 200


@pytest.mark.parametrize("username", ["leerling1", "begeleider1"])
def test_the_server_ends_a_log_in_at_its_expiry(app: Flask, demo: Demo, username: str) -> None:
    client = app.test_client()
    Auth(client).login(username)
    home = "/learner/" if username == "leerling1" else "/supervisor/"
    assert client.get(home).status_code == 200
    with app.app_context():
        login = db.session.scalars(select(LoginSession)).one()
        # Learners stay logged in for months, others for a working day.
        lasts = login.expires_at - login.created_at
        assert lasts == (timedelta(days=180) if username == "leerling1" else timedelta(hours=12))
        db.session.execute(
            update(LoginSession).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        db.session.commit()
    assert client.get(home).status_code == 302


def test_switching_an_account_on_again_does_not_revive_old_log_ins(app: Flask, demo: Demo) -> None:
    phone = app.test_client()
    Auth(phone).login("leerling1")
    with app.app_context():
        admin = db.session.get(User, demo.users["beheer"])
        learner = db.session.get(User, demo.users["leerling1"])
        set_active(admin, learner, False)
        set_active(admin, learner, True)
        db.session.commit()
    assert phone.get("/learner/").status_code == 302
    assert sync_status(phone, demo.tasks["veilig-werken"][0]) == 401
    # The learner simply logs in again.
    assert Auth(app.test_client()).login("leerling1").status_code == 302


def test_log_in_starts_a_fresh_session_and_the_anonymous_csrf_token_dies(
    app: Flask, demo: Demo, client: FlaskClient
) -> None:
    anonymous_token = csrf_token_from(client.get("/login").get_data(as_text=True))
    anonymous_cookie = client.get_cookie("session")
    response = client.post(
        "/login",
        data={"username": "begeleider1", "password": "oefenen123", "csrf_token": anonymous_token},
    )
    assert response.status_code == 302
    logged_in_cookie = client.get_cookie("session")
    assert anonymous_cookie is not None
    assert logged_in_cookie is not None
    assert logged_in_cookie.value != anonymous_cookie.value

    # The token of the log-in page no longer works for anything done while logged in.
    assert client.post("/logout", data={"csrf_token": anonymous_token}).status_code == 400
    assert client.get("/supervisor/").status_code == 200
    # A planted (pre-log-in) session cookie is not logged in.
    planted = app.test_client()
    planted.set_cookie("session", anonymous_cookie.value)
    assert planted.get("/supervisor/").status_code == 302


def test_log_in_keeps_the_chosen_language(
    app: Flask, demo: Demo, client: FlaskClient, auth: Auth
) -> None:
    auth.post("/language", {"locale": "en", "next": "/login"}, page="/login")
    auth.login("begeleider1")
    assert 'lang="en"' in client.get("/supervisor/").get_data(as_text=True)


class ProductionConfig(Config):
    SECRET_KEY = None
    SQLALCHEMY_DATABASE_URI = "sqlite://"


def test_the_app_refuses_to_start_without_a_secret_key() -> None:
    with pytest.raises(MissingSecretKey, match="SECRET_KEY"):
        create_app(ProductionConfig)
    # Debugging and tests may run with a random key for the process.
    assert create_app(ProductionConfig, DEBUG=True).config["SECRET_KEY"]
    assert create_app(TestConfig, SECRET_KEY=None).config["SECRET_KEY"]
