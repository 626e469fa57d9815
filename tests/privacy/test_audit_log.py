"""The audit log: an event per accountable action, readable by admins only, never changed."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.audit import record
from app.extensions import db
from app.models import AuditAction, AuditEvent, User
from app.models.audit import AuditLogIsAppendOnly
from tests.conftest import Auth
from tests.factories import Demo
from tests.privacy.work import audit_rows


def test_admin_actions_are_logged(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("beheer")
    admin, learner = demo.users["beheer"], demo.users["leerling2"]
    url = f"/admin/users/{learner}"
    auth.post(f"{url}/password", {"password": "nieuw-wachtwoord"}, page=url)
    auth.post(f"{url}/active", {"active": "0"}, page=url)
    auth.post(f"{url}/active", {"active": "0"}, page=url)  # already off: nothing happens
    auth.post(f"{url}/active", {"active": "1"}, page=url)
    auth.post(f"{url}/export.zip", {}, page=url)
    auth.post(f"{url}/erase", {}, page=f"{url}/erase")
    assert audit_rows(app) == [
        (AuditAction.RESET_PASSWORD, admin, learner, ""),
        (AuditAction.DEACTIVATE, admin, learner, ""),
        (AuditAction.ACTIVATE, admin, learner, ""),
        (AuditAction.EXPORT, admin, learner, ""),
        (AuditAction.ERASE, admin, learner, ""),
    ]


def test_supervisor_actions_are_logged_one_card_per_learner(
    app: Flask, demo: Demo, auth: Auth
) -> None:
    auth.login("begeleider1")
    supervisor = demo.users["begeleider1"]
    page = f"/supervisor/learners/{demo.users['leerling1']}"
    auth.post(f"{page}/login-card", {}, page=page)
    auth.post(f"{page}/login-card/revoke", {}, page=page)
    auth.post(f"{page}/logout-everywhere", {}, page=page)
    auth.post("/supervisor/login-cards", {}, page="/supervisor/")
    own_learners = ["leerling1", "leerling2", "leerling3"]
    assert audit_rows(app) == [
        (AuditAction.PRINT_QR_CARDS, supervisor, demo.users["leerling1"], ""),
        (AuditAction.WITHDRAW_QR_CARDS, supervisor, demo.users["leerling1"], ""),
        (AuditAction.END_SESSIONS, supervisor, demo.users["leerling1"], ""),
    ] + sorted(
        (AuditAction.PRINT_QR_CARDS, supervisor, demo.users[name], "") for name in own_learners
    )
    with (
        app.app_context()
    ):  # each event names the subject's organisation, for listing per organisation
        organisations = set(db.session.scalars(select(AuditEvent.organisation_id)))
    assert organisations == {demo.organisations["Kringloop De Omslag"]}


def test_admin_reads_the_log_newest_first_in_dutch(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    supervisor = Auth(app.test_client())
    supervisor.login("begeleider1")
    page = f"/supervisor/learners/{demo.users['leerling1']}"
    supervisor.post(f"{page}/login-card", {}, page=page)
    auth.login("beheer")
    url = f"/admin/users/{demo.users['leerling2']}"
    auth.post(f"{url}/password", {"password": "geheim-wachtwoord"}, page=url)

    home = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/audit"' in home
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "<h1>Logboek</h1>" in log
    assert log.index("Nieuw wachtwoord gezet") < log.index("Inlogkaart gemaakt")  # newest first
    assert "Bram Beheer" in log
    assert "Dennis Bakker" in log
    assert "Saskia Jansen" in log
    assert "Anouk de Vries" in log
    assert "geheim-wachtwoord" not in log

    one_person = client.get(f"/admin/audit?user={demo.users['leerling2']}").get_data(as_text=True)
    assert "Logboek van Dennis Bakker" in one_person
    assert "Nieuw wachtwoord gezet" in one_person
    assert "Inlogkaart gemaakt" not in one_person


def test_the_log_names_erased_people_and_the_system_without_names(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    with app.app_context():  # as the retention command does
        record(AuditAction.RETENTION_ERASE, None, db.session.get(User, demo.users["leerling3"]))
        db.session.commit()
    auth.login("beheer")
    url = f"/admin/users/{demo.users['leerling2']}"
    auth.post(f"{url}/erase", {}, page=f"{url}/erase")
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Persoon verwijderd" in log
    assert "verwijderde leerling" in log
    assert "Dennis" not in log
    assert "Verwijderd na bewaartermijn" in log
    assert "Leerplek zelf" in log


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=-3", "?page=99999999999999999999", "?page=2"]
)
def test_odd_page_numbers_never_break_the_log(
    demo: Demo, auth: Auth, client: FlaskClient, query: str
) -> None:
    auth.login("beheer")
    assert client.get(f"/admin/audit{query}").status_code == 200


@pytest.mark.parametrize(
    "query", ["?user=abc", "?user=999999", "?user=99999999999999999999", "?user=-1"]
)
def test_an_unknown_person_in_the_log_gets_a_404(
    demo: Demo, auth: Auth, client: FlaskClient, query: str
) -> None:
    auth.login("beheer")
    assert client.get(f"/admin/audit{query}").status_code == 404


@pytest.mark.parametrize("username", ["begeleider1", "redacteur", "leerling1"])
def test_only_admins_read_the_log(
    demo: Demo, auth: Auth, client: FlaskClient, username: str
) -> None:
    auth.login(username)
    assert client.get("/admin/audit").status_code == 403


def test_without_login_the_log_asks_to_log_in(demo: Demo, client: FlaskClient) -> None:
    response = client.get("/admin/audit")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_database_refuses_to_change_an_audit_event(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("beheer")
    url = f"/admin/users/{demo.users['leerling2']}"
    auth.post(f"{url}/active", {"active": "0"}, page=url)
    with app.app_context():
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text("UPDATE audit_event SET detail = 'anders', actor_id = NULL"))
        db.session.rollback()
        event = db.session.scalar(select(AuditEvent))
        assert event.detail == ""
        assert event.actor_id == demo.users["beheer"]
        event.detail = "anders"  # the ORM refuses before the database is asked
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()


def test_deleting_an_audit_event_is_refused_on_postgresql(
    app: Flask, demo: Demo, auth: Auth
) -> None:
    """SQLite keeps DELETE possible (the test suite empties tables with it); PostgreSQL does not."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite allows DELETE on audit_event (see migration 0005)")
    auth.login("beheer")
    url = f"/admin/users/{demo.users['leerling2']}"
    auth.post(f"{url}/active", {"active": "0"}, page=url)
    with app.app_context():
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text("DELETE FROM audit_event"))
        db.session.rollback()
    assert len(audit_rows(app)) == 1
