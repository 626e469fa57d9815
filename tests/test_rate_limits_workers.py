"""Rate limits hold across gunicorn workers when their counters live in Redis.

The production recipe runs several workers; with counters in memory each worker would count
alone (two workers: twice the tries). This runs the real thing: gunicorn with two workers, the
REDIS_URL of the production recipe, and the access log telling which worker answered.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from flask import Flask

from tests.factories import Demo
from tests.helpers import REDIS, free_port, require_redis

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# The gunicorn workers are other processes: they read only what was committed.
pytestmark = pytest.mark.commits


@dataclass
class Gunicorn:
    url: str
    access_log: Path

    def worker_pids_that_answered(self, method: str, path: str) -> Counter[str]:
        lines = self.access_log.read_text().splitlines()
        return Counter(line.split()[0] for line in lines if f" {method} {path} " in f" {line} ")


@pytest.fixture
def two_workers(app: Flask, tmp_path: Path) -> Iterator[Gunicorn]:
    require_redis()
    port = free_port()
    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    env = {
        **os.environ,
        "SECRET_KEY": "two-workers-share-this-key",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/0",
        "RATELIMIT_KEY_PREFIX": f"leerplek-test-{uuid.uuid4().hex}",  # no counts from other runs
        "TRUSTED_PROXIES": "1",  # lets the test play several phones through X-Forwarded-For
        "SESSION_COOKIE_SECURE": "0",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(p)s %(m)s %(U)s %(s)s",
            "--error-logfile",
            str(error_log),
            "wsgi:app",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{url}/healthz", timeout=5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise AssertionError(f"gunicorn did not start: {error_log.read_text()}")
        server = Gunicorn(url, access_log)
        _wait_for_both_workers(server)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for_both_workers(server: Gunicorn) -> None:
    """Each worker loads the app after it is forked: until both answer, one takes every request."""
    deadline = time.monotonic() + 30
    with ThreadPoolExecutor(max_workers=4) as pool:
        while len(server.worker_pids_that_answered("GET", "/healthz")) < 2:
            assert time.monotonic() < deadline, "the second worker never answered"
            list(pool.map(lambda _: requests.get(f"{server.url}/healthz", timeout=10), range(8)))


def _try_password(url: str, username: str, address: str) -> int:
    """One wrong password from a fresh browser (own session and CSRF token) at ``address``."""
    with requests.Session() as browser:
        headers = {"X-Forwarded-For": address}
        page = browser.get(f"{url}/login", headers=headers, timeout=10)
        match = CSRF.search(page.text)
        if match is None:  # the log-in page itself may be refused once the address is blocked
            return page.status_code
        form = {"username": username, "password": "fout", "csrf_token": match.group(1)}
        return browser.post(f"{url}/login", data=form, headers=headers, timeout=10).status_code


def test_the_address_limit_holds_across_two_workers(demo: Demo, two_workers: Gunicorn) -> None:
    # 40 wrong passwords from one address, four at a time so both workers are busy; the limit is
    # 20 per minute (the production setting).
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(
            pool.map(lambda i: _try_password(two_workers.url, f"naam{i}", "10.9.0.1"), range(40))
        )
    assert Counter(statuses) == {401: 20, 429: 20}
    answered_by = two_workers.worker_pids_that_answered("POST", "/login")
    assert len(answered_by) == 2, f"only one worker answered: {answered_by}"


def test_the_account_limit_holds_across_two_workers(demo: Demo, two_workers: Gunicorn) -> None:
    # 16 wrong passwords for one learner, each from another address, four at a time: every try
    # is counted before the password is checked, so parallel tries cannot slip past the limit of
    # 10 per 15 minutes.
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(
            pool.map(
                lambda i: _try_password(two_workers.url, "leerling1", f"10.8.0.{i}"), range(16)
            )
        )
    assert Counter(statuses) == {401: 10, 429: 6}
    assert len(two_workers.worker_pids_that_answered("POST", "/login")) == 2
