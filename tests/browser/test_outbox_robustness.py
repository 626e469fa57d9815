"""No bad item blocks the outbox, and no task is lost when the phone cannot store it."""

from __future__ import annotations

import contextlib
from datetime import UTC

from flask import Flask
from playwright.sync_api import BrowserContext, Page, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.fixtures import assert_accessible, log_in
from tests.browser.offline import (
    complete_task,
    completion_count,
    completions,
    sync_state,
    wait_until_offline_ready,
    wait_until_ready,
)
from tests.factories import Demo

# Items as an older version of the app could have stored them: straight into IndexedDB.
STORE_ITEMS = """async (items) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('leerplek');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = db.transaction('outbox', 'readwrite');
  for (const item of items) tx.objectStore('outbox').put(item);
  await new Promise((resolve) => { tx.oncomplete = resolve; });
}"""

BROKEN_INDEXEDDB = """
  indexedDB.open = function () {
    const request = {};
    setTimeout(() => {
      request.error = new DOMException("The quota has been exceeded.", "QuotaExceededError");
      if (request.onerror) request.onerror(new Event("error"));
    });
    return request;
  };
"""


def _item(demo: Demo, index: int, note: str, minute: int) -> dict:
    return {
        "id": f"00000000-0000-4000-8000-{index:012d}",
        "user_id": demo.users["leerling1"],
        "task_id": demo.tasks["veilig-werken"][index],
        "card_version": 1,
        "completed_at": f"{_today()}T00:{minute:02d}:00.000Z",
        "reflection": "good",
        "note": note,
        "title": f"Taak {index}",
        "status": "pending",
        "error": None,
    }


def _today() -> str:
    from datetime import datetime

    return datetime.now(UTC).date().isoformat()


def press_send_until(page: Page, done, tries: int = 20) -> None:  # type: ignore[no-untyped-def]
    """The learner presses "Verstuur nu" while items wait (instead of waiting for back-off)."""
    send = page.get_by_role("button", name="Verstuur nu")
    for _ in range(tries):
        if done():
            return
        if send.is_visible():
            # The button hides while a send is going on: then just wait and look again.
            with contextlib.suppress(PlaywrightTimeoutError):
                send.click(timeout=1_000)
        page.wait_for_timeout(400)
    assert done()


def test_an_item_the_server_cannot_store_is_set_aside_and_the_others_arrive(
    app: Flask, demo: Demo, page: Page, axe
) -> None:
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    items = [
        _item(demo, 0, "Goed", 1),
        _item(demo, 1, "kapot\u0000", 2),
        _item(demo, 2, "Ook goed", 3),
    ]
    page.evaluate(STORE_ITEMS, items)
    page.reload()  # the flush on load sends them
    expect(sync_state(page)).to_have_text("1 taak kon niet worden verstuurd")
    rows = completions(app)
    assert sorted(row.note for row in rows) == ["Goed", "Ook goed"]
    problems = page.locator("[data-rejected-list]")
    expect(problems).to_contain_text("Taak 1")
    expect(problems.get_by_role("button", name="Weghalen")).to_be_visible()
    assert_accessible(axe, page)


def test_a_batch_that_keeps_failing_is_split_until_the_bad_item_stands_alone(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext, axe
) -> None:
    """A server bug answers 500 to every batch with one particular item in it. The good items
    still arrive; the bad one is shown with a choice, never dropped."""
    batches: list[int] = []

    def poisoned(route: Route) -> None:
        body = route.request.post_data or ""
        batches.append(body.count('"id"'))
        if "GIFTIG" in body:
            route.fulfill(status=500, body="kapot")
        else:
            route.continue_()

    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    phone_context.set_offline(True)
    for index, note in enumerate(["Eerste", "GIFTIG", "Derde", "Vierde"]):
        page.goto(f"/learner/cards/{demo.cards['veilig-werken'][index]}")
        complete_task(page, note=note)
    expect(sync_state(page)).to_have_text("4 taken wachten op internet")

    phone_context.route("**/api/v1/sync", poisoned)
    phone_context.set_offline(False)
    problems = page.locator("[data-rejected-list]")
    press_send_until(page, lambda: problems.is_visible() and completion_count(app) == 3)
    assert sorted(row.note for row in completions(app)) == ["Derde", "Eerste", "Vierde"]
    assert batches[:3] == [4, 4, 4]  # three tries as a whole, then halves
    assert min(batches) == 1
    expect(problems).to_contain_text("Versturen lukt steeds niet")
    expect(sync_state(page)).to_have_text("1 taak kon niet worden verstuurd")
    assert_accessible(axe, page)

    # The learner chooses to try again later; by then the server is mended.
    phone_context.unroute("**/api/v1/sync")
    problems.get_by_role("button", name="Later opnieuw proberen").click()
    press_send_until(page, lambda: completion_count(app) == 4)
    expect(sync_state(page)).to_have_text("Alles is verstuurd")
    assert "GIFTIG" in [row.note for row in completions(app)]


