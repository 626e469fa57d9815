"""The supervisor's outbox: sign-offs and feedback made offline reach the server exactly once,
with a result per item, and the newest sign-off by its sign-off time counts."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import (
    CompetenceSignoff,
    Reflection,
    Role,
    SignoffLevel,
    TaskCompletion,
    TaskFeedback,
    User,
)
from app.privacy.erasure import erase_person
from tests.conftest import Auth
from tests.factories import Demo


class SupervisorApi:
    """A supervisor's phone: session cookie plus a fresh CSRF token before every send."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def sync(self, *items: Any, token: str | None = None, sent_at: datetime | None = None):
        """``sent_at``: the phone's clock now (right, unless given)."""
        if token is None:
            response = self.client.get("/api/v1/csrf")
            assert response.status_code == 200
            token = response.get_json()["csrf_token"]
        body = {"items": list(items), "sent_at": (sent_at or datetime.now(UTC)).isoformat()}
        return self.client.post(
            "/api/v1/supervisor/sync", json=body, headers={"X-CSRFToken": token}
        )

    def results(self, *items: dict[str, Any], sent_at: datetime | None = None) -> list[dict]:
        response = self.sync(*items, sent_at=sent_at)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["results"]


@pytest.fixture
def supervisor_api(client: FlaskClient, auth: Auth) -> SupervisorApi:
    auth.login("begeleider1")
    return SupervisorApi(client)


def signoff(demo: Demo, learner: str = "leerling1", **overrides: Any) -> dict[str, Any]:
    item = {
        "id": str(uuid.uuid4()),
        "kind": "signoff",
        "learner_id": demo.users[learner],
        "competence_id": demo.competences["veilig-werken"][0],
        "level": "independent",
        "note": "Zag het op de vloer.",
        "signed_on": date.today().isoformat(),
        "signed_at": (datetime.now(UTC) - timedelta(minutes=10)).isoformat(),
    }
    item.update(overrides)
    return item


def feedback(completion_id: int, **overrides: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "kind": "feedback", "completion_id": completion_id,
            "text": "Goed gedaan!", **overrides}  # fmt: skip


