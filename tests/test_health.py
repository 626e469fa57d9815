"""/healthz tells a proxy or orchestrator whether this process can serve: its database answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db
from tests.conftest import TestConfig


def test_health_is_ok_when_the_database_answers(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "database",
    ["postgresql+psycopg://postgres@127.0.0.1:1/none", "sqlite:///{missing}/leerplek.db"],
    ids=["postgres-refused", "sqlite-missing-folder"],
)
def test_health_is_503_not_500_when_the_database_does_not_answer(
    tmp_path: Path, database: str
) -> None:
    broken = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=database.format(missing=tmp_path / "missing")
    )
    try:
        client = broken.test_client()
        for _ in range(2):  # the failed check leaves no broken transaction behind
            response = client.get("/healthz")
            assert response.status_code == 503
            assert response.get_json() == {"status": "unavailable"}
            assert response.headers["Cache-Control"] == "no-store"
    finally:
        with broken.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_failed_check_does_not_spoil_the_next_request(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    real_execute = db.session.execute

    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", down)
    assert client.get("/healthz").status_code == 503
    monkeypatch.setattr(db.session, "execute", real_execute)
    assert client.get("/healthz").status_code == 200
