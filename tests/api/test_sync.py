"""POST /api/v1/sync: every completion is stored exactly once, with a result per item."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from flask import Flask
from sqlalchemy import event

from app.extensions import db
from tests.api.conftest import LearnerApi, completion
from tests.conftest import Auth
from tests.factories import Demo
from tests.helpers import stored_completions


def test_completions_are_accepted_and_stored_with_the_phones_time(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    tasks = demo.tasks["veilig-werken"]
    amsterdam = timezone(timedelta(hours=1))
    done_at = (datetime.now(UTC) - timedelta(minutes=10)).astimezone(amsterdam)
    done_at = done_at.replace(microsecond=0)
    items = [
        completion(tasks[0], completed_at=done_at.isoformat()),  # e.g. 2026-11-27T09:15:00+01:00
        completion(tasks[1], reflection="hard", note=""),
    ]
    response = learner_api.sync({"completions": items})
    assert response.status_code == 200
    assert response.get_json() == {
        "results": [{"id": item["id"], "status": "accepted"} for item in items]
    }
    by_id = {row.client_id: row for row in stored_completions(app)}
    assert set(by_id) == {item["id"] for item in items}
    rows = [by_id[item["id"]] for item in items]
    assert rows[0].completed_at == done_at
    assert rows[0].completed_at.tzinfo == UTC
    assert rows[0].received_at > rows[0].completed_at
    assert rows[0].learner_id == demo.users["leerling1"]
    assert rows[1].reflection.value == "hard"


def test_the_same_batch_sent_twice_stores_nothing_twice(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    items = [completion(task) for task in demo.tasks["veilig-werken"][:3]]
    learner_api.sync({"completions": items})
    again = learner_api.sync({"completions": items}).get_json()["results"]
    assert [r["status"] for r in again] == ["duplicate"] * 3
    assert len(stored_completions(app)) == 3


def test_same_id_twice_in_one_batch_is_stored_once(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    item = completion(demo.tasks["veilig-werken"][0])
    results = learner_api.sync({"completions": [item, dict(item)]}).get_json()["results"]
    assert [r["status"] for r in results] == ["accepted", "duplicate"]
    assert len(stored_completions(app)) == 1


def test_same_id_twice_in_one_batch_with_other_content_is_a_conflict(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    item = completion(demo.tasks["veilig-werken"][0])
    changed = {**item, "reflection": "hard"}
    results = learner_api.sync({"completions": [item, changed]}).get_json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected"]
    assert results[1]["code"] == "conflict"
    [row] = stored_completions(app)
    assert row.reflection.value == "good"


def test_a_batch_costs_the_same_number_of_queries_whatever_its_size(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    """Checked with a few set-based queries, not a few per item: 200 items must not cost 200
    round trips to the database (a phone back online after a week sends a full batch)."""
    tasks = [task for key in demo.tasks for task in demo.tasks[key]]

    def statements_for(count: int) -> int:
        items = [completion(tasks[index % len(tasks)]) for index in range(count)]
        seen: list[str] = []
        with app.app_context():
            engine = db.engine

        def listen(connection: object, cursor: object, statement: str, *rest: object) -> None:
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", listen)
        try:
            results = learner_api.sync({"completions": items}).get_json()["results"]
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        assert {r["status"] for r in results} <= {"accepted", "rejected"}
        return len([sql for sql in seen if "task_completion" in sql or "assignment" in sql])

    few = statements_for(2)
    assert few >= 3  # ids already stored, the assignments, the insert: the listener sees them
    assert statements_for(200) == few


def test_same_id_with_other_content_is_a_conflict(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    item = completion(demo.tasks["veilig-werken"][0])
    learner_api.sync({"completions": [item]})
    changed = {**item, "note": "Iets anders"}
    [result] = learner_api.sync({"completions": [changed]}).get_json()["results"]
    assert result["status"] == "rejected"
    assert result["code"] == "conflict"
    assert result["error"]
    assert [row.note for row in stored_completions(app)] == ["Ging prima."]


def test_same_id_from_another_learner_is_their_own_item(
    app: Flask, demo: Demo, learner_api: LearnerApi
) -> None:
    """Ids are unique per learner: another phone's id never touches this learner's rows."""
    item = completion(demo.tasks["veilig-werken"][0])
    learner_api.sync({"completions": [item]})
    other = app.test_client()
    Auth(other).login("leerling4")  # also has veilig-werken
    token = other.get("/api/v1/csrf").get_json()["csrf_token"]
    response = other.post(
        "/api/v1/sync", json={"completions": [item]}, headers={"X-CSRFToken": token}
    )
    assert response.get_json()["results"][0]["status"] == "accepted"
    assert len(stored_completions(app)) == 2


def _in(minutes: int) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat()


@pytest.mark.parametrize(
    ("package", "changes", "code"),
    [
        ("digitaal-werken", {"task_id": 999999}, "unknown_task"),
        ("veilig-werken", {}, "not_assigned"),
        ("digitaal-werken", {"card_version": 2}, "unknown_version"),
        ("digitaal-werken", {"completed_at": _in(30)}, "in_future"),
        ("digitaal-werken", {"completed_at": "2001-01-01T10:00:00+01:00"}, "before_account"),
    ],
)
def test_rule_breaking_items_are_rejected_with_a_reason_and_others_still_stored(
    app: Flask, demo: Demo, client, auth: Auth, package: str, changes: dict, code: str
) -> None:
    auth.login("leerling3")  # has only digitaal-werken
    api = LearnerApi(client, demo)
    bad = {**completion(demo.tasks[package][0]), **changes}
    good = completion(demo.tasks["digitaal-werken"][1])
    results = api.sync({"completions": [bad, good]}).get_json()["results"]
    assert results[0]["status"] == "rejected"
    assert results[0]["code"] == code
    assert results[0]["error"]
    assert results[1] == {"id": good["id"], "status": "accepted"}
    assert [row.client_id for row in stored_completions(app)] == [good["id"]]


def test_a_little_clock_skew_is_allowed(app: Flask, learner_api: LearnerApi, demo: Demo) -> None:
    soon = (datetime.now(UTC) + timedelta(minutes=2)).isoformat()
    [result] = learner_api.sync(
        {"completions": [completion(demo.tasks["veilig-werken"][0], completed_at=soon)]}
    ).get_json()["results"]
    assert result["status"] == "accepted"


def test_an_older_card_version_is_accepted(app: Flask, learner_api: LearnerApi, demo: Demo) -> None:
    """A phone offline for a week may have done the task on the version before the newest."""
    from app.content.services import publish_card
    from app.models import Card

    with app.app_context():
        card = db.session.get(Card, demo.cards["veilig-werken"][0])
        publish_card(card, None)
        db.session.commit()
    item = completion(demo.tasks["veilig-werken"][0], card_version=1)
    assert (
        learner_api.sync({"completions": [item]}).get_json()["results"][0]["status"] == "accepted"
    )
    assert stored_completions(app)[0].card_version == 1


BAD_BODIES = [
    ("not json", "this is not json", "_schema"),
    ("a list", json.dumps([1, 2]), "_schema"),
    ("no completions", json.dumps({}), "completions"),
    ("empty", json.dumps({"completions": []}), "completions"),
    ("not a list", json.dumps({"completions": "x"}), "completions"),
]


@pytest.mark.parametrize(("name", "body", "field"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_malformed_requests_get_400_with_field_errors(
    app: Flask, learner_api: LearnerApi, name: str, body: str, field: str
) -> None:
    response = learner_api.sync(body)
    assert response.status_code == 400
    payload = response.get_json()
    assert payload["code"] == 400
    assert field in payload["errors"]
    assert stored_completions(app) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": "not-a-uuid"}, "id"),
        ({"id": 12}, "id"),
        ({"task_id": "12"}, "task_id"),
        ({"task_id": 1.5}, "task_id"),
        ({"task_id": 2**63}, "task_id"),
        ({"card_version": 0}, "card_version"),
        ({"completed_at": "gisteren"}, "completed_at"),
        ({"completed_at": "2026-11-27T09:15:00"}, "completed_at"),  # no offset
        ({"completed_at": "0001-01-01T00:00:00+00:01"}, "completed_at"),  # found by schemathesis
        ({"reflection": "super"}, "reflection"),
        ({"note": "x" * 501}, "note"),
        ({"note": None}, "note"),
    ],
)
def test_one_bad_field_rejects_the_batch_with_its_index_and_stores_nothing(
    app: Flask, learner_api: LearnerApi, demo: Demo, change: dict, field: str
) -> None:
    good = completion(demo.tasks["veilig-werken"][0])
    bad = {**completion(demo.tasks["veilig-werken"][1]), **change}
    response = learner_api.sync({"completions": [good, bad]})
    assert response.status_code == 400
    assert field in response.get_json()["errors"]["completions"]["1"]
    assert stored_completions(app) == []


def test_missing_fields_are_named(learner_api: LearnerApi) -> None:
    response = learner_api.sync({"completions": [{}]})
    errors = response.get_json()["errors"]["completions"]["0"]
    assert set(errors) == {"id", "task_id", "card_version", "completed_at", "reflection"}


def test_at_most_200_items(app: Flask, learner_api: LearnerApi, demo: Demo) -> None:
    task = demo.tasks["veilig-werken"][0]
    too_many = [completion(task) for _ in range(201)]
    assert learner_api.sync({"completions": too_many}).status_code == 400
    results = learner_api.sync({"completions": too_many[:200]}).get_json()["results"]
    assert len(results) == 200
    assert {r["status"] for r in results} == {"accepted"}
    assert len(stored_completions(app)) == 200


def test_without_login_the_api_answers_401_json(client, demo: Demo) -> None:
    """Also a POST without a CSRF token: a phone whose session ended has no valid token, and
    must hear "log in again" (401), not "bad token" (400, which it would retry forever)."""
    for method, url in [
        ("get", "/api/v1/csrf"),
        ("get", "/api/v1/learner/content"),
        ("post", "/api/v1/sync"),
    ]:
        body = {"completions": [completion(1)]} if method == "post" else None
        response = getattr(client, method)(url, json=body)
        assert response.status_code == 401, url
        assert response.is_json
        assert set(response.get_json()) == {"code", "message", "description"}
        assert response.get_json()["code"] == 401
        assert "Location" not in response.headers


def test_sync_after_the_session_ended_without_a_token_answers_401(
    app: Flask, demo: Demo, client, auth: Auth
) -> None:
    auth.login("leerling1")
    client.delete_cookie("remember_token")
    with client.session_transaction() as session:
        session.pop("_user_id", None)
    item = completion(demo.tasks["veilig-werken"][0])
    response = client.post("/api/v1/sync", json={"completions": [item]})
    assert response.status_code == 401
    assert response.get_json()["code"] == 401
    assert stored_completions(app) == []


def test_every_api_state_change_needs_a_csrf_token(app: Flask, learner_api: LearnerApi) -> None:
    """The API blueprint checks CSRF itself; no POST (or PUT, ...) route may slip past it."""
    changes = [
        (rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in sorted((rule.methods or set()) - {"GET", "HEAD", "OPTIONS"})
    ]
    assert changes, "the API has state changes to protect"
    for rule, method in changes:
        url = rule.build(dict.fromkeys(rule.arguments, 1), append_unknown=False)[1]
        response = learner_api.client.open(url, method=method, json={})
        assert response.status_code == 400, (method, url)
        assert response.get_json()["message"] == "csrf", (method, url)


def test_sync_without_login_but_with_token_answers_401(
    app: Flask, demo: Demo, client, auth: Auth
) -> None:
    auth.login("leerling1")
    token = client.get("/api/v1/csrf").get_json()["csrf_token"]
    client.delete_cookie("remember_token")
    with client.session_transaction() as session:
        session.pop("_user_id", None)
    response = client.post(
        "/api/v1/sync", json={"completions": [completion(1)]}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 401
    assert response.is_json


@pytest.mark.parametrize("username", ["begeleider1", "redacteur", "beheer"])
def test_only_learners_use_the_learner_api(demo: Demo, client, auth: Auth, username: str) -> None:
    auth.login(username)
    assert client.get("/api/v1/learner/content").status_code == 403
    # A supervisor's outbox fetches its token there too (tests/api/test_supervisor_sync.py).
    assert client.get("/api/v1/csrf").status_code == (200 if username == "begeleider1" else 403)
    token = auth.csrf("/")
    response = client.post(
        "/api/v1/sync", json={"completions": [completion(1)]}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 403
    assert response.is_json


def test_sync_without_csrf_token_is_refused(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    response = learner_api.client.post(
        "/api/v1/sync", json={"completions": [completion(demo.tasks["veilig-werken"][0])]}
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == "csrf"
    assert stored_completions(app) == []


def test_a_task_done_offline_before_its_package_was_taken_away_still_counts(
    app: Flask, learner_api: LearnerApi, demo: Demo, client, auth: Auth
) -> None:
    done_before = completion(demo.tasks["afval-scheiden"][0])  # on the phone, 3 minutes ago
    coach = app.test_client()
    Auth(coach).login("begeleider1")
    url = f"/supervisor/learners/{demo.users['leerling1']}"
    Auth(coach).post(f"{url}/assignments/{demo.packages['afval-scheiden']}/remove", {}, page=url)
    assert "afval-scheiden" not in demo.assigned(app, "leerling1")

    done_after = completion(
        demo.tasks["afval-scheiden"][1], completed_at=datetime.now(UTC).isoformat()
    )
    results = learner_api.sync({"completions": [done_before, done_after]}).get_json()["results"]
    assert results[0]["status"] == "accepted"
    assert results[1]["status"] == "rejected"
    assert results[1]["code"] == "not_assigned"
