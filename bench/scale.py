"""Leerplek at national scale: page times through gunicorn on a PostgreSQL database of 20,000
learners (``make bench-scale``, issue 11). A benchmark run by hand, not a timed test.

For each size (by default 1/10, then full size) it loads a fresh database with COPY
(bench/scale_data.py; 1/10 goes to ``<name>_small``), starts the real app in gunicorn with two
workers, logs in through the log-in form as a supervisor and two learners of the first enterprise
(400 learners, 100 completions and 10 sign-offs each), and times at least 200 sequential requests
per target after a warm-up:

    supervisor home, a learner's page for the supervisor, the organisation's evidence CSV,
    learner home, a card page, the offline manifest, a sync of 200 new items, and the
    evaluation pages (issue 13) of the supervisor and the editor (all organisations).

The evaluation's figures are kept once counted (app/evaluation/cache.py), so its 200 requests
read kept figures; the same pages are then timed ``COUNTS`` times each with the figures counted
anew (``counted_figures`` emptied before each request), against the export goal of 2 s.

Each figure is printed on one line: p50 and p95 (nearest rank) of the client's wall time (request
sent to last byte read, over loopback) and of the server's time (gunicorn's access log, ``%(D)s``:
request read to last byte written). Goals: pages (the manifest included) p95 <= 50 ms client time;
the 200-item sync p95 <= 100 ms server time; the CSV p95 <= 2 s to its last byte, streamed (time to
first byte, and the workers' peak RSS before and after the CSV requests). A sync's new rows are
deleted after each request (not timed), so the syncing learner keeps 100 completions and every
sync really stores 200 new items.

The two sizes differ only in the number of organisations (see bench/scale_data.py): every page
shows the same amount at both, so a page whose time grows from 1/10 to full size reads rows it does
not show. The last table compares them ("grows": the full-size p50 is more than 25% + 1 ms above
the 1/10 p50).

The app writes every query slower than 10 ms to a file (app/query_timing.py, ``SLOW_QUERY_LOG``);
after each size the slow statements are grouped (IN lists of any length count as one statement),
and the slowest instance of each is run again with ``EXPLAIN (ANALYZE, BUFFERS)`` in a transaction
that is rolled back.

Options: ``--scale 0.1`` (repeatable; default 0.1 and 1), ``--requests N`` (default 200),
``--csv-requests N`` (default 200 when the warm-up CSVs meet the 2 s goal, else 20: at several
seconds each, 200 would take most of an hour per size), ``--reuse`` (keep a database already
loaded at that scale instead of loading it again; new migrations are applied to it).
``SCALE_DATABASE_URL`` names the full-size database (default
``postgresql+psycopg://postgres@127.0.0.1:5432/bench``); the databases ``test`` and ``test_gw*``
are refused.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
import requests
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_data  # beside this file: bench/ is no package

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REQUESTS = 200
WARM_UP = 20
CSV_WARM_UP = 2
# An evidence CSV over its 2 s goal is timed this many times, not 200 (which would take most of
# an hour per size): enough for p50 and p95 of a request that takes seconds.
SLOW_CSV_REQUESTS = 20
SYNC_ITEMS = 200
SYNC_NAME = f"sync of {SYNC_ITEMS} new items"
PAGE_GOAL_MS = 50.0
SYNC_GOAL_MS = 100.0
CSV_GOAL_MS = 2000.0
SLOW_MS = 10.0
# Evaluation pages timed with their figures counted anew (seconds each at national size).
COUNTS = 10
GROWTH_FACTOR, GROWTH_SLACK_MS = 1.25, 1.0


class TargetFailed(Exception):
    """A request of one target did not answer as it should: the other targets still run."""


@dataclass(frozen=True)
class Figures:
    name: str
    method: str
    path: str
    client_ms: list[float]
    server_ms: list[float]
    goal_ms: float
    goal_on: str  # "client" or "server": which p95 the goal is checked on
    note: str = ""
    error: str = ""

    def p(self, which: str, q: float) -> float:
        return percentile(self.client_ms if which == "client" else self.server_ms, q)

    @property
    def ok(self) -> bool:
        return not self.error and self.p(self.goal_on, 95) <= self.goal_ms


@dataclass
class SizeResult:
    scale: float
    url: str
    load_seconds: float | None
    figures: list[Figures] = field(default_factory=list)
    slow: list[SlowQuery] = field(default_factory=list)
    requests_per_path: dict[str, int] = field(default_factory=dict)

    def requests_to(self, request: str) -> int:
        """All requests of ``request`` ("GET /path"), warm-up included, as the slow-query log
        counts them."""
        return self.requests_per_path.get(request, 0)


@dataclass
class SlowQuery:
    statement: str
    parameters: Any
    requests: dict[str, int]  # "GET /path" -> how often the query was slow in it
    times_ms: list[float]
    plan: list[str] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least q% of the values at or below."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def small_url(url: str) -> str:
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_small").render_as_string(hide_password=False)


# --- the app in gunicorn -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    access_log: Path
    slow_log: Path
    error_log: Path

    def server_ms(self, method: str, path: str, count: int, expected: int) -> list[float]:
        """The last ``count`` request times for ``method path`` in the access log, once it holds
        ``expected`` lines for it: a worker writes its line after the client got the last byte,
        so the newest line may still be on its way."""
        deadline = time.monotonic() + 10
        while True:
            times = [
                int(micros) / 1000
                for _, line_method, line_path, _, micros in (
                    line.split() for line in self.access_log.read_text().splitlines()
                )
                if line_method == method and line_path == path
            ]
            if len(times) >= expected or time.monotonic() > deadline:
                return times[-count:]
            time.sleep(0.05)

    def requests_per_path(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in self.access_log.read_text().splitlines():
            _, method, path, _, _ = line.split()
            counts[f"{method} {path}"] = counts.get(f"{method} {path}", 0) + 1
        return counts

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def answered_by(self) -> set[str]:
        return {line.split()[0] for line in self.access_log.read_text().splitlines()}


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak since the worker started) from /proc (Linux)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


@contextmanager
def gunicorn(database_url: str, workdir: Path) -> Iterator[Server]:
    """The production recipe's gunicorn (two workers here, as in the issue's reference figures)."""
    port = free_port()
    access_log, slow_log = workdir / "access.log", workdir / "slow-queries.jsonl"
    error_log = workdir / "error.log"
    env = {
        **os.environ,
        "SECRET_KEY": "bench-scale-shares-this-key",
        "DATABASE_URL": database_url,
        "SESSION_COOKIE_SECURE": "0",
        "SLOW_QUERY_LOG": str(slow_log),
        "SLOW_QUERY_MS": str(SLOW_MS),
        "RATELIMIT_KEY_PREFIX": f"leerplek-bench-scale-{uuid.uuid4().hex}",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        "%(p)s %(m)s %(U)s %(s)s %(D)s",
        "--error-logfile",
        str(error_log),
        "wsgi:app",
    ]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)
    server = Server(f"http://127.0.0.1:{port}", process, access_log, slow_log, error_log)
    try:
        _wait_until_up(server, workdir)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(server: Server, workdir: Path) -> None:
    """Both workers load the app after the fork: wait until each has answered."""
    deadline = time.monotonic() + 60
    with ThreadPoolExecutor(max_workers=4) as pool:
        while True:
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start: {(workdir / 'error.log').read_text()}")
            try:
                list(
                    pool.map(lambda _: requests.get(f"{server.url}/healthz", timeout=10), range(8))
                )
            except requests.RequestException:
                time.sleep(0.2)
                continue
            if len(server.answered_by()) >= 2:
                return


def log_in(server: Server, username: str, home: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{server.url}/login", timeout=10)
    match = CSRF.search(page.text)
    if match is None:
        raise SystemExit(f"no CSRF token on the log-in page ({page.status_code})")
    form = {"username": username, "password": scale_data.PASSWORD, "csrf_token": match.group(1)}
    answer = browser.post(f"{server.url}/login", data=form, timeout=30)
    if answer.status_code != 200 or not answer.url.endswith(home):
        raise SystemExit(f"log-in as {username} failed: {answer.status_code} {answer.url}")
    return browser


# --- what is measured --------------------------------------------------------------------------


@dataclass(frozen=True)
class Subjects:
    """The ids the requests need, read from the loaded database."""

    learner_id: int
    sync_learner_id: int
    card_id: int
    sync_tasks: list[tuple[int, int]]  # task id, card version
    package_id: int  # the measured card's package: its evaluation page


def read_subjects(conninfo: str) -> Subjects:
    with psycopg.connect(conninfo) as conn:

        def user_id(username: str) -> int:
            row = conn.execute(
                "SELECT id FROM user_account WHERE username = %s", (username,)
            ).fetchone()
            if row is None:
                raise SystemExit(f"no user {username}: load the database first")
            return int(row[0])

        learner, syncer = user_id(scale_data.LEARNER), user_id(scale_data.SYNC_LEARNER)
        card = conn.execute(
            "SELECT c.id, c.package_id FROM assignment a JOIN card c ON c.package_id = a.package_id "
            "WHERE a.learner_id = %s AND a.removed_at IS NULL AND c.position = 3 "
            "ORDER BY a.assigned_at, a.package_id LIMIT 1",
            (learner,),
        ).fetchone()
        tasks = conn.execute(
            "SELECT t.id, c.version FROM assignment a JOIN card c ON c.package_id = a.package_id "
            "JOIN practice_task t ON t.card_id = c.id "
            "WHERE a.learner_id = %s AND a.removed_at IS NULL AND c.version > 0 ORDER BY t.id",
            (syncer,),
        ).fetchall()
    if card is None or not tasks:
        raise SystemExit("the learners have no assigned cards: load the database again")
    return Subjects(
        learner, syncer, int(card[0]), [(int(t), int(v)) for t, v in tasks], int(card[1])
    )


def timed_get(browser: requests.Session, url: str) -> float:
    started = time.perf_counter()
    answer = browser.get(url, timeout=60)
    _ = answer.content
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != 200:
        raise TargetFailed(f"GET {url}: {answer.status_code}")
    return elapsed


def measure_get(server: Server, browser: requests.Session, count: int, path: str) -> Figures:
    url = f"{server.url}{path}"
    for _ in range(WARM_UP):
        timed_get(browser, url)
    client = [timed_get(browser, url) for _ in range(count)]
    server_ms = server.server_ms("GET", path, count, WARM_UP + count)
    return Figures("", "GET", path, client, server_ms, PAGE_GOAL_MS, "client")


def measure_counted_anew(
    server: Server, browser: requests.Session, conninfo: str, count: int, path: str
) -> Figures:
    """An evaluation page whose kept figures are gone (app/evaluation/cache.py): what the first
    viewer waits for once they are older than EVALUATION_CACHE_MINUTES and `flask evaluation
    count` has not counted them ahead. Checked against the export goal (2 s): a report, not a
    page one opens many times a day."""
    url = f"{server.url}{path}"
    before = server.requests_per_path().get(f"GET {path}", 0)
    client = []
    for _ in range(count):
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute("DELETE FROM counted_figures")
        client.append(timed_get(browser, url))
    server_ms = server.server_ms("GET", path, count, before + count)
    return Figures("", "GET", path, client, server_ms, CSV_GOAL_MS, "server")


def measure_csv(server: Server, browser: requests.Session, count: int) -> Figures:
    """Time to the last byte, and to the first: a streamed CSV starts at once."""
    path = "/supervisor/export.csv"
    url = f"{server.url}{path}"
    first_bytes: list[float] = []
    sizes: set[int] = set()

    def download() -> float:
        started = time.perf_counter()
        with browser.get(url, stream=True, timeout=120) as answer:
            if answer.status_code != 200:
                raise TargetFailed(f"GET {path}: {answer.status_code}")
            size, first = 0, None
            for chunk in answer.iter_content(64 * 1024):
                if first is None:
                    first = (time.perf_counter() - started) * 1000
                size += len(chunk)
        first_bytes.append(first or math.nan)
        sizes.add(size)
        return (time.perf_counter() - started) * 1000

    before = {pid: memory_kb(pid) for pid in server.worker_pids()}
    warm_up = [download() for _ in range(CSV_WARM_UP)]
    first_bytes.clear()
    if count == 0:  # the default: 200 once the CSV meets its goal, else fewer (see below)
        count = REQUESTS if max(warm_up) <= CSV_GOAL_MS else SLOW_CSV_REQUESTS
    client = [download() for _ in range(count)]
    server_ms = server.server_ms("GET", path, count, CSV_WARM_UP + count)
    after = {pid: memory_kb(pid) for pid in server.worker_pids()}
    memory = ", ".join(
        f"worker {pid}: RSS {before[pid]['VmRSS'] / 1024:.0f} MB before the CSVs, peak "
        f"{before[pid]['VmHWM'] / 1024:.0f} MB before and {after[pid]['VmHWM'] / 1024:.0f} MB after"
        for pid in sorted(after)
        if pid in before
    )
    note = (
        f"{max(sizes) / 1e6:.1f} MB per CSV; first byte p50 {percentile(first_bytes, 50):.0f} ms "
        f"/ p95 {percentile(first_bytes, 95):.0f} ms; {memory}"
    )
    if count < REQUESTS:
        minutes = REQUESTS * statistics.mean(client) / 60000
        note += f"; {count} requests only: at this speed {REQUESTS} take {minutes:.0f} minutes"
    return Figures("", "GET", path, client, server_ms, CSV_GOAL_MS, "client", note)


def sync_payload(subjects: Subjects, now: datetime) -> dict[str, Any]:
    done = now - timedelta(hours=1)
    return {
        "completions": [
            {
                "id": str(uuid.uuid4()),
                "task_id": task,
                "card_version": version,
                "completed_at": (done + timedelta(seconds=index)).isoformat(),
                "reflection": ("good", "ok", "hard")[index % 3],
                "note": "Ging goed." if index % 4 == 0 else "",
            }
            for index, (task, version) in (
                (i, subjects.sync_tasks[i % len(subjects.sync_tasks)]) for i in range(SYNC_ITEMS)
            )
        ]
    }


def measure_sync(
    server: Server, browser: requests.Session, subjects: Subjects, conninfo: str, count: int
) -> Figures:
    """200 new items per request; their rows are deleted again after each one (not timed)."""
    path = "/api/v1/sync"
    token = browser.get(f"{server.url}/api/v1/csrf", timeout=10).json()["csrf_token"]
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute("SELECT coalesce(max(id), 0) FROM task_completion").fetchone()
        last_id = int(row[0]) if row else 0

        synced = 0

        def sync_once() -> float:
            nonlocal synced
            payload = sync_payload(subjects, datetime.now(UTC))
            started = time.perf_counter()
            answer = browser.post(f"{server.url}{path}", json=payload, headers=headers, timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            results = answer.json().get("results", []) if answer.ok else []
            accepted = sum(1 for result in results if result["status"] == "accepted")
            if accepted != SYNC_ITEMS:
                raise TargetFailed(
                    f"sync: {answer.status_code}, {accepted} accepted: {answer.text[:300]}"
                )
            conn.execute(
                "DELETE FROM task_completion WHERE learner_id = %s AND id > %s",
                (subjects.sync_learner_id, last_id),
            )
            synced += 1
            if synced % 20 == 0:  # untimed: the deleted rows' index entries would pile up and
                conn.execute("VACUUM task_completion")  # slow the next syncs, unlike real use
            return elapsed

        for _ in range(WARM_UP):
            sync_once()
        client = [sync_once() for _ in range(count)]
        conn.execute("VACUUM (ANALYZE) task_completion")  # the deleted rows: gone for a rerun
    server_ms = server.server_ms("POST", path, count, WARM_UP + count)
    return Figures("", "POST", path, client, server_ms, SYNC_GOAL_MS, "server")


def measure_all(
    server: Server, subjects: Subjects, conninfo: str, args: argparse.Namespace
) -> list[Figures]:
    supervisor = log_in(server, scale_data.SUPERVISOR, "/supervisor/")
    learner = log_in(server, scale_data.LEARNER, "/learner/")
    syncer = log_in(server, scale_data.SYNC_LEARNER, "/learner/")
    editor = log_in(server, scale_data.EDITOR, "/editor/")
    n, card = args.requests, f"/learner/cards/{subjects.card_id}"
    learner_page = f"/supervisor/learners/{subjects.learner_id}"
    steps: list[tuple[str, Callable[[], Figures]]] = [
        ("supervisor home", partial(measure_get, server, supervisor, n, "/supervisor/")),
        ("learner's page (supervisor)", partial(measure_get, server, supervisor, n, learner_page)),
        ("organisation CSV", partial(measure_csv, server, supervisor, args.csv_requests)),
        ("learner home", partial(measure_get, server, learner, n, "/learner/")),
        ("card page", partial(measure_get, server, learner, n, card)),
        ("offline manifest", partial(measure_get, server, learner, n, "/api/v1/learner/content")),
        (SYNC_NAME, partial(measure_sync, server, syncer, subjects, conninfo, n)),
        # Issue 13: the pilot's evaluation, over its default period (twelve weeks).
        ("evaluation, supervisor", partial(measure_get, server, supervisor, n, "/evaluatie/")),
        ("evaluation, editor (all)", partial(measure_get, server, editor, n, "/evaluatie/")),
        (
            "evaluation of a package, editor",
            partial(measure_get, server, editor, n, f"/evaluatie/pakketten/{subjects.package_id}"),
        ),
        # The same pages with their figures counted anew (no kept ones), a few times each.
        (
            "evaluation, supervisor, anew",
            partial(measure_counted_anew, server, supervisor, conninfo, COUNTS, "/evaluatie/"),
        ),
        (
            "evaluation, editor, anew",
            partial(measure_counted_anew, server, editor, conninfo, COUNTS, "/evaluatie/"),
        ),
        (
            "evaluation, package, anew",
            partial(
                measure_counted_anew,
                server,
                editor,
                conninfo,
                COUNTS,
                f"/evaluatie/pakketten/{subjects.package_id}",
            ),
        ),
    ]
    figures = []
    for name, step in steps:
        try:
            figures.append(replace(step(), name=name))
        except (TargetFailed, requests.RequestException) as error:
            log = server.error_log.read_text().splitlines()[-12:]
            figures.append(Figures(name, "", "", [], [], 0, "client", error=str(error)))
            print("\n".join(log))
        print(figure_line("", figures[-1]), flush=True)
    return figures


# --- slow queries ------------------------------------------------------------------------------

PARAMETER = r"%\(\w+\)s(?:::[A-Z ]+)?"  # SQLAlchemy's "%(name)s::INTEGER"
IN_LIST = re.compile(rf"IN \(({PARAMETER}(?:, {PARAMETER})*)\)")


def normalised(statement: str) -> str:
    """The statement with every IN list shortened to its first parameter and a count."""

    def shorten(match: re.Match[str]) -> str:
        items = match.group(1).split(", ")
        return f"IN ({items[0]}, … {len(items)} values)" if len(items) > 1 else match.group(0)

    return IN_LIST.sub(shorten, " ".join(statement.split()))


def read_slow(path: Path) -> list[SlowQuery]:
    grouped: dict[str, SlowQuery] = {}
    if not path.exists():
        return []
    for line in path.read_text().splitlines():
        entry = json.loads(line)
        key = normalised(entry["statement"])
        slow = grouped.get(key)
        if slow is None:
            slow = grouped[key] = SlowQuery(entry["statement"], entry["parameters"], {}, [])
        elif entry["ms"] > max(slow.times_ms):
            slow.statement, slow.parameters = entry["statement"], entry["parameters"]
        slow.times_ms.append(entry["ms"])
        where = entry["request"] or "(no request)"
        slow.requests[where] = slow.requests.get(where, 0) + 1
    return sorted(grouped.values(), key=lambda slow: -sum(slow.times_ms))


def explain(conninfo: str, slow: list[SlowQuery]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest instance of each; rolled back (the sync's
    INSERT runs for real inside the transaction)."""
    with psycopg.connect(conninfo) as conn:
        for query in slow:
            try:
                rows = conn.execute(
                    "EXPLAIN (ANALYZE, BUFFERS) " + query.statement, query.parameters
                ).fetchall()
                query.plan = [row[0] for row in rows]
            except psycopg.Error as error:
                query.plan = [f"(EXPLAIN failed: {error})"]
            conn.rollback()


