"""Twenty retries racing with the same id still store one row.

On PostgreSQL the requests really run in parallel and the unique constraint decides; SQLite
serialises writers, so there it checks the same promise without the race.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import TaskCompletion
from tests.api.conftest import completion
from tests.conftest import Auth
from tests.factories import Demo


def test_parallel_requests_with_the_same_id_store_one_row(app: Flask, demo: Demo) -> None:
    client = app.test_client()
    Auth(client).login("leerling1")
    token = client.get("/api/v1/csrf").get_json()["csrf_token"]
    cookie = client.get_cookie("session").value
    item = completion(demo.tasks["veilig-werken"][0])

    def send(_: int) -> str:
        phone = app.test_client()
        phone.set_cookie("session", cookie)
        response = phone.post("/api/v1/sync", json={"completions": [item]}, headers={"X-CSRFToken": token})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["results"][0]["status"]

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(send, range(20)))

    assert set(statuses) <= {"accepted", "duplicate"}
    assert statuses.count("accepted") == 1
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(TaskCompletion))
    assert count == 1