def test_a_stuck_item_can_be_removed_after_asking(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    def poisoned(route: Route) -> None:
        if "GIFTIG" in (route.request.post_data or ""):
            route.fulfill(status=500, body="kapot")
        else:
            route.continue_()

    phone_context.route("**/api/v1/sync", poisoned)
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    phone_context.set_offline(True)
    for index, note in enumerate(["GIFTIG", "Goed"]):
        page.goto(f"/learner/cards/{demo.cards['veilig-werken'][index]}")
        complete_task(page, note=note)
    phone_context.set_offline(False)
    problems = page.locator("[data-rejected-list]")
    press_send_until(page, lambda: problems.is_visible())
    assert [row.note for row in completions(app)] == ["Goed"]
    page.once("dialog", lambda dialog: dialog.accept())
    problems.get_by_role("button", name="Weghalen").click()
    expect(sync_state(page)).to_have_text("Alles is verstuurd")
    assert completion_count(app) == 1


def test_a_short_outage_of_the_server_marks_nothing_stuck(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    """Every sync fails for a while (a restart, a failover): tasks wait, none is called stuck;
    when the server is back they go by themselves."""
    phone_context.route("**/api/v1/sync", lambda route: route.fulfill(status=503, body="even weg"))
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    complete_task(page, note="Tijdens de storing")
    for _ in range(6):  # the learner keeps pressing "Verstuur nu"
        page.get_by_role("button", name="Verstuur nu").click()
        expect(sync_state(page)).to_have_text("1 taak wacht op internet")
    expect(page.locator("[data-rejected-list]")).to_be_hidden()
    phone_context.unroute("**/api/v1/sync")
    press_send_until(page, lambda: completion_count(app) == 1)  # (or the next retry sends it)
    expect(sync_state(page)).to_have_text("Alles is verstuurd")
    assert [row.note for row in completions(app)] == ["Tijdens de storing"]


def test_without_indexeddb_a_task_goes_straight_to_the_server_or_says_it_was_not_saved(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    phone_context.add_init_script(BROKEN_INDEXEDDB)  # e.g. private mode, or a full phone
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    complete_task(page, "Ging wel", note="Zonder opslag")
    expect(page.get_by_text("Opgeslagen. Goed gedaan!")).to_be_visible()
    [row] = completions(app)
    assert (row.note, row.reflection.value) == ("Zonder opslag", "ok")
    expect(page.locator(f"[data-task-done='{row.task_id}']")).to_be_visible()

    phone_context.set_offline(True)
    page.get_by_text("Moeilijk", exact=True).click()
    page.get_by_label("Wil je er iets over zeggen?").fill("Nog een keer")
    page.get_by_role("button", name="Ik heb het gedaan").click()
    not_saved = page.get_by_role("alert").filter(has_text="Dit is niet bewaard")
    expect(not_saved).to_be_visible()
    expect(page.get_by_label("Wil je er iets over zeggen?")).to_have_value("Nog een keer")
    assert completion_count(app) == 1

    phone_context.set_offline(False)  # the learner tries again with internet
    page.get_by_role("button", name="Ik heb het gedaan").click()
    expect(page.get_by_text("Opgeslagen. Goed gedaan!")).to_be_visible()
    expect(not_saved).to_be_hidden()
    assert sorted(row.note for row in completions(app)) == ["Nog een keer", "Zonder opslag"]


# The outbox as the release before photos made it: database version 1, one store.
OLD_RELEASE_OUTBOX = """async (item) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('leerplek', 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('outbox', { keyPath: 'id' }).createIndex('user_id', 'user_id');
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = db.transaction('outbox', 'readwrite');
  tx.objectStore('outbox').put(item);
  await new Promise((resolve) => { tx.oncomplete = resolve; });
  db.close();
}"""


def test_a_task_waiting_in_the_previous_releases_outbox_still_arrives(
    app: Flask, demo: Demo, page: Page
) -> None:
    """A phone that kept a task offline across the deploy that added photos: the outbox gets its
    photo store, and the waiting task is not lost."""
    page.goto("/healthz")  # this origin, with none of the app's scripts
    page.evaluate(OLD_RELEASE_OUTBOX, _item(demo, 0, "van voor de update", 1))
    log_in(page, "leerling1")
    wait_until_ready(page)
    expect(sync_state(page)).to_have_text("Alles is verstuurd", timeout=15_000)
    assert [row.note for row in completions(app)] == ["van voor de update"]
    stores = page.evaluate(
        """() => new Promise((resolve) => {
             const open = indexedDB.open('leerplek');
             open.onsuccess = () => resolve([open.result.version, [...open.result.objectStoreNames]]);
           })"""
    )
    assert stores == [2, ["outbox", "photos"]]
