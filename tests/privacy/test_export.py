"""A learner's data export: one zip with everything stored about them, and nothing secret."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.audit import record
from app.extensions import db
from app.models import AuditAction, LoginSession, LoginToken, Role, User
from tests.conftest import Auth
from tests.factories import Demo
from tests.privacy.work import NOTE, SIGNOFF_NOTE, add_work, audit_rows

SECTIONS = {
    "formaat",
    "versie",
    "gemaakt_op",
    "account",
    "lespakketten",
    "gedane_taken",
    "aftekeningen",
    "bekeken_door_begeleider",
    "inlogkaarten",
    "inloggen",
    "logboek",
}


def unzip(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def secrets_of(app: Flask, username: str) -> list[str]:
    """Every stored secret of the learner: password hash and the hashes of log-ins and cards."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        tokens = db.session.scalars(
            select(LoginToken.token_hash).where(LoginToken.learner_id == user.id)
        )
        sessions = db.session.scalars(
            select(LoginSession.token_hash).where(LoginSession.user_id == user.id)
        )
        return [user.password_hash, *tokens, *sessions]


def test_admin_downloads_everything_about_a_learner_and_no_secret(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    add_work(app, demo)
    phone = app.test_client()
    Auth(phone).login("leerling1")  # a log-in on the learner's phone
    supervisor = Auth(app.test_client())
    supervisor.login("begeleider1")
    learner_page = f"/supervisor/learners/{demo.users['leerling1']}"
    supervisor.client.get(learner_page)  # "last seen" by the supervisor
    supervisor.post(f"{learner_page}/login-card", {}, page=learner_page)  # a QR card
    supervisor.post(f"{learner_page}/login-card/revoke", {}, page=learner_page)

    auth.login("beheer")
    user_page = f"/admin/users/{demo.users['leerling1']}"
    response = auth.post(f"{user_page}/export.zip", {}, page=user_page)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="leerplek-gegevens-leerling1.zip"'
    )

    files = unzip(response.data)
    assert set(files) == {"gegevens.json", "LEESMIJ.txt"}
    for content in files.values():
        for secret in secrets_of(app, "leerling1"):
            assert secret.encode() not in content
    assert b"token" not in files["gegevens.json"]
    assert b"hash" not in files["gegevens.json"]

    data = json.loads(files["gegevens.json"])
    assert set(data) == SECTIONS
    assert files["gegevens.json"].startswith(b'{\n  "formaat": "leerplek-gegevens"')  # indented
    assert data["account"] | {"gemaakt_op": None, "laatst_actief_op": None} == {
        "gebruikersnaam": "leerling1",
        "naam": "Anouk de Vries",
        "rol": "Leerling",
        "organisatie": "Kringloop De Omslag",
        "taal": None,
        "actief": True,
        "gemaakt_op": None,
        "laatst_actief_op": None,
        "verwijderd_op": None,
    }
    assert data["account"]["laatst_actief_op"] is not None
    assert {row["lespakket"] for row in data["lespakketten"]} == {
        "Veilig werken",
        "Digitaal werken: je rooster en je loonstrook op je telefoon",
        "Afval scheiden en duurzaam werken",
    }
    assert all(row["gegeven_door"] == "Saskia Jansen" for row in data["lespakketten"])
    [first, second] = data["gedane_taken"]
    assert first["notitie"] == f"{NOTE} 0"
    assert first["reflectie"] == "Moeilijk"
    assert first["gedaan_op"] == "2026-11-20T10:30:00+01:00"  # Dutch time
    assert first["lespakket"] == "Veilig werken"
    assert first["kaartversie"] == 1
    assert second["notitie"] == f"{NOTE} 1"
    assert second["reflectie"] == "Goed"
    assert [
        (row["niveau"], row["datum"], row["notitie"], row["begeleider"])
        for row in data["aftekeningen"]
    ] == [
        ("Met hulp", "2026-11-21", f"{SIGNOFF_NOTE} 21", "Saskia Jansen"),
        ("Zelfstandig", "2026-11-22", f"{SIGNOFF_NOTE} 22", "Saskia Jansen"),
        ("Ingetrokken", "2026-11-23", f"{SIGNOFF_NOTE} 23", "Saskia Jansen"),
    ]
    [seen] = data["bekeken_door_begeleider"]
    assert seen["begeleider"] == "Saskia Jansen"
    assert seen["laatst_bekeken_op"]
    [card] = data["inlogkaarten"]
    assert card["gemaakt_door"] == "Saskia Jansen"
    assert card["ingetrokken_op"]
    assert card["gebruikt_op"] is None
    [login] = data["inloggen"]
    assert login["ingelogd_op"]
    assert login["verloopt_op"]
    assert login["uitgelogd_op"]
    assert [row["actie"] for row in data["logboek"]] == [
        "Inlogkaart ingetrokken",
        "Inlogkaart gemaakt",
    ]

    readme = files["LEESMIJ.txt"].decode()
    assert "Dit zijn alle gegevens die Leerplek over Anouk de Vries bewaart." in readme
    for section in SECTIONS - {"formaat", "versie", "gemaakt_op"}:
        assert f"- {section}: " in readme
    assert "Je wachtwoord staat er niet in." in readme

    assert audit_rows(app)[-1] == (
        AuditAction.EXPORT,
        demo.users["beheer"],
        demo.users["leerling1"],
        "",
    )


