"""Shared fixtures: one app and database per run; each test's writes are undone afterwards.

Every test runs on SQLite, and on PostgreSQL when ``TEST_DATABASE_URL`` is set. The schema is
built by the Alembic migrations (not ``create_all``), so every run also proves they apply to an
empty database.

Most tests run inside one transaction that is rolled back at the end (``rolled_back``): the
app's ``db.session.commit()`` then only releases a savepoint, and nothing reaches the disk.
Tests whose data must really be committed, because another connection reads it (the live
server's thread for the browser, a second app, other threads or processes), are marked
``commits``, by hand or by the fixtures they use, and have all tables emptied afterwards.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session
from sqlalchemy import URL, Connection, Engine, create_engine, make_url, text
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
    # Tests change data and look again at once; the cache's own tests turn it on.
    EVALUATION_CACHE_MINUTES = 0
    EVALUATION_RECOUNT_RATE_LIMIT = "10000 per minute"


def _database_url(tmp_dir: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_dir / 'test.db'}"  # tmp_dir is apart for each xdist worker
    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(make_url(url), worker).render_as_string(False) if worker else url


def _worker_database(url: URL, worker: str) -> URL:
    """With ``pytest -n``, each worker gets its own PostgreSQL database (``test_gw0``, …), made
    on first use beside the one ``TEST_DATABASE_URL`` names, so workers never share a schema."""
    own = url.set(database=f"{url.database}_{worker}")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        engine.dispose()
    return own


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


# A test drives Chromium when it needs one of these; `page` and `phone_context` build on them.
BROWSER_FIXTURES = frozenset({"browser", "live_server", "playwright_instance"})
# Fixtures that read the database through a connection of their own, so need committed data.
COMMITTING_FIXTURES = BROWSER_FIXTURES | {"other_app"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium as ``browser``, wherever it lives, and every test
    whose data another connection must see as ``commits``."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if fixtures & COMMITTING_FIXTURES:
            item.add_marker(pytest.mark.commits)


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
    """Delete every row: after a ``commits`` test, or inside a test that starts over."""
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name != "postgresql":
        with db.engine.begin() as connection:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
        return
    # Another connection (a gunicorn worker, a thread) may still hold a lock; TRUNCATE then waits
    # for it, and PostgreSQL may break a lock cycle with a deadlock error: try again.
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


class _JoinedSession(Session):
    """A ``db.session`` that uses the test's connection wherever it would use the test's engine;
    an app on another database (a test may make one) keeps its own engine."""

    def get_bind(self, *args: Any, **kwargs: Any) -> Engine | Connection:
        bind = super().get_bind(*args, **kwargs)
        assert isinstance(self.bind, Connection)
        return self.bind if bind is self.bind.engine else bind


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Connection]:
    """Run everything on one connection in one transaction, and roll that back at the end.

    Sessions join it with ``join_transaction_mode="create_savepoint"``: the app's commit and
    rollback only end a savepoint.
    """
    connection = engine.connect()
    dbapi_connection: Any = connection.connection.driver_connection
    pysqlite = engine.dialect.name == "sqlite"
    if pysqlite:
        # pysqlite begins transactions on its own, too late for a SAVEPOINT to be nested in
        # one. The fix SQLAlchemy documents ("Serializable isolation / Savepoints /
        # Transactional DDL"): switch that off and emit BEGIN ourselves.
        legacy_isolation_level = dbapi_connection.isolation_level
        dbapi_connection.isolation_level = None
    transaction = connection.begin()
    if pysqlite:
        connection.exec_driver_sql("BEGIN")
    factory = db.session.session_factory
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(factory, "class_", _JoinedSession)
            patch.setitem(factory.kw, "bind", connection)
            patch.setitem(factory.kw, "join_transaction_mode", "create_savepoint")
            # Code that uses the engine directly (``with db.engine.begin() as connection``) gets
            # the same connection, where begin() makes a savepoint and close() does nothing.
            patch.setattr(engine, "connect", lambda: connection)
            patch.setattr(connection, "begin", connection.begin_nested)
            patch.setattr(connection, "close", lambda: None)
            yield connection
    finally:
        transaction.rollback()
        if pysqlite:
            dbapi_connection.isolation_level = legacy_isolation_level
        connection.close()


@pytest.fixture(autouse=True)
def _isolated_database(request: pytest.FixtureRequest, app: Flask) -> Iterator[None]:
    """Each test's writes are rolled back; a ``commits`` test's are deleted after it."""
    with app.app_context():
        engine = db.engine
    if request.node.get_closest_marker("commits"):
        yield
        with app.app_context():
            db.session.remove()
            empty_all_tables()
        return
    with rolled_back(engine):
        yield
        with app.app_context():
            db.session.remove()


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
