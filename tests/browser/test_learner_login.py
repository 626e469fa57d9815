"""A learner on a cheap phone logs in and finds their lessons."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.fixtures import PHONE, assert_accessible, log_in, wait_until, watch_csp
from tests.browser.offline import wait_until_offline_ready, wait_until_ready


def test_learner_logs_in_on_a_phone_and_sees_their_packages(page: Page, demo, axe) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible(axe, page)

    log_in(page, "leerling2")

    expect(page.get_by_role("heading", name="Mijn lessen")).to_be_visible()
    packages = page.get_by_role("main").get_by_role("listitem")
    expect(packages).to_have_count(2)
    safety = packages.filter(has=page.get_by_role("link", name=re.compile("^Veilig werken")))
    expect(safety).to_contain_text(f"0 van {len(demo.tasks['veilig-werken'])} taken gedaan")
    waste = packages.filter(has=page.get_by_role("link", name=re.compile("^Afval scheiden")))
    expect(waste).to_contain_text(f"0 van {len(demo.tasks['afval-scheiden'])} taken gedaan")
    # leerling2 has no "Digitaal werken" package assigned
    expect(page.get_by_text("Digitaal werken")).to_have_count(0)
    assert_accessible(axe, page)

    safety.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veilig werken")
    page.get_by_role("main").get_by_role("link").nth(1).click()
    expect(page.get_by_role("heading", name=re.compile("^Doe het zelf"))).to_be_visible()
    page.get_by_text("Makkelijk lezen").click()
    assert_accessible(axe, page)


# Every heading a page of this tab ever showed, also those replaced a moment later.
RECORD_HEADINGS = """
  document.addEventListener("DOMContentLoaded", () => {
    const seen = JSON.parse(sessionStorage.getItem("headings") || "[]");
    seen.push(...[...document.querySelectorAll("h1")].map((h) => h.textContent.trim()));
    sessionStorage.setItem("headings", JSON.stringify(seen));
  });
"""


def test_the_next_learner_on_a_shared_phone_never_sees_the_stored_pages_of_the_last(
    demo, page: Page, phone_context: BrowserContext
) -> None:
    log_in(page, "leerling1")  # Anouk
    wait_until_offline_ready(page)
    phone_context.clear_cookies()  # her session ends without logging out (the phone is shared)
    phone_context.add_init_script(RECORD_HEADINGS)
    log_in(page, "leerling2")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Hoi (?!Anouk)"))
    wait_until_offline_ready(page)
    seen = page.evaluate("JSON.parse(sessionStorage.getItem('headings'))")
    assert seen
    assert not [heading for heading in seen if "Anouk" in heading]
    # Offline, the phone now holds the new learner's lessons only.
    phone_context.set_offline(True)
    page.goto("/learner/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Hoi (?!Anouk)"))
    assert page.evaluate(
        f"async () => !(await caches.match('/learner/packages/{demo.packages['digitaal-werken']}', "
        "{cacheName: 'leerplek-pages'}))"
    )  # leerling2 has no "Digitaal werken": nothing of Anouk's is left


def test_after_a_language_change_the_stored_lessons_follow(page: Page, phone_context, demo) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="My lessons")).to_be_visible()
    wait_until_ready(page)
    expect(page.get_by_text("Everything is on your phone")).to_be_visible()
    phone_context.set_offline(True)
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    expect(page.get_by_role("link", name="Next")).to_be_visible()  # the card in English, offline
    expect(page.get_by_role("link", name="Volgende")).to_have_count(0)


def test_overal_uitloggen_ends_the_log_in_on_the_lost_phone_too(
    demo, page: Page, browser, live_server, axe
) -> None:
    lost_phone = watch_csp(
        browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=PHONE)
    )
    try:
        other = lost_phone.new_page()
        log_in(other, "leerling1")
        wait_until_offline_ready(other)  # the lessons are stored on that phone

        log_in(page, "leerling1")
        page.locator("details.user-menu summary").click()
        assert_accessible(axe, page)  # the open menu with both buttons
        page.get_by_role("button", name="Overal uitloggen").click()
        expect(page.get_by_text("Je bent overal uitgelogd.")).to_be_visible()
        expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()

        # The other phone is logged out on the server too. Its next page comes from the phone's
        # copy, which then learns that the log-in ended and removes the stored lessons.
        assert other.request.get("/api/v1/csrf").status == 401
        package = f"/learner/packages/{demo.packages['veilig-werken']}"
        other.goto(package)
        expect(other.get_by_role("heading", level=1)).to_have_text("Veilig werken")  # its copy
        wait_until(other, "async () => !(await caches.has('leerplek-pages'))")
        other.goto(package)
        expect(other.get_by_role("heading", name="Inloggen")).to_be_visible()
    finally:
        lost_phone.close()
