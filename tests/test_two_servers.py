"""Two app servers on one PostgreSQL and one Redis: a learner may land on either, any time.

Behind a load balancer each request may go to another server, and a deploy may restart one of
them at any moment. So nothing a person depends on may live in one server's memory or on its disk:
the log-in and its CSRF token (signed with the shared SECRET_KEY, ended in the database), the
service worker and the asset URLs (content hashes), uploaded images (``MEDIA_STORAGE=database``),
synced completions (one unique index) and rate-limit counters (Redis).

This starts the real thing twice: two gunicorn processes on two ports, with the production
settings and each with a media folder of its own, so an image that reaches the other server can
only have come through the database. One worker each: what is shared between two workers of one
server is the same as between two servers, ``test_rate_limits_workers.py`` covers the workers, and
on a two-core machine two processes start in half the time of four.

A browser's cookies do not depend on the port (RFC 6265), so one ``requests.Session`` sends the
same cookies to both servers, as a phone does to one site behind a load balancer.
"""

from __future__ import annotations

import io
import itertools
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
from html.parser import HTMLParser
from pathlib import Path
from threading import Barrier
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.models import TaskCompletion
from tests.api.conftest import completion
from tests.conftest import DEMO_PASSWORD
from tests.factories import Demo
from tests.helpers import REDIS, free_port, jpeg_with_gps, require_redis

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ASSET_URL = re.compile(r'/static/[^"\s?]+\?v=[0-9a-f]+')
IMMUTABLE = "public, max-age=31536000, immutable"
# The servers are other processes: they read only what was committed.
# One pair of servers for the module: under `make test` (pytest-xdist) its tests stay on one worker.
pytestmark = [pytest.mark.commits, pytest.mark.xdist_group("two_servers")]

# Each test plays its phones from addresses of its own (X-Forwarded-For, TRUSTED_PROXIES=1), so
# the per-address counters in Redis, which outlive a test, never mix two tests' requests.
_addresses = (f"10.77.{n // 250}.{n % 250 + 1}" for n in itertools.count())


@dataclass(frozen=True)
class Server:
    name: str
    url: str
    media_folder: Path
    error_log: Path

    def media_files(self) -> list[Path]:
        """Whatever this server wrote to its own disk; with media in the database: nothing."""
        if not self.media_folder.exists():
            return []
        return [path for path in self.media_folder.rglob("*") if path.is_file()]


@dataclass(frozen=True)
class Servers:
    a: Server
    b: Server

    def alternating(self, count: int) -> list[Server]:
        """A, B, A, B, …: every second request goes to the other server."""
        return [(self.a, self.b)[index % 2] for index in range(count)]


