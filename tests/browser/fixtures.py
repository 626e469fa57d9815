"""Real Chromium through Playwright, against the app served on a local port.

The system Chromium (Debian's package) is used when present: Playwright cannot download its own
browser on machines without internet. A browser that does not start fails the test run; browser
tests are never skipped.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Playwright, sync_playwright
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


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


def launch_options() -> dict[str, object]:
    options: dict[str, object] = {"headless": True, "args": CHROMIUM_ARGS}
    if SYSTEM_CHROMIUM.exists():
        options["executable_path"] = str(SYSTEM_CHROMIUM)
    return options


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
    return menu.get_by_role("button", name="Uitloggen")


def log_in(page: Page, username: str, password: str = "oefenen123") -> None:
    page.goto("/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
