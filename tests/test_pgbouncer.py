"""The app runs behind PgBouncer in transaction mode, as README "Running at scale" offers.

In transaction mode each transaction may run on another PostgreSQL connection. psycopg prepares a
statement on the server once it has run five times, and the next transaction then finds that
statement missing, or finds a name taken by another client's statement: errors under load.
``DATABASE_PGBOUNCER=1`` switches preparing off. This test runs the real PgBouncer (Debian's
package; .ci/run installs it) in front of the test database, with fewer server connections than
the app has clients, and loads pages from several threads at once.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app import create_app
from app.config import engine_options
from app.extensions import db
from app.models import User
from tests.conftest import Auth, TestConfig
from tests.factories import Demo
from tests.helpers import free_port

pytestmark = pytest.mark.commits  # the app's connections through PgBouncer see only commits


@pytest.fixture
def pgbouncer(app: Flask) -> Iterator[str]:
    """A PgBouncer in transaction mode with two server connections; its database URL."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        pytest.skip("PgBouncer sits in front of PostgreSQL; this run uses SQLite")
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        if os.environ.get("LEERPLEK_REQUIRE_PGBOUNCER"):
            pytest.fail("pgbouncer is not installed")
        pytest.skip("pgbouncer is not installed (.ci/run installs it)")
    folder = Path(tempfile.mkdtemp(prefix="leerplek-pgbouncer-"))
    folder.chmod(0o777)  # PgBouncer refuses to run as root and drops to the postgres user
    port = free_port()
    (folder / "users.txt").write_text(f'"{url.username}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={url.host} port={url.port or 5432}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {folder}/users.txt\n"
        "pool_mode = transaction\ndefault_pool_size = 2\n"
        f"logfile = {folder}/pgbouncer.log\n"
    )
    for path in folder.iterdir():
        path.chmod(0o666)
    command = [binary, str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def behind_bouncer(pgbouncer: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app configured as README says for PgBouncer: ``DATABASE_PGBOUNCER=1``."""
    monkeypatch.setenv("DATABASE_PGBOUNCER", "1")
    options = engine_options(pgbouncer)
    application = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=pgbouncer, SQLALCHEMY_ENGINE_OPTIONS=options
    )
    yield application
    with application.app_context():
        db.engine.dispose()


def test_pages_load_through_pgbouncer_in_transaction_mode(
    demo: Demo, behind_bouncer: Flask
) -> None:
    def learner_pages(_: int) -> list[int]:
        client = behind_bouncer.test_client()
        Auth(client).login("leerling1")
        return [client.get(path).status_code for path in ["/learner/", "/learner/progress"] * 8]

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = [status for answers in pool.map(learner_pages, range(6)) for status in answers]
    assert statuses == [200] * 96


def test_repeated_statements_from_many_connections_pass_through_pgbouncer(
    demo: Demo, behind_bouncer: Flask
) -> None:
    """The case that breaks with prepared statements: the same query, many times, from more
    app connections than PgBouncer has server connections."""

    def same_query_many_times(_: int) -> int:
        with behind_bouncer.app_context():
            for number in range(40):
                db.session.execute(select(User.id).where(User.id == number % 5 + 1)).all()
                db.session.commit()
            return 40

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert sum(pool.map(same_query_many_times, range(6))) == 240