def test_supervisor_downloads_a_learner_of_their_own_organisation(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    add_work(app, demo)
    auth.login("begeleider1")
    learner_page = f"/supervisor/learners/{demo.users['leerling1']}"
    page = client.get(learner_page).get_data(as_text=True)
    url = f"{learner_page}/export.zip"
    assert f'action="{url}"' in page
    assert client.get(url).status_code == 405  # a download that is logged is a POST with CSRF
    response = auth.post(url, {}, page=learner_page)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    data = json.loads(unzip(response.data)["gegevens.json"])
    assert data["account"]["naam"] == "Anouk de Vries"
    assert len(data["gedane_taken"]) == 2
    assert audit_rows(app)[-1] == (
        AuditAction.EXPORT,
        demo.users["begeleider1"],
        demo.users["leerling1"],
        "",
    )


def test_admin_user_page_offers_the_export_for_learners_only(
    demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("beheer")
    learner = demo.users["leerling1"]
    assert f"/admin/users/{learner}/export.zip" in client.get(f"/admin/users/{learner}").get_data(
        as_text=True
    )
    editor = demo.users["redacteur"]
    assert "export.zip" not in client.get(f"/admin/users/{editor}").get_data(as_text=True)
    assert auth.post(f"/admin/users/{editor}/export.zip", {}, page="/").status_code == 404


def test_a_former_learner_keeps_the_export(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    """A learner who became a supervisor: the tasks stay theirs, and so does the right to see
    them (AVG). An editor who never was a learner has nothing to export (above)."""
    add_work(app, demo)
    with app.app_context():
        person = db.session.get(User, demo.users["leerling1"])
        person.role = Role.SUPERVISOR
        # Now a supervisor, they print a log-in card for a learner: that is about someone else.
        record(AuditAction.PRINT_QR_CARDS, person, db.session.get(User, demo.users["leerling2"]))
        record(AuditAction.PRINT_QR_CARDS, db.session.get(User, demo.users["begeleider1"]), person)
        db.session.commit()
    auth.login("beheer")
    user_page = f"/admin/users/{demo.users['leerling1']}"
    page = client.get(user_page).get_data(as_text=True)
    assert "Deze persoon was eerder leerling." in page
    response = auth.post(f"{user_page}/export.zip", {}, page=user_page)
    assert response.status_code == 200
    data = json.loads(unzip(response.data)["gegevens.json"])
    assert len(data["gedane_taken"]) == 2
    about = [(event["door"], event["over"]) for event in data["logboek"]]
    assert ("Saskia Jansen", "Anouk de Vries") in about  # done to them: in it
    assert all(over in (None, "Anouk de Vries") for _door, over in about)


@pytest.mark.parametrize(
    ("username", "url", "status"),
    [
        ("begeleider2", "/supervisor/learners/{id}/export.zip", 404),  # another organisation
        ("leerling1", "/supervisor/learners/{id}/export.zip", 403),
        ("redacteur", "/supervisor/learners/{id}/export.zip", 403),
        ("leerling1", "/admin/users/{id}/export.zip", 403),
        ("redacteur", "/admin/users/{id}/export.zip", 403),
        ("begeleider1", "/admin/users/{id}/export.zip", 403),
    ],
)
def test_others_get_no_export(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, username: str, url: str, status: int
) -> None:
    auth.login(username)
    response = auth.post(url.format(id=demo.users["leerling1"]), {}, page="/")
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert audit_rows(app) == []


def test_without_login_the_export_asks_to_log_in(demo: Demo, client: FlaskClient) -> None:
    url = f"/admin/users/{demo.users['leerling1']}/export.zip"
    response = Auth(client).post(url, {}, page="/login")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