def _start(name: str, folder: Path, env: dict[str, str]) -> tuple[Server, subprocess.Popen[bytes]]:
    port = free_port()
    server = Server(name, f"http://127.0.0.1:{port}", folder / "media", folder / "error.log")
    command = [sys.executable, "-m", "gunicorn", "--workers", "1"]
    command += ["--bind", f"127.0.0.1:{port}", "--error-logfile", str(server.error_log), "wsgi:app"]
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env={**env, "MEDIA_FOLDER": str(server.media_folder)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    return server, process


def _wait_until_healthy(server: Server, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(f"{server.url}/healthz", timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    log = server.error_log.read_text() if server.error_log.exists() else ""
    raise AssertionError(f"server {server.name} did not start: {log}")


@pytest.fixture(scope="module")
def servers(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Two servers for the module; each test brings its data (``demo``), emptied after it."""
    database_url = str(app.config["SQLALCHEMY_DATABASE_URI"])
    if database_url.startswith("sqlite"):
        # Two servers on one SQLite file is not a deployment anyone runs; CI runs the suite on
        # PostgreSQL too (TEST_DATABASE_URL), and there this test runs.
        pytest.skip("two app servers need PostgreSQL (set TEST_DATABASE_URL)")
    require_redis()
    env = {
        **os.environ,
        "SECRET_KEY": "two-servers-share-this-key",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/0",
        "RATELIMIT_KEY_PREFIX": f"leerplek-test-{uuid.uuid4().hex}",  # no counts from other runs
        "MEDIA_STORAGE": "database",
        "TRUSTED_PROXIES": "1",  # lets the test play several phones through X-Forwarded-For
        "SESSION_COOKIE_SECURE": "0",
    }
    processes: list[subprocess.Popen[bytes]] = []
    try:
        started = []
        for name in ("A", "B"):  # both start at once; then wait for both
            server, process = _start(name, tmp_path_factory.mktemp(f"server-{name}"), env)
            started.append(server)
            processes.append(process)
        for server, process in zip(started, processes, strict=True):
            _wait_until_healthy(server, process)
        yield Servers(*started)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def _browser(cookies: requests.cookies.RequestsCookieJar | None = None) -> requests.Session:
    """A phone or computer of its own, at an address of its own."""
    browser = requests.Session()
    browser.headers["X-Forwarded-For"] = next(_addresses)
    if cookies is not None:
        browser.cookies.update(cookies)
    return browser


def _csrf(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def _log_in(
    browser: requests.Session, server: Server, username: str, password: str = DEMO_PASSWORD
) -> requests.Response:
    """The log-in form, with the CSRF token of the log-in page of the same server."""
    token = _csrf(browser.get(f"{server.url}/login", timeout=10).text)
    form = {"username": username, "password": password, "csrf_token": token}
    return browser.post(f"{server.url}/login", data=form, allow_redirects=False, timeout=10)


def _path(response: requests.Response) -> str:
    """Where a redirect goes, without its query (``?next=…``)."""
    return urlsplit(response.headers["Location"]).path


class _FormFields(HTMLParser):
    """The fields of the form that posts to ``action``, as a browser sends it back unchanged:
    inputs with their value (checkboxes only when checked; file inputs and buttons left out) and
    textareas. The card form has no select."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.fields: list[tuple[str, str]] = []
        self._inside = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self._inside = attributes.get("action") == self.action
        elif not self._inside or not name:
            return
        elif tag == "textarea":
            self._textarea, self._text = name, []
        elif tag == "input":
            kind = attributes.get("type", "text")
            if kind in {"file", "submit", "button", "reset", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value") or ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one line break that follows <textarea>.
            text = "".join(self._text).removeprefix("\r\n").removeprefix("\n")
            self.fields.append((self._textarea, text))
            self._textarea = None


def _form(html: str, action: str) -> list[tuple[str, str]]:
    parser = _FormFields(action)
    parser.feed(html)
    assert parser.fields, f"no form posting to {action} on the page"
    return parser.fields


def test_a_log_in_on_one_server_holds_on_the_other(demo: Demo, servers: Servers) -> None:
    a, b = servers.a, servers.b
    with _browser() as phone:
        logged_in = _log_in(phone, a, "leerling1")
        assert logged_in.status_code == 302
        assert _path(logged_in) == "/learner/"

        home_on_b = phone.get(f"{b.url}/learner/", allow_redirects=False, timeout=10)
        assert home_on_b.status_code == 200, home_on_b.headers.get("Location")
        assert "Hoi Anouk!" in home_on_b.text

        # A token from a page of A is good for B: for the API (header) and for a form.
        token = _csrf(phone.get(f"{a.url}/learner/", timeout=10).text)
        item = completion(demo.tasks["veilig-werken"][0])
        synced = phone.post(
            f"{b.url}/api/v1/sync",
            json={"completions": [item]},
            headers={"X-CSRFToken": token},
            timeout=10,
        )
        assert synced.status_code == 200, synced.text
        assert synced.json() == {"results": [{"id": item["id"], "status": "accepted"}]}

        copied = requests.cookies.RequestsCookieJar()  # the cookies while logged in
        copied.update(phone.cookies)
        logged_out = phone.post(
            f"{b.url}/logout", data={"csrf_token": token}, allow_redirects=False, timeout=10
        )
        assert logged_out.status_code == 302
        assert _path(logged_out) == "/login"

    # B ended the log-in in the database: A refuses it too, even with the cookies (session and
    # remember-me) as they were before the log-out.
    with _browser(copied) as copy:
        home_on_a = copy.get(f"{a.url}/learner/", allow_redirects=False, timeout=10)
        assert home_on_a.status_code == 302
        assert _path(home_on_a) == "/login"


def test_every_server_hands_out_the_same_service_worker_and_pages(
    demo: Demo, servers: Servers
) -> None:
    a, b = servers.a, servers.b
    workers = [requests.get(f"{server.url}/sw.js", timeout=10) for server in (a, b)]
    assert [worker.status_code for worker in workers] == [200, 200]
    assert workers[0].content == workers[1].content  # the version and the precache list

    # The pages ask for the same content-hashed assets, whichever server built them.
    login_pages = [requests.get(f"{server.url}/login", timeout=10).text for server in (a, b)]
    assets = [ASSET_URL.findall(page) for page in login_pages]
    assert assets[0], "no versioned asset URL on the log-in page"
    assert assets[0] == assets[1]

    # The service worker revalidates a stored page at whichever server it reaches: the ETag made
    # by A is the one B makes, so B can answer "not changed".
    with _browser() as phone:
        assert _log_in(phone, a, "leerling1").status_code == 302
        home_a, home_b = (
            phone.get(f"{server.url}/learner/", allow_redirects=False, timeout=10)
            for server in (a, b)
        )
        assert [home_a.status_code, home_b.status_code] == [200, 200]
        assert home_a.headers["ETag"] == home_b.headers["ETag"]
        assert home_a.headers["Page-Version"] == home_b.headers["Page-Version"]
        unchanged = phone.get(
            f"{b.url}/learner/", headers={"If-None-Match": home_a.headers["ETag"]}, timeout=10
        )
        assert unchanged.status_code == 304


def test_an_image_uploaded_on_one_server_is_served_by_the_other(
    demo: Demo, servers: Servers
) -> None:
    a, b = servers.a, servers.b
    card_path = f"/editor/cards/{demo.cards['veilig-werken'][0]}"
    with _browser() as computer:
        assert _log_in(computer, a, "redacteur").status_code == 302
        form = _form(computer.get(f"{a.url}{card_path}", timeout=10).text, card_path)
        form = [(name, value) for name, value in form if name != "image_alt"]
        form.append(("image_alt", "Een werkschoen"))
        saved = computer.post(
            f"{a.url}{card_path}",
            data=form,
            files={"image": ("IMG_0001.JPG", jpeg_with_gps(1200, 900), "image/jpeg")},
            allow_redirects=False,
            timeout=30,
        )
        assert saved.status_code == 302, saved.text
        card_page_on_b = computer.get(f"{b.url}{card_path}", timeout=10).text
    names = sorted(set(re.findall(r"/media/([0-9a-f]+-(?:480|960)\.webp)", card_page_on_b)))
    assert len(names) == 2, f"B's card page shows no uploaded image: {names}"

    for name, width in zip(names, (480, 960), strict=True):
        # Without cookies, as a CDN or a proxy in front of the servers would ask.
        from_b = requests.get(f"{b.url}/media/{name}", timeout=10)
        assert from_b.status_code == 200
        assert from_b.headers["Content-Type"] == "image/webp"
        assert from_b.headers["Cache-Control"] == IMMUTABLE
        assert Image.open(io.BytesIO(from_b.content)).width == width
        assert requests.get(f"{a.url}/media/{name}", timeout=10).content == from_b.content
    assert a.media_files() == []
    assert b.media_files() == []


def _send_at_once(
    cookies: requests.cookies.RequestsCookieJar,
    token: str,
    batches: list[tuple[Server, list[dict[str, Any]]]],
) -> list[list[dict[str, str]]]:
    """Send each batch from its own connection, all released at the same moment; the results."""
    start = Barrier(len(batches))

    def send(server: Server, items: list[dict[str, Any]]) -> list[dict[str, str]]:
        with _browser(cookies) as phone:
            start.wait(timeout=10)
            response = phone.post(
                f"{server.url}/api/v1/sync",
                json={"completions": items},
                headers={"X-CSRFToken": token},
                timeout=30,
            )
        assert response.status_code == 200, response.text
        results: list[dict[str, str]] = response.json()["results"]
        assert [result["id"] for result in results] == [item["id"] for item in items]
        return results

    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        return list(pool.map(lambda batch: send(*batch), batches))


def _accepted(answers: list[list[dict[str, str]]]) -> Counter[str]:
    """How often each item id was answered "accepted"; every other answer must be "duplicate"."""
    statuses = {result["status"] for results in answers for result in results}
    assert statuses <= {"accepted", "duplicate"}, answers
    return Counter(
        result["id"] for results in answers for result in results if result["status"] == "accepted"
    )


def _stored_per_client_id(app: Flask, learner_id: int) -> Counter[str]:
    with app.app_context():
        rows = db.session.execute(
            select(TaskCompletion.client_id, func.count())
            .where(TaskCompletion.learner_id == learner_id)
            .group_by(TaskCompletion.client_id)
        )
        return Counter(dict(rows.all()))


def test_one_outbox_sent_to_both_servers_at_once_is_stored_exactly_once(
    app: Flask, demo: Demo, servers: Servers
) -> None:
    a, b = servers.a, servers.b
    with _browser() as phone:
        assert _log_in(phone, a, "leerling1").status_code == 302
        token = phone.get(f"{a.url}/api/v1/csrf", timeout=10).json()["csrf_token"]
        cookies = requests.cookies.RequestsCookieJar()
        cookies.update(phone.cookies)
    tasks = demo.tasks["veilig-werken"]
    outbox = [completion(tasks[index % len(tasks)]) for index in range(50)]
    ids = [item["id"] for item in outbox]

    # The phone retries because it saw no answer: the same 50 items reach both servers twice,
    # all at once. Each item is accepted by exactly one request; the others say "duplicate".
    first = _send_at_once(cookies, token, [(a, outbox), (b, outbox)] * 2)
    assert _accepted(first) == Counter(ids)
    for _ in range(2):  # later rounds find every item stored
        assert _accepted(_send_at_once(cookies, token, [(a, outbox), (b, outbox)])) == Counter()

    # Two flushes that overlap: A gets items 0-29, B items 20-49, at once.
    more = [completion(tasks[index % len(tasks)]) for index in range(50)]
    overlapping = _send_at_once(cookies, token, [(a, more[:30]), (b, more[20:])])
    assert _accepted(overlapping) == Counter(item["id"] for item in more)

    expected = Counter(ids + [item["id"] for item in more])
    assert _stored_per_client_id(app, demo.users["leerling1"]) == expected


def _try_password(server: Server, username: str) -> requests.Response:
    """One wrong password from a new browser at a new address: only the account count grows."""
    with _browser() as browser:
        return _log_in(browser, server, username, password="fout")


def test_wrong_passwords_for_one_account_count_on_both_servers(
    demo: Demo, servers: Servers
) -> None:
    # 12 tries, A, B, A, B, …: the limit is 10 per 15 minutes (the production setting). Counting
    # alone, each server would have seen 6 and let all of them through.
    tries = [_try_password(server, "leerling6") for server in servers.alternating(12)]
    assert [response.status_code for response in tries] == [401] * 10 + [429] * 2
    assert "Te vaak een fout wachtwoord" in tries[-1].text


def test_one_address_is_counted_on_both_servers(demo: Demo, servers: Servers) -> None:
    # Guessing QR log-in links from one address: 10 per minute (the production setting), on
    # A, B, A, B, … Counting alone, each server would have seen 6.
    with _browser() as scanner:
        answers = [
            scanner.get(f"{server.url}/qr/geen-echte-kaart", timeout=10)
            for server in servers.alternating(12)
        ]
    assert [response.status_code for response in answers] == [404] * 10 + [429] * 2
