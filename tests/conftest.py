"""Shared fixtures: one app and database per run, emptied after every test.

Every test runs on SQLite, and on PostgreSQL when ``TEST_DATABASE_URL`` is set. The schema is
built by the Alembic migrations (not ``create_all``), so every run also proves they apply to an
empty database. Tests are isolated by emptying all tables afterwards instead of rolling back a
transaction, because the browser tests reach the same database from the live server's thread.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app import create_app
from app.config import Config
from app.extensions import db

pytest_plugins = ["tests.factories", "tests.browser.fixtures"]

FAST_HASH = "pbkdf2:sha256:1000"
DEMO_PASSWORD = "oefenen123"


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    PASSWORD_HASH_METHOD = FAST_HASH
    SESSION_COOKIE_SECURE = False  # the live server speaks plain http to the test browser
    # Every test client comes from 127.0.0.1; the rate-limit tests set their own limits.
    LOGIN_RATE_LIMIT = "10000 per minute"
    QR_RATE_LIMIT = "10000 per minute"
    ACCOUNT_LOGIN_RATE_LIMIT = "10000 per minute"


def _database_url(tmp_dir: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return (
            url.replace("postgresql://", "postgresql+psycopg://", 1)
            if url.startswith("postgresql://")
            else url
        )
    return f"sqlite:///{tmp_dir / 'test.db'}"


def _reset_schema() -> None:
    """Start from an empty database, whatever an earlier run left behind."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp_dir = tmp_path_factory.mktemp("db")
    application = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=_database_url(tmp_dir),
        MEDIA_FOLDER=str(tmp_dir / "media"),
    )
    with application.app_context():
        _reset_schema()
        upgrade()
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()


def empty_all_tables() -> None:
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name != "postgresql":
        with db.engine.begin() as connection:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
        return
    # A request of a just-closed browser may still be running in the live server; TRUNCATE then
    # waits for it, and PostgreSQL may break a lock cycle with a deadlock error: try again.
    for attempt in range(10):
        try:
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            return
        except OperationalError:
            if attempt == 9:
                raise
            time.sleep(0.2)


@pytest.fixture
def other_app(app: Flask) -> Iterator[Callable[..., Flask]]:
    """A second app on the same database with other settings; its connections closed after."""
    made: list[Flask] = []

    def make(**overrides: object) -> Flask:
        other = create_app(
            TestConfig,
            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
            MEDIA_FOLDER=app.config["MEDIA_FOLDER"],
            **overrides,
        )
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _isolated_database(app: Flask) -> Iterator[None]:
    yield
    with app.app_context():
        db.session.remove()
        empty_all_tables()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Auth:
    """Logs a test client in through the real login form, CSRF token included."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def csrf(self, url: str = "/login") -> str:
        return csrf_token_from(self.client.get(url, follow_redirects=True).get_data(as_text=True))

    def login(self, username: str, password: str = DEMO_PASSWORD, follow: bool = False):
        token = self.csrf("/login")
        return self.client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token},
            follow_redirects=follow,
        )

    def logout(self):
        token = self.csrf("/")  # every logged-in page carries the logout form
        return self.client.post("/logout", data={"csrf_token": token})

    def post(self, url: str, data: dict[str, str], page: str | None = None, **kwargs):
        """POST a form the way a browser does: with the token of the page it came from."""
        token = self.csrf(page or url)
        return self.client.post(url, data={**data, "csrf_token": token}, **kwargs)


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)
