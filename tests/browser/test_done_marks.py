"""A task done on the phone counts as done everywhere at once, also offline and before it is
sent; after the sync the marks and counts stay right without a reload."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.fixtures import assert_accessible, log_in, wait_until
from tests.browser.offline import (
    complete_task,
    completion_count,
    sync_state,
    wait_until_offline_ready,
)
from tests.factories import Demo


def progress_text(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.locator(".tile, section").filter(has_text=title).locator("[data-progress-text]")


def test_tasks_done_offline_count_on_every_page_and_stay_counted_after_the_sync(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext, axe
) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    cards = demo.cards["veilig-werken"]
    phone_context.set_offline(True)

    for card_id in cards[:2]:
        page.goto(f"/learner/cards/{card_id}")
        complete_task(page)
        task_id = demo.tasks["veilig-werken"][cards.index(card_id)]
        mark = page.locator(f"[data-task-done='{task_id}']")
        expect(mark).to_be_visible()
        expect(mark).to_have_text("Gedaan, wacht op internet", use_inner_text=True)
    assert_accessible(axe, page)

    page.goto(f"/learner/packages/{demo.packages['veilig-werken']}")
    expect(page.locator("[data-progress-text]")).to_have_text("2 van 6 taken gedaan")
    expect(page.locator("progress")).to_have_attribute("value", "2")
    done_badges = page.get_by_role("listitem").filter(has=page.locator("[data-card-done]:visible"))
    expect(done_badges).to_have_count(2)

    page.goto("/learner/")
    expect(progress_text(page, "Veilig werken")).to_have_text("2 van 6 taken gedaan")
    expect(progress_text(page, "Afval scheiden")).to_have_text("0 van 6 taken gedaan")
    page.goto("/learner/progress")
    expect(progress_text(page, "Veilig werken")).to_have_text("2 van 6 taken gedaan")
    assert completion_count(app) == 0

    # Online again, on the card page: the mark turns into "done" without a reload.
    page.goto(f"/learner/cards/{cards[1]}")
    mark = page.locator(f"[data-task-done='{demo.tasks['veilig-werken'][1]}']")
    expect(mark).to_have_text("Gedaan, wacht op internet", use_inner_text=True)
    page.evaluate("window.__sameDocument = true")
    phone_context.set_offline(False)
    expect(sync_state(page)).to_have_text("Alles is verstuurd", timeout=15_000)
    expect(mark).to_contain_text("Je hebt deze taak gedaan", use_inner_text=True)
    assert page.evaluate("window.__sameDocument") is True
    assert completion_count(app) == 2

    # The phone forgets its own record once the server's list has the tasks; counts stay.
    wait_until(
        page,
        """async () => {
             const db = await new Promise((r) => {
               const o = indexedDB.open('leerplek');
               o.onsuccess = () => r(o.result);
             });
             const all = await new Promise((r) => {
               const q = db.transaction('outbox').objectStore('outbox').getAll();
               q.onsuccess = () => r(q.result);
             });
             return all.length === 0;
           }""",
    )
    phone_context.set_offline(True)
    page.goto(f"/learner/packages/{demo.packages['veilig-werken']}")
    expect(page.locator("[data-progress-text]")).to_have_text("2 van 6 taken gedaan")
    page.goto(f"/learner/cards/{cards[0]}")
    expect(page.locator(f"[data-task-done='{demo.tasks['veilig-werken'][0]}']")).to_contain_text(
        "Je hebt deze taak gedaan", use_inner_text=True
    )
