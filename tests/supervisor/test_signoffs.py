"""Ticking off competences: choose a level and press "Aftekenen", history kept, one row per submit."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import CompetenceSignoff, LessonPackage, User
from tests.conftest import Auth
from tests.factories import Demo


def competence_id(app: Flask, demo: Demo, slug: str, index: int = 0) -> int:
    with app.app_context():
        return db.session.get(LessonPackage, demo.packages[slug]).competences[index].id


def signoffs(app: Flask) -> list[CompetenceSignoff]:
    with app.app_context():
        rows = list(db.session.scalars(select(CompetenceSignoff).order_by(CompetenceSignoff.id)))
        for row in rows:
            _ = row.level
        db.session.expunge_all()
        return rows


def form_url(demo: Demo, competence: int, learner: str = "leerling1") -> str:
    return f"/supervisor/learners/{demo.users[learner]}/competences/{competence}"


def request_id(client: FlaskClient, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="request_id" type="hidden" value="([^"]+)"', page).group(1)


def sign(auth: Auth, client: FlaskClient, url: str, **data: str):
    values = {
        "level": "with_help",
        "note": "",
        "signed_on": date.today().isoformat(),
        "request_id": request_id(client, url),
        **data,
    }
    return auth.post(url, values, page=url)


def test_supervisor_signs_off_corrects_and_withdraws_with_history(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    competence = competence_id(app, demo, "veilig-werken")
    url = form_url(demo, competence)
    response = sign(auth, client, url, level="with_help", note="Met een geheugensteun")
    assert response.status_code == 302
    sign(
        auth,
        client,
        url,
        level="independent",
        signed_on=(date.today() - timedelta(days=1)).isoformat(),
    )
    assert "Intrekken" in client.get(url).get_data(as_text=True)
    sign(auth, client, url, level="withdrawn", note="Toch nog niet")

    rows = signoffs(app)
    assert [row.level.value for row in rows] == ["with_help", "independent", "withdrawn"]
    assert all(row.supervisor_id == demo.users["begeleider1"] for row in rows)
    page = client.get(url).get_data(as_text=True)
    history = page.split("Geschiedenis")[1]
    assert history.index("Ingetrokken") < history.index("Zelfstandig") < history.index("Met hulp")
    assert "Toch nog niet" in history
    assert "Saskia Jansen" in history
    learner_page = client.get(f"/supervisor/learners/{demo.users['leerling1']}").get_data(
        as_text=True
    )
    assert "Nog niet afgetekend" in learner_page  # withdrawn: no current level


def test_double_submit_stores_one_signoff(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    url = form_url(demo, competence_id(app, demo, "veilig-werken"))
    rid = request_id(client, url)
    token = auth.csrf(url)
    data = {
        "level": "independent",
        "note": "",
        "signed_on": date.today().isoformat(),
        "request_id": rid,
        "csrf_token": token,
    }
    first = client.post(url, data=data)
    second = client.post(url, data=data)  # the same form again: a double tap or a resend
    assert first.status_code == second.status_code == 302
    assert len(signoffs(app)) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": ""}, "met hulp' of 'zelfstandig"),
        ({"level": "expert"}, "Ongeldige keuze"),
        ({"level": "withdrawn"}, "Ongeldige keuze"),  # nothing signed off yet to withdraw
        (  # two days on: in the future in Amsterdam too, also just after midnight UTC
            {"signed_on": (date.today() + timedelta(days=2)).isoformat()},
            "De datum mag niet in de toekomst liggen.",
        ),
        ({"signed_on": "gisteren"}, "Ongeldige datum."),
        ({"note": "x" * 1001}, "Schrijf niet meer dan 1000 tekens."),
    ],
)
def test_bad_signoffs_get_a_message_and_store_nothing(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, data: dict[str, str], message: str
) -> None:
    auth.login("begeleider1")
    url = form_url(demo, competence_id(app, demo, "veilig-werken"))
    response = sign(auth, client, url, **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert signoffs(app) == []


def test_competence_not_in_the_learners_packages_cannot_be_signed_off(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    other = competence_id(app, demo, "veilig-werken")
    url = form_url(demo, other, learner="leerling3")  # leerling3 only has digitaal-werken
    assert client.get(url).status_code == 404
    token = auth.csrf("/supervisor/")
    response = client.post(
        url,
        data={
            "level": "with_help",
            "signed_on": date.today().isoformat(),
            "request_id": "00000000-0000-4000-8000-000000000000",
            "csrf_token": token,
        },
    )
    assert response.status_code == 404
    assert signoffs(app) == []


def test_learner_sees_the_signoff_on_their_progress_page(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    competence = competence_id(app, demo, "veilig-werken")
    sign(auth, client, form_url(demo, competence), level="independent")
    learner = app.test_client()
    Auth(learner).login("leerling1")
    page = learner.get("/learner/progress").get_data(as_text=True)
    badge = page.split('class="badge badge-done">')[1].split("</span>")[0]
    assert "icon-check" in badge
    assert badge.endswith(" Zelfstandig")
    assert "Afgetekend door Saskia Jansen" in page


@pytest.mark.parametrize(
    ("signed_on", "request_id", "field"),
    [(None, "00000000-0000-4000-8000-000000000000", "signed_on"), (date.today(), None, "request")],
)
def test_the_service_refuses_a_signoff_without_date_or_request_id(
    app: Flask, demo: Demo, signed_on: date | None, request_id: str | None, field: str
) -> None:
    """The form requires both; the service checks them too, as it is called without a form."""
    from app.signoffs.services import SignoffError, record_signoff  # imported once the app is up

    with app.app_context():
        supervisor = db.session.get(User, demo.users["begeleider1"])
        learner = db.session.get(User, demo.users["leerling1"])
        with pytest.raises(SignoffError) as refused:
            record_signoff(
                supervisor,
                learner,
                competence_id(app, demo, "veilig-werken"),
                level="independent",
                note="",
                signed_on=signed_on,
                request_id=request_id,
                today=date.today(),
            )
    assert refused.value.field == field
    assert signoffs(app) == []
