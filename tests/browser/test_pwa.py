"""The installable app: manifest, service worker updates, slow networks, content updates."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, Playwright, Route, expect

from app.content.services import publish_card
from app.extensions import db
from app.models import Assignment, Card
from tests.browser.fixtures import PHONE, LiveServer, launch_options, log_in, wait_until, watch_csp
from tests.browser.offline import wait_until_offline_ready, wait_until_ready
from tests.factories import Demo


def test_chromium_finds_the_app_installable(
    demo: Demo, playwright_instance: Playwright, live_server: LiveServer, tmp_path: Path
) -> None:
    # A persistent profile: Chromium never offers to install from an incognito-like context.
    phone = watch_csp(
        playwright_instance.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            base_url=live_server.url,
            viewport=PHONE,
            locale="nl-NL",
            **launch_options(),
        )
    )
    page = phone.new_page()
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    cdp = phone.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    # iPhones have no install prompt: the home page explains it in plain words
    page.get_by_text("Leerplek op je beginscherm zetten").click()
    expect(page.get_by_text("Zet op beginscherm", exact=False)).to_be_visible()
    phone.close()


def test_a_hanging_connection_does_not_hold_up_a_stored_page(
    demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    card_url = f"/learner/cards/{demo.cards['afval-scheiden'][1]}"
    hanging: list[Route] = []
    phone_context.route(f"**{card_url}", lambda route: hanging.append(route))  # never answered
    page.goto(card_url, wait_until="commit")
    expect(page.get_by_role("heading", name="Doe het zelf", exact=False)).to_be_visible(
        timeout=1_500
    )
    # the page still asks whether its stored copy changed; that question just hangs
    for _ in range(50):
        if hanging:
            break
        page.wait_for_timeout(100)
    assert hanging, "the page asked the (hanging) network whether the card changed"


def test_a_new_card_version_reaches_the_phone_when_online(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    card_id = demo.cards["veilig-werken"][0]
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    with app.app_context():  # the editor publishes, through the same service as the editor pages
        card = db.session.get(Card, card_id)
        card.title = "Werkschoenen: nieuwe regels"
        publish_card(card, None)
        db.session.commit()

    phone_context.set_offline(True)
    page.goto(f"/learner/cards/{card_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkschoenen en handschoenen")

    phone_context.set_offline(False)
    page.goto(f"/learner/cards/{card_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkschoenen: nieuwe regels")
    assert page.locator("[data-card]").get_attribute("data-card-version") == "2"
    page.goto("/learner/")
    wait_until_offline_ready(page)  # the phone fetched the new version for offline use

    phone_context.set_offline(True)
    page.goto(f"/learner/cards/{card_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkschoenen: nieuwe regels")


def test_unassigned_content_is_removed_from_the_phone(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    removed = f"/learner/cards/{demo.cards['afval-scheiden'][0]}"
    cached = "async (url) => !!(await caches.match(url, {cacheName: 'leerplek-pages'}))"
    assert page.evaluate(cached, removed)
    with app.app_context():
        db.session.execute(
            db.delete(Assignment).where(
                Assignment.learner_id == demo.users["leerling1"],
                Assignment.package_id == demo.packages["afval-scheiden"],
            )
        )
        db.session.commit()
    page.reload()
    wait_until_offline_ready(page)
    assert not page.evaluate(cached, removed)
    assert page.evaluate(cached, f"/learner/cards/{demo.cards['veilig-werken'][0]}")


def test_large_downloads_tell_their_size_first(
    app: Flask, demo: Demo, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.content.images import store_upload
    from app.learner import offline_manifest
    from tests.helpers import jpeg_with_gps

    with app.test_request_context():
        key = store_upload(io.BytesIO(jpeg_with_gps(1200, 800))).key
        card = db.session.get(Card, demo.cards["veilig-werken"][0])
        card.image_path, card.image_alt = key, "Werkschoenen"
        publish_card(card, None)
        db.session.commit()
    monkeypatch.setattr(
        offline_manifest, "image_bytes", lambda keys: dict.fromkeys(keys, 7 * 1024 * 1024)
    )
    log_in(page, "leerling1")
    ask = page.locator("[data-download-ask]")
    expect(ask).to_contain_text("De lessen met plaatjes zijn 7.0 MB")
    expect(page.get_by_text("Alles staat op je telefoon")).to_be_hidden()
    ask.get_by_role("button", name="Ja, zet ze op mijn telefoon").click()
    expect(page.get_by_text("Alles staat op je telefoon")).to_be_visible()
    for width in (480, 960):
        cached = f"async () => !!(await caches.match('/media/{key}-{width}.webp', {{cacheName: 'leerplek-pages'}}))"
        assert page.evaluate(cached)
    page.context.set_offline(True)
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    photo = page.get_by_role("img", name="Werkschoenen")
    photo.scroll_into_view_if_needed()
    wait_until(page, "() => document.querySelector('.card-image').complete")
    assert photo.evaluate("img => img.naturalWidth") > 0  # the photo shows without internet


def test_a_new_app_version_waits_for_the_learner_and_then_takes_over(
    demo: Demo, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.pwa import routes

    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    old_caches = page.evaluate("caches.keys()")
    monkeypatch.setattr(routes, "shell_version", lambda: "a-new-deploy")  # as after a deploy
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    banner = page.locator("[data-update-banner]")
    expect(banner).to_be_visible()
    # the open page keeps its worker until the learner chooses
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
    with page.expect_navigation():
        banner.get_by_role("button", name="Vernieuwen").click()
    wait_until_ready(page)
    new_caches = page.evaluate("caches.keys()")
    assert "leerplek-static-a-new-deploy" in new_caches
    assert not [
        name for name in old_caches if name.startswith("leerplek-static-") and name in new_caches
    ]
    assert "leerplek-pages" in new_caches  # lessons stay on the phone across app updates


def test_the_offline_page_speaks_the_language_the_learner_chose(
    demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    """The phone's browser is Dutch; the learner chose English in Leerplek."""
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="My lessons")).to_be_visible()
    wait_until_ready(page)  # the page told the worker its language
    wait_until(
        page,
        """caches.match("/offline").then((page) => page && page.headers.get("Content-Language") === "en")""",
    )
    phone_context.set_offline(True)
    page.goto("/learner/nergens")  # a page that is not on the phone
    expect(page.get_by_role("heading", name="You have no internet right now")).to_be_visible()