# --- output ------------------------------------------------------------------------------------


def figure_line(size: str, figures: Figures) -> str:
    if figures.error:
        return f"{size}{figures.name:<28} FAILED: {figures.error}"
    goal = "OK" if figures.ok else "OVER"
    goal_text = f"goal {figures.goal_on} p95 <= {figures.goal_ms:.0f} ms: {goal}"
    line = (
        f"{size}{figures.name:<28} n={len(figures.client_ms):<4} "
        f"client p50 {figures.p('client', 50):7.1f} ms  p95 {figures.p('client', 95):7.1f} ms | "
        f"server p50 {figures.p('server', 50):7.1f} ms  p95 {figures.p('server', 95):7.1f} ms | "
        f"{goal_text}"
    )
    return line + (f"\n{' ' * len(size)}  ({figures.note})" if figures.note else "")


def slow_share(result: SizeResult, query: SlowQuery) -> float:
    """The largest share of one path's requests in which the query was slow."""
    return max(count / max(1, result.requests_to(key)) for key, count in query.requests.items())


def print_slow(result: SizeResult) -> None:
    """Systematic ones first (slow in most requests of a page: the query itself); then the
    sporadic ones (slow now and then: often the machine, e.g. another busy process)."""
    label = size_label(result.scale)
    if not result.slow:
        print(f"\n[{label}] no query slower than {SLOW_MS:.0f} ms")
        return
    print(f"\n[{label}] queries slower than {SLOW_MS:.0f} ms (slowest instance explained):")
    for query in sorted(result.slow, key=lambda query: -slow_share(result, query)):
        kind = "SYSTEMATIC" if slow_share(result, query) >= 0.5 else "sporadic"
        where = ", ".join(
            f"{key} ({count} times in {result.requests_to(key)} requests)"
            for key, count in sorted(query.requests.items(), key=lambda item: -item[1])
        )
        print(
            f"\n-- {kind}: max {max(query.times_ms):.1f} ms, median "
            f"{percentile(query.times_ms, 50):.1f} ms; slow in {where}"
        )
        print(f"-- {normalised(query.statement)[:1500]}")
        for line in query.plan:
            print(f"   {line}")


