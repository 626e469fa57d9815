"""Nothing lost, nothing doubled: the outbox keeps items through server errors, lost answers,
ended sessions and closed browsers, and delivers each exactly once."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import BrowserContext, Page, Playwright, Route, expect

from tests.browser.fixtures import (
    LiveServer,
    log_in,
    log_out_button,
    persistent_phone,
    wait_in_python,
)
from tests.browser.offline import (
    complete_task,
    completion_count,
    completions,
    sync_state,
    wait_until_offline_ready,
    wait_until_ready,
)
from tests.factories import Demo


def _card(demo: Demo, index: int = 0) -> str:
    return f"/learner/cards/{demo.cards['veilig-werken'][index]}"


def test_a_server_error_keeps_the_task_and_the_retry_delivers_it_once(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    failures = {"left": 1}

    def fail_first(route: Route) -> None:
        if failures["left"]:
            failures["left"] -= 1
            route.fulfill(status=500, body="kapot")
        else:
            route.continue_()

    phone_context.route("**/api/v1/sync", fail_first)
    log_in(page, "leerling1")
    page.goto(_card(demo))
    wait_until_ready(page)
    complete_task(page)
    # the first flush met the 500: the task waits and is retried with back-off
    wait_in_python(page, lambda: failures["left"] == 0)
    expect(sync_state(page)).to_have_text("Alles is verstuurd", timeout=20_000)
    wait_in_python(page, lambda: len(completions(app)) >= 1)
    assert len(completions(app)) == 1


def test_an_answer_lost_on_the_way_back_does_not_double_the_task(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    """The server stored the batch but the phone never heard back (the connection dropped):
    the phone sends it again, the server says "duplicate", and there is still one row."""
    lost = {"left": 1}

    def store_then_drop(route: Route) -> None:
        if lost["left"]:
            lost["left"] -= 1
            route.fetch()  # reaches the server, which stores the item
            route.abort("connectionreset")
        else:
            route.continue_()

    answers: list[str] = []
    phone_context.route("**/api/v1/sync", store_then_drop)
    log_in(page, "leerling1")
    page.goto(_card(demo))
    wait_until_ready(page)
    page.on(
        "response",
        lambda r: (
            answers.extend(x["status"] for x in r.json()["results"])
            if "/api/v1/sync" in r.url
            else None
        ),
    )
    complete_task(page)
    wait_in_python(page, lambda: lost["left"] == 0 and bool(answers))
    expect(sync_state(page)).to_have_text("Alles is verstuurd", timeout=20_000)
    assert answers == ["duplicate"]  # the retry; the first answer never arrived
    assert completion_count(app) == 1


def test_session_that_ended_while_offline_sends_after_logging_in_again(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    phone_context.set_offline(True)
    page.goto(_card(demo, 1))
    complete_task(page, "Moeilijk")
    phone_context.clear_cookies()  # the session ended (cookie expired, password reset, ...)
    phone_context.set_offline(False)

    expect(sync_state(page)).to_have_text("Log opnieuw in. Dan worden je taken verstuurd.")
    assert completion_count(app) == 0
    page.get_by_role("link", name="Opnieuw inloggen").click()
    page.get_by_label("Gebruikersnaam").fill("leerling1")
    page.get_by_label("Wachtwoord").fill("oefenen123")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{page.url.split('/learner')[0]}{_card(demo, 1)}")
    expect(sync_state(page)).to_have_text("Alles is verstuurd")
    [row] = completions(app)
    assert row.task_id == demo.tasks["veilig-werken"][1]
    assert row.reflection.value == "hard"


def test_tasks_queued_before_the_browser_closed_arrive_when_it_opens_online(
    app: Flask, demo: Demo, playwright_instance: Playwright, live_server: LiveServer, tmp_path: Path
) -> None:
    def open_phone() -> BrowserContext:
        context = persistent_phone(playwright_instance, tmp_path / "profile", live_server.url)
        context.set_default_timeout(10_000)
        return context

    phone = open_phone()
    page = phone.new_page()
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    phone.set_offline(True)
    page.goto(_card(demo, 2))
    complete_task(page, "Ging wel", note="Zonder internet gedaan")
    expect(sync_state(page)).to_have_text("1 taak wacht op internet")
    phone.close()
    assert completion_count(app) == 0

    phone = open_phone()  # the next morning, with internet; still logged in (remember me)
    page = phone.pages[0] if phone.pages else phone.new_page()
    page.goto("/learner/")
    expect(page.get_by_role("heading", name="Mijn lessen")).to_be_visible()
    expect(sync_state(page)).to_have_text("Alles is verstuurd")
    [row] = completions(app)
    assert row.note == "Zonder internet gedaan"
    phone.close()


def test_a_rejected_task_stays_visible_with_its_reason_until_removed(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    log_in(page, "leerling1")
    page.goto(_card(demo))
    wait_until_ready(page)
    # the phone's clock is a day ahead: the server must refuse this one item
    page.evaluate(
        """() => { const RealDate = Date;
           const ahead = RealDate.now() + 24 * 3600 * 1000;
           Date = class extends RealDate { constructor(...a) { super(...(a.length ? a : [ahead])); }
                                           static now() { return ahead; } }; }"""
    )
    complete_task(page)
    expect(sync_state(page)).to_have_text("1 taak kon niet worden verstuurd")
    rejected = page.locator("[data-rejected-list]")
    expect(rejected).to_contain_text("deze taak ligt in de toekomst")
    expect(rejected).to_contain_text("Controleer je werkschoenen")
    assert completion_count(app) == 0

    page.reload()  # still there after a reload: never silently dropped
    expect(rejected).to_contain_text("deze taak ligt in de toekomst")
    page.once("dialog", lambda dialog: dialog.accept())
    rejected.get_by_role("button", name="Weghalen").click()
    expect(sync_state(page)).to_have_text("Alles is verstuurd")
    expect(rejected).to_be_hidden()


def test_logging_out_with_unsent_tasks_warns_first(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    phone_context.route("**/api/v1/sync", lambda route: route.fulfill(status=503, body=""))
    log_in(page, "leerling1")
    page.goto(_card(demo))
    wait_until_ready(page)
    complete_task(page)
    log_out_button(page).click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("1 taak is nog niet verstuurd")
    dialog.get_by_role("button", name="Ingelogd blijven").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", name="Doe het zelf", exact=False)).to_be_visible()

    phone_context.unroute("**/api/v1/sync")
    log_out_button(page).click()  # the flush first sends it
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert completion_count(app) == 1
    leftovers = page.evaluate(
        """async () => ({
             pages: (await caches.keys()).includes('leerplek-pages'),
             outbox: (await new Promise((resolve) => {
               const open = indexedDB.open('leerplek');
               open.onsuccess = () => {
                 const req = open.result.transaction('outbox').objectStore('outbox').count();
                 req.onsuccess = () => resolve(req.result);
               };
             })),
             offline: localStorage.getItem('leerplek-offline'),
           })"""
    )
    assert leftovers == {"pages": False, "outbox": 0, "offline": None}
