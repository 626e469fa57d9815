"""A supervisor logs a learner out everywhere, e.g. when the learner's phone is lost."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.models import AuditAction
from tests.api.conftest import completion
from tests.conftest import Auth
from tests.factories import Demo
from tests.privacy.work import audit_rows


def test_supervisor_logs_a_lost_phone_out(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    phone = app.test_client()
    Auth(phone).login("leerling1")  # with the long-lived remember cookie
    assert phone.get("/learner/").status_code == 200
    token = phone.get("/api/v1/csrf").get_json()["csrf_token"]
    other_learner = app.test_client()
    Auth(other_learner).login("leerling2")

    auth.login("begeleider1")
    page_url = f"/supervisor/learners/{demo.users['leerling1']}"
    page = client.get(page_url).get_data(as_text=True)
    assert f'action="{page_url}/logout-everywhere"' in page
    assert "Leerling overal uitloggen" in page
    response = auth.post(f"{page_url}/logout-everywhere", {}, page=page_url, follow_redirects=True)
    assert "Anouk de Vries is nu overal uitgelogd." in response.get_data(as_text=True)

    lost = phone.get("/learner/")
    assert lost.status_code == 302
    assert "/login" in lost.headers["Location"]
    task = demo.tasks["veilig-werken"][0]
    sync = phone.post(
        "/api/v1/sync", json={"completions": [completion(task)]}, headers={"X-CSRFToken": token}
    )
    assert sync.status_code == 401
    assert other_learner.get("/learner/").status_code == 200  # nobody else is logged out
    assert client.get("/supervisor/").status_code == 200  # nor the supervisor
    assert audit_rows(app) == [
        (AuditAction.END_SESSIONS, demo.users["begeleider1"], demo.users["leerling1"], "")
    ]

    assert (
        Auth(phone).login("leerling1").headers["Location"] == "/learner/"
    )  # logging in again works


@pytest.mark.parametrize(
    ("username", "status"), [("begeleider2", 404), ("leerling2", 403), ("redacteur", 403)]
)
def test_only_the_learners_own_supervisor_can_do_it(
    app: Flask, demo: Demo, auth: Auth, username: str, status: int
) -> None:
    phone = app.test_client()
    Auth(phone).login("leerling1")
    auth.login(username)
    response = auth.post(
        f"/supervisor/learners/{demo.users['leerling1']}/logout-everywhere", {}, page="/"
    )
    assert response.status_code == status
    assert phone.get("/learner/").status_code == 200
    assert audit_rows(app) == []


def test_it_needs_the_csrf_token(app: Flask, demo: Demo, auth: Auth, client: FlaskClient) -> None:
    phone = app.test_client()
    Auth(phone).login("leerling1")
    auth.login("begeleider1")
    response = client.post(
        f"/supervisor/learners/{demo.users['leerling1']}/logout-everywhere", data={}
    )
    assert response.status_code == 400
    assert phone.get("/learner/").status_code == 200
