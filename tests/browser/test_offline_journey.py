"""The heart of Leerplek: a learner reads every card and does tasks with no internet at all,
and everything reaches the server exactly once when the phone is online again."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.fixtures import assert_accessible, log_in
from tests.browser.offline import (
    complete_task,
    completion_count,
    completions,
    sync_state,
    wait_until_offline_ready,
)
from tests.factories import Demo


def test_learner_reads_every_card_and_completes_three_tasks_offline(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext, axe
) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    expect(sync_state(page)).to_have_text("Alles is verstuurd")

    phone_context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Mijn lessen")).to_be_visible()

    for slug in ("veilig-werken", "digitaal-werken", "afval-scheiden"):
        page.goto(f"/learner/packages/{demo.packages[slug]}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        for card_id in demo.cards[slug]:
            page.goto(f"/learner/cards/{card_id}")
            expect(page.get_by_role("heading", name="Doe het zelf", exact=False)).to_be_visible()

    card_ids = demo.cards["veilig-werken"][:3]
    page.goto(f"/learner/cards/{card_ids[0]}")
    easy = page.get_by_role("switch", name="Makkelijk lezen")
    expect(easy).to_have_attribute("aria-checked", "false")
    easy.click()
    expect(easy).to_have_attribute("aria-checked", "true")
    expect(page.locator('[data-text="easy"]')).to_be_visible()
    expect(page.locator('[data-text="normal"]')).to_be_hidden()
    assert_accessible(axe, page)

    for index, card_id in enumerate(card_ids):
        page.goto(f"/learner/cards/{card_id}")
        # the switch is remembered on the phone, also offline
        expect(page.get_by_role("switch", name="Makkelijk lezen")).to_have_attribute(
            "aria-checked", "true"
        )
        complete_task(
            page, reflection=["Goed", "Ging wel", "Moeilijk"][index], note=f"Notitie {index}"
        )
        expect(page.get_by_text("Opgeslagen op je telefoon")).to_be_visible()

    assert completion_count(app) == 0
    expect(sync_state(page)).to_have_text("3 taken wachten op internet")
    assert_accessible(axe, page)

    phone_context.set_offline(False)  # the browser fires "online"; the outbox flushes
    expect(sync_state(page)).to_have_text("Alles is verstuurd", timeout=15_000)
    rows = completions(app)
    assert len(rows) == 3
    assert sorted(row.task_id for row in rows) == sorted(demo.tasks["veilig-werken"][:3])
    assert sorted(row.reflection.value for row in rows) == ["good", "hard", "ok"]
    assert sorted(row.note for row in rows) == ["Notitie 0", "Notitie 1", "Notitie 2"]
    assert all(row.card_version == 1 for row in rows)
    assert all(row.learner_id == demo.users["leerling1"] for row in rows)

    page.reload()  # another flush on load must not send anything twice
    expect(sync_state(page)).to_have_text("Alles is verstuurd")
    assert completion_count(app) == 3


def test_uncached_page_offline_shows_the_friendly_dutch_offline_page(
    demo: Demo, page: Page, phone_context: BrowserContext, axe
) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    phone_context.set_offline(True)
    page.goto("/supervisor/")  # never cached on a learner's phone
    expect(page.get_by_role("heading", name="Je hebt nu geen internet")).to_be_visible()
    assert_accessible(axe, page)
