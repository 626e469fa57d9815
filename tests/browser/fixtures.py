"""Real Chromium through Playwright, against the app served on a local port.

The system Chromium (Debian's package) is used when present: Playwright cannot download its own
browser on machines without internet. A browser that does not start fails the test run; browser
tests are never skipped.

Every browser context a test opens is watched for Content-Security-Policy violations
(``watch_csp``): the app runs under its real policy, and a refused script, style or fetch fails the
test at teardown, even when the page happens to look right without it.

The server runs in a thread of this process, with its own database connections: tests that use it
commit for real (see ``tests/conftest.py``), and it has finished every request before the tables
are emptied after a test.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    WebError,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import BaseWSGIServer, make_server

SYSTEM_CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
PHONE = {"width": 360, "height": 740}
# Without these, Chromium keeps calling home, which a closed network answers with errors.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
    "--no-sandbox",
]


# Chromium: "Refused to ... because it violates the following Content Security Policy directive",
# also in the EvalError of a refused eval().
CSP_VIOLATION = "Content Security Policy"
# The running test's violations; emptied before and after each test (``_no_csp_violations``).
_seen_in_test: list[str] = []


def watch_csp(context: BrowserContext, seen: list[str] | None = None) -> BrowserContext:
    """Record every CSP violation reported by the pages of ``context``: console messages and
    uncaught errors. Into ``seen`` when given, else into the running test's list, which fails the
    test at teardown. Returns the context, to wrap ``browser.new_context(...)``."""
    record = _seen_in_test if seen is None else seen

    def console(message: ConsoleMessage) -> None:
        if CSP_VIOLATION in message.text:
            record.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def web_error(error: WebError) -> None:
        if CSP_VIOLATION in str(error.error):
            record.append(str(error.error))

    context.on("console", console)
    context.on("weberror", web_error)
    return context


@pytest.fixture(autouse=True)
def _no_csp_violations() -> Iterator[None]:
    _seen_in_test.clear()
    yield
    seen = list(_seen_in_test)
    _seen_in_test.clear()
    assert not seen, "Content-Security-Policy violations:\n" + "\n".join(seen)


def wait_until(
    page: Page, predicate: str, arg: object = None, timeout: float = 30_000, every: float = 50
) -> None:
    """Wait until ``predicate`` (a JS expression or function, may be async) is truthy.

    Instead of ``page.wait_for_function``: Playwright runs that predicate with ``eval()`` inside
    the page, which the app's policy refuses (no 'unsafe-eval'). ``page.evaluate`` goes through
    the DevTools protocol, which no page policy limits. A navigation meanwhile is waited out.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if page.evaluate(predicate, arg):
                return
        except PlaywrightError as error:
            if "context was destroyed" not in error.message and "navigat" not in error.message:
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} ms: {predicate}")
        page.wait_for_timeout(every)


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self._running = 0  # requests not yet answered in full
        self._changed = threading.Condition()
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, self._counted, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _counted(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        with self._changed:
            self._running += 1
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self._done()
            raise
        return self._sent(body)

    def _sent(self, body: Iterable[bytes]) -> Iterator[bytes]:
        """Hand the body to the server; the request is done once all of it is written. (Not
        when the server closes it: after a POST, werkzeug waits there for the browser to hang
        up.)"""
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
            self._done()

    def _done(self) -> None:
        with self._changed:
            self._running -= 1
            self._changed.notify_all()

    def wait_until_idle(self, timeout: float = 10) -> None:
        """Wait for requests a closed browser left behind, which may still write."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._running == 0, timeout):
                raise AssertionError(f"the live server still runs {self._running} request(s)")

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def _running_server(app: Flask) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def live_server(_running_server: LiveServer) -> Iterator[LiveServer]:
    """The app on a local port, for one test; idle again when the test is over."""
    yield _running_server
    _running_server.wait_until_idle()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


def wait_in_python(page: Page, done: Callable[[], bool], timeout_ms: int = 20_000) -> None:
    """Wait for something the test itself sees (a route that was hit), letting the page run.

    A sync bar that already says "Alles is verstuurd" before the send began would satisfy an
    ``expect`` at once; what the route saw cannot be ahead of what really happened.
    """
    for _ in range(timeout_ms // 100):
        if done():
            return
        page.wait_for_timeout(100)
    raise AssertionError("waited in vain")


def launch_options() -> dict[str, object]:
    options: dict[str, object] = {"headless": True, "args": CHROMIUM_ARGS}
    if SYSTEM_CHROMIUM.exists():
        options["executable_path"] = str(SYSTEM_CHROMIUM)
    return options


def persistent_phone(playwright: Playwright, profile: Path, base_url: str) -> BrowserContext:
    """A phone whose profile lives in ``profile``: closing and opening it again keeps its
    IndexedDB, caches and service worker, as a real phone that was switched off."""
    return watch_csp(
        playwright.chromium.launch_persistent_context(
            str(profile),
            base_url=base_url,
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            locale="nl-NL",
            **launch_options(),
        )
    )


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(**launch_options())
    yield browser
    browser.close()


@pytest.fixture
def phone_context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """A fresh phone-sized browser profile with Dutch as its language."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
    )
    watch_csp(context)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(phone_context: BrowserContext) -> Page:
    return phone_context.new_page()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def assert_accessible(axe: Axe, page: Page) -> None:
    """axe-core finds no violations, and nothing is wider than the phone's screen."""
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    # Compare with the device width, not window.innerWidth: a mobile browser zooms out to fit a
    # too-wide page, which grows innerWidth along with it.
    width = (page.viewport_size or PHONE)["width"]
    overflow = page.evaluate("document.documentElement.scrollWidth") - width
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {width}px screen"


def log_out_button(page: Page) -> Locator:
    """The "Uitloggen" button, in the menu behind the user's name: opens the menu first."""
    menu = page.locator("details.user-menu")
    if not menu.evaluate("details => details.open"):
        menu.locator("summary").click()
    return menu.get_by_role("button", name="Uitloggen", exact=True)


def log_in(page: Page, username: str, password: str = "oefenen123") -> None:
    page.goto("/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


# Headless Chromium has no voices; these stand in for a phone's speech engine. VOICES is
# filled in per test: the phone's installed voices.
CAPTURE_SPEECH = """
  window.__spoken = [];
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  window.speechSynthesis.getVoices = () => VOICES.map((lang) => ({lang, name: lang}));
  window.speechSynthesis.speak = (utterance) => {
    window.__spoken.push({text: utterance.text, lang: utterance.lang});
    setTimeout(() => utterance.onend && utterance.onend(), 50);  // "finished speaking"
  };
"""


def phone_voices(*langs: str) -> str:
    """An init script that gives the page these voices and records what it speaks."""
    return CAPTURE_SPEECH.replace("VOICES", repr(list(langs)))
