"""The app does everything it does under its Content-Security-Policy, and the policy bites.

Every browser test fails on a CSP violation (fixtures.watch_csp); these tests walk the parts
that the policy could break first: the service worker, the inline import map, read-aloud and
printing. The last one proves that the watch really sees a refused inline script.
"""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.fixtures import PHONE, LiveServer, log_in, phone_voices, wait_until, watch_csp
from tests.browser.offline import sync_state, wait_until_offline_ready, wait_until_ready
from tests.factories import Demo

# Module URLs the page loaded: with the import map applied, every import is the versioned file.
LOADED_MODULES = """() => performance.getEntriesByType("resource")
  .map((entry) => new URL(entry.name))
  .filter((url) => url.pathname.startsWith("/static/js/"))
  .map((url) => url.pathname + url.search)"""


def test_learner_opens_a_stored_card_offline_under_the_policy(
    demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)  # the service worker registered and stored the lessons
    expect(sync_state(page)).to_have_text("Alles is verstuurd")  # learner.js and its imports ran
    modules = page.evaluate(LOADED_MODULES)
    assert any(url.startswith("/static/js/text.js?v=") for url in modules), modules
    assert not [url for url in modules if "?v=" not in url], modules  # the import map applied

    phone_context.set_offline(True)
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][1]}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    wait_until_ready(page)
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    expect(page.get_by_role("switch", name="Makkelijk lezen")).to_be_visible()


def test_read_aloud_works_under_the_policy(
    demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    phone_context.add_init_script(phone_voices("nl-NL"))  # init scripts are not page content
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    page.get_by_role("button", name="Lees voor").click()
    wait_until(page, "window.__spoken.length === 1")
    assert page.evaluate("window.__spoken[0].lang") == "nl-NL"


def test_supervisor_prints_login_cards_under_the_policy(demo: Demo, page: Page) -> None:
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    log_in(page, "begeleider1")
    page.goto(f"/supervisor/learners/{demo.users['leerling1']}")
    page.get_by_role("button", name="Inlogkaart maken").click()
    expect(page.locator(".login-card-qr svg")).to_be_visible()  # the QR code, an inline <svg>
    page.get_by_role("button", name="Printen").click()
    wait_until(page, "window.__printed === 1")


def test_the_policy_refuses_inline_script_and_style_and_the_watch_sees_it(
    browser: Browser, live_server: LiveServer
) -> None:
    seen: list[str] = []  # this test's own list: the violations here are the point
    context = watch_csp(browser.new_context(base_url=live_server.url, viewport=PHONE), seen)
    page = context.new_page()
    page.goto("/login")
    page.evaluate(
        """() => {
          window.__inlineRan = false;
          const script = document.createElement("script");
          script.textContent = "window.__inlineRan = true;";
          document.body.append(script);
          document.body.setAttribute("style", "background: red");
        }"""
    )
    for _ in range(50):
        if len(seen) >= 2:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.__inlineRan") is False
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    assert any("script-src" in message for message in seen), seen
    assert any("style-src" in message for message in seen), seen
    context.close()
