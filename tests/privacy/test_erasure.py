"""Erasing a person: personal data goes in one transaction, counts and sign-off history stay."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditAction,
    CompetenceSignoff,
    LearnerLastSeen,
    LoginSession,
    LoginToken,
    Role,
    SignoffLevel,
    TaskCompletion,
    User,
)
from app.privacy.erasure import ErasureError, erase_person
from tests.conftest import Auth
from tests.factories import Demo, get
from tests.privacy.work import NOTE, SIGNOFF_NOTE, add_work, audit_rows


def erase(auth: Auth, user_id: int, **kwargs):
    url = f"/admin/users/{user_id}/erase"
    return auth.post(url, {}, page=url, **kwargs)


def counts(app: Flask, user_id: int) -> tuple[int, int]:
    with app.app_context():
        completions = db.session.scalar(
            select(func.count())
            .select_from(TaskCompletion)
            .where(TaskCompletion.learner_id == user_id)
        )
        signoffs = db.session.scalar(
            select(func.count())
            .select_from(CompetenceSignoff)
            .where(CompetenceSignoff.learner_id == user_id)
        )
        return completions, signoffs


def rows_of(app: Flask, model: type, column: str, user_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(model).where(getattr(model, column) == user_id)
        )


@pytest.fixture
def erased_learner(app: Flask, demo: Demo, auth: Auth, client: FlaskClient) -> int:
    """Anouk (leerling1) with work, a QR card and a "last seen", erased by the admin."""
    add_work(app, demo)
    supervisor = Auth(app.test_client())
    supervisor.login("begeleider1")
    page = f"/supervisor/learners/{demo.users['leerling1']}"
    supervisor.client.get(page)
    supervisor.post(f"{page}/login-card", {}, page=page)
    Auth(app.test_client()).login("leerling1")
    learner = demo.users["leerling1"]
    assert rows_of(app, LoginSession, "user_id", learner) == 1
    assert rows_of(app, LoginToken, "learner_id", learner) == 1
    assert rows_of(app, LearnerLastSeen, "learner_id", learner) == 1
    auth.login("beheer")
    assert erase(auth, learner).status_code == 302
    return learner


def test_confirmation_page_explains_what_goes_and_what_stays(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("beheer")
    user_page = client.get(f"/admin/users/{demo.users['leerling1']}").get_data(as_text=True)
    url = f"/admin/users/{demo.users['leerling1']}/erase"
    assert f'href="{url}"' in user_page
    page = client.get(url).get_data(as_text=True)
    assert "<h1>Anouk de Vries verwijderen?</h1>" in page
    assert "Dit gaat weg" in page
    assert "Dit blijft, zonder naam" in page
    assert "In Leerplek staat dan ‘verwijderde leerling’." in page
    assert "Verwijderen kun je niet ongedaan maken." in page
    assert 'name="csrf_token"' in page
    assert "Ja, verwijder Anouk de Vries" in page
    assert get(app, User, demo.users["leerling1"]).erased_at is None  # a GET changes nothing
    assert audit_rows(app) == []


def test_erasing_removes_personal_data_and_keeps_counts_and_history(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    add_work(app, demo)
    learner_id = demo.users["leerling1"]
    before = counts(app, learner_id)
    auth.login("beheer")
    page = erase(auth, learner_id, follow_redirects=True).get_data(as_text=True)
    assert "De persoon is verwijderd." in page
    assert "Anouk" not in page
    assert "Deze persoon is verwijderd op" in page

    user = get(app, User, learner_id)
    assert user.username == f"verwijderd-{learner_id}"
    assert user.display_name == "verwijderde leerling"
    assert not user.active
    assert user.erased_at is not None
    assert user.locale is None
    assert not user.check_password("oefenen123")
    assert user.last_active_at is None
    assert counts(app, learner_id) == before == (2, 3)
    with app.app_context():
        assert set(
            db.session.scalars(
                select(TaskCompletion.note).where(TaskCompletion.learner_id == learner_id)
            )
        ) == {""}
        history = db.session.execute(
            select(CompetenceSignoff.level, CompetenceSignoff.supervisor_id, CompetenceSignoff.note)
            .where(CompetenceSignoff.learner_id == learner_id)
            .order_by(CompetenceSignoff.id)
        ).all()
    supervisor = demo.users["begeleider1"]
    assert [tuple(row) for row in history] == [
        (SignoffLevel.WITH_HELP, supervisor, ""),
        (SignoffLevel.INDEPENDENT, supervisor, ""),
        (SignoffLevel.WITHDRAWN, supervisor, ""),
    ]
    assert audit_rows(app) == [(AuditAction.ERASE, demo.users["beheer"], learner_id, "")]
    assert Auth(app.test_client()).login("leerling1").status_code == 401
    assert Auth(app.test_client()).login(f"verwijderd-{learner_id}", "!erased").status_code == 401


def test_erasing_removes_log_ins_cards_and_last_seen(app: Flask, erased_learner: int) -> None:
    assert rows_of(app, LoginSession, "user_id", erased_learner) == 0
    assert rows_of(app, LoginToken, "learner_id", erased_learner) == 0
    assert rows_of(app, LearnerLastSeen, "learner_id", erased_learner) == 0


def test_an_erased_learner_is_logged_out_on_every_phone(app: Flask, demo: Demo, auth: Auth) -> None:
    phone = app.test_client()
    Auth(phone).login("leerling1")
    assert phone.get("/learner/").status_code == 200
    token = phone.get("/api/v1/csrf").get_json()["csrf_token"]
    auth.login("beheer")
    erase(auth, demo.users["leerling1"])
    response = phone.get("/learner/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    sync = phone.post("/api/v1/sync", json={"completions": []}, headers={"X-CSRFToken": token})
    assert sync.status_code == 401


def test_pages_and_exports_name_an_erased_learner_without_their_name(
    app: Flask, demo: Demo, erased_learner: int
) -> None:
    supervisor = Auth(app.test_client())
    supervisor.login("begeleider1")

    def get_page(url: str) -> str:
        return supervisor.client.get(url).get_data(as_text=True)

    home = get_page("/supervisor/")
    assert "Anouk" not in home
    assert "verwijderde leerling" not in home
    assert "Dennis Bakker" in home
    learner_page = get_page(f"/supervisor/learners/{erased_learner}")
    assert "<h1>verwijderde leerling</h1>" in learner_page
    assert "Nog niet afgetekend" in learner_page  # the newest sign-off was a withdrawal
    assert "/competences/" not in learner_page  # no sign-off link
    assert "Inlogkaart maken" not in learner_page
    overview = get_page(f"/supervisor/learners/{erased_learner}/overview")
    assert "Overzicht van wat verwijderde leerling kan" in overview
    assert "Saskia Jansen" in overview  # the supervisor's sign-off history stays
    organisation_csv = get_page("/supervisor/export.csv")
    erased_rows = [line for line in organisation_csv.splitlines() if "verwijderde leerling" in line]
    assert len(erased_rows) == 5  # two tasks and three sign-offs still count
    for text in (learner_page, overview, organisation_csv):
        assert "Anouk" not in text
        assert NOTE not in text
        assert SIGNOFF_NOTE not in text

    admin = Auth(app.test_client())
    admin.login("beheer")
    listing = admin.client.get("/admin/").get_data(as_text=True)
    assert "verwijderde leerling" in listing
    assert f"verwijderd-{erased_learner}" in listing
    assert "Anouk" not in listing


def test_an_erased_learner_cannot_be_changed_or_chosen(
    app: Flask, demo: Demo, erased_learner: int
) -> None:
    supervisor = Auth(app.test_client())
    supervisor.login("begeleider1")
    base = f"/supervisor/learners/{erased_learner}"
    competence = demo.competences["veilig-werken"][0]
    assert supervisor.client.get(f"{base}/competences/{competence}").status_code == 404
    assert supervisor.post(f"{base}/export.zip", {}, page="/supervisor/").status_code == 404
    page = "/supervisor/learners/" + str(demo.users["leerling2"])
    for action in ("login-card", "login-card/revoke", "logout-everywhere", "assignments"):
        assert (
            supervisor.post(f"{base}/{action}", {"package_id": "1"}, page=page).status_code == 404
        )
    cards = supervisor.post("/supervisor/login-cards", {}, page="/supervisor/").get_data(
        as_text=True
    )
    assert "verwijderde leerling" not in cards
    assert "Dennis Bakker" in cards
    assert rows_of(app, LoginToken, "learner_id", erased_learner) == 0


def test_an_erased_account_cannot_be_switched_on_or_given_a_password(
    app: Flask, demo: Demo, auth: Auth, erased_learner: int
) -> None:
    url = f"/admin/users/{erased_learner}"
    page = auth.client.get(url).get_data(as_text=True)
    assert "Wachtwoord opslaan" not in page
    assert "Account weer aanzetten" not in page
    switched = auth.post(f"{url}/active", {"active": "1"}, page=url, follow_redirects=True)
    assert "Dit account is verwijderd." in switched.get_data(as_text=True)
    reset = auth.post(
        f"{url}/password", {"password": "nieuw-wachtwoord"}, page="/admin/", follow_redirects=True
    )
    assert "Dit account is verwijderd." in reset.get_data(as_text=True)
    again = auth.post(f"{url}/erase", {}, page="/admin/")
    assert again.status_code == 400
    assert "Dit account is al verwijderd." in again.get_data(as_text=True)
    user = get(app, User, erased_learner)
    assert not user.active
    assert not user.check_password("nieuw-wachtwoord")
    assert [row[0] for row in audit_rows(app)][-1] is AuditAction.ERASE  # nothing else was logged


def test_an_erased_supervisors_signoffs_stay_and_are_named_without_a_name(
    app: Flask, demo: Demo, auth: Auth, make_user
) -> None:
    add_work(app, demo)
    make_user(
        "begeleider3",
        Role.SUPERVISOR,
        organisation="Kringloop De Omslag",
        display_name="Ilse Nieuw",
    )
    auth.login("beheer")
    erase(auth, demo.users["begeleider1"])
    colleague = Auth(app.test_client())
    colleague.login("begeleider3")
    overview = colleague.client.get(
        f"/supervisor/learners/{demo.users['leerling1']}/overview"
    ).get_data(as_text=True)
    assert "verwijderde begeleider" in overview
    assert "Saskia" not in overview
    assert (
        f"{SIGNOFF_NOTE} 22" in overview
    )  # the learner's sign-off notes are the learner's, they stay
    assert counts(app, demo.users["leerling1"]) == (2, 3)


def test_admins_cannot_erase_themselves(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("beheer")
    own = f"/admin/users/{demo.users['beheer']}"
    assert f"{own}/erase" not in client.get(own).get_data(as_text=True)
    assert "Je kunt je eigen account niet verwijderen." in client.get(f"{own}/erase").get_data(
        as_text=True
    )
    response = erase(auth, demo.users["beheer"])
    assert response.status_code == 400
    assert response.get_data(as_text=True).count("Je kunt je eigen account niet verwijderen.") == 1
    assert get(app, User, demo.users["beheer"]).erased_at is None
    assert audit_rows(app) == []


def test_the_last_admin_is_never_erased(app: Flask, demo: Demo) -> None:
    with app.test_request_context():
        admin = db.session.get(User, demo.users["beheer"])
        with pytest.raises(ErasureError, match="laatste beheerder"):
            erase_person(admin, None)
        db.session.rollback()
        assert db.session.get(User, demo.users["beheer"]).erased_at is None


def test_erasing_needs_the_csrf_token(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("beheer")
    response = client.post(f"/admin/users/{demo.users['leerling1']}/erase", data={})
    assert response.status_code == 400
    assert get(app, User, demo.users["leerling1"]).erased_at is None
    assert audit_rows(app) == []


@pytest.mark.parametrize("username", ["begeleider1", "redacteur", "leerling2"])
def test_only_admins_erase(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, username: str
) -> None:
    auth.login(username)
    url = f"/admin/users/{demo.users['leerling1']}/erase"
    assert client.get(url).status_code == 403
    assert auth.post(url, {}, page="/").status_code == 403
    assert get(app, User, demo.users["leerling1"]).erased_at is None


def test_an_unknown_person_gets_a_404(demo: Demo, auth: Auth, client: FlaskClient) -> None:
    auth.login("beheer")
    assert client.get("/admin/users/999999/erase").status_code == 404


def test_new_accounts_cannot_take_the_erased_username_prefix(
    app: Flask, demo: Demo, auth: Auth
) -> None:
    auth.login("beheer")
    data = {
        "username": "Verwijderd-7",
        "display_name": "Iemand",
        "role": "learner",
        "organisation_id": str(demo.organisations["Kringloop De Omslag"]),
        "password": "geheim-123",
    }
    response = auth.post("/admin/users/new", data)
    assert response.status_code == 400
    assert "Deze gebruikersnaam is niet toegestaan." in response.get_data(as_text=True)