def size_label(scale: float) -> str:
    return "full" if scale == 1 else f"1/{round(1 / scale)}" if scale < 1 else f"x{scale:g}"


def print_growth(results: list[SizeResult]) -> None:
    if len(results) < 2:
        return
    small, full = results[0], results[-1]
    print(
        f"\nGrowth with the total number of rows ({size_label(small.scale)} -> "
        f"{size_label(full.scale)}; each page shows the same at both sizes):"
    )
    for before, after in zip(small.figures, full.figures, strict=True):
        if before.error or after.error:
            print(f"  {before.name:<28} (failed at one size)")
            continue
        p50_small, p50_full = before.p("client", 50), after.p("client", 50)
        grows = p50_full > p50_small * GROWTH_FACTOR + GROWTH_SLACK_MS
        print(
            f"  {before.name:<28} p50 {p50_small:7.1f} -> {p50_full:7.1f} ms, "
            f"p95 {before.p('client', 95):7.1f} -> {after.p('client', 95):7.1f} ms  "
            f"x{p50_full / p50_small:4.2f}  {'GROWS' if grows else 'flat'}"
        )


def load_average() -> str:
    """Other programs on the machine slow every figure down: the run says how busy it was."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def print_environment(conninfo: str) -> None:
    with psycopg.connect(conninfo) as conn:
        settings = {
            name: conn.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
            for name in ("server_version", "shared_buffers", "work_mem", "random_page_cost")
        }
        sizes = conn.execute(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class "
            "WHERE relname IN ('task_completion', 'competence_signoff') ORDER BY relname"
        ).fetchall()
    print(
        f"  PostgreSQL {settings['server_version']}, shared_buffers {settings['shared_buffers']}, "
        f"work_mem {settings['work_mem']}, random_page_cost {settings['random_page_cost']}; "
        f"{os.cpu_count()} CPUs, load average {load_average()}; "
        + ", ".join(f"{name} {size} (with indexes)" for name, size in sizes)
    )


# --- a run -------------------------------------------------------------------------------------


def run_size(scale: float, url: str, args: argparse.Namespace) -> SizeResult:
    label = size_label(scale)
    conninfo = scale_data.conninfo(make_url(url))
    load_seconds = None
    print(f"\n=== {label}: {url}", flush=True)
    if args.reuse and scale_data.loaded_scale(url) == scale:
        scale_data.migrate(make_url(url))  # a migration added since still applies
        print("  reusing the database loaded before (--reuse), migrated to the newest schema")
    else:
        report = scale_data.load(url, scale)
        load_seconds = report.seconds
        print(
            f"[{label}] load: {report.shape.organisations} organisations, "
            f"{report.shape.learners:,} learners, {report.shape.supervisors:,} supervisors in "
            f"{report.seconds:.0f} s",
            flush=True,
        )
    print_environment(conninfo)
    subjects = read_subjects(conninfo)
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    result = SizeResult(scale, url, load_seconds)
    try:
        with gunicorn(url, workdir) as server:
            result.figures = measure_all(server, subjects, conninfo, args)
            result.requests_per_path = server.requests_per_path()
        print(f"[{label}] load average at the end (1, 5, 15 min): {load_average()}")
        result.slow = read_slow(workdir / "slow-queries.jsonl")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    explain(conninfo, result.slow)
    print_slow(result)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, action="append")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--csv-requests", type=int, default=0)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    full_url = os.environ.get("SCALE_DATABASE_URL") or scale_data.DEFAULT_URL
    scales = sorted(set(args.scale or [0.1, 1.0]))
    if len([scale for scale in scales if scale != 1]) > 1:
        raise SystemExit("at most one size other than 1 per run (it goes to <name>_small)")
    results = [
        run_size(scale, full_url if scale == 1 else small_url(full_url), args) for scale in scales
    ]
    print("\nSummary")
    for result in results:
        label = f"[{size_label(result.scale)}] "
        if result.load_seconds is not None:
            print(f"{label}load {result.load_seconds:.0f} s")
        for figures in result.figures:
            print(figure_line(label, figures))
    print_growth(results)


if __name__ == "__main__":
    main()