def completed_task(app: Flask, demo: Demo, learner: str = "leerling1") -> int:
    with app.app_context():
        row = TaskCompletion(
            client_id=str(uuid.uuid4()),
            learner_id=demo.users[learner],
            task_id=demo.tasks["veilig-werken"][0],
            card_version=1,
            completed_at=datetime.now(UTC) - timedelta(hours=1),
            reflection=Reflection.HARD,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def stored_signoffs(app: Flask) -> list[tuple[str | None, str, datetime]]:
    with app.app_context():
        return [
            (row.request_id, row.level.value, row.signed_at)
            for row in db.session.scalars(select(CompetenceSignoff).order_by(CompetenceSignoff.id))
        ]


def close_to(moment: datetime, expected: datetime) -> bool:
    return abs(moment - expected) < timedelta(seconds=5)


def test_a_signoff_sent_again_is_stored_once_with_the_phones_time(
    app: Flask, demo: Demo, supervisor_api: SupervisorApi
) -> None:
    made = datetime.now(UTC) - timedelta(hours=20)  # signed yesterday, offline
    item = signoff(demo, signed_at=made.astimezone(timezone(timedelta(hours=1))).isoformat())
    assert supervisor_api.results(item) == [{"id": item["id"], "status": "accepted"}]
    # The answer got lost on the way: the phone sends it again, also twice in one batch.
    assert supervisor_api.results(item, item) == [
        {"id": item["id"], "status": "duplicate"},
        {"id": item["id"], "status": "duplicate"},
    ]
    [(request_id, level, signed_at)] = stored_signoffs(app)
    assert (request_id, level) == (item["id"], "independent")
    assert close_to(signed_at, made)


def test_a_phone_clock_that_is_wrong_is_corrected_by_its_time_of_sending(
    app: Flask, demo: Demo, supervisor_api: SupervisorApi
) -> None:
    now = datetime.now(UTC)
    ahead = timedelta(hours=2)  # this phone's clock is two hours fast
    item = signoff(demo, signed_at=(now + ahead - timedelta(minutes=10)).isoformat())
    assert supervisor_api.results(item, sent_at=now + ahead)[0]["status"] == "accepted"
    [(_, _, signed_at)] = stored_signoffs(app)
    assert close_to(signed_at, now - timedelta(minutes=10))  # the server's time, not the phone's


def test_the_same_id_with_other_content_is_refused_and_changes_nothing(
    app: Flask, demo: Demo, supervisor_api: SupervisorApi
) -> None:
    item = signoff(demo)
    supervisor_api.results(item)
    [result] = supervisor_api.results({**item, "level": "with_help"})
    assert result["status"] == "rejected"
    assert result["code"] == "conflict"
    assert [level for _, level, _ in stored_signoffs(app)] == ["independent"]


def test_two_supervisors_offline_both_keep_their_row_and_the_later_judgement_counts(
    app: Flask, demo: Demo, client: FlaskClient, auth: Auth, make_user
) -> None:
    with app.app_context():
        organisation = db.session.get(User, demo.users["begeleider1"]).organisation.name
    make_user("begeleider9", Role.SUPERVISOR, organisation=organisation)
    now = datetime.now(UTC)
    # Saskia signed at 10:00 and Bert at 11:00, both offline; Bert's phone is online first.
    early = signoff(demo, level="independent", signed_at=(now - timedelta(hours=2)).isoformat())
    late = signoff(demo, level="with_help", signed_at=(now - timedelta(hours=1)).isoformat())
    auth.login("begeleider9")
    assert SupervisorApi(client).results(late)[0]["status"] == "accepted"
    auth.logout()
    auth.login("begeleider1")
    assert SupervisorApi(client).results(early)[0]["status"] == "accepted"

    assert len(stored_signoffs(app)) == 2  # both judgements stay in the history
    # (imported here: app.signoffs before app.learner is a circular import)
    from app.signoffs.services import competence_status

    with app.app_context():
        learner = db.session.get(User, demo.users["leerling1"])
        status = competence_status(learner, demo.competences["veilig-werken"][0])
        assert status.current.level is SignoffLevel.WITH_HELP  # made last, though sent first
        assert [row.request_id for row in status.history] == [late["id"], early["id"]]
    page = client.get(f"/supervisor/learners/{demo.users['leerling1']}").get_data(as_text=True)
    tile = page.split('data-competence-id="{}"'.format(demo.competences["veilig-werken"][0]))[1]
    assert "Met hulp" in tile.split("</li>")[0]


def test_a_signoff_for_a_learner_who_left_is_refused_with_the_reason_and_blocks_nothing(
    app: Flask, demo: Demo, supervisor_api: SupervisorApi
) -> None:
    gone = signoff(demo)
    other = signoff(demo, learner="leerling2")
    with app.app_context():  # the learner moved to the other enterprise meanwhile
        learner = db.session.get(User, demo.users["leerling1"])
        learner.organisation_id = db.session.get(User, demo.users["leerling4"]).organisation_id
        db.session.commit()
    results = supervisor_api.results(gone, other)
    assert results[0] == {
        "id": gone["id"],
        "status": "rejected",
        "code": "learner_gone",
        "error": "Deze leerling hoort niet meer bij jouw organisatie. Het is niet opgeslagen.",
    }
    assert results[1]["status"] == "accepted"
    assert [request for request, _, _ in stored_signoffs(app)] == [other["id"]]


def test_a_signoff_for_an_erased_learner_is_refused(
    app: Flask, demo: Demo, supervisor_api: SupervisorApi
) -> None:
    with app.app_context():
        admin = db.session.get(User, demo.users["beheer"])
        erase_person(db.session.get(User, demo.users["leerling1"]), admin)
        db.session.commit()
    [result] = supervisor_api.results(signoff(demo))
    assert (result["status"], result["code"]) == ("rejected", "learner_erased")
    assert stored_signoffs(app) == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"competence_id": 999999}, "not_assigned"),
        ({"level": "withdrawn"}, "nothing_to_withdraw"),
        ({"signed_on": (date.today() + timedelta(days=2)).isoformat()}, "in_future"),
    ],
)
def test_a_signoff_that_breaks_a_rule_is_refused_with_a_dutch_reason(
    app: Flask, demo: Demo, supervisor_api: SupervisorApi, change: dict[str, Any], code: str
) -> None:
    [result] = supervisor_api.results(signoff(demo, **change))
    assert (result["status"], result["code"]) == ("rejected", code)
    assert result["error"]  # shown beside the item on the phone
    assert stored_signoffs(app) == []


