"""Card page throughput against a one-route "hello" Flask app. Run: ``make bench-throughput``.

Both run under the same gunicorn (2 sync workers), back to back, measured with ``wrk`` (the Debian
package): first ``bench/hello_app.py``, then Leerplek (``wsgi:app``) on a database of its own with
the demo data, where a demo learner is logged in and ``wrk`` asks for one of their cards with the
learner's cookies. The ratio of the two says how much of a card page is Leerplek's own work rather
than gunicorn's and Flask's fixed cost; the goal is at least 25%. It also measures the same card
asked with its ETag (a 304), which is what a phone that stored the card sends. Prints the figures and exits
non-zero below the goal. A benchmark run by hand, not a timed test: figures vary by machine, and
req/s also with whatever else it is doing; the workers' CPU time per request, printed beside
them, hardly does.

PostgreSQL by default (the database ``bench_tp`` on 127.0.0.1, made afresh each run; another with
``--postgres-url`` or TP_DATABASE_URL); ``--sqlite`` uses a SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlalchemy import create_engine, make_url, text

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_tp"
WRK = "/usr/bin/wrk"
LEARNER = "leerling1"
PASSWORD = "oefenen123"  # app/demo/loader.py
# wrk and the log-in send the same User-Agent: Flask-Login's session protection compares it with
# the one of the log-in, and a mismatch would make every answer set a new session cookie.
USER_AGENT = "leerplek-throughput"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
GOAL = 0.25


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    requests: int
    bytes_read: int
    bad_answers: int


@dataclass(frozen=True)
class Measured:
    """A wrk run, and the CPU time gunicorn's workers spent per request meanwhile: the second is
    hardly moved by other work on the machine, which shifts req/s of both apps a lot."""

    wrk: WrkResult
    cpu_ms_per_request: float


@dataclass(frozen=True)
class Server:
    url: str
    pid: int  # gunicorn's master process


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "SECRET_KEY": "throughput-bench-key",
        "DATABASE_URL": database_url,
        "SESSION_COOKIE_SECURE": "0",
    }


def _flask(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def _fresh_postgres(url: str) -> None:
    """Drop and create the bench's own database (never the test suite's)."""
    name = make_url(url).database
    if not name or name.startswith("test"):  # the test suite's databases are not ours
        raise SystemExit(f"refusing to recreate database {name!r}")
    server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()


def prepare_database(env: dict[str, str]) -> None:
    """What ``make demo-data`` does: the migrations, then the demo content."""
    _flask(env, "db", "upgrade")
    _flask(env, "demo-data", "--if-empty")


@contextmanager
def gunicorn(app: str, env: dict[str, str], log_dir: Path, ready_path: str) -> Iterator[Server]:
    """``app`` under gunicorn with 2 sync workers."""
    port = _free_port()
    error_log = log_dir / f"{app.replace(':', '_')}.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--error-logfile",
            str(error_log),
            app,
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(url + ready_path, timeout=5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise SystemExit(f"gunicorn {app} did not start:\n{error_log.read_text()}")
        yield Server(url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=20)


def wrk(
    url: str, headers: dict[str, str], seconds: int, threads: int, connections: int
) -> WrkResult:
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(\w+) read", output)
    if rate is None or total is None:
        raise SystemExit(f"cannot read wrk's output:\n{output}")
    units = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: .*?timeout (\d+)", output)
    return WrkResult(
        float(rate.group(1)),
        int(total.group(1)),
        int(float(total.group(2)) * units[total.group(3)]),
        (int(bad.group(1)) if bad else 0) + (int(errors.group(1)) if errors else 0),
    )


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU time of the gunicorn workers (the master's children), from /proc."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == master:  # ppid; utime and stime follow at 11 and 12
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(
    server: Server, url: str, headers: dict[str, str], args: argparse.Namespace
) -> Measured:
    """A short warm-up (both workers have loaded the app and filled their caches), then the run."""
    wrk(url, headers, 2, args.threads, args.connections)
    before = workers_cpu_seconds(server.pid)
    result = wrk(url, headers, args.seconds, args.threads, args.connections)
    cpu = workers_cpu_seconds(server.pid) - before
    return Measured(result, cpu * 1000 / max(result.requests, 1))


def _link(page: requests.Response, pattern: str) -> str:
    match = re.search(pattern, page.text)
    if match is None:
        raise SystemExit(f"no link {pattern!r} on {page.url}")
    return match.group(0)


def log_in(url: str) -> tuple[str, str, requests.Session]:
    """Log the demo learner in like a browser; returns a card page's URL, the Cookie header that
    wrk sends, and the browser session (to check the page before and after)."""
    browser = requests.Session()
    browser.headers["User-Agent"] = USER_AGENT
    page = browser.get(f"{url}/login", timeout=10)
    csrf = CSRF.search(page.text)
    if csrf is None:
        raise SystemExit("no CSRF token on the log-in page")
    form = {"username": LEARNER, "password": PASSWORD, "csrf_token": csrf.group(1)}
    home = browser.post(f"{url}/login", data=form, timeout=10)
    if not home.url.endswith("/learner/"):
        raise SystemExit(f"log-in failed: ended on {home.url} ({home.status_code})")
    package = browser.get(url + _link(home, r"/learner/packages/\d+"), timeout=10)
    card_url = url + _link(package, r"/learner/cards/\d+")
    check_card(browser, card_url)  # also lets Flask-Login set its remember cookie, once
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in browser.cookies)
    return card_url, cookies, browser


def check_card(browser: requests.Session, card_url: str) -> int:
    """The learner's card, not a redirect to the log-in page: returns the answer's size."""
    page = browser.get(card_url, allow_redirects=False, timeout=10)
    card_id = card_url.rsplit("/", 1)[1]
    if page.status_code != 200 or f'data-card-id="{card_id}"' not in page.text:
        raise SystemExit(f"{card_url} is not the card page: {page.status_code} {page.url}")
    if "set-cookie" in page.headers:
        raise SystemExit(f"the card page sets a cookie on every answer: {page.headers}")
    return len(page.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    parser.add_argument("--postgres-url", default=os.environ.get("TP_DATABASE_URL", POSTGRES_URL))
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not Path(WRK).exists():
        raise SystemExit(f"{WRK} is missing: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="leerplek-throughput-"))
    try:
        if args.sqlite:
            database_url = f"sqlite:///{work / 'bench.db'}"
        else:
            database_url = args.postgres_url
            _fresh_postgres(database_url)
        env = _environment(database_url)
        prepare_database(env)

        common = {"User-Agent": USER_AGENT}
        with gunicorn("bench.hello_app:app", env, work, "/") as server:
            hello = measure(server, server.url + "/", common, args)
        with gunicorn("wsgi:app", env, work, "/healthz") as server:
            card_url, cookies, browser = log_in(server.url)
            size = check_card(browser, card_url)
            card = measure(server, card_url, {**common, "Cookie": cookies}, args)
            etag = browser.get(card_url, timeout=10).headers["ETag"]
            revalidation = measure(
                server, card_url, {**common, "Cookie": cookies, "If-None-Match": etag}, args
            )
            check_card(browser, card_url)  # still logged in at the end
    finally:
        shutil.rmtree(work, ignore_errors=True)

    for name, measured in (("hello", hello), ("card", card), ("304", revalidation)):
        if measured.wrk.bad_answers:
            raise SystemExit(f"{name}: {measured.wrk.bad_answers} bad answers or timeouts")
    # wrk counts a redirect as a good answer: the bytes read show every answer was the card.
    if card.wrk.bytes_read < 0.9 * size * card.wrk.requests:
        raise SystemExit(f"the card answers were smaller than the card page ({size} bytes)")
    ratio = card.wrk.requests_per_second / hello.wrk.requests_per_second
    database = "SQLite" if args.sqlite else "PostgreSQL"
    for name, measured in (("hello", hello), ("card", card), ("304", revalidation)):
        print(
            f"{name:6} {measured.wrk.requests_per_second:8.0f} req/s"
            f"  {measured.cpu_ms_per_request:6.2f} ms worker CPU per request"
            f"  {measured.wrk.requests_per_second / hello.wrk.requests_per_second:6.1%} of hello"
        )
    print(f"ratio  {ratio:8.1%}  (goal {GOAL:.0%}; {database}, card page {size} bytes)")
    print(
        "304: the same card asked with its ETag, as a phone that stored the card asks when it "
        "shows it (app/learner/freshness.py); only printed, the goal is for the full page"
    )
    return 0 if ratio >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
