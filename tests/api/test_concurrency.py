"""Racing requests store every id once, and never fail each other.

On PostgreSQL the requests really run in parallel and the unique constraint decides; SQLite
serialises writers, so there it checks the same promise without the race.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Organisation, OrganisationKind, TaskCompletion, User
from app.sync.services import commit_with_retry
from tests.api.conftest import completion
from tests.conftest import Auth
from tests.factories import Demo

# Several threads, each with a connection of its own, must see each other's rows.
pytestmark = pytest.mark.commits


def test_parallel_requests_with_the_same_id_store_one_row(app: Flask, demo: Demo) -> None:
    client = app.test_client()
    Auth(client).login("leerling1")
    token = client.get("/api/v1/csrf").get_json()["csrf_token"]
    cookie = client.get_cookie("session").value
    item = completion(demo.tasks["veilig-werken"][0])

    def send(_: int) -> str:
        phone = app.test_client()
        phone.set_cookie("session", cookie)
        response = phone.post(
            "/api/v1/sync", json={"completions": [item]}, headers={"X-CSRFToken": token}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["results"][0]["status"]

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(send, range(20)))

    assert set(statuses) <= {"accepted", "duplicate"}
    assert statuses.count("accepted") == 1
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(TaskCompletion))
    assert count == 1


def test_parallel_batches_with_the_same_ids_in_other_orders_all_succeed(
    app: Flask, demo: Demo
) -> None:
    """Batches sharing ids wait for each other on the unique index. Taken in different orders
    those waits would form a cycle, which PostgreSQL breaks by failing one request (a 500)."""
    client = app.test_client()
    Auth(client).login("leerling1")
    token = client.get("/api/v1/csrf").get_json()["csrf_token"]
    cookie = client.get_cookie("session").value
    tasks = demo.tasks["veilig-werken"] + demo.tasks["afval-scheiden"]
    items = [completion(tasks[index % len(tasks)]) for index in range(20)]
    senders = 12
    orders = [
        list(reversed(items)) if n % 2 else random.Random(n).sample(items, len(items))
        for n in range(senders)
    ]
    start = threading.Barrier(senders)

    def send(batch: list[dict]) -> list[dict]:
        phone = app.test_client()
        phone.set_cookie("session", cookie)
        start.wait(timeout=30)
        response = phone.post(
            "/api/v1/sync", json={"completions": batch}, headers={"X-CSRFToken": token}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        results = response.get_json()["results"]
        assert [r["id"] for r in results] == [item["id"] for item in batch]  # the sender's order
        return results

    with ThreadPoolExecutor(max_workers=senders) as pool:
        answers = [result for results in pool.map(send, orders) for result in results]

    assert {r["status"] for r in answers} <= {"accepted", "duplicate"}
    accepted = Counter(r["id"] for r in answers if r["status"] == "accepted")
    assert accepted == Counter(item["id"] for item in items)  # each id accepted exactly once
    with app.app_context():
        client_ids = list(db.session.scalars(select(TaskCompletion.client_id)))
    assert sorted(client_ids) == sorted(item["id"] for item in items)


def test_a_deadlocked_transaction_is_run_again(app: Flask, demo: Demo) -> None:
    """Two transactions lock two rows in opposite order: PostgreSQL fails one (deadlock), and
    commit_with_retry runs that one again, so both finish."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has one writer at a time: no deadlocks to break")
    first, second = demo.users["leerling1"], demo.users["leerling2"]
    both_hold_one = threading.Barrier(2)
    runs: list[str] = []

    def lock(user_id: int) -> None:
        db.session.execute(select(User.id).where(User.id == user_id).with_for_update())

    def transaction(name: str, a: int, b: int) -> str:
        with app.app_context():

            def work() -> str:
                runs.append(name)
                lock(a)
                if runs.count(name) == 1:
                    both_hold_one.wait(timeout=30)
                lock(b)
                return name

            try:
                return commit_with_retry(work)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(transaction, ["one", "two"], [first, second], [second, first]))

    assert done == ["one", "two"]
    assert len(runs) == 3  # one of them ran twice


def test_other_database_errors_are_not_retried(app: Flask, demo: Demo) -> None:
    runs: list[int] = []

    def work() -> None:
        runs.append(1)
        db.session.add(Organisation(name="Kringloop De Omslag", kind=OrganisationKind.ENTERPRISE))
        db.session.flush()  # the name is taken: IntegrityError

    with app.app_context(), pytest.raises(IntegrityError):
        commit_with_retry(work)
    assert runs == [1]
