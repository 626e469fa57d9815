"""Kept figures (app/evaluation/cache.py): counted once, read until they are too old or someone
asks to count again, and never shown to a viewer who would see other numbers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.evaluation.figures import Scope
from app.extensions import db
from app.models import CountedFigures, PracticeTask, Reflection, TaskCompletion, User
from tests.conftest import Auth, csrf_token_from
from tests.evaluation.conftest import PASSWORD, QUERY, Pilot

PACKAGES_CSV = "/evaluatie/pakketten.csv"


@pytest.fixture
def kept(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "EVALUATION_CACHE_MINUTES", 30)


def package_row(client: FlaskClient, query: str = QUERY) -> list[str]:
    """The package's numbers in the CSV: learners with it, started, tasks, … ."""
    response = client.get(PACKAGES_CSV + query)
    assert response.status_code == 200
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[1].startswith("Afval scheiden;")
    return lines[1].split(";")[1:]


def add_task(app: Flask, pilot: Pilot, name: str, done_at: datetime) -> None:
    with app.app_context():
        task = db.session.scalar(select(PracticeTask).where(PracticeTask.card_id == pilot.cards[0]))
        assert task is not None
        db.session.add(
            TaskCompletion(
                client_id=str(uuid.uuid4()),
                learner_id=pilot.users[name],
                task=task,
                card_version=2,
                completed_at=done_at,
                reflection=Reflection.GOOD,
            )
        )
        db.session.commit()


IN_PERIOD = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def recount(client: FlaskClient, next_url: str) -> str:
    token = csrf_token_from(client.get("/evaluatie/" + QUERY).get_data(as_text=True))
    response = client.post(
        "/evaluatie/opnieuw-tellen", data={"csrf_token": token, "next": next_url}
    )
    assert response.status_code == 303
    return response.headers["Location"]


