"""On a link that is up but answers after seconds ("lie-fi"), stored lessons open at once, and
newer content still reaches the learner. A real proxy holds every answer back (slow_proxy.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.content.services import publish_card
from app.extensions import db
from app.models import Card
from tests.browser.fixtures import PHONE, LiveServer, log_in, wait_until, watch_csp
from tests.browser.offline import wait_until_offline_ready, wait_until_ready
from tests.browser.slow_proxy import SlowProxy
from tests.factories import Demo

DELAY_S = 2.0


@pytest.fixture
def proxy(live_server: LiveServer) -> Iterator[SlowProxy]:
    with SlowProxy(upstream=live_server.url, delay=0) as slow:
        yield slow


@pytest.fixture
def slow_phone(browser: Browser, proxy: SlowProxy) -> Iterator[BrowserContext]:
    context = watch_csp(
        browser.new_context(
            base_url=proxy.url, viewport=PHONE, is_mobile=True, has_touch=True, locale="nl-NL"
        )
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


def lessons_on_the_phone(page: Page) -> None:
    """Log in at the office (fast link): the lessons are stored; then the link turns slow."""
    log_in(page, "leerling1")
    wait_until_offline_ready(page)


def test_stored_cards_open_at_once_when_every_answer_takes_two_seconds(
    demo: Demo, proxy: SlowProxy, slow_phone: BrowserContext
) -> None:
    page = slow_phone.new_page()
    lessons_on_the_phone(page)
    cards = demo.cards["veilig-werken"]
    page.goto(f"/learner/cards/{cards[0]}")
    proxy.delay = DELAY_S
    taps = []
    for card_id in cards[1:4]:
        started = time.perf_counter()
        page.get_by_role("link", name="Volgende").click()
        expect(page).to_have_url(f"{proxy.url}/learner/cards/{card_id}")
        expect(page.get_by_role("heading", name="Doe het zelf", exact=False)).to_be_visible()
        taps.append(time.perf_counter() - started)
    # Through the network a tap costs at least the proxy's two seconds.
    assert max(taps) < DELAY_S * 0.75, f"taps took {taps} s: not served from the phone"
    # Each shown card still asks the server, in the background, whether it changed.
    deadline = time.monotonic() + 3 * DELAY_S
    while time.monotonic() < deadline and not all(
        proxy.count(f"/learner/cards/{card_id}", "GET") for card_id in cards[1:4]
    ):
        page.wait_for_timeout(200)
    assert all(proxy.count(f"/learner/cards/{card_id}", "GET") for card_id in cards[1:4])


def test_a_new_card_version_reaches_the_learner_on_a_slow_link(
    app: Flask, demo: Demo, proxy: SlowProxy, slow_phone: BrowserContext
) -> None:
    page = slow_phone.new_page()
    lessons_on_the_phone(page)
    card_id = demo.cards["veilig-werken"][0]
    with app.app_context():  # the editor publishes, through the same service as the editor pages
        card = db.session.get(Card, card_id)
        card.title = "Werkschoenen: nieuwe regels"
        publish_card(card, None)
        db.session.commit()

    proxy.delay = DELAY_S
    page.goto(f"/learner/cards/{card_id}")
    # The stored copy shows first; once the phone has the manifest, the new version replaces it.
    expect(page.get_by_role("heading", name="Werkschoenen: nieuwe regels")).to_be_visible(
        timeout=15_000
    )
    assert page.locator("[data-card]").get_attribute("data-card-version") == "2"

    # Back on a good link the phone stores the new version too: it also shows offline.
    proxy.delay = 0
    page.goto("/learner/")
    wait_until_offline_ready(page)
    page.goto(f"/learner/cards/{card_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkschoenen: nieuwe regels")
    slow_phone.set_offline(True)
    page.goto(f"/learner/cards/{card_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkschoenen: nieuwe regels")


def test_a_card_the_manifest_calls_stale_waits_for_the_network(
    app: Flask, demo: Demo, proxy: SlowProxy, slow_phone: BrowserContext
) -> None:
    """The manifest on the phone says version 2; the stored page is version 1. The worker then
    asks the network first, however slow, and shows the old copy only when there is no answer at
    all, and then with a notice."""
    page = slow_phone.new_page()
    lessons_on_the_phone(page)
    card_id = demo.cards["veilig-werken"][2]
    card_url = f"/learner/cards/{card_id}"
    with app.app_context():
        card = db.session.get(Card, card_id)
        card.title = "Tillen: nieuwe regels"
        publish_card(card, None)
        db.session.commit()
    # The phone gets the new manifest, but every fetch of the card page itself fails.
    slow_phone.route(f"**{card_url}", lambda route: route.abort())
    page.reload()
    wait_until(
        page,
        """async (id) => {
             const stored = await caches.match('/api/v1/learner/content', {cacheName: 'leerplek-pages'});
             const manifest = stored && await stored.json();
             return manifest && manifest.packages.flatMap((p) => p.cards).find((c) => c.id === id).version === 2;
           }""",
        arg=card_id,
        timeout=15_000,
    )
    page.goto(card_url)
    expect(page.get_by_text("Er is een nieuwe versie van deze kaart.")).to_be_visible(
        timeout=15_000
    )
    assert page.locator("[data-card]").get_attribute("data-card-version") == "1"

    proxy.delay = DELAY_S
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    # Only once this page's own download is over (it could not fetch the new card, so version 1
    # stays stored) may the card come through: else that download may store it first.
    wait_until_ready(page)
    slow_phone.unroute(f"**{card_url}")
    started = time.perf_counter()
    page.goto(card_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillen: nieuwe regels")
    assert time.perf_counter() - started >= DELAY_S  # it waited for the network's answer
    expect(page.get_by_text("Er is een nieuwe versie van deze kaart.")).to_be_hidden()


def test_the_installed_app_starts_on_the_learners_lessons_without_internet(
    demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    start_url = page.evaluate(
        "fetch('/manifest.webmanifest').then((r) => r.json()).then((m) => m.start_url)"
    )
    assert start_url == "/"
    phone_context.set_offline(True)
    page.goto(start_url)
    expect(page).to_have_url(f"{page.url.split('/learner')[0]}/learner/")
    expect(page.get_by_role("heading", name="Hoi Anouk!")).to_be_visible()
    expect(page.get_by_role("heading", name="Je hebt nu geen internet")).to_have_count(0)