def test_feedback_is_stored_once_and_refused_for_other_organisations(
    app: Flask, demo: Demo, supervisor_api: SupervisorApi
) -> None:
    own = completed_task(app, demo)
    foreign = completed_task(app, demo, learner="leerling4")
    item = feedback(own, text="  Goed gedaan!  ")
    results = supervisor_api.results(
        item, item, {**item, "text": "Iets anders"}, feedback(foreign), feedback(999999)
    )
    assert [(r["status"], r.get("code")) for r in results] == [
        ("accepted", None),
        ("duplicate", None),
        ("rejected", "conflict"),
        # another organisation's task and no task get the same answer: nothing to learn from it
        ("rejected", "unknown_task"),
        ("rejected", "unknown_task"),
    ]
    with app.app_context():
        rows = db.session.scalars(select(TaskFeedback)).all()
        assert [(row.completion_id, row.text, row.request_id) for row in rows] == [
            (own, "Goed gedaan!", item["id"])
        ]


def test_a_resend_after_the_learner_was_erased_is_still_a_duplicate(
    app: Flask, demo: Demo, supervisor_api: SupervisorApi
) -> None:
    item, note = signoff(demo), feedback(completed_task(app, demo))
    supervisor_api.results(item, note)
    with app.app_context():  # erasure empties notes and feedback texts
        admin = db.session.get(User, demo.users["beheer"])
        erase_person(db.session.get(User, demo.users["leerling1"]), admin)
        db.session.commit()
    results = supervisor_api.results(item, note)  # the first answer got lost
    assert [result["status"] for result in results] == ["duplicate", "duplicate"]


def test_hostile_shapes_get_a_400_not_a_500(demo: Demo, supervisor_api: SupervisorApi) -> None:
    for items in ([{"kind": []}], [{}], [None], ["signoff"], [{"kind": {"a": 1}}]):
        response = supervisor_api.sync(*items)
        assert response.status_code == 400, items
        assert response.get_json()["message"] == "validation"
    response = supervisor_api.client.post(
        "/api/v1/supervisor/sync",
        json={"items": [{"kind": "feedback"}]},  # no sent_at either
        headers={"X-CSRFToken": supervisor_api.client.get("/api/v1/csrf").get_json()["csrf_token"]},
    )
    assert set(response.get_json()["errors"]) == {"items", "sent_at"}


def test_broken_items_get_per_field_errors(demo: Demo, supervisor_api: SupervisorApi) -> None:
    response = supervisor_api.sync(
        {"id": str(uuid.uuid4()), "kind": "signoff", "learner_id": demo.users["leerling1"]},
        {"id": "not-a-uuid", "kind": "poem"},
        feedback(1, text="x" * 501),
    )
    assert response.status_code == 400
    errors = response.get_json()["errors"]["items"]
    assert set(errors["0"]) == {"competence_id", "level", "signed_on", "signed_at"}
    assert set(errors["1"]) == {"kind"}
    assert set(errors["2"]) == {"text"}


def test_only_supervisors_send_and_only_with_a_csrf_token(
    app: Flask, demo: Demo, client: FlaskClient, auth: Auth
) -> None:
    body = {"items": [signoff(demo)]}
    assert client.post("/api/v1/supervisor/sync", json=body).status_code == 401
    for username in ("leerling1", "redacteur", "beheer"):
        auth.login(username)
        token = auth.csrf("/")
        response = client.post("/api/v1/supervisor/sync", json=body, headers={"X-CSRFToken": token})
        assert response.status_code == 403, username
        auth.logout()
    auth.login("begeleider1")
    response = client.post("/api/v1/supervisor/sync", json=body)
    assert (response.status_code, response.get_json()["message"]) == (400, "csrf")
    assert stored_signoffs(app) == []