def test_figures_are_kept_until_counted_again(
    app: Flask, pilot: Pilot, kept: None, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coach_a", PASSWORD)
    page = client.get("/evaluatie/" + QUERY).get_data(as_text=True)
    assert "Geteld op" in page
    assert "elke 30 minuten" in page
    assert package_row(client)[:3] == ["6", "5", "8"]

    add_task(app, pilot, "a6", IN_PERIOD)  # a learner who had not started yet
    assert package_row(client)[:3] == ["6", "5", "8"]  # the kept figures

    back = recount(client, "/evaluatie/pakketten.csv" + QUERY)
    assert back == "/evaluatie/pakketten.csv" + QUERY
    assert package_row(client)[:3] == ["6", "6", "9"]


def test_kept_figures_are_counted_again_once_too_old(
    app: Flask, pilot: Pilot, kept: None, client: FlaskClient, auth: Auth
) -> None:
    auth.login("coach_a", PASSWORD)
    assert package_row(client)[2] == "8"
    add_task(app, pilot, "a6", IN_PERIOD)
    age_kept_figures(app, timedelta(minutes=29))
    assert package_row(client)[2] == "8"  # 29 minutes old: still kept
    age_kept_figures(app, timedelta(minutes=2))
    assert package_row(client)[2] == "9"


def age_kept_figures(app: Flask, by: timedelta) -> None:
    with app.app_context():
        for row in db.session.scalars(select(CountedFigures)):
            row.counted_at -= by
        db.session.commit()


def test_viewers_share_figures_only_when_they_would_see_the_same(
    app: Flask, pilot: Pilot, kept: None, client: FlaskClient, auth: Auth
) -> None:
    auth.login("docent", PASSWORD)
    assert package_row(client)[:3] == ["8", "6", "10"]  # both organisations
    auth.logout()
    auth.login("coach_a", PASSWORD)
    assert package_row(client)[:3] == ["6", "5", "8"]  # Kringloop only
    auth.logout()
    auth.login("coach_b", PASSWORD)
    assert package_row(client)[:3] == ["2", "1", "2"]  # Groen only
    auth.logout()
    with app.test_request_context():
        keys = {
            name: Scope(db.session.get(User, pilot.users[name])).key()
            for name in ("docent", "beheer2", "coach_a", "coach_b")
        }
    # The admin sees every package, here the same one as the school's editor: the same numbers.
    assert keys["docent"] == keys["beheer2"]
    assert len({keys["docent"], keys["coach_a"], keys["coach_b"]}) == 3


def test_recounting_needs_a_role_and_a_token_and_stays_on_the_site(
    app: Flask, pilot: Pilot, kept: None, client: FlaskClient, auth: Auth
) -> None:
    auth.login("a1", PASSWORD)
    token = auth.csrf("/")
    response = client.post("/evaluatie/opnieuw-tellen", data={"csrf_token": token})
    assert response.status_code == 403
    auth.logout()
    auth.login("docent", PASSWORD)
    assert client.post("/evaluatie/opnieuw-tellen", data={}).status_code == 400
    assert recount(client, "https://elders.example/evaluatie/") == "/evaluatie/"
    assert recount(client, "/admin/") == "/evaluatie/"
    assert recount(client, "/evaluatie/opnieuw-tellen") == "/evaluatie/"  # a POST-only address


def test_rows_older_than_a_day_go_when_counting_again(
    app: Flask, pilot: Pilot, kept: None, client: FlaskClient, auth: Auth
) -> None:
    with app.app_context():
        for key, hours in (("old:packages:x", 25), ("recent:packages:x", 23)):
            counted_at = datetime.now(UTC) - timedelta(hours=hours)
            db.session.add(CountedFigures(key=key, counted_at=counted_at, value="[]"))
        db.session.commit()
    auth.login("coach_a", PASSWORD)
    package_row(client)
    recount(client, "/evaluatie/")
    with app.app_context():
        keys = set(db.session.scalars(select(CountedFigures.key)))
    assert "old:packages:x" not in keys
    assert "recent:packages:x" in keys  # another scope's, and not a day old


def test_the_count_command_counts_every_overview_ahead(
    app: Flask, pilot: Pilot, kept: None, client: FlaskClient, auth: Auth
) -> None:
    result = app.test_cli_runner().invoke(args=["evaluation", "count"])
    assert result.exit_code == 0, result.output
    # The school's editor and the admin share one scope; each enterprise's supervisors one each.
    assert "Counted 3 overview(s)" in result.output
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(CountedFigures))
    assert (rows or 0) >= 9  # per scope: the packages, the cards, the weeks

    # The page of the default period (the last twelve weeks) reads what the command counted:
    # a task done since does not show until the figures are counted again.
    add_task(app, pilot, "a6", datetime.now(UTC) - timedelta(hours=1))
    auth.login("coach_a", PASSWORD)
    before = package_row(client, "")
    recount(client, "/evaluatie/")
    assert int(package_row(client, "")[2]) == int(before[2]) + 1


def test_the_count_command_refuses_when_nothing_is_kept(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["evaluation", "count"])
    assert result.exit_code != 0
    assert "EVALUATION_CACHE_MINUTES is 0" in result.output


def test_counting_again_is_limited_per_viewer(pilot: Pilot, other_app) -> None:
    limited: Flask = other_app(EVALUATION_RECOUNT_RATE_LIMIT="2 per minute")
    client = limited.test_client()
    Auth(client).login("docent", PASSWORD)
    token = csrf_token_from(client.get("/evaluatie/" + QUERY).get_data(as_text=True))
    answers = [
        client.post("/evaluatie/opnieuw-tellen", data={"csrf_token": token}) for _ in range(3)
    ]
    assert [answer.status_code for answer in answers] == [303, 303, 429]
    assert "Te veel pogingen" in answers[2].get_data(as_text=True)
    other = limited.test_client()  # another viewer, from the same address: not limited
    Auth(other).login("coach_a", PASSWORD)
    token = csrf_token_from(other.get("/evaluatie/" + QUERY).get_data(as_text=True))
    assert other.post("/evaluatie/opnieuw-tellen", data={"csrf_token": token}).status_code == 303
